package dev.overlap.ode;

import java.util.List;

import org.hipparchus.ode.ODEState;
import org.hipparchus.ode.OrdinaryDifferentialEquation;
import org.hipparchus.ode.nonstiff.DormandPrince853Integrator;

import dev.overlap.model.ModelSpec;
import dev.overlap.ode.sampling.GridSampler;

/**
 * Gradient flow on the population loss in weight space at finite N, in the time of the SGD dynamics:
 * <pre>
 *   dW/dα = −η N ∂L/∂W,     L(W) = ε_g(W Wᵀ/N, W W*ᵀ/N, W* W*ᵀ/N),
 * </pre>
 * the mean SGD step −(η/√N) E[(ŷ − y) κ_s σ'(λ_a) x] = −η ∂L/∂w_a taken N times per unit α. Because L depends on
 * W only through the overlaps, the overlaps of this flow obey the overlap ODEs without the η² term exactly, at
 * any N; it is available for every activation with a pair kernel ({@link PairKernel}: quadratic, erf, ReLU, |z|).
 */
public final class PopulationGradientFlow {

    private final ModelSpec spec;
    private final PopulationLoss loss;
    private final double rtol;

    public PopulationGradientFlow(ModelSpec spec, double rtol) {
        this.spec = spec;
        this.loss = new PopulationLoss(spec);
        this.rtol = rtol;
    }

    /**
     * Integrates from W(0) and returns W at each requested α (ascending, ≥ 0).
     *
     * @param student W(0), p rows of length N
     * @param teacher W*, p* rows of length N
     * @param alphas  output times
     * @return W(α) for each α, [k][a][i]
     */
    public double[][][] integrate(double[][] student, double[][] teacher, double[] alphas) {
        int p = spec.p();
        int n = student[0].length;
        double scale = spec.eta() * n;
        OrdinaryDifferentialEquation ode = new OrdinaryDifferentialEquation() {
            private final double[][] w = new double[p][n];
            private final double[] dy = new double[p * n];

            @Override
            public int getDimension() {
                return p * n;
            }

            @Override
            public double[] computeDerivatives(double t, double[] y) {
                for (int a = 0; a < p; a++) {
                    System.arraycopy(y, a * n, w[a], 0, n);
                }
                double[][] g = loss.gradient(w, teacher);
                for (int a = 0; a < p; a++) {
                    for (int i = 0; i < n; i++) {
                        dy[a * n + i] = -scale * g[a][i];
                    }
                }
                return dy;
            }
        };
        double[] y0 = new double[p * n];
        for (int a = 0; a < p; a++) {
            System.arraycopy(student[a], 0, y0, a * n, n);
        }
        GridSampler<double[][]> sampler = new GridSampler<>(alphas, p * n, (alpha, y) -> unflatten(y, p, n));
        sampler.start(y0);
        double end = alphas[alphas.length - 1];
        if (end > 0) {
            DormandPrince853Integrator integrator = new DormandPrince853Integrator(0, end, rtol * 1e-2, rtol);
            integrator.addStepHandler(sampler);
            integrator.integrate(ode, new ODEState(0, y0), end);
        }
        double[][][] out = new double[alphas.length][][];
        List<double[][]> rows = sampler.rows();
        for (int k = 0; k < rows.size(); k++) {
            out[k] = rows.get(k);
        }
        return out;
    }

    /** The population loss L(W). */
    public double loss(double[][] student, double[][] teacher) {
        return loss.value(student, teacher);
    }

    private static double[][] unflatten(double[] y, int p, int n) {
        double[][] w = new double[p][n];
        for (int a = 0; a < p; a++) {
            System.arraycopy(y, a * n, w[a], 0, n);
        }
        return w;
    }
}
