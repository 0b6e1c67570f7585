package dev.overlap.symbolic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.hipparchus.fraction.BigFraction;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.overlap.model.Activation;
import dev.overlap.model.Normalisation;
import dev.overlap.model.PolynomialActivation;

/** The symbolic diffusion matrix: exact reference values and the exports. */
@Tag("slow")
class DiffusionDerivationTest {

    private static final PolynomialActivation QUADRATIC = (PolynomialActivation) Activation.parse("quadratic");

    /**
     * p = p* = 1, σ = z², κ = 1 (sum), η = 1/2, Δ = 1/4 at Q = 1, R = 1/2, T = 1: D_QQ = 10757/4, D_QR = −915/16,
     * D_RR = 147/8, computed independently with sympy (the same reference as the ode module's DiffusionTest).
     */
    @Test
    void exactRationalValuesForOneStudentAndOneTeacher() {
        DiffusionEquations de = Derivation.deriveDiffusion(1, 1, QUADRATIC, Normalisation.SUM);
        OverlapVariables v = de.variables();
        BigFraction[] values = new BigFraction[v.count()];
        values[v.q(0, 0)] = BigFraction.ONE;
        values[v.r(0, 0)] = new BigFraction(1, 2);
        values[v.t(0, 0)] = BigFraction.ONE;
        values[v.eta()] = new BigFraction(1, 2);
        values[v.delta()] = new BigFraction(1, 4);
        values[v.kappaStudent()] = BigFraction.ONE;
        values[v.kappaTeacher()] = BigFraction.ONE;
        assertEquals(3, de.entries().size());
        assertEquals(new BigFraction(10757, 4), de.entry(0, 0).evaluate(values));
        assertEquals(new BigFraction(-915, 16), de.entry(0, 1).evaluate(values));
        assertEquals(new BigFraction(-915, 16), de.entry(1, 0).evaluate(values));
        assertEquals(new BigFraction(147, 8), de.entry(1, 1).evaluate(values));
        assertTrue(!de.entry(0, 0).contains(v.kappaStudent()), "κ substituted");
    }

    @Test
    void exportsNameEveryEntryOfTheUpperTriangle() throws Exception {
        DiffusionEquations de = Derivation.deriveDiffusion(2, 1, QUADRATIC, Normalisation.MEAN);
        int d = de.dimension();
        assertEquals(5, d);
        assertEquals("D[Q[1,1],R[2,1]]", de.entryName(4, 0));
        long lines = EquationExport.text(de).lines().filter(l -> l.startsWith("D[")).count();
        assertEquals(d * (d + 1) / 2, lines);
        JsonNode doc = new ObjectMapper().readTree(EquationExport.json(de));
        assertEquals(d * (d + 1) / 2, doc.get("diffusion").size());
        assertEquals(EquationExport.inputForm(de.entry(1, 3), de.variables()),
                doc.get("diffusion").get("D[Q[1,2],R[1,1]]").asText());
        String tex = EquationExport.latex(de);
        assertTrue(tex.contains("\\begin{align*}") && tex.contains("\\end{align*}"));
        assertEquals(d * (d + 1) / 2, tex.split("D_\\{", -1).length - 1);
        CompiledDiffusion c = EquationCompiler.compile(de);
        assertEquals(d, c.dimension());
    }
}
