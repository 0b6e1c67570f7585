package dev.overlap.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;

import org.apache.commons.rng.UniformRandomProvider;
import org.junit.jupiter.api.Test;

/**
 * {@link RandomStreams}: a (master, index) pair always gives the same sequence, and different pairs give
 * sequences that look independent. The statistical bounds are 5 standard deviations of the sample statistic
 * under independence (sample correlation of n i.i.d. pairs: sd 1/√n; mean of n uniforms: sd 1/√(12 n)), with
 * fixed seeds, so the test is deterministic.
 */
class RandomStreamsTest {

    private static final int N = 200_000;

    @Test
    void sameMasterAndIndexReproduce() {
        UniformRandomProvider a = RandomStreams.stream(12345L, 3);
        UniformRandomProvider b = RandomStreams.stream(12345L, 3);
        for (int i = 0; i < 1000; i++) {
            assertEquals(a.nextLong(), b.nextLong());
        }
        assertEquals(RandomStreams.streamSeed(7, 1), RandomStreams.streamSeed(7, 1));
    }

    @Test
    void differentIndicesOrMastersDiffer() {
        assertNotEquals(RandomStreams.stream(1, RandomStreams.TEACHER).nextLong(),
                RandomStreams.stream(1, RandomStreams.STUDENT_INIT).nextLong());
        assertNotEquals(RandomStreams.stream(1, 0).nextLong(), RandomStreams.stream(2, 0).nextLong());
        Set<Long> seeds = new HashSet<>();
        for (long master = 0; master < 100; master++) {
            for (long index = 0; index < 100; index++) {
                seeds.add(RandomStreams.streamSeed(master, index));
            }
        }
        assertEquals(100 * 100, seeds.size(), "stream seeds must not collide");
    }

    @Test
    void streamsAreUncorrelated() {
        // adjacent indices, and adjacent masters, are the cases a weak mixer would correlate
        assertUncorrelated(RandomStreams.stream(42, 0), RandomStreams.stream(42, 1));
        assertUncorrelated(RandomStreams.stream(42, 0), RandomStreams.stream(43, 0));
        assertUncorrelated(RandomStreams.stream(0, 0), RandomStreams.stream(0, 1));
    }

    private static void assertUncorrelated(UniformRandomProvider x, UniformRandomProvider y) {
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double syy = 0;
        double sxy = 0;
        for (int i = 0; i < N; i++) {
            double u = x.nextDouble();
            double v = y.nextDouble();
            sx += u;
            sy += v;
            sxx += u * u;
            syy += v * v;
            sxy += u * v;
        }
        double mx = sx / N;
        double my = sy / N;
        double cov = sxy / N - mx * my;
        double corr = cov / Math.sqrt((sxx / N - mx * mx) * (syy / N - my * my));
        double meanBound = 5 / Math.sqrt(12.0 * N);
        assertTrue(Math.abs(mx - 0.5) < meanBound, "mean of stream x: " + mx);
        assertTrue(Math.abs(my - 0.5) < meanBound, "mean of stream y: " + my);
        assertTrue(Math.abs(corr) < 5 / Math.sqrt(N), "correlation between streams: " + corr);
    }
}
