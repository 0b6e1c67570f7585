package dev.overlap.ode.tails;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.overlap.model.ModelSpec;
import dev.overlap.model.Normalisation;
import dev.overlap.model.Overlaps;
import dev.overlap.model.PolynomialActivation;
import dev.overlap.model.StandardActivation;
import dev.overlap.ode.OverlapDynamics;

/**
 * The double-double evaluators agree with the double-precision ones (independent code: matrix forms, Saad–Solla
 * integrals, compiled symbolic equations) at O(1) states, where those are accurate to about 10⁻¹⁵; split into centre +
 * deviation they give the same numbers; and at zero loss (student = teacher) they give exactly 0 where the double
 * ones leave rounding.
 *
 * <p>It lives in the validation module, in ode's package, because its polynomial case needs the symbolic
 * right-hand side, which ode itself does not depend on.
 */
class DeviationDynamicsTest {

    private static final SplittableRandom RNG = new SplittableRandom(15);

    private static void agrees(ModelSpec spec) {
        Overlaps init = spec.initialOverlaps();
        OverlapDynamics f = OverlapDynamics.of(spec, init.teacherOverlap());
        DeviationDynamics dev = DeviationDynamics.of(f);
        assertNotNull(dev, spec.toString());
        double[] y = init.toState();
        for (int rep = 0; rep < 5; rep++) {
            double[] x = y.clone();
            for (int k = 0; k < x.length; k++) {
                x[k] += 0.1 * RNG.nextGaussian();
            }
            double[] expected = new double[x.length];
            f.derivatives(x, expected);
            double[] got = new double[x.length];
            dev.derivatives(x, new double[x.length], got);
            double scale = 0;
            for (double v : expected) {
                scale = Math.max(scale, Math.abs(v));
            }
            // centre + deviation: the centre rounded to 20 bits, the rest in the deviation
            double[] centre = new double[x.length];
            double[] deviation = new double[x.length];
            for (int k = 0; k < x.length; k++) {
                centre[k] = Math.scalb(Math.rint(Math.scalb(x[k], 20)), -20);
                deviation[k] = x[k] - centre[k];
            }
            double[] split = new double[x.length];
            dev.derivatives(centre, deviation, split);
            for (int k = 0; k < x.length; k++) {
                assertEquals(expected[k], got[k], 1e-13 * scale, spec + " rhs " + k);
                assertEquals(got[k], split[k], 1e-15 * scale, spec + " split rhs " + k);
            }
            double e = f.generalisationError(x);
            assertEquals(e, dev.generalisationError(x, new double[x.length]), 1e-13 * e, spec + " eps_g");
            assertEquals(dev.generalisationError(x, new double[x.length]), dev.generalisationError(centre, deviation),
                    1e-15 * e, spec + " split eps_g");
        }
    }

    @Test
    void quadraticAgreesWithTheClosedForm() {
        agrees(ModelSpec.builder().p(3).pstar(2).build());
        agrees(ModelSpec.builder().p(2).pstar(3).normalisation(Normalisation.SQRT).noise(0.1).build());
    }

    @Test
    void erfAgreesWithTheSaadSollaEvaluator() {
        agrees(ModelSpec.builder().p(2).pstar(2).activation(StandardActivation.ERF).normalisation(Normalisation.SUM)
                .lr(0.5).build());
        agrees(ModelSpec.builder().p(3).pstar(2).activation(StandardActivation.ERF).noise(0.2).build());
    }

    /** Slow: derives the symbolic equations of two specs (tens of seconds without a cache). */
    @Tag("slow")
    @Test
    void polynomialAgreesWithTheSymbolicEquations() {
        agrees(ModelSpec.builder().p(2).pstar(2).activation(PolynomialActivation.parse("0,1,0.5")).build());
        agrees(ModelSpec.builder().p(2).pstar(1).activation(PolynomialActivation.parse("0,1,0,-1/3")).noise(0.1)
                .build());
    }

    /** Student = teacher (Q = R = T, erf): every term cancels exactly, ε_g and the rates are 0, not ±10⁻¹⁶. */
    @Test
    void zeroLossIsExactlyZero() {
        ModelSpec spec = ModelSpec.builder().p(2).pstar(2).activation(StandardActivation.ERF)
                .normalisation(Normalisation.SUM).lr(0.5).build();
        double[][] t = {{1.3, 0.2}, {0.2, 0.7}};
        OverlapDynamics f = OverlapDynamics.of(spec, t);
        DeviationDynamics dev = DeviationDynamics.of(f);
        double[] x = Overlaps.of(t, t, t).toState();
        double[] zero = new double[x.length];
        double[] rates = new double[x.length];
        dev.derivatives(x, zero, rates);
        for (double r : rates) {
            assertEquals(0, r, 1e-30);
        }
        assertEquals(0, dev.generalisationError(x, zero), 1e-30);
        // a deviation of 1e-9 in R_11 moves ε_g linearly (Var(λ_1 − ν_1) = Q_11 − 2R_11 + T_11 = 2e-9): the double
        // evaluator resolves it only to about 10⁻⁷ relative, the double-double one to 10⁻¹⁵
        double[] dy = zero.clone();
        dy[3] = -1e-9;
        double e1 = dev.generalisationError(x, dy);
        dy[3] = -2e-9;
        double e2 = dev.generalisationError(x, dy);
        assertTrue(e1 > 0, "ε_g = " + e1);
        assertEquals(2, e2 / e1, 1e-6, "ε_g is linear in the variance of the difference");
    }

    @Test
    void doubleDoubleEvaluatorsStopAtTheFieldLimitWhileZSquaredHasNone() {
        double[][] t = new double[DeviationDynamics.MAX_FIELDS - 1][DeviationDynamics.MAX_FIELDS - 1];
        for (int r = 0; r < t.length; r++) {
            t[r][r] = 1;
        }
        ModelSpec erf = ModelSpec.builder().p(2).pstar(t.length).activation(StandardActivation.ERF).build();
        assertNull(DeviationDynamics.of(OverlapDynamics.of(erf, t)));
        ModelSpec quadratic = ModelSpec.builder().p(DeviationDynamics.MAX_FIELDS).pstar(2).build();
        assertTrue(DeviationDynamics.of(OverlapDynamics.of(quadratic, new double[][] {{1, 0}, {0, 1}}))
                instanceof QuadraticDifference);
    }
}
