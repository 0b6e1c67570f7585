package dev.overlap.ode;

import java.util.Locale;

import dev.overlap.model.InitialCondition;
import dev.overlap.model.ModelSpec;
import dev.overlap.model.Overlaps;
import dev.overlap.model.SpecException;

/**
 * The overlaps (Q, R, T) of two critical points of the population loss ε_g, for a spec's widths, activation,
 * normalisation (κ_s, κ_t) and teacher overlap T.
 *
 * <p><b>Plateau</b>: the fixed point of gradient flow on ε_g (the overlap ODE without the η² term, so that it is a
 * critical point of the loss, not of the SGD drift) reached from Q = I, R = 0, as {@link FixedPoints#plateauFrom}
 * finds it: the R = 0 (unspecialised) fixed point where R = 0 is invariant (σ(z) = z²: Q = q* I with
 * q* = κ_t tr T/(κ_s(p + 2))), else the permutation-symmetric saddle (erf).
 *
 * <p><b>Zero loss</b>: a point where the student computes the teacher's function exactly.
 * <ul>
 * <li>σ(z) = z² (p ≥ p*): w_a = c w*_a for a &lt; p*, w_a = 0 otherwise, c = √(κ_t/κ_s), so
 * κ_s WᵀW = κ_t W*ᵀW*. Every point W = c O W* (OᵀO = I) of the zero-loss manifold has the same Hessian spectrum
 * (W → UW, U ∈ O(p), is a symmetry of the loss and an isometry of weight space).</li>
 * <li>erf (σ(0) = 0): k = κ_t/κ_s copies of each teacher unit, w_a = w*_r for a = r k … r k + k − 1, and the
 * remaining p − k p* units idle at w = 0; k must be a whole number with k p* ≤ p.</li>
 * </ul>
 */
public final class CriticalOverlaps {

    private CriticalOverlaps() {
    }

    /**
     * The plateau (see the class comment).
     *
     * @return the overlaps of the plateau
     * @throws SpecException if gradient flow has no plateau from Q = I, R = 0 (it diverges, or its symmetric fixed
     *                       point is stable, e.g. erf with p* = 1)
     */
    public static Overlaps plateau(ModelSpec spec) {
        ModelSpec flow = spec.withEta2(false).withInit(new InitialCondition.Isotropic(1.0, 0.0));
        Overlaps start = flow.initialOverlaps();
        OverlapDynamics f = OverlapDynamics.of(flow, start.teacherOverlap());
        FixedPoint fp = FixedPoints.plateauFrom(f, start.toState());
        if (fp == null) {
            throw SpecException.mentioning("gradient flow from Q = I, R = 0 has no plateau for p = " + spec.p()
                    + ", p* = " + spec.pstar() + ", " + spec.activation().name() + ", {norm "
                    + spec.normalisation().flag()
                    + "} (no saddle fixed point: the flow diverges or its symmetric fixed point is stable)", null);
        }
        return Overlaps.fromState(spec.p(), spec.pstar(), fp.state(), start.teacherOverlap());
    }

    /**
     * A zero-loss point (see the class comment).
     *
     * @return the overlaps of a point with ε_g = 0
     * @throws SpecException if the spec has none of the form above
     */
    public static Overlaps zeroLoss(ModelSpec spec) {
        WeightSpaceHessian.Method method = WeightSpaceHessian.method(spec.activation());
        int p = spec.p();
        int ps = spec.pstar();
        double[][] t = spec.teacherOverlap();
        double ratio = spec.kappaTeacher() / spec.kappaStudent();
        int[] teacherOf = new int[p];
        double scale;
        if (method == WeightSpaceHessian.Method.EXACT) {
            if (p < ps) {
                throw new SpecException("σ(z) = z² has no zero-loss point for p < p* (p = " + p + ", p* = " + ps
                        + "): the student's rank-p form cannot equal the teacher's rank-p* one");
            }
            scale = Math.sqrt(ratio);
            for (int a = 0; a < p; a++) {
                teacherOf[a] = a < ps ? a : -1;
            }
        } else {
            long k = Math.round(ratio);
            if (k < 1 || Math.abs(ratio - k) > 1e-12 * ratio || k * ps > p) {
                throw SpecException.mentioning(String.format(Locale.ROOT, "erf has a zero-loss point of this form only"
                        + " with k = κ_t/κ_s copies of each teacher unit, k a whole number with k·p* ≤ p; here κ_t/κ_s ="
                        + " %.6g, p = %d, p* = %d (try {norm sum} with p ≥ p*, or {norm mean} with p a multiple of"
                        + " p*)", ratio, p, ps), null);
            }
            scale = 1.0;
            for (int a = 0; a < p; a++) {
                teacherOf[a] = a < k * ps ? (int) (a / k) : -1;
            }
        }
        double[][] q = new double[p][p];
        double[][] r = new double[p][ps];
        for (int a = 0; a < p; a++) {
            if (teacherOf[a] < 0) {
                continue;
            }
            for (int b = 0; b < p; b++) {
                if (teacherOf[b] >= 0) {
                    q[a][b] = scale * scale * t[teacherOf[a]][teacherOf[b]];
                }
            }
            for (int s = 0; s < ps; s++) {
                r[a][s] = scale * t[teacherOf[a]][s];
            }
        }
        return Overlaps.of(q, r, t);
    }
}
