package dev.overlap.ode;

import java.util.List;

import org.hipparchus.ode.ODEState;
import org.hipparchus.ode.OrdinaryDifferentialEquation;
import org.hipparchus.ode.nonstiff.DormandPrince853Integrator;

import dev.overlap.ode.events.EventKind;
import dev.overlap.ode.events.EventsLog;
import dev.overlap.ode.events.LevelDetector;
import dev.overlap.ode.events.StateDetector;
import dev.overlap.ode.sampling.GridSampler;

/**
 * Gradient flow dθ/dt = −∇_θ L(θ) on the population loss of a two-layer network ({@link TwoLayerLoss}), with
 * θ = W (first layer only) or θ = (W, a) (both layers trained), integrated by Dormand–Prince 8(5,3) with
 * dense output. Time t is in units of the loss gradient: one unit of t moves θ by −∇L. (For the fixed second
 * layer the SGD time is α = t/(ηN).)
 */
public final class TwoLayerGradientFlow {

    /** A point θ = (W, a) of parameter space; arrays are copied in and out. */
    public record Params(double[][] w, double[] a) {
        public Params {
            w = copy(w);
            a = a.clone();
        }

        @Override
        public double[][] w() {
            return copy(w);
        }

        @Override
        public double[] a() {
            return a.clone();
        }

        private static double[][] copy(double[][] x) {
            double[][] y = new double[x.length][];
            for (int i = 0; i < x.length; i++) {
                y[i] = x[i].clone();
            }
            return y;
        }
    }

    /**
     * A run: θ and L at each requested time up to the stop, and the time the loss first fell to the threshold
     * (NaN if it did not before the last requested time).
     */
    public record Run(double[] times, double[] losses, List<Params> states, double timeToThreshold) {
        public Run {
            times = times.clone();
            losses = losses.clone();
            states = List.copyOf(states);
        }

        /** The last state reached. */
        public Params last() {
            return states.get(states.size() - 1);
        }
    }

    private final TwoLayerLoss loss;
    private final boolean trainOutput;
    private final double rtol;

    /**
     * @param loss        the population loss
     * @param trainOutput whether the output weights a are trained (else held at their initial values)
     * @param rtol        relative tolerance of the integrator (absolute tolerance rtol·1e-2)
     */
    public TwoLayerGradientFlow(TwoLayerLoss loss, boolean trainOutput, double rtol) {
        this.loss = loss;
        this.trainOutput = trainOutput;
        this.rtol = rtol;
    }

    /**
     * Integrates from {@code start} and records θ and L at each time (ascending, ≥ 0). With a positive
     * {@code threshold} the flow stops when L first reaches it; the times after that are not recorded.
     */
    public Run integrate(Params start, double[][] v, double[] b, double[] times, double threshold) {
        double[][] w0 = start.w();
        double[] a0 = start.a();
        int m = w0.length;
        int n = w0[0].length;
        int dim = m * n + (trainOutput ? m : 0);
        double[][] w = new double[m][n];
        double[] a = a0.clone();
        OrdinaryDifferentialEquation ode = new OrdinaryDifferentialEquation() {
            @Override
            public int getDimension() {
                return dim;
            }

            @Override
            public double[] computeDerivatives(double t, double[] y) {
                unpack(y, w, a);
                double[] g = loss.gradient(w, a, v, b, trainOutput);
                for (int k = 0; k < g.length; k++) {
                    g[k] = -g[k];
                }
                return g;
            }
        };
        double[] y0 = new double[dim];
        for (int i = 0; i < m; i++) {
            System.arraycopy(w0[i], 0, y0, i * n, n);
        }
        if (trainOutput) {
            System.arraycopy(a0, 0, y0, m * n, m);
        }
        double[][] wk = new double[m][n];
        double[] ak = a0.clone();
        GridSampler<Sample> sampler = new GridSampler<>(times, dim, (t, y) -> {
            unpack(y, wk, ak);
            return new Sample(loss.value(wk, ak, v, b), new Params(wk, ak));
        });
        double l0 = loss.value(w0, a0, v, b);
        sampler.start(y0);
        boolean startsBelow = threshold > 0 && l0 <= threshold;
        double end = times[times.length - 1];
        EventsLog log = new EventsLog();
        if (end > 0 && !startsBelow) {
            DormandPrince853Integrator integrator = new DormandPrince853Integrator(0, end, rtol * 1e-2, rtol);
            integrator.addStepHandler(sampler);
            if (threshold > 0) {
                double logThreshold = Math.log(threshold);
                double[][] wg = new double[m][n];
                double[] ag = a0.clone();
                integrator.addEventDetector(log.monitor(new LevelDetector(EventKind.LEVEL, (t, y) -> {
                    unpack(y, wg, ag);
                    return Math.log(Math.max(loss.value(wg, ag, v, b), Double.MIN_NORMAL)) - logThreshold;
                }).withMaxCheck(end).withHandler(StateDetector.STOP_WHEN_DECREASING)));
            }
            var last = integrator.integrate(ode, new ODEState(0, y0), end);
            double[] recorded = sampler.alphas();
            if (log.first(EventKind.LEVEL, false) != null
                    && (recorded.length == 0 || recorded[recorded.length - 1] < last.getTime())) {
                sampler.append(last.getTime(), last.getPrimaryState());
            }
        }
        Double hit = startsBelow ? Double.valueOf(0) : log.first(EventKind.LEVEL, false);
        List<Sample> rows = sampler.rows();
        double[] lArr = rows.stream().mapToDouble(Sample::loss).toArray();
        List<Params> states = rows.stream().map(Sample::params).toList();
        return new Run(sampler.alphas(), lArr, states, hit == null ? Double.NaN : hit);
    }

    /** A recorded row: the loss and the parameters. */
    private record Sample(double loss, Params params) {
    }

    private void unpack(double[] y, double[][] w, double[] a) {
        int m = w.length;
        int n = w[0].length;
        for (int i = 0; i < m; i++) {
            System.arraycopy(y, i * n, w[i], 0, n);
        }
        if (trainOutput) {
            System.arraycopy(y, m * n, a, 0, m);
        }
    }
}
