package dev.overlap.papers;

/**
 * Şimşek, Ged, Jacot, Spadaro, Hongler, Gerstner, Brea, "Geometry of the loss landscape in overparameterized neural
 * networks: symmetries and invariances" (ICML 2021, arXiv:2105.12221), for the two-layer network
 * f(x) = Σ_{k=1}^m a_k σ(w_k·x), w_k ∈ ℝ^d, of width m = r* + h, where r* is the smallest width that reaches zero loss.
 *
 * <p><b>Global minima.</b> Let the minimal zero-loss network have neurons (w*_i, a*_i), i = 1…r*, with distinct w*_i and
 * a*_i ≠ 0, and let σ be generic (a width-m network computes f* only by the construction below). A label map
 * π: {1…m} → {0, 1…r*} that takes every value i ≥ 1 defines the affine subspace
 * <pre>
 *   Γ_π = { w_k = w*_{π(k)} for π(k) ≥ 1;   Σ_{k: π(k)=i} a_k = a*_i for i = 1…r*;   a_k = 0, w_k free for π(k) = 0 }.
 * </pre>
 * Slots labelled 0 are zero type, the others are copies of a teacher neuron whose output weights split a*_i. With
 * j = |π⁻¹(0)| zero-type slots, dim Γ_π = j d + (m − j − r*) = h + j(d − 1) ≥ h, and
 * <pre>
 *   T(r*, m) = #π = Σ_{j=0}^{h} C(m, j) r*! S(m − j, r*) = r*! S(m + 1, r* + 1) = Σ_{k=0}^{r*} (−1)^k C(r*, k) (r* + 1 − k)^m,
 * </pre>
 * S the Stirling numbers of the second kind: choose the j zero-type slots, then a surjection of the other m − j slots
 * onto the r* neurons (r*! S(m − j, r*) of them). The second form adds a phantom slot m + 1 that always lies in the zero
 * block: the partitions of m + 1 slots into r* + 1 blocks, the r* blocks without the phantom labelled by the neurons.
 * The third is inclusion–exclusion over the neurons that no slot covers. The number of subspaces of dimension
 * h + j(d − 1) is the j-th term C(m, j) r*! S(m − j, r*).
 *
 * <p><b>Symmetry-induced critical points.</b> Let (w_i, a_i), i = 1…r, be an irreducible critical point of width r < r*
 * (distinct w_i, a_i ≠ 0). For a surjection π: {1…m} → {1…r} put w_k = w_{π(k)} and split a_i = Σ_{π(k)=i} a_k.
 * The function is unchanged, and
 * <pre>
 *   ∂L/∂a_k = E[(f − f*) σ(w_i·x)] = ∂L/∂a_i|_width r = 0,   ∂L/∂w_k = a_k E[(f − f*) σ'(w_i·x) x] = (a_k/a_i) ∂L/∂w_i|_width r = 0,
 * </pre>
 * so the whole affine subspace (dimension m − r) is critical, and there are G(r, m) = r! S(m, r) =
 * Σ_{k=0}^{r} (−1)^k C(r, k)(r − k)^m of them. Zero-type slots with a free incoming weight are not critical:
 * ∂L/∂a_k = E[(f − f*) σ(w_k·x)] ≠ 0 for a generic w_k, since f ≠ f* below width r*. It vanishes at w_k = w_i, which
 * is a replication with split a_k = 0 and already counted. For odd σ with σ(0) = 0 (erf) it also vanishes at
 * w_k = 0, a single point and not a subspace.
 *
 * <p><b>Regimes.</b> G(r* − 1, r*)/T(r*, r*) = (r* − 1)! C(r*, 2)/r*! = (r* − 1)/2, so saddles outnumber minima at
 * h = 0 for r* ≥ 4 (tie at r* = 3). For fixed r and m → ∞, S(m, r) ~ r^m/r!, so G(r* − 1, m) ~ (r* − 1)^m while
 * T(r*, m) ~ (r* + 1)^m, and ln(T/G)/h → ln((r* + 1)/(r* − 1)). The crossover h, after which T > G, is found exactly.
 *
 * <p><b>Connectivity.</b> Γ_π ∩ Γ_ρ ≠ ∅ iff (i) no slot carries two different neurons (π(k), ρ(k) ≥ 1 ⇒ π(k) = ρ(k))
 * and (ii) every neuron i has a slot with π(k) = ρ(k) = i. The w-constraints are per slot, which gives (i). Given (i),
 * the sets U_i = π⁻¹(i) ∪ ρ⁻¹(i) are disjoint. On U_i the slots outside π⁻¹(i) ∩ ρ⁻¹(i) are zero type for one of the
 * two maps, so a_k = 0 there, and both sum constraints become Σ_{k ∈ π⁻¹(i) ∩ ρ⁻¹(i)} a_k = a*_i ≠ 0. That is solvable
 * iff the intersection is not empty. At m = r* all π are bijections and (ii) forces π = ρ: r*! isolated points. This
 * rule is cross-checked against the exact test, consistency of the two stacked linear systems in exact integer
 * arithmetic.
 *
 * <p>Where it lives: the counts in {@link SubspaceCounts} (on {@link Combinatorics}), their brute force in
 * {@link LabelMaps}, the exact subspaces in {@link ExactAffineSystems} on the integer network below, the intersection
 * graph in {@link SubspaceGraph} (drawn by {@link SubspaceGraphFigure}), points on the subspaces of a real network in
 * {@link SubspacePoints}. Parts: {@link Simsek2021Counts}, {@link Simsek2021Connectivity}, {@link Simsek2021Check}
 * (erf network, population loss over Gaussian inputs). {@link SubspaceCounts#countTable} gives T and G over any
 * ranges of widths ({@code overlap reproduce simsek2021 counts --m-max M}).
 */
public final class Simsek2021 {

    /** Input dimension d of the exact instantiation of the subspaces. */
    static final int D = 2;
    /** A generic minimal network with integer weights: distinct w*_i (rows used: the first r*). */
    static final long[][] TEACHER_W = {{3, -1}, {-2, 5}, {1, 4}, {-5, -3}};
    /** Its output weights a*_i, all nonzero. */
    static final long[] TEACHER_A = {2, -3, 5, 7};

    private Simsek2021() {
    }
}
