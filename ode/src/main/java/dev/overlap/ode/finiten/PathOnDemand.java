package dev.overlap.ode.finiten;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleFunction;

import org.hipparchus.ode.DenseOutputModel;
import org.hipparchus.ode.ODEState;
import org.hipparchus.ode.OrdinaryDifferentialEquation;
import org.hipparchus.ode.nonstiff.DormandPrince853Integrator;

import dev.overlap.ode.OverlapDynamics;

/**
 * The solution φ(α) of dφ/dα = F(φ) from (α₀, φ₀), integrated on demand in chunks of at least {@value #CHUNK} in α
 * (Dormand–Prince 8(5,3), tolerances 10⁻¹⁰ relative and absolute) and kept as dense output: α ↦ φ(α) for α ≥ α₀.
 * Not thread-safe.
 */
final class PathOnDemand implements DoubleFunction<double[]> {

    static final double CHUNK = 50;

    private final OrdinaryDifferentialEquation ode;
    private final List<DenseOutputModel> chunks = new ArrayList<>();
    private double end;
    private double[] last;
    private boolean started;

    PathOnDemand(OverlapDynamics f, double alpha0, double[] phi0) {
        int d = f.dimension();
        double[] yDot = new double[d];
        this.ode = new OrdinaryDifferentialEquation() {
            @Override
            public int getDimension() {
                return d;
            }

            @Override
            public double[] computeDerivatives(double t, double[] y) {
                f.derivatives(y, yDot);
                return yDot;
            }
        };
        this.end = alpha0;
        this.last = phi0.clone();
    }

    @Override
    public double[] apply(double alpha) {
        while (!started || alpha > end) {
            extend(Math.max(alpha, end + CHUNK));
        }
        for (DenseOutputModel c : chunks) {
            if (alpha <= c.getFinalTime()) {
                return c.getInterpolatedState(alpha).getPrimaryState();
            }
        }
        throw new IllegalStateException("α = " + alpha + " beyond the path");
    }

    private void extend(double to) {
        DenseOutputModel chunk = new DenseOutputModel();
        DormandPrince853Integrator integrator = new DormandPrince853Integrator(1e-10, 50, 1e-10, 1e-10);
        integrator.addStepHandler(chunk);
        last = integrator.integrate(ode, new ODEState(end, last), to).getPrimaryState();
        chunks.add(chunk);
        end = to;
        started = true;
    }
}
