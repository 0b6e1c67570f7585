package dev.overlap.symbolic;

import static dev.overlap.symbolic.SymFixtures.add;
import static dev.overlap.symbolic.SymFixtures.bf;
import static dev.overlap.symbolic.SymFixtures.multiply;
import static dev.overlap.symbolic.SymFixtures.scale;
import static dev.overlap.symbolic.SymFixtures.trace;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.hipparchus.fraction.BigFraction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.overlap.testing.Isserlis;
import dev.overlap.model.Activation;
import dev.overlap.model.InitialCondition;
import dev.overlap.model.ModelSpec;
import dev.overlap.model.Normalisation;
import dev.overlap.model.PolynomialActivation;
import dev.overlap.model.SpecException;
import dev.overlap.model.TeacherSpec;
import dev.overlap.testing.Isserlis;

/**
 * {@link Derivation}: the overlap ODEs derived by Symja expansion and Isserlis sums.
 *
 * <p>Where the expected values come from (none from running the code under test):
 * <ul>
 * <li>the closed matrix form of docs/model.md for σ(z) = z², computed here in exact rational matrix arithmetic with
 * D = diag(κ_s I_p, −κ_t I_p*): dR = −2ηκ_s[tr(DC)C + 2CDC]₁₂, dQ = −4ηκ_s[tr(DC)C + 2CDC]₁₁
 * + 4η²κ_s²[(E z² + Δ)C + 4tr(DC)CDC + 8CDCDC]₁₁, ε_g = ½[(tr DC)² + 2tr(DCDC)], compared for exact equality
 * at random rational Q, R, T, η, Δ (the identities are polynomial, so the point need not be a covariance);</li>
 * <li>for non-quadratic polynomial activations, the integrands of docs/model.md expanded in the fields in the test
 * ({@link BruteForce}) and integrated with the literal pairing enumeration, exactly;</li>
 * <li>p = p* = 1, σ = z², mean, derived by hand: with e = λ² − ν², E[λ⁴] = 3Q², E[λ²ν²] = QT + 2R²,
 * E[λ³ν] = 3QR, E[λ⁶] = 15Q³, E[λ⁴ν²] = 3Q²T + 12QR²: ε_g = 3/2 Q² − QT − 2R² + 3/2 T²,
 * dR/dα = −2η(3QR − 3RT) = 6ηR(T − Q), dQ/dα = −4η(3Q² − QT − 2R²) + 4η²(15Q³ − 6Q²T − 24QR² + 3QT²
 * + 12R²T + ΔQ);</li>
 * <li>docs/model.md's published plateau: gradient flow, σ = z², mean, T = I, R = 0, Q = p/(p+2) I is a fixed point
 * with ε_g = 1/p* + 1/(p+2).</li>
 * </ul>
 */
class DerivationTest {

    /** κ for a width when rational, by definition (docs/model.md), or null for an irrational 1/√width. */
    private static BigFraction kappa(Normalisation n, int width) {
        switch (n) {
            case MEAN:
                return bf(1, width);
            case SUM:
                return BigFraction.ONE;
            default:
                for (int s = 1; s * s <= width; s++) {
                    if (s * s == width) {
                        return bf(1, s);
                    }
                }
                return null;
        }
    }

    /** The state values (Q upper triangle, then R) and ε_g of the closed matrix form at x, exactly. */
    private static BigFraction[] closedForm(OverlapVariables vars, BigFraction[] x, BigFraction ks, BigFraction kt,
            boolean eta2) {
        int p = vars.p();
        int ps = vars.pstar();
        int n = p + ps;
        BigFraction[][] c = SymFixtures.covariance(vars, x);
        BigFraction[] d = new BigFraction[n];
        for (int i = 0; i < n; i++) {
            d[i] = i < p ? ks : kt.negate();
        }
        BigFraction[][] dm = SymFixtures.diagonal(d);
        BigFraction[][] dc = multiply(dm, c);
        BigFraction trDC = trace(dc);
        BigFraction[][] cdc = multiply(c, dc);
        BigFraction[][] cdcdc = multiply(cdc, dc);
        BigFraction ez2 = trDC.multiply(trDC).add(trace(multiply(dc, dc)).multiply(2));
        BigFraction[][] m1 = add(scale(trDC, c), scale(bf(2), cdc));
        BigFraction eta = x[vars.eta()];
        BigFraction delta = x[vars.delta()];
        BigFraction[][] m2 = add(add(scale(ez2.add(delta), c), scale(trDC.multiply(4), cdc)), scale(bf(8), cdcdc));
        BigFraction[] out = new BigFraction[vars.stateDimension() + 1];
        int k = 0;
        for (int a = 0; a < p; a++) {
            for (int b = a; b < p; b++) {
                BigFraction v = eta.multiply(ks).multiply(-4).multiply(m1[a][b]);
                if (eta2) {
                    v = v.add(eta.multiply(eta).multiply(ks).multiply(ks).multiply(4).multiply(m2[a][b]));
                }
                out[k++] = v;
            }
        }
        for (int a = 0; a < p; a++) {
            for (int r = 0; r < ps; r++) {
                out[k++] = eta.multiply(ks).multiply(-2).multiply(m1[a][p + r]);
            }
        }
        out[k] = ez2.multiply(bf(1, 2));
        return out;
    }

    private static void assertExactlyEqual(OverlapEquations eq, BigFraction[] expected, BigFraction[] x, String what) {
        OverlapVariables vars = eq.variables();
        int d = vars.stateDimension();
        assertEquals(d, eq.rhs().size());
        for (int i = 0; i < d; i++) {
            assertEquals(expected[i], eq.rhs().get(i).evaluate(x), what + ": d" + vars.name(i) + "/dα");
        }
        assertEquals(expected[d], eq.epsG().evaluate(x), what + ": ε_g");
    }

    @ParameterizedTest(name = "p={0}, p*={1}, {2}, η²={3}")
    @CsvSource({"1,1,MEAN,true", "2,1,MEAN,true", "3,2,MEAN,true", "2,3,MEAN,true",
        "1,1,MEAN,false", "2,1,MEAN,false", "3,2,MEAN,false", "2,3,MEAN,false",
        "1,1,SUM,true", "2,1,SUM,true", "3,2,SUM,true", "2,3,SUM,true",
        "2,1,SUM,false", "3,2,SUM,false",
        "1,1,SQRT,true", "2,1,SQRT,true", "3,2,SQRT,true", "2,3,SQRT,true", "4,1,SQRT,true", "1,4,SQRT,false",
        "2,3,SQRT,false"})
    void quadraticAgreesExactlyWithTheClosedMatrixForm(int p, int ps, Normalisation norm, boolean eta2) {
        OverlapEquations eq = SymFixtures.derived(p, ps, "quadratic", norm, eta2);
        OverlapVariables vars = eq.variables();
        assertEquals(p, eq.p());
        assertEquals(ps, eq.pstar());
        assertEquals(norm, eq.normalisation());
        assertEquals(eta2, eq.eta2());
        assertTrue(eq.activation().isQuadratic());
        BigFraction ksTrue = kappa(norm, p);
        BigFraction ktTrue = kappa(norm, ps);
        boolean rational = ksTrue != null && ktTrue != null;
        assertEquals(!rational, eq.symbolicKappa(), "κ symbols stay exactly when a κ is irrational");
        for (int i = 0; i < vars.stateDimension(); i++) {
            Poly f = eq.rhs().get(i);
            if (rational) {
                assertFalse(f.contains(vars.kappaStudent()) || f.contains(vars.kappaTeacher()), "κ substituted");
            }
            boolean isQ = vars.name(i).startsWith("Q");
            assertEquals(eta2 && isQ, f.contains(vars.delta()), "Δ enters dQ through the η² term only");
        }
        assertFalse(eq.epsG().contains(vars.eta()) || eq.epsG().contains(vars.delta()), "ε_g is clean");

        SplittableRandom rng = new SplittableRandom(100L * p + 10L * ps + norm.ordinal() + (eta2 ? 7 : 0));
        for (int trial = 0; trial < 4; trial++) {
            // random rational point, including values for the κ symbols: when κ is rational the symbols must have
            // been substituted (so their values here are ignored), when not they must be free
            BigFraction[] x = SymFixtures.randomPoint(vars, rng);
            BigFraction ks = rational ? ksTrue : x[vars.kappaStudent()];
            BigFraction kt = rational ? ktTrue : x[vars.kappaTeacher()];
            assertExactlyEqual(eq, closedForm(vars, x, ks, kt, eta2), x, "trial " + trial);
        }
    }

    @ParameterizedTest(name = "{2}, p={0}, p*={1}, {3}, η²={4}")
    @CsvSource({"2,1,'poly:0,1,0.5',MEAN,true", "2,1,'poly:0.1,0,1,0,-0.2',MEAN,false",
        "1,2,'poly:1/4,-1,0,1/3',SQRT,true", "1,1,'poly:0.1,0,1,0,-0.2',SUM,true",
        "1,1,'poly:0.3,-1,0.5,0.25,-0.2',MEAN,true", "2,2,'poly:0,1,0,-1/3',SUM,false", "2,1,'quadratic',MEAN,true",
        "1,2,'poly:0,1',MEAN,true", "2,1,'poly:-1/2,3/2',SUM,true"})
    void polynomialActivationAgreesExactlyWithBruteForceIsserlis(int p, int ps, String act, Normalisation norm,
            boolean eta2) {
        OverlapEquations eq = SymFixtures.derived(p, ps, act, norm, eta2);
        OverlapVariables vars = eq.variables();
        PolynomialActivation sigma = SymFixtures.activation(act);
        assertEquals(sigma, eq.activation());
        SplittableRandom rng = new SplittableRandom(act.hashCode() + 31L * p + ps);
        BigFraction ksTrue = kappa(norm, p);
        BigFraction ktTrue = kappa(norm, ps);
        boolean rational = ksTrue != null && ktTrue != null;
        for (int trial = 0; trial < 2; trial++) {
            BigFraction[] x = SymFixtures.randomPoint(vars, rng);
            BigFraction ks = rational ? ksTrue : x[vars.kappaStudent()];
            BigFraction kt = rational ? ktTrue : x[vars.kappaTeacher()];
            BruteForce bf = new BruteForce(p, ps, SymFixtures.covariance(vars, x));
            BigFraction[] expected = bf.equations(sigma, ks, kt, x[vars.eta()], x[vars.delta()], eta2);
            assertExactlyEqual(eq, expected, x, act + " trial " + trial);
        }
    }

    @Test
    void twoFieldPairingCountAgreesWithIsserlis() {
        // the reference used above for degree-14 integrands, checked against the literal enumeration
        BigFraction[][] c = {{bf(3, 7), bf(-2, 5)}, {bf(-2, 5), bf(5, 3)}};
        BruteForce b = new BruteForce(1, 1, c);
        for (int i = 0; i <= 7; i++) {
            for (int j = 0; i + j <= 10; j++) {
                int[] idx = WickTest.indices(new int[] {i, j});
                assertEquals(Isserlis.moment(c, idx), b.twoFields(i, j), "E[λ^" + i + " ν^" + j + "]");
            }
        }
    }

    @Test
    void handDerivedCaseOneByOne() {
        OverlapVariables v = new OverlapVariables(1, 1);
        int q = v.q(0, 0);
        int r = v.r(0, 0);
        int t = v.t(0, 0);
        int eta = v.eta();
        int delta = v.delta();
        Poly epsG = Poly.term(bf(3, 2), q, q).add(Poly.term(bf(-1), q, t)).add(Poly.term(bf(-2), r, r))
                .add(Poly.term(bf(3, 2), t, t));
        Poly dR = Poly.term(bf(6), eta, r, t).add(Poly.term(bf(-6), eta, q, r));
        Poly dQdrift = Poly.term(bf(-12), eta, q, q).add(Poly.term(bf(4), eta, q, t)).add(Poly.term(bf(8), eta, r, r));
        Poly dQnoise = Poly.term(bf(60), eta, eta, q, q, q).add(Poly.term(bf(-24), eta, eta, q, q, t))
                .add(Poly.term(bf(-96), eta, eta, q, r, r)).add(Poly.term(bf(12), eta, eta, q, t, t))
                .add(Poly.term(bf(48), eta, eta, r, r, t)).add(Poly.term(bf(4), eta, eta, delta, q));

        OverlapEquations off = SymFixtures.derived(1, 1, "quadratic", Normalisation.MEAN, false);
        assertEquals(epsG, off.epsG());
        assertEquals(dR, off.rhs().get(1));
        assertEquals(dQdrift, off.rhs().get(0));

        OverlapEquations on = SymFixtures.derived(1, 1, "quadratic", Normalisation.MEAN, true);
        assertEquals(epsG, on.epsG());
        assertEquals(dR, on.rhs().get(1));
        assertEquals(dQdrift.add(dQnoise), on.rhs().get(0));
        assertEquals(off.rhs().get(1), on.rhs().get(1), "the η² term enters dQ only");
    }

    @ParameterizedTest(name = "p={0}, p*={1}")
    @CsvSource({"2,1", "3,2", "2,3"})
    void publishedPlateauIsAnExactFixedPoint(int p, int ps) {
        OverlapEquations eq = SymFixtures.derived(p, ps, "quadratic", Normalisation.MEAN, false);
        OverlapVariables v = eq.variables();
        BigFraction[] x = new BigFraction[v.count()];
        java.util.Arrays.fill(x, BigFraction.ZERO);
        for (int a = 0; a < p; a++) {
            x[v.q(a, a)] = bf(p, p + 2);
        }
        for (int r = 0; r < ps; r++) {
            x[v.t(r, r)] = BigFraction.ONE;
        }
        x[v.eta()] = bf(1, 2);
        for (Poly f : eq.rhs()) {
            assertEquals(BigFraction.ZERO, f.evaluate(x));
        }
        assertEquals(bf(1, ps).add(bf(1, p + 2)), eq.epsG().evaluate(x));
    }

    @Test
    void derivationFromASpecEqualsDerivationFromItsParts() {
        ModelSpec spec = new ModelSpec(2, 1, Activation.parse("poly:0,1,0.5"), Normalisation.MEAN, 0.3,
                ModelSpec.LearningRateConvention.ABSOLUTE, 0.1, true, new TeacherSpec.Orthonormal(),
                new InitialCondition.Isotropic(0.5, 0.0));
        OverlapEquations fromSpec = Derivation.derive(spec);
        OverlapEquations fromParts = SymFixtures.derived(2, 1, "poly:0,1,0.5", Normalisation.MEAN, true);
        assertEquals(fromParts.rhs(), fromSpec.rhs());
        assertEquals(fromParts.epsG(), fromSpec.epsG());
        assertEquals(fromParts.activation(), fromSpec.activation());
        // η and Δ stay symbolic: the spec's numbers are not baked in
        OverlapVariables v = fromSpec.variables();
        assertTrue(fromSpec.rhs().get(0).contains(v.eta()));
        assertTrue(fromSpec.rhs().get(0).contains(v.delta()));
    }

    @Test
    void variablesAreNamedAsDocumented() {
        OverlapEquations eq = SymFixtures.derived(2, 3, "quadratic", Normalisation.MEAN, true);
        OverlapVariables v = eq.variables();
        assertEquals(java.util.List.of("Q[1,1]", "Q[1,2]", "Q[2,2]", "R[1,1]", "R[1,2]", "R[1,3]", "R[2,1]", "R[2,2]",
                "R[2,3]", "T[1,1]", "T[1,2]", "T[1,3]", "T[2,2]", "T[2,3]", "T[3,3]", "eta", "Delta", "kappa_s",
                "kappa_t"), v.names());
        assertEquals(9, v.stateDimension());
        assertEquals("Q[1,2]", v.name(v.q(1, 0)));
        assertEquals("R[2,3]", v.name(v.r(1, 2)));
        assertEquals("T[2,3]", v.name(v.t(2, 1)));
        assertEquals("R[2,2]", v.name(v.covariance(3, 1)), "field 3 is ν₂, field 1 is λ₂");
        assertEquals(v.covariance(1, 3), v.covariance(3, 1));
        assertEquals(9, eq.rhs().size());
        assertTrue(eq.termCount() > 0);
    }

    @Test
    void widthBelowOneIsRejectedWithOneLine() {
        SpecException e = assertThrows(SpecException.class,
                () -> Derivation.derive(0, 1, PolynomialActivation.QUADRATIC, Normalisation.MEAN, true));
        assertTrue(e.getMessage().contains("p = 0"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        SpecException e2 = assertThrows(SpecException.class,
                () -> Derivation.derive(2, -1, PolynomialActivation.QUADRATIC, Normalisation.MEAN, true));
        assertTrue(e2.getMessage().contains("p* = -1"), e2.getMessage());
        SpecException e3 = assertThrows(SpecException.class, () -> new ModelSpec(0, 1, Activation.QUADRATIC,
                Normalisation.MEAN, 0.1, ModelSpec.LearningRateConvention.ABSOLUTE, 0, true,
                new TeacherSpec.Orthonormal(), new InitialCondition.Isotropic(0.5, 0)));
        assertTrue(e3.getMessage().contains("student width p must be at least 1"), e3.getMessage());
    }

    @Test
    void nonPolynomialActivationIsRejected() {
        Activation tanh = new Activation() {
            @Override
            public String name() {
                return "tanh";
            }

            @Override
            public double value(double z) {
                return Math.tanh(z);
            }

            @Override
            public double derivative(double z) {
                return 1 - Math.tanh(z) * Math.tanh(z);
            }
        };
        ModelSpec spec = new ModelSpec(1, 1, tanh, Normalisation.MEAN, 0.1, ModelSpec.LearningRateConvention.ABSOLUTE,
                0, true, new TeacherSpec.Orthonormal(), new InitialCondition.Isotropic(0.5, 0));
        SpecException e = assertThrows(SpecException.class, () -> Derivation.derive(spec));
        assertTrue(e.getMessage().contains("polynomial activation") && e.getMessage().contains("tanh"), e.getMessage());
    }

    @Test
    void badActivationStringsFailBeforeAnyDerivation() {
        SpecException deg = assertThrows(SpecException.class, () -> Activation.parse("poly:0,0,0,0,0,1"));
        assertTrue(deg.getMessage().contains("degree 5") && deg.getMessage().contains("at most 4"), deg.getMessage());
        SpecException bad = assertThrows(SpecException.class, () -> Activation.parse("poly:0,1,zero"));
        assertTrue(bad.getMessage().contains("c2") && bad.getMessage().contains("zero"), bad.getMessage());
    }
}
