package dev.overlap.ode;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Comparator;

import org.hipparchus.complex.Complex;
import org.hipparchus.linear.MatrixUtils;
import org.hipparchus.linear.RealMatrix;
import org.junit.jupiter.api.Test;

/** The spectrum routine of the fixed points at extreme scales (a learning rate of 10⁻²⁰⁰ scales J by it). */
class FixedPointsEigenvaluesTest {

    @Test
    void aTinyOrHugeScaleGivesTheScaledSpectrum() {
        // a non-symmetric 3×3 with eigenvalues 2, −1, −3 (upper triangular, so they are its diagonal)
        double[][] base = {{2, 5, -1}, {0, -1, 4}, {0, 0, -3}};
        for (double scale : new double[] {1, 1e-200, 3e-310, 1e250}) {
            double[][] m = new double[3][3];
            for (int i = 0; i < 3; i++) {
                for (int k = 0; k < 3; k++) {
                    m[i][k] = base[i][k] * scale;
                }
            }
            RealMatrix j = MatrixUtils.createRealMatrix(m);
            Complex[] ev = FixedPoints.eigenvalues(j);
            Arrays.sort(ev, Comparator.comparingDouble(Complex::getReal).reversed());
            double[] expected = {2 * scale, -1 * scale, -3 * scale};
            for (int i = 0; i < 3; i++) {
                assertEquals(expected[i], ev[i].getReal(), 1e-12 * Math.abs(expected[i]), "scale " + scale);
                assertEquals(0.0, ev[i].getImaginary(), 1e-12 * scale, "scale " + scale);
            }
        }
    }
}
