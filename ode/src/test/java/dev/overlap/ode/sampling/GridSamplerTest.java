package dev.overlap.ode.sampling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.hipparchus.ode.ODEState;
import org.hipparchus.ode.OrdinaryDifferentialEquation;
import org.hipparchus.ode.nonstiff.DormandPrince853Integrator;
import org.junit.jupiter.api.Test;

/**
 * {@link GridSampler} against closed forms: dy/dα = −y from y(0) = 1 read off Hipparchus' interpolator (rows
 * e^{−α}, to the integrator's tolerance), and a dense output given exactly (rows α², bit for bit).
 */
class GridSamplerTest {

    @Test
    void readsAHipparchusIntegrationAtTheGrid() {
        double[] grid = {0, 0.5, 1, 2.25, 3};
        GridSampler<double[]> sampler = new GridSampler<>(grid, 1, (alpha, y) -> y.clone());
        sampler.start(new double[] {1});
        assertEquals(1, sampler.size(), "α = 0 is the start");
        OrdinaryDifferentialEquation decay = new OrdinaryDifferentialEquation() {
            @Override
            public int getDimension() {
                return 1;
            }

            @Override
            public double[] computeDerivatives(double t, double[] y) {
                return new double[] {-y[0]};
            }
        };
        DormandPrince853Integrator dp = new DormandPrince853Integrator(0, 3, 1e-14, 1e-12);
        dp.addStepHandler(sampler);
        dp.integrate(decay, new ODEState(0, new double[] {1}), 3);
        assertTrue(sampler.complete());
        assertArrayEquals(grid, sampler.alphas(), 0.0);
        List<double[]> rows = sampler.rows();
        for (int i = 0; i < grid.length; i++) {
            assertEquals(Math.exp(-grid[i]), rows.get(i)[0], 1e-11, "α = " + grid[i]);
        }
    }

    @Test
    void fillsFromADenseOutputThenTheEndStateThenAnOffGridRow() {
        double[] grid = {0.5, 1, 2};
        GridSampler<Double> sampler = new GridSampler<>(grid, 1, (alpha, y) -> y[0]);
        sampler.start(new double[] {7});
        assertEquals(0, sampler.size(), "no grid value ≤ 0");
        sampler.fill(1.5, (alpha, out) -> out[0] = alpha * alpha);
        assertEquals(List.of(0.25, 1.0), sampler.rows());
        assertFalse(sampler.complete());
        sampler.fillNext(new double[] {4.5});
        sampler.fillNext(new double[] {99});
        sampler.append(2.5, new double[] {6.25});
        assertArrayEquals(new double[] {0.5, 1, 2, 2.5}, sampler.alphas(), 0.0);
        assertEquals(List.of(0.25, 1.0, 4.5, 6.25), sampler.rows());
    }
}
