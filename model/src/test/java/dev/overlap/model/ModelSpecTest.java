package dev.overlap.model;

import static dev.overlap.model.Specs.assertParameterError;
import static dev.overlap.model.Specs.assertSpecError;
import static dev.overlap.model.Specs.identity;
import static dev.overlap.model.Specs.spec;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Validation of {@link ModelSpec}, {@link InitialCondition} and {@link TeacherSpec}: every rejected input
 * throws a {@link SpecException} whose message names the input (asserted on the message text), and the
 * accepted isotropic start has the pattern documented in {@link InitialCondition.Isotropic}. The expected
 * numbers are the documented conventions (docs/model.md): κ = 1/width, 1, 1/√width; η̃ = η/p; the isotropic
 * start Q = q₀ I, R = r₀ P with P[a][a mod p*] = 1; its covariance [[q₀, r₀], [r₀, 1]] is not positive
 * semi-definite when r₀² &gt; q₀ (determinant q₀ − r₀² &lt; 0), e.g. q₀ = 0.01, r₀ = 1.
 */
class ModelSpecTest {

    private static final TeacherSpec ORTHO = new TeacherSpec.Orthonormal();
    private static final InitialCondition ISO = new InitialCondition.Isotropic(0.5, 0.0);

    @Test
    void studentWidthBelowOneIsRejected() {
        assertSpecError(() -> spec(0, 1, 0.5, 0, ORTHO, ISO), "student width p", "got 0");
        assertSpecError(() -> spec(-3, 1, 0.5, 0, ORTHO, ISO), "student width p", "got -3");
    }

    @Test
    void teacherWidthBelowOneIsRejected() {
        assertSpecError(() -> spec(2, 0, 0.5, 0, ORTHO, ISO), "teacher width p*", "got 0");
    }

    @Test
    void missingComponentsAreRejected() {
        assertSpecError(() -> new ModelSpec(1, 1, null, Normalisation.MEAN, 0.5,
                ModelSpec.LearningRateConvention.ABSOLUTE, 0, true, ORTHO, ISO), "incomplete", "activation");
        assertSpecError(() -> new ModelSpec(1, 1, Activation.QUADRATIC, Normalisation.MEAN, 0.5,
                ModelSpec.LearningRateConvention.ABSOLUTE, 0, true, null, ISO), "incomplete", "teacher");
        assertSpecError(() -> new ModelSpec(1, 1, Activation.QUADRATIC, Normalisation.MEAN, 0.5,
                ModelSpec.LearningRateConvention.ABSOLUTE, 0, true, ORTHO, null), "incomplete", "initial condition");
    }

    @Test
    void nonPositiveOrNonFiniteLearningRateIsRejected() {
        assertSpecError(() -> spec(1, 1, 0.0, 0, ORTHO, ISO), "learning rate", "η = 0.0");
        assertSpecError(() -> spec(1, 1, -0.1, 0, ORTHO, ISO), "learning rate", "η = -0.1");
        assertSpecError(() -> spec(1, 1, Double.NaN, 0, ORTHO, ISO), "learning rate", "NaN");
        assertSpecError(() -> spec(1, 1, Double.POSITIVE_INFINITY, 0, ORTHO, ISO), "learning rate", "Infinity");
        assertSpecError(() -> spec(1, 1, 0.5, 0, ORTHO, ISO).withEta(-2), "learning rate", "-2.0");
    }

    @Test
    void negativeOrNonFiniteNoiseIsRejected() {
        assertSpecError(() -> spec(1, 1, 0.5, -0.01, ORTHO, ISO), "label-noise variance Δ", "-0.01");
        assertSpecError(() -> spec(1, 1, 0.5, Double.NaN, ORTHO, ISO), "label-noise variance Δ", "NaN");
    }

    @Test
    void teacherFileOfWrongSizeIsRejected() {
        TeacherSpec t = new TeacherSpec.FromFile("teacher-2x2.json", identity(2));
        assertSpecError(() -> spec(2, 3, 0.5, 0, t, ISO), "teacher-2x2.json", "2×2", "p* = 3");
    }

    @Test
    void stateFileWidthsMustMatchTheSpec() {
        Overlaps s = Overlaps.of(identity(2), new double[2][1], identity(1));
        InitialCondition init = new InitialCondition.FromFile("state-p2.json", s);
        assertSpecError(() -> spec(3, 1, 0.5, 0, ORTHO, init), "state-p2.json", "p = 2, p* = 1", "p = 3, p* = 1");
        assertSpecError(() -> spec(2, 2, 0.5, 0, ORTHO, init), "state-p2.json", "p = 2, p* = 1", "p = 2, p* = 2");
        assertNotNull(spec(2, 1, 0.5, 0, ORTHO, init));
    }

    @Test
    void withAStateFileTheTeacherIsReportedAsComingFromIt() {
        double[][] t = {{2.0}};
        Overlaps s = Overlaps.of(identity(2), new double[2][1], t);
        ModelSpec fromFile = spec(2, 1, 0.5, 0, ORTHO, new InitialCondition.FromFile("state.json", s));
        assertEquals("init-file", fromFile.teacherSource());
        assertArrayEquals(t, fromFile.teacherOverlap());
        assertTrue(fromFile.describe().contains("teacher=init-file"), fromFile.describe());
        assertEquals("orthonormal", spec(2, 1, 0.5, 0, ORTHO, ISO).teacherSource());
    }

    @Test
    void teacherOptionCannotBeCombinedWithInitFile() {
        Overlaps s = Overlaps.of(identity(2), new double[2][1], identity(1));
        InitialCondition init = new InitialCondition.FromFile("state.json", s);
        assertParameterError(() -> spec(2, 1, 0.5, 0, new TeacherSpec.Gaussian(100, 1), init), "teacher",
                "--teacher cannot be combined with --init file", "carries T");
        assertSpecError(() -> spec(2, 1, 0.5, 0, new TeacherSpec.Gaussian(100, 1), init),
                "the teacher cannot be combined with init = file");
        assertParameterError(() -> spec(2, 1, 0.5, 0, new TeacherSpec.FromFile("t.json", identity(1)), init),
                "teacher", "--teacher cannot be combined with --init file");
    }

    @Test
    void initialConditionArgumentsAreValidated() {
        assertParameterError(() -> new InitialCondition.Random(0, 0.1, 1), "N", "--N", "got 0");
        assertParameterError(() -> new InitialCondition.Random(100, -0.1, 1), "sigma0", "--sigma0", "-0.1");
        assertParameterError(() -> new InitialCondition.Random(100, Double.NaN, 1), "sigma0", "--sigma0", "NaN");
        assertParameterError(() -> new InitialCondition.Isotropic(-1, 0), "q0", "--q0", "-1.0");
        assertParameterError(() -> new InitialCondition.Isotropic(Double.POSITIVE_INFINITY, 0), "q0", "--q0",
                "Infinity");
        assertParameterError(() -> new InitialCondition.Isotropic(1, Double.NaN), "r0", "--r0", "NaN");
        assertSpecError(() -> new InitialCondition.Random(0, 0.1, 1), "the input dimension N must be at least 1");
        assertSpecError(() -> new TeacherSpec.Gaussian(0, 1), "Gaussian teacher", "N ≥ 1", "got 0");
    }

    @Test
    void isotropicStartThatIsNotPositiveSemiDefiniteIsRejected() {
        ModelSpec s = spec(1, 1, 0.5, 0, ORTHO, new InitialCondition.Isotropic(0.01, 1.0));
        assertSpecError(s::initialOverlaps, "isotropic start", "q0 = 0.01", "r0 = 1.0", "not positive semi-definite");
        // the boundary case r0² = q0 is singular but realisable
        assertNotNull(spec(1, 1, 0.5, 0, ORTHO, new InitialCondition.Isotropic(0.25, 0.5)).initialOverlaps());
    }

    @Test
    void isotropicStartHasTheDocumentedPattern() {
        double[][] pattern = InitialCondition.Isotropic.pattern(5, 2);
        double[][] expected = {{1, 0}, {0, 1}, {1, 0}, {0, 1}, {1, 0}};
        for (int a = 0; a < 5; a++) {
            assertArrayEquals(expected[a], pattern[a], 0.0);
        }
        ModelSpec s = spec(3, 2, 0.5, 0, ORTHO, new InitialCondition.Isotropic(0.7, 0.1));
        Overlaps o = s.initialOverlaps();
        for (int a = 0; a < 3; a++) {
            for (int b = 0; b < 3; b++) {
                assertEquals(a == b ? 0.7 : 0.0, o.q(a, b), 0.0);
            }
            for (int r = 0; r < 2; r++) {
                assertEquals(r == a % 2 ? 0.1 : 0.0, o.r(a, r), 0.0);
            }
        }
        for (int r = 0; r < 2; r++) {
            for (int t = 0; t < 2; t++) {
                assertEquals(r == t ? 1.0 : 0.0, o.t(r, t), 0.0);
            }
        }
    }

    @Test
    void normalisationsAndPerWidthLearningRate() {
        ModelSpec s = new ModelSpec(4, 9, Activation.QUADRATIC, Normalisation.SQRT, 0.8,
                ModelSpec.LearningRateConvention.PER_WIDTH, 0, true, ORTHO, ISO);
        assertEquals(0.5, s.kappaStudent(), 0.0);
        assertEquals(1.0 / 3.0, s.kappaTeacher(), 1e-16);
        assertEquals(0.2, s.etaPerWidth(), 1e-16);
        assertEquals(0.25, spec(4, 2).kappaStudent(), 0.0);
        assertEquals(1.0, Normalisation.SUM.kappa(7), 0.0);
        assertEquals(Normalisation.SQRT, Normalisation.parse(" Sqrt "));
        assertSpecError(() -> Normalisation.parse("median"), "median", "mean, sum or sqrt");
        assertSpecError(() -> Activation.parse("tanh"), "tanh", "quadratic");
    }

    @Test
    void teacherOverlapOfTheSpec() {
        double[][] t = {{2, 0.5}, {0.5, 1}};
        ModelSpec s = spec(1, 2, 0.5, 0, new TeacherSpec.FromFile("t.json", t), ISO);
        assertArrayEquals(t[0], s.teacherOverlap()[0], 0.0);
        assertArrayEquals(t[1], s.teacherOverlap()[1], 0.0);
        double[][] id = spec(2, 3).teacherOverlap();
        for (int r = 0; r < 3; r++) {
            assertArrayEquals(identity(3)[r], id[r], 0.0);
        }
    }

    /** Six significant digits, plain inside [1e-4, 1e7), a lower-case exponent outside, both parseable back. */
    @Test
    void compactNumbers() {
        assertEquals("0.15", ModelSpec.compact(0.15000000000000002));
        assertEquals("2.32213e-12", ModelSpec.compact(2.322134e-12));
        assertEquals("1.5e+7", ModelSpec.compact(1.5e7));
        // between 1e-6 and 1e-4 too (BigDecimal.toString writes those plain: 0.0000063056)
        assertEquals("6.3056e-6", ModelSpec.compact(6.3056e-6));
        assertEquals("-1e-5", ModelSpec.compact(-1e-5));
        assertEquals("1e+8", ModelSpec.compact(1e8));
        assertEquals("-0.0001", ModelSpec.compact(-1e-4));
        assertEquals(2.32213e-12, Double.parseDouble(ModelSpec.compact(2.322134e-12)));
    }
}
