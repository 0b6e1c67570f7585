package dev.overlap.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

/** The dense-matrix helpers on products and transposes worked out by hand. */
class DenseMatricesTest {

    @Test
    void productOfTwoByTwoAndRectangular() {
        assertArrayEquals(new double[][] {{19, 22}, {43, 50}},
                DenseMatrices.multiply(new double[][] {{1, 2}, {3, 4}}, new double[][] {{5, 6}, {7, 8}}));
        // (1×3)(3×2) = 1×2
        assertArrayEquals(new double[][] {{4, 10}},
                DenseMatrices.multiply(new double[][] {{1, 2, 3}}, new double[][] {{1, 0}, {0, 2}, {1, 2}}));
    }

    @Test
    void identityTransposeAndFlatten() {
        double[][] a = {{1, 2, 3}, {4, 5, 6}};
        assertArrayEquals(new double[][] {{1, 4}, {2, 5}, {3, 6}}, DenseMatrices.transpose(a));
        assertArrayEquals(a, DenseMatrices.multiply(a, DenseMatrices.identity(3)));
        assertArrayEquals(new double[][] {{1, 0}, {0, 1}}, DenseMatrices.identity(2));
        assertArrayEquals(new double[] {1, 2, 3, 4}, DenseMatrices.flatten(new double[][] {{1, 2}, {3, 4}}));
    }
}
