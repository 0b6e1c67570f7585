package dev.overlap.ode;

import java.util.ArrayList;
import java.util.List;

import org.hipparchus.exception.MathRuntimeException;
import org.hipparchus.linear.MatrixUtils;
import org.hipparchus.linear.SingularValueDecomposition;

import dev.overlap.model.ModelSpec;
import dev.overlap.model.Overlaps;

/**
 * The columns of a trajectory table, shared by {@code overlap solve} and the simulator's per-seed tables:
 * {@code alpha, eps_g, Q_1_1, …, Q_p_p, R_1_1, …, R_p_pstar}, then, for the quadratic activation, the derived
 * columns
 * <ul>
 * <li>{@code K_r_s} (r ≤ s): the conserved matrix K(α) = e^{−cTα} Rᵀ Q_⊥⁻¹ R e^{−cTα} of
 * {@link RotationalSymmetry} (constant under gradient flow; NaN where Q_⊥ is singular);</li>
 * <li>{@code dist_closest} (when p ≥ p*): the distance from the weights to the closest zero-loss solution,
 * min over O with OᵀO = I of ‖W − √(κ_t/κ_s) O W*‖/√N = √(tr Q − 2c ‖R‖_* + c² tr T), c = √(κ_t/κ_s), with
 * ‖R‖_* the sum of the singular values of R (the maximiser is the Procrustes solution O = polar(R)).</li>
 * </ul>
 */
public final class TrajectoryColumns {

    private TrajectoryColumns() {
    }

    /** Whether the derived columns exist: the activation has the rotation symmetry of z². */
    private static boolean quadratic(ModelSpec spec) {
        return ActivationTheory.of(spec.activation()).rotationSymmetric();
    }

    /** Column names for a spec. */
    public static String[] names(ModelSpec spec) {
        List<String> c = new ArrayList<>(List.of("alpha", "eps_g"));
        c.addAll(List.of(Overlaps.stateNames(spec.p(), spec.pstar())));
        if (quadratic(spec)) {
            for (int r = 1; r <= spec.pstar(); r++) {
                for (int s = r; s <= spec.pstar(); s++) {
                    c.add("K_" + r + "_" + s);
                }
            }
            if (spec.p() >= spec.pstar()) {
                c.add("dist_closest");
            }
        }
        return c.toArray(new String[0]);
    }

    /** One row in the order of {@link #names}. */
    public static double[] row(ModelSpec spec, double alpha, double epsG, double[] state, double[][] t) {
        String[] names = names(spec);
        double[] row = new double[names.length];
        row[0] = alpha;
        row[1] = epsG;
        System.arraycopy(state, 0, row, 2, state.length);
        if (!quadratic(spec)) {
            return row;
        }
        int k = 2 + state.length;
        int ps = spec.pstar();
        Overlaps o = Overlaps.fromState(spec.p(), ps, state, t);
        double[][] kMatrix;
        try {
            kMatrix = RotationalSymmetry.conserved(spec, o, alpha);
        } catch (MathRuntimeException e) {
            kMatrix = null;
        }
        for (int r = 0; r < ps; r++) {
            for (int s = r; s < ps; s++) {
                row[k++] = kMatrix == null ? Double.NaN : kMatrix[r][s];
            }
        }
        if (spec.p() >= ps) {
            double c = Math.sqrt(spec.kappaTeacher() / spec.kappaStudent());
            double nuclear = 0;
            for (double sv : new SingularValueDecomposition(MatrixUtils.createRealMatrix(o.studentTeacherOverlap()))
                    .getSingularValues()) {
                nuclear += sv;
            }
            double trQ = 0;
            for (int a = 0; a < spec.p(); a++) {
                trQ += o.q(a, a);
            }
            double trT = 0;
            for (int r = 0; r < ps; r++) {
                trT += t[r][r];
            }
            row[k] = Math.sqrt(Math.max(0, trQ - 2 * c * nuclear + c * c * trT));
        }
        return row;
    }
}
