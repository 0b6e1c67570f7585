package dev.overlap.papers;

import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.ArrayRealVector;
import org.hipparchus.linear.SingularValueDecomposition;

import dev.overlap.ode.TwoLayerGradientFlow;
import dev.overlap.ode.TwoLayerLoss;

/**
 * A critical point ∇L = 0 of the population loss of a two-layer network with both layers trained: gradient flow
 * dθ/dt = −∇L(θ), θ = (W, a), up to a time t, then damped Newton steps θ ← θ − λ H⁺∇L (H⁺ the pseudo-inverse of
 * the finite-difference Hessian of the exact gradient, λ = 1, ½, … until |∇L| falls).
 *
 * @param loss the population loss
 * @param v    teacher rows
 * @param b    teacher output weights
 */
record CriticalPointSearch(TwoLayerLoss loss, double[][] v, double[] b) {

    /** Largest number of Newton steps, and the |∇L| at which they stop. */
    private static final int NEWTON_STEPS = 20;
    private static final double GRADIENT_TOLERANCE = 1e-14;

    /** @return the critical point reached from {@code start} by gradient flow to t = flowTime (rtol 1e-10) and Newton */
    TwoLayerGradientFlow.Params from(TwoLayerGradientFlow.Params start, double flowTime) {
        TwoLayerGradientFlow flow = new TwoLayerGradientFlow(loss, true, 1e-10);
        TwoLayerGradientFlow.Params p = flow.integrate(start, v, b, new double[] {0, flowTime}, 0).last();
        return newton(p);
    }

    /** @return p after damped Newton steps, stopped when |∇L| ≤ 1e-14, after 20 steps or when no step lowers |∇L| */
    TwoLayerGradientFlow.Params newton(TwoLayerGradientFlow.Params p) {
        double g = gradientNorm(p);
        for (int it = 0; it < NEWTON_STEPS && g > GRADIENT_TOLERANCE; it++) {
            double[][] w = p.w();
            double[] a = p.a();
            double[] grad = loss.gradient(w, a, v, b, true);
            double[][] hess = loss.hessian(w, a, v, b, true);
            double[] step = new SingularValueDecomposition(new Array2DRowRealMatrix(hess, false)).getSolver()
                    .solve(new ArrayRealVector(grad, false)).toArray();
            TwoLayerGradientFlow.Params better = null;
            for (double damp = 1; damp > 1e-3 && better == null; damp /= 2) {
                TwoLayerGradientFlow.Params trial = stepped(p, step, damp);
                double g2 = gradientNorm(trial);
                if (g2 < g) {
                    better = trial;
                    g = g2;
                }
            }
            if (better == null) {
                break;
            }
            p = better;
        }
        return p;
    }

    /** @return |∇L| at p */
    double gradientNorm(TwoLayerGradientFlow.Params p) {
        return SubspacePoints.norm(loss.gradient(p.w(), p.a(), v, b, true));
    }

    /** @return θ − damp · step, step ordered as the gradient (W row by row, then a) */
    private static TwoLayerGradientFlow.Params stepped(TwoLayerGradientFlow.Params p, double[] step, double damp) {
        double[][] w = p.w();
        double[] a = p.a();
        int r = a.length;
        int n = w[0].length;
        for (int i = 0; i < r; i++) {
            for (int l = 0; l < n; l++) {
                w[i][l] -= damp * step[i * n + l];
            }
            a[i] -= damp * step[r * n + i];
        }
        return new TwoLayerGradientFlow.Params(w, a);
    }
}
