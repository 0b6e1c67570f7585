package dev.overlap.ode.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;

import org.hipparchus.ode.ODEState;
import org.hipparchus.ode.ODEStateAndDerivative;
import org.hipparchus.ode.OrdinaryDifferentialEquation;
import org.hipparchus.ode.nonstiff.DormandPrince853Integrator;
import org.junit.jupiter.api.Test;

import dev.overlap.model.StateLayout;
import dev.overlap.ode.DivergenceRule;

/**
 * The detectors under Hipparchus' own event handling, recorded by {@link EventsLog}, against closed forms:
 * the rotation dy₀/dα = y₁, dy₁/dα = −y₀ from (1, 0) (y₀ = cos α, zeros at π/2 decreasing and 3π/2 increasing),
 * and exponential growth of Q₁₁ = 2 e^α (p = p* = 1), which crosses the divergence bound 10 · max(1, 2, 1) = 20
 * at α = ln 10.
 */
class EventsLogTest {

    private static final OrdinaryDifferentialEquation ROTATION = new OrdinaryDifferentialEquation() {
        @Override
        public int getDimension() {
            return 2;
        }

        @Override
        public double[] computeDerivatives(double t, double[] y) {
            return new double[] {y[1], -y[0]};
        }
    };

    @Test
    void recordsEveryCrossingWithItsKindDirectionAndStateAndLetsTheHandlerDecide() {
        EventsLog log = new EventsLog();
        LevelDetector cosine = log.monitor(new LevelDetector(EventKind.LEVEL, (alpha, y) -> y[0])
                .withHandler(StateDetector.CONTINUE).withMaxCheck(0.1).withThreshold(1e-13));
        DormandPrince853Integrator dp = new DormandPrince853Integrator(0, 1, 1e-14, 1e-13);
        dp.addEventDetector(cosine);
        ODEStateAndDerivative end = dp.integrate(ROTATION, new ODEState(0, new double[] {1, 0}), 5);
        assertEquals(5.0, end.getTime(), 0.0, "CONTINUE: the run goes on to the end");
        List<EventsLog.Entry> entries = log.entries();
        assertEquals(2, entries.size());
        assertEquals(EventKind.LEVEL, entries.get(0).kind());
        assertEquals(Math.PI / 2, log.first(EventKind.LEVEL, false), 1e-10);
        assertEquals(3 * Math.PI / 2, log.first(EventKind.LEVEL, true), 1e-10);
        assertEquals(-1.0, entries.get(0).state()[1], 1e-10, "y₁ = −sin(π/2)");
        assertFalse(entries.get(0).increasing());
        assertNull(log.first(EventKind.ESCAPE, false));
    }

    @Test
    void theDivergenceDetectorStopsWhereTheRuleSays() {
        StateLayout layout = new StateLayout(1, 1);
        double[] y0 = {2, 0};
        DivergenceRule rule = DivergenceRule.of(10, layout, y0, new double[][] {{1}});
        assertEquals(20.0, rule.bound(), 0.0);
        EventsLog log = new EventsLog();
        OrdinaryDifferentialEquation growth = new OrdinaryDifferentialEquation() {
            @Override
            public int getDimension() {
                return 2;
            }

            @Override
            public double[] computeDerivatives(double t, double[] y) {
                return new double[] {y[0], 0};
            }
        };
        DormandPrince853Integrator dp = new DormandPrince853Integrator(0, 1, 1e-14, 1e-13);
        dp.addEventDetector(log.monitor(DivergenceDetector.onStudentNorms(rule, layout)));
        ODEStateAndDerivative end = dp.integrate(growth, new ODEState(0, y0), 10);
        assertEquals(Math.log(10), end.getTime(), 1e-10, "stopped at the bound");
        assertEquals(Math.log(10), log.first(EventKind.DIVERGENCE, false), 1e-10);
        assertEquals(20.0, log.entries().get(0).state()[0], 1e-8);
        assertEquals(-1.0, rule.margin(Double.NaN), 0.0);
    }
}
