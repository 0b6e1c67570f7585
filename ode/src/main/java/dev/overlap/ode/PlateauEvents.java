package dev.overlap.ode;

import org.hipparchus.ode.ODEStateAndDerivative;

import dev.overlap.ode.events.EscapeDetector;
import dev.overlap.ode.events.EventsLog;
import dev.overlap.ode.events.PlateauBandDetector;
import dev.overlap.ode.events.StateDetector;
import dev.overlap.ode.sampling.DenseOutput;

/**
 * Drives the plateau and escape detectors of {@link OverlapSolver} on an integrator's continuous output, and
 * hands the crossings that define the events to their handlers (wrapped by an {@link EventsLog}).
 *
 * <p>Switching functions ({@link EscapeDetector}, {@link PlateauBandDetector}), with ε* the plateau's ε_g, f the
 * escape fraction and b = tol · ε* the band:
 * <pre>
 *   g_escape(α) = ε_g(α) − f ε*            escape: its first decreasing zero
 *   g_band(α)   = |ε_g(α) − ε*| − b         plateau entry: first decreasing zero; exit: first increasing one after
 * </pre>
 * Within each step [α₀, α₁] they are sampled at n = ⌈(α₁ − α₀)/maxCheck⌉ equal sub-intervals, ε_g evaluated
 * once per sample for both ({@link EscapeDetector#ofError}, {@link PlateauBandDetector#ofError}); a sign change
 * between two samples is a zero, located by each detector's solver (by default a fifth-order bracketing Brent
 * solver, to 1e-12 in α) with its iteration limit. Two zeros within one sub-interval are not seen. Once the
 * escape and the plateau exit are both found the functions are no longer evaluated, so the rest of the run costs
 * nothing here. Unlike Hipparchus' event handling, this scan never stops the integration, and the state passed to
 * the handlers carries the derivative of the dynamics.
 */
final class PlateauEvents {

    private final OverlapDynamics f;
    private final EscapeDetector escape;
    private final PlateauBandDetector band;
    private final double maxCheck;
    private final double[] work;

    private boolean escapeFound;
    private boolean entryFound;
    private boolean exitFound;
    private double escapeBefore;
    private double bandBefore;

    /**
     * @param f        the dynamics (for ε_g at the samples and the derivative handed to the handlers)
     * @param escape   the escape detector (its handler records the escape)
     * @param band     the plateau band detector (its handler records entry and exit)
     * @param maxCheck largest α between two samples
     * @param initial  the state at α = 0: an ε_g already in the band or below the escape level is an entry or
     *                 escape at α = 0, handed to the handlers as a decreasing crossing
     */
    PlateauEvents(OverlapDynamics f, EscapeDetector escape, PlateauBandDetector band, double maxCheck,
            double[] initial) {
        this.f = f;
        this.escape = escape;
        this.band = band;
        this.maxCheck = maxCheck;
        this.work = new double[f.dimension()];
        escapeBefore = escape.g(0.0, initial);
        bandBefore = band.g(0.0, initial);
        if (bandBefore <= 0) {
            entryFound = true;
            report(band, 0.0, initial, false);
        }
        if (escapeBefore <= 0) {
            escapeFound = true;
            report(escape, 0.0, initial, false);
        }
    }

    /** Whether a later zero could still add an event. */
    boolean active() {
        return !escapeFound || !exitFound;
    }

    /** Samples the step [α₀, α₁] of {@code out} (or its part before a divergence) and reports the zeros in it. */
    void scan(double alpha0, double alpha1, DenseOutput out) {
        if (!active() || !(alpha1 > alpha0)) {
            return;
        }
        int n = (int) Math.max(1, Math.ceil((alpha1 - alpha0) / maxCheck));
        double a = alpha0;
        for (int k = 1; k <= n; k++) {
            double b = k == n ? alpha1 : alpha0 + k * (alpha1 - alpha0) / n;
            out.state(b, work);
            double eps = f.generalisationError(work);
            double escapeNow = escape.ofError(eps);
            double bandNow = band.ofError(eps);
            if (!escapeFound && escapeBefore >= 0 && escapeNow < 0) {
                escapeFound = true;
                report(escape, root(escape, out, a, b), out, false);
            }
            if ((bandBefore >= 0) != (bandNow >= 0)) {
                boolean increasing = bandNow >= 0;
                if (!increasing && !entryFound) {
                    entryFound = true;
                    report(band, root(band, out, a, b), out, false);
                } else if (increasing && entryFound && !exitFound) {
                    exitFound = true;
                    report(band, root(band, out, a, b), out, true);
                }
            }
            escapeBefore = escapeNow;
            bandBefore = bandNow;
            a = b;
        }
    }

    private double root(StateDetector<?> detector, DenseOutput out, double a, double b) {
        return detector.getSolver().solve(detector.getMaxIterationCount(), alpha -> {
            out.state(alpha, work);
            return detector.g(alpha, work);
        }, a, b);
    }

    private void report(StateDetector<?> detector, double alpha, DenseOutput out, boolean increasing) {
        out.state(alpha, work);
        report(detector, alpha, work, increasing);
    }

    private void report(StateDetector<?> detector, double alpha, double[] state, boolean increasing) {
        double[] y = state.clone();
        double[] dy = new double[y.length];
        f.derivatives(y, dy);
        detector.getHandler().eventOccurred(new ODEStateAndDerivative(alpha, y, dy), detector, increasing);
    }
}
