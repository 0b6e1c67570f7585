package dev.overlap.ode.events;

import java.util.ArrayList;
import java.util.List;

import org.hipparchus.ode.ODEState;
import org.hipparchus.ode.ODEStateAndDerivative;
import org.hipparchus.ode.events.Action;
import org.hipparchus.ode.events.ODEEventDetector;
import org.hipparchus.ode.events.ODEEventHandler;

/**
 * The events of one integration, in the style of Orekit's {@code EventsLogger}: {@link #monitor} wraps a
 * detector so that each crossing it reports is recorded (kind, α, state, direction) before its own handler
 * decides what the integrator does. One log per integration; not thread-safe.
 */
public final class EventsLog {

    /**
     * One recorded event.
     *
     * @param kind       what the crossing means
     * @param alpha      α of the crossing
     * @param state      the flat state there (a copy)
     * @param increasing the direction of the switching function's crossing
     */
    public record Entry(EventKind kind, double alpha, double[] state, boolean increasing) {
        public Entry {
            state = state.clone();
        }

        @Override
        public double[] state() {
            return state.clone();
        }
    }

    private final List<Entry> entries = new ArrayList<>();

    /**
     * The detector with its handler wrapped so that every crossing is recorded here first.
     *
     * @return a detector of the same type, configuration and switching function
     */
    public <T extends StateDetector<T>> T monitor(T detector) {
        return detector.withHandler(new Recording(detector.kind(), detector.getHandler()));
    }

    /** Records a crossing found without Hipparchus' event handling (a scan of the continuous output, or α = 0). */
    public void record(EventKind kind, double alpha, double[] state, boolean increasing) {
        entries.add(new Entry(kind, alpha, state, increasing));
    }

    /**
     * All events, in the order they were recorded.
     *
     * @return an unmodifiable copy
     */
    public List<Entry> entries() {
        return List.copyOf(entries);
    }

    /**
     * The α of the first event of a kind and direction.
     *
     * @return its α, or null if there was none
     */
    public Double first(EventKind kind, boolean increasing) {
        for (Entry e : entries) {
            if (e.kind() == kind && e.increasing() == increasing) {
                return e.alpha();
            }
        }
        return null;
    }

    /** Records, then hands over to the detector's own handler. */
    private final class Recording implements ODEEventHandler {
        private final EventKind kind;
        private final ODEEventHandler inner;

        Recording(EventKind kind, ODEEventHandler inner) {
            this.kind = kind;
            this.inner = inner;
        }

        @Override
        public void init(ODEStateAndDerivative initialState, double target, ODEEventDetector detector) {
            inner.init(initialState, target, detector);
        }

        @Override
        public ODEState resetState(ODEEventDetector detector, ODEStateAndDerivative state) {
            return inner.resetState(detector, state);
        }

        @Override
        public Action eventOccurred(ODEStateAndDerivative state, ODEEventDetector detector, boolean increasing) {
            record(kind, state.getTime(), state.getPrimaryState(), increasing);
            return inner.eventOccurred(state, detector, increasing);
        }
    }
}
