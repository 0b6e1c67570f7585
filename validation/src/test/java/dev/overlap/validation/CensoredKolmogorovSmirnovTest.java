package dev.overlap.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;

import org.apache.commons.statistics.inference.KolmogorovSmirnovTest;
import org.junit.jupiter.api.Test;

/** The censored one-sample KS test: the usual test without censoring, sensible and conservative with it. */
class CensoredKolmogorovSmirnovTest {

    private static final DoubleUnaryOperator EXPONENTIAL = x -> x <= 0 ? 0 : 1 - Math.exp(-x);

    private static double[] exponentialSample(SplittableRandom rng, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = -Math.log1p(-rng.nextDouble());
        }
        Arrays.sort(x);
        return x;
    }

    @Test
    void withoutCensoringItIsTheUsualTest() {
        SplittableRandom rng = new SplittableRandom(5);
        for (int n : new int[] {8, 40, 400}) {
            double[] x = exponentialSample(rng, n);
            KolmogorovSmirnovTest.OneResult usual = KolmogorovSmirnovTest.withDefaults().test(x, EXPONENTIAL);
            assertEquals(usual.getStatistic(),
                    CensoredKolmogorovSmirnov.statistic(x, n, Double.POSITIVE_INFINITY, EXPONENTIAL), 1e-15);
            assertEquals(usual.getPValue(), CensoredKolmogorovSmirnov.pValue(x, n, Double.POSITIVE_INFINITY, EXPONENTIAL),
                    1e-6 + 1e-3 * usual.getPValue(), "n = " + n);
        }
    }

    @Test
    void noEscapeWhereTheLawPredictsNoneIsNoEvidenceAgainstIt() {
        // the law puts 10⁻⁶ of its mass before α_c = 0.000001: 16 seeds without an escape are what it predicts
        assertEquals(1.0, CensoredKolmogorovSmirnov.pValue(new double[0], 16, 1e-6, EXPONENTIAL), 0.0);
        // while 16 unescaped seeds where the law puts 99.9 % before α_c are strong evidence against it
        assertTrue(CensoredKolmogorovSmirnov.pValue(new double[0], 16, Math.log(1000), EXPONENTIAL) < 1e-6);
    }

    /**
     * Under the null, censored at the median, the rejection rate at level 5 % is at most 5 % (conservative): 2000
     * samples of 50, fixed seed; a true rate of 5 % exceeds the allowed 6.2 % with probability 0.7 % (binomial).
     */
    @Test
    void censoredAtTheMedianItIsConservative() {
        SplittableRandom rng = new SplittableRandom(11);
        double median = Math.log(2);
        int rejected = 0;
        for (int rep = 0; rep < 2000; rep++) {
            double[] x = exponentialSample(rng, 50);
            double[] before = Arrays.stream(x).filter(v -> v < median).toArray();
            if (CensoredKolmogorovSmirnov.pValue(before, 50, median, EXPONENTIAL) < 0.05) {
                rejected++;
            }
        }
        assertTrue(rejected <= 124, rejected + " of 2000 rejected at 5 %");
    }

    /** Power: a law with twice the rate is rejected with the censored data of 200 seeds. */
    @Test
    void aWrongLawIsRejected() {
        double[] x = exponentialSample(new SplittableRandom(3), 200);
        double[] before = Arrays.stream(x).filter(v -> v < 1.0).toArray();
        assertTrue(CensoredKolmogorovSmirnov.pValue(before, 200, 1.0, v -> v <= 0 ? 0 : 1 - Math.exp(-2 * v)) < 1e-6);
    }
}
