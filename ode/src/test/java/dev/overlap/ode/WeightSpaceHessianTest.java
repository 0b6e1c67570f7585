package dev.overlap.ode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.hipparchus.linear.MatrixUtils;
import org.hipparchus.linear.QRDecomposition;
import org.hipparchus.linear.RealMatrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.overlap.model.Activation;
import dev.overlap.model.FiniteNWeights;
import dev.overlap.model.ModelSpec;
import dev.overlap.model.Normalisation;
import dev.overlap.model.Overlaps;
import dev.overlap.model.SpecException;
import dev.overlap.model.StandardActivation;
import dev.overlap.model.TeacherSpec;

/**
 * {@link WeightSpaceHessian} and {@link CriticalOverlaps}: spectra against an independent computation (python, see
 * the constants), against the closed forms derived for σ(z) = z² (Bocchi2026Hessian's Javadoc: an analytic
 * derivation, not this code), the realisation of overlaps by weights, and the symmetries of the spectrum.
 */
class WeightSpaceHessianTest {

    private static ModelSpec spec(int p, int ps, Activation act, Normalisation norm) {
        return ModelSpec.builder().p(p).pstar(ps).activation(act).normalisation(norm).eta2(false).build();
    }

    private static final double[][] T1 = {{1.0}};
    private static final double[][] T2 = {{1.0, 0.0}, {0.0, 1.0}};

    /*
     * Independent values: a one-off python script (numpy 1.26/2.x, sympy, mpmath), run once, values pasted here.
     * For each state it realises the overlaps by other weights than the code under test (eigendecomposition of C,
     * then a random rotation of R^N, seeds 7 and 11), so agreement also checks that the spectrum depends on the
     * overlaps only.
     * z²: L(W) = ½E[(ŷ − y)²] expanded with sympy as a polynomial in x, every monomial replaced by its Gaussian
     * moment (E x^k = (k−1)!!), the Hessian by symbolic differentiation, eigenvalues numpy.linalg.eigvalsh.
     * erf: L = ½ Σ ω_i ω_j (2/π) asin(C_ij/√((1+C_ii)(1+C_jj))) (Saad & Solla 1995) in 40-digit mpmath, the Hessian by
     * central second differences of L (step 1e-12), eigenvalues mpmath.eigsy.
     */
    /** z², Q = [[1.2, 0.3], [0.3, 0.8]], R = [[0.5], [−0.2]], T = [[1]], N = 4, mean normalisation. */
    private static final double[] PYTHON_QUADRATIC = {-0.2581781757176278, -0.10677004300284224, 0.15986121811340018,
        0.27577132792401887, 0.34013878188659985, 0.5067379032150574, 0.6879596806637247, 1.3944793069176709};
    private static final double PYTHON_QUADRATIC_LOSS = 1.2750000000000008;
    /** erf, Q = [[1, 0.2], [0.2, 0.7]], R = [[0.6, 0.1], [−0.1, 0.4]], T = I, N = 5, mean normalisation. */
    private static final double[] PYTHON_ERF = {-0.01679260538832714, -0.004930445455739253, -0.0047826433628957166,
        -0.004144456207464177, 0.00129961847050036, 0.012253757550271638, 0.024597508924211413, 0.029917292955093492,
        0.030586064131496296, 0.032692015702640236};
    private static final double PYTHON_ERF_LOSS = 0.09344763942560053;
    /** erf, W = W* (Q = R = T = I), p = p* = 2, N = 5, mean normalisation. */
    private static final double[] PYTHON_ERF_ZERO_LOSS = {0.0022092384027072444, 0.0022092384027072452,
        0.0024621355382035345, 0.0024621355382035354, 0.002462135538203536, 0.02229426806048351, 0.02229426806048351,
        0.0342931241565826, 0.0342931241565826, 0.0342931241565826};

    @Test
    void quadraticSpectrumAtAStateMatchesPython() {
        Overlaps o = Overlaps.of(new double[][] {{1.2, 0.3}, {0.3, 0.8}}, new double[][] {{0.5}, {-0.2}}, T1);
        WeightSpaceHessian.Spectrum sp = WeightSpaceHessian.spectrum(spec(2, 1, Activation.QUADRATIC,
                Normalisation.MEAN), o, 4);
        assertEquals(WeightSpaceHessian.Method.EXACT, sp.method());
        assertArrayEquals(PYTHON_QUADRATIC, sp.eigenvalues(), 1e-13);
        assertEquals(PYTHON_QUADRATIC_LOSS, sp.loss(), 1e-13);
        assertTrue(sp.overlapError() < 1e-14, "overlaps realised: " + sp.overlapError());
    }

    @Test
    void erfSpectraMatchPython() {
        ModelSpec spec = spec(2, 2, StandardActivation.ERF, Normalisation.MEAN);
        Overlaps o = Overlaps.of(new double[][] {{1.0, 0.2}, {0.2, 0.7}}, new double[][] {{0.6, 0.1}, {-0.1, 0.4}}, T2);
        WeightSpaceHessian.Spectrum sp = WeightSpaceHessian.spectrum(spec, o, 5);
        assertEquals(WeightSpaceHessian.Method.CENTRAL_DIFFERENCES, sp.method());
        // central differences of the exact gradient: error O(h²) ~ 1e-11 on eigenvalues of size 1e-2
        assertArrayEquals(PYTHON_ERF, sp.eigenvalues(), 1e-9);
        assertEquals(PYTHON_ERF_LOSS, sp.loss(), 1e-14);
        WeightSpaceHessian.Spectrum zero = WeightSpaceHessian.spectrum(spec, CriticalOverlaps.zeroLoss(spec), 5);
        assertArrayEquals(PYTHON_ERF_ZERO_LOSS, zero.eigenvalues(), 1e-9);
        assertEquals(0.0, zero.loss(), 1e-15);
        assertEquals(0.0, zero.gradient(), 1e-15);
    }

    /** The closed-form spectrum at the plateau of σ(z) = z², T = I (Bocchi2026Hessian's derivation), ascending. */
    private static double[] plateauClosedForm(int p, int ps, int n, double ks, double kt) {
        double q = kt * ps / (ks * (p + 2));
        List<Double> ev = new ArrayList<>();
        add(ev, -4 * ks * kt / n, p * ps);
        add(ev, 0.0, p * (p - 1) / 2 + p * (n - p - ps));
        add(ev, 8 * ks * ks * q / n, p * (p + 1) / 2 - 1);
        add(ev, 4 * ks * ks * q * (p + 2) / n, 1);
        return ev.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    }

    /** The closed-form spectrum on the zero-loss manifold of σ(z) = z², T = I, ascending. */
    private static double[] manifoldClosedForm(int p, int ps, int n, double ks, double kt) {
        List<Double> ev = new ArrayList<>();
        add(ev, 0.0, p * ps - ps * (ps + 1) / 2 + (p - ps) * (n - ps));
        add(ev, 8 * ks * kt / n, ps * (ps + 1) / 2 - 1);
        add(ev, 4 * ks * kt * (ps + 2) / n, 1);
        add(ev, 4 * ks * kt / n, ps * (n - ps));
        return ev.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    }

    private static void add(List<Double> ev, double value, int count) {
        for (int i = 0; i < count; i++) {
            ev.add(value);
        }
    }

    @ParameterizedTest(name = "{0} p={1} p*={2} N={3}")
    @CsvSource({"MEAN,1,1,4", "MEAN,3,2,7", "SUM,2,2,6", "SQRT,4,2,9", "MEAN,5,3,10"})
    void quadraticCriticalPointsHaveTheClosedFormSpectra(Normalisation norm, int p, int ps, int n) {
        ModelSpec spec = spec(p, ps, Activation.QUADRATIC, norm);
        double ks = spec.kappaStudent();
        double kt = spec.kappaTeacher();
        WeightSpaceHessian.Spectrum plateau = WeightSpaceHessian.spectrum(spec, CriticalOverlaps.plateau(spec), n);
        double[] expected = plateauClosedForm(p, ps, n, ks, kt);
        double scale = Arrays.stream(expected).map(Math::abs).max().orElse(1);
        assertArrayEquals(expected, plateau.eigenvalues(), 1e-9 * scale);
        assertEquals(plateauLoss(p, ps, ks, kt), plateau.loss(), 1e-9);
        WeightSpaceHessian.Spectrum zero = WeightSpaceHessian.spectrum(spec, CriticalOverlaps.zeroLoss(spec), n);
        expected = manifoldClosedForm(p, ps, n, ks, kt);
        assertArrayEquals(expected, zero.eigenvalues(), 1e-12 * Arrays.stream(expected).max().orElse(1));
        assertEquals(0.0, zero.loss(), 1e-13);
        // grouping recovers the distinct closed-form values with their counts, which sum to N·p
        List<EigenvalueGroup> groups = EigenvalueGroup.group(zero.eigenvalues(), 1e-9 * scale);
        assertEquals(Arrays.stream(expected).distinct().count(), groups.size());
        assertEquals(p * n, groups.stream().mapToInt(EigenvalueGroup::multiplicity).sum());
        for (EigenvalueGroup g : groups) {
            long count = Arrays.stream(expected).filter(x -> Math.abs(x - g.value()) < 1e-9 * scale).count();
            assertEquals(count, g.multiplicity(), "multiplicity of " + g.value());
        }
    }

    /**
     * ε_g at the plateau of z² with T = I: L = ½[(tr M)² + 2 tr M²] with M = κ_s q* P_s − κ_t P_t (orthogonal
     * projections of ranks p and p*): tr M = κ_s p q* − κ_t p*, tr M² = p κ_s² q*² + p* κ_t².
     */
    private static double plateauLoss(int p, int ps, double ks, double kt) {
        double q = kt * ps / (ks * (p + 2));
        double tr = ks * p * q - kt * ps;
        return 0.5 * (tr * tr + 2 * (p * ks * ks * q * q + ps * kt * kt));
    }

    @Test
    void quadraticPlateauWithAGeneralTeacherIsQStarTimesIdentity() {
        double[][] t = {{2.0, 0.5}, {0.5, 1.0}};
        ModelSpec spec = ModelSpec.builder().p(3).pstar(2).eta2(false)
                .teacher(new TeacherSpec.FromFile("t.json", t)).build();
        Overlaps o = CriticalOverlaps.plateau(spec);
        // ∇L = (2κ_s/N)[tr M + 2κ_s Q] W at R = 0 vanishes for Q = q* I, q* = κ_t tr T / (κ_s (p + 2))
        double q = spec.kappaTeacher() * 3.0 / (spec.kappaStudent() * 5);
        for (int a = 0; a < 3; a++) {
            for (int b = 0; b < 3; b++) {
                assertEquals(a == b ? q : 0.0, o.q(a, b), 1e-10);
            }
            for (int r = 0; r < 2; r++) {
                assertEquals(0.0, o.r(a, r), 0.0);
            }
        }
        assertTrue(WeightSpaceHessian.spectrum(spec, o, 7).gradient() < 1e-10);
    }

    @Test
    void spectrumIsInvariantUnderPermutingStudentsAndRotatingWeights() {
        double[][] q = {{1.1, 0.2, -0.1}, {0.2, 0.9, 0.3}, {-0.1, 0.3, 1.4}};
        double[][] r = {{0.4, 0.1}, {-0.3, 0.2}, {0.05, 0.6}};
        ModelSpec spec = spec(3, 2, Activation.QUADRATIC, Normalisation.MEAN);
        Overlaps o = Overlaps.of(q, r, T2);
        double[] ev = WeightSpaceHessian.spectrum(spec, o, 6).eigenvalues();
        int[] perm = {2, 0, 1};
        double[][] qp = new double[3][3];
        double[][] rp = new double[3][2];
        for (int a = 0; a < 3; a++) {
            for (int b = 0; b < 3; b++) {
                qp[a][b] = q[perm[a]][perm[b]];
            }
            rp[a] = r[perm[a]].clone();
        }
        assertArrayEquals(ev, WeightSpaceHessian.spectrum(spec, Overlaps.of(qp, rp, T2), 6).eigenvalues(), 1e-14);
        // W → W O, W* → W* O for a random orthogonal O of ℝᴺ: same overlaps, H similar
        FiniteNWeights w = WeightSpaceHessian.realise(o, 6);
        double[][] g = new double[6][6];
        SplittableRandom rng = new SplittableRandom(5);
        for (double[] row : g) {
            for (int k = 0; k < 6; k++) {
                row[k] = rng.nextDouble() - 0.5;
            }
        }
        RealMatrix rot = new QRDecomposition(MatrixUtils.createRealMatrix(g)).getQ();
        FiniteNWeights rotated = new FiniteNWeights(
                MatrixUtils.createRealMatrix(w.student()).multiply(rot).getData(),
                MatrixUtils.createRealMatrix(w.teacher()).multiply(rot).getData());
        assertArrayEquals(ev, WeightSpaceHessian.eigenvalues(WeightSpaceHessian.hessian(spec, rotated)), 1e-13);
        // the same for erf (central differences: error O(h²))
        ModelSpec erf = spec(3, 2, StandardActivation.ERF, Normalisation.MEAN);
        double[] evErf = WeightSpaceHessian.spectrum(erf, o, 6).eigenvalues();
        assertArrayEquals(evErf, WeightSpaceHessian.eigenvalues(WeightSpaceHessian.hessian(erf, rotated)), 1e-9);
        assertArrayEquals(evErf, WeightSpaceHessian.spectrum(erf, Overlaps.of(qp, rp, T2), 6).eigenvalues(), 1e-9);
    }

    @Test
    void realisedWeightsHaveTheOverlapsEvenWhenCIsSingular() {
        double[][] q = {{1.1, 0.2}, {0.2, 0.9}};
        double[][] r = {{0.4, 0.1}, {-0.3, 0.2}};
        Overlaps o = Overlaps.of(q, r, T2);
        FiniteNWeights w = WeightSpaceHessian.realise(o, 5);
        assertEquals(5, w.n());
        assertOverlaps(o, w.overlaps(), 1e-15);
        for (double[] row : w.student()) {
            assertEquals(0.0, row[4], 0.0, "zero beyond p + p*");
        }
        // zero loss of z² (C of rank p*): students exactly √(κ_t/κ_s) times the teacher, an idle unit exactly 0
        ModelSpec spec = spec(3, 2, Activation.QUADRATIC, Normalisation.MEAN);
        FiniteNWeights z = WeightSpaceHessian.realise(CriticalOverlaps.zeroLoss(spec), 6);
        double c = Math.sqrt(spec.kappaTeacher() / spec.kappaStudent());
        for (int k = 0; k < 6; k++) {
            assertEquals(c * z.teacher()[0][k], z.student()[0][k], 1e-15);
            assertEquals(c * z.teacher()[1][k], z.student()[1][k], 1e-15);
            assertEquals(0.0, z.student()[2][k], 0.0);
        }
        SpecException e = assertThrows(SpecException.class, () -> WeightSpaceHessian.realise(o, 3));
        assertTrue(e.getMessage().contains("p + p* = 4"), e.getMessage());
    }

    private static void assertOverlaps(Overlaps expected, Overlaps actual, double tol) {
        double[][] c = expected.covariance();
        double[][] d = actual.covariance();
        for (int i = 0; i < c.length; i++) {
            assertArrayEquals(c[i], d[i], tol);
        }
    }

    @Test
    void refusesWhatItCannotDo() {
        SpecException relu = assertThrows(SpecException.class,
                () -> WeightSpaceHessian.method(StandardActivation.RELU));
        assertTrue(relu.getMessage().contains("quadratic") && relu.getMessage().contains("erf")
                && relu.getMessage().contains("relu"), relu.getMessage());
        ModelSpec quad = spec(2, 3, Activation.QUADRATIC, Normalisation.MEAN);
        assertTrue(assertThrows(SpecException.class, () -> CriticalOverlaps.zeroLoss(quad)).getMessage()
                .contains("p < p*"));
        ModelSpec erf = spec(3, 2, StandardActivation.ERF, Normalisation.MEAN);
        assertTrue(assertThrows(SpecException.class, () -> CriticalOverlaps.zeroLoss(erf)).getMessage()
                .contains("κ_t/κ_s = 1.5"));
        ModelSpec big = spec(4, 2, Activation.QUADRATIC, Normalisation.MEAN);
        SpecException size = assertThrows(SpecException.class,
                () -> WeightSpaceHessian.spectrum(big, CriticalOverlaps.zeroLoss(big), 501));
        assertTrue(size.getMessage().contains("2004") && size.getMessage().contains("2000")
                && size.getMessage().contains("N ≤ 500"), size.getMessage());
    }

    @Test
    void erfZeroLossCopiesAndPlateau() {
        // sum normalisation: one copy of each teacher unit, the third unit idle at w = 0
        ModelSpec sum = spec(3, 2, StandardActivation.ERF, Normalisation.SUM);
        Overlaps z = CriticalOverlaps.zeroLoss(sum);
        assertEquals(0.0, z.q(2, 2), 0.0);
        assertEquals(1.0, z.r(1, 1), 0.0);
        WeightSpaceHessian.Spectrum sp = WeightSpaceHessian.spectrum(sum, z, 6);
        assertEquals(0.0, sp.loss(), 1e-15);
        assertTrue(sp.eigenvalues()[0] > 0, "a strict minimum: the output weights are fixed, nothing is flat");
        // mean normalisation, p = 4 = 2 p*: two copies of each teacher unit
        ModelSpec mean = spec(4, 2, StandardActivation.ERF, Normalisation.MEAN);
        Overlaps z2 = CriticalOverlaps.zeroLoss(mean);
        assertEquals(1.0, z2.q(0, 1), 0.0);
        assertEquals(0.0, z2.q(1, 2), 0.0);
        assertEquals(0.0, WeightSpaceHessian.spectrum(mean, z2, 6).loss(), 1e-15);
        // the plateau is a critical point of L with negative curvature (a saddle)
        WeightSpaceHessian.Spectrum plateau = WeightSpaceHessian.spectrum(mean, CriticalOverlaps.plateau(mean), 6);
        assertTrue(plateau.gradient() < 1e-8, "gradient " + plateau.gradient());
        assertTrue(plateau.eigenvalues()[0] < -1e-4, "saddle: " + plateau.eigenvalues()[0]);
    }
}
