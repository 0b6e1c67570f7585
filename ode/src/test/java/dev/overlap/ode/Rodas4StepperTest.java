package dev.overlap.ode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;


import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import dev.overlap.testing.Allocations;
import dev.overlap.model.InitialCondition;
import dev.overlap.model.ModelSpec;
import dev.overlap.model.Overlaps;

/**
 * {@link Rodas4Stepper} on problems with known solutions.
 *
 * <p>Where the expected values come from: y₁' = −y₁², y₂' = y₁ y₂ from (1, 1) has the solution
 * y₁ = 1/(1 + t), y₂ = 1 + t (substitute: y₁' = −1/(1 + t)² = −y₁², y₂' = 1 = y₁ y₂); the linear system
 * y' = diag(−10⁴, −1) y has y = (e^{−10⁴ t}, e^{−t}). A method of order 4 has a local error O(h⁵), so halving
 * one step divides it by 2⁵ = 32; a continuous output of order 3 has O(h⁴) at interior points, a factor 16.
 */
class Rodas4StepperTest {

    /** A two-dimensional test system behind the {@link OverlapDynamics} interface (only the ODE parts used). */
    private abstract static class TwoDimensional implements OverlapDynamics {
        private final boolean exact;

        TwoDimensional(boolean exact) {
            this.exact = exact;
        }

        abstract void jacobian(double[] y, double[] out);

        @Override
        public ModelSpec spec() {
            throw new UnsupportedOperationException();
        }

        @Override
        public double[][] teacherOverlap() {
            throw new UnsupportedOperationException();
        }

        @Override
        public int dimension() {
            return 2;
        }

        @Override
        public double generalisationError(double[] y) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String evaluatorName() {
            return "test";
        }

        @Override
        public boolean exactJacobian(double[] y, double[] rowMajor) {
            if (exact) {
                jacobian(y, rowMajor);
            }
            return exact;
        }
    }

    /** y₁' = −y₁², y₂' = y₁ y₂. */
    private static OverlapDynamics riccati(boolean exact) {
        return new TwoDimensional(exact) {
            @Override
            public void derivatives(double[] y, double[] yDot) {
                yDot[0] = -y[0] * y[0];
                yDot[1] = y[0] * y[1];
            }

            @Override
            void jacobian(double[] y, double[] out) {
                out[0] = -2 * y[0];
                out[1] = 0;
                out[2] = y[1];
                out[3] = y[0];
            }
        };
    }

    /** Error of one step of size h from (1, 1) at t = h and, through the continuous output, at t = h/2. */
    private static double[] oneStepErrors(OverlapDynamics f, double h) {
        // tolerances so loose that the first step is accepted whatever its size
        Rodas4Stepper s = new Rodas4Stepper(f, 1e3, 1e3);
        s.start(0, new double[] {1, 1});
        s.step(h);
        assertEquals(h, s.time(), 0.0);
        assertEquals(1, s.acceptedSteps());
        double[] mid = new double[2];
        s.interpolate(h / 2, mid);
        double endError = Math.max(Math.abs(s.state()[0] - 1 / (1 + h)), Math.abs(s.state()[1] - (1 + h)));
        double midError = Math.max(Math.abs(mid[0] - 1 / (1 + h / 2)), Math.abs(mid[1] - (1 + h / 2)));
        return new double[] {endError, midError};
    }

    @Test
    void localErrorIsOfOrderFiveAndTheContinuousOutputOfOrderFour() {
        for (boolean exact : new boolean[] {true, false}) {
            double[] big = oneStepErrors(riccati(exact), 0.1);
            double[] small = oneStepErrors(riccati(exact), 0.05);
            double endRatio = big[0] / small[0];
            double midRatio = big[1] / small[1];
            assertTrue(endRatio > 32 * 0.8 && endRatio < 32 * 1.25, "step error ratio " + endRatio);
            assertTrue(midRatio > 16 * 0.75 && midRatio < 16 * 1.33, "continuous output error ratio " + midRatio);
            assertTrue(big[0] < 1e-5, "one step of 0.1: " + big[0]);
        }
    }

    @Test
    void adaptiveStepsMeetTheTolerance() {
        for (double rtol : new double[] {1e-6, 1e-9}) {
            Rodas4Stepper s = new Rodas4Stepper(riccati(true), rtol, rtol * 1e-2);
            s.start(0, new double[] {1, 1});
            double worst = 0;
            double[] at = new double[2];
            while (s.time() < 10) {
                s.step(10);
                double t = 0.5 * (s.previousTime() + s.time());
                s.interpolate(t, at);
                worst = Math.max(worst, Math.abs(at[1] - (1 + t)) / (1 + t));
                worst = Math.max(worst, Math.abs(s.state()[0] - 1 / (1 + s.time())) * (1 + s.time()));
            }
            assertEquals(10, s.time(), 0.0);
            // global error a small multiple of the tolerance (errors accumulate over the steps)
            assertTrue(worst < 20 * rtol, "rtol " + rtol + ": relative error " + worst);
        }
    }

    @Test
    void stiffDecayTakesStepsSetByTheSlowModeOnly() {
        OverlapDynamics stiff = new TwoDimensional(true) {
            @Override
            public void derivatives(double[] y, double[] yDot) {
                yDot[0] = -1e4 * y[0];
                yDot[1] = -y[1];
            }

            @Override
            void jacobian(double[] y, double[] out) {
                out[0] = -1e4;
                out[1] = 0;
                out[2] = 0;
                out[3] = -1;
            }
        };
        Rodas4Stepper s = new Rodas4Stepper(stiff, 1e-8, 1e-12);
        s.start(0, new double[] {1, 1});
        while (s.time() < 20) {
            s.step(20);
        }
        assertEquals(Math.exp(-20), s.state()[1], 1e-7 * Math.exp(-20) + 1e-11);
        assertEquals(0, s.state()[0], 1e-11);
        // an explicit method would need ≥ 20 · 10⁴ / 6 ≈ 33 000 steps for stability alone
        assertTrue(s.acceptedSteps() + s.rejectedSteps() < 1000, "steps " + s.acceptedSteps());
    }

    /**
     * After a warm-up, steps with the closed-form dynamics (exact Jacobian) allocate nothing: per-thread allocation
     * counter over a whole run (at most 2000 steps), fewer than 1 byte per step on average.
     */
    @Test
    void stepsDoNotAllocate() {
        Assumptions.assumeTrue(Allocations.threadAllocatedBytes() >= 0, "allocation counter unavailable");
        ModelSpec spec = Fixtures.spec(3, 2, 0.2, true).withInit(new InitialCondition.Isotropic(0.2, 1e-3));
        Overlaps init = spec.initialOverlaps();
        OverlapDynamics f = new QuadraticClosedFormDynamics(spec, init.teacherOverlap());
        Rodas4Stepper s = new Rodas4Stepper(f, 1e-9, 1e-12);
        double[] out = new double[f.dimension()];
        for (int round = 0; round < 2; round++) {
            s.start(0, init.toState());
            long before = Allocations.threadAllocatedBytes();
            int steps = 0;
            while (steps < 2000 && s.time() < 1e9) {
                s.step(1e9);
                s.interpolate(0.5 * (s.previousTime() + s.time()), out);
                steps++;
            }
            long after = Allocations.threadAllocatedBytes();
            if (round == 1) {
                assertTrue(steps > 100, "only " + steps + " steps");
                assertTrue(after - before < steps, "allocated " + (after - before) + " bytes over " + steps + " steps");
            }
        }
        assertTrue(Double.isFinite(out[0]));
    }
}
