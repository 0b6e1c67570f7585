package dev.overlap.model;

import static dev.overlap.model.Specs.assertSpecError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/**
 * The learning rate kept as typed (docs/model.md §4: η given directly, or η̃ with η = p·η̃): the typed value
 * comes back bit for bit, and the other one is the single product p·η̃ or quotient η/p. The expected doubles
 * are written as those IEEE operations on the typed literal, e.g. 3 * 0.05 = 0.15000000000000002, while
 * (3 * 0.05) / 3 = 0.05000000000000001 is the round trip this class avoids.
 */
class LearningRateTest {

    @Test
    void aRatePerWidthIsKeptExactlyAndEtaIsItsProductWithP() {
        ModelSpec s = ModelSpec.builder().p(3).lrPerWidth(0.05).build();
        assertEquals(0.05, s.etaPerWidth(), 0.0);
        assertEquals(0.15000000000000002, s.eta(), 0.0);
        assertEquals(LearningRate.perWidth(0.05), s.learningRate());
        assertEquals(ModelSpec.LearningRateConvention.PER_WIDTH, s.lrConvention());
        assertNotEquals(0.05, (3 * 0.05) / 3, "the round trip through η is not exact, hence the typed value");
    }

    @Test
    void anAbsoluteRateIsKeptExactlyAndEtaTildeIsItsQuotientByP() {
        ModelSpec s = ModelSpec.builder().p(3).lr(0.1).build();
        assertEquals(0.1, s.eta(), 0.0);
        assertEquals(0.1 / 3, s.etaPerWidth(), 0.0);
        assertEquals(ModelSpec.LearningRateConvention.ABSOLUTE, s.lrConvention());
    }

    @Test
    void badRatesNameTheirParameter() {
        SpecException perWidth = assertThrows(() -> LearningRate.perWidth(-1), "learning rate", "η̃ = -1.0");
        assertEquals("lr_per_width", perWidth.parameter().orElseThrow());
        assertEquals("must be a finite number > 0 (got η̃ = -1.0)", perWidth.detail());
        SpecException absolute = assertThrows(() -> LearningRate.absolute(Double.NaN), "learning rate", "η = NaN");
        assertEquals("lr", absolute.parameter().orElseThrow());
    }

    @Test
    void withCopiesChangeOneComponentAndKeepTheTypedRate() {
        ModelSpec base = ModelSpec.builder().p(3).pstar(2).lrPerWidth(0.05).build();
        ModelSpec wider = base.withP(5);
        assertEquals(5, wider.p());
        assertEquals(0.05, wider.etaPerWidth(), 0.0);
        assertEquals(5 * 0.05, wider.eta(), 0.0);
        assertEquals(4, base.withPStar(4).pstar());
        assertEquals(0.25, base.withNoise(0.25).noise(), 0.0);
        assertEquals(false, base.withEta2(false).eta2());
        assertEquals(Normalisation.SUM, base.withNormalisation(Normalisation.SUM).normalisation());
        assertEquals(Activation.parse("erf"), base.withActivation(Activation.parse("erf")).activation());
        ModelSpec absolute = base.withLearningRate(LearningRate.absolute(0.2));
        assertEquals(0.2, absolute.eta(), 0.0);
        assertEquals(ModelSpec.LearningRateConvention.ABSOLUTE, absolute.lrConvention());
        assertEquals(0.7, base.withEta(0.7).eta(), 0.0);
        TeacherSpec gaussian = new TeacherSpec.Gaussian(50, 3);
        assertEquals(gaussian, base.withTeacher(gaussian).teacher());
        assertEquals(base, ModelSpec.builder().build(), "the builder's defaults are p = 3, p* = 2, η̃ = 0.05");
        assertEquals(base.withNoise(0.5), base.withNoise(0.5));
        assertNotEquals(base, base.withNoise(0.5));
    }

    @Test
    void theRandomStartIsDrawnOnceAndSharedByCopiesThatKeepIt() {
        ModelSpec s = ModelSpec.builder().p(2).pstar(1).init(new InitialCondition.Random(300, 1.0, 9L)).build();
        Overlaps first = s.initialOverlaps();
        assertSame(first, s.initialOverlaps());
        assertSame(first, s.withEta(0.3).withNoise(0.1).withEta2(false).initialOverlaps());
        Overlaps fresh = FiniteNWeights.draw(2, new TeacherSpec.Orthonormal(), 1, 300, 1.0, 9L).overlaps();
        assertEquals(fresh, first, "the same numbers as a draw of its own");
        ModelSpec other = s.withInit(new InitialCondition.Random(300, 1.0, 10L));
        assertNotEquals(first, other.initialOverlaps());
        assertEquals(first, other.withInit(s.init()).initialOverlaps());
    }

    private static SpecException assertThrows(org.junit.jupiter.api.function.Executable body, String... fragments) {
        assertSpecError(body, fragments);
        return org.junit.jupiter.api.Assertions.assertThrows(SpecException.class, body);
    }
}
