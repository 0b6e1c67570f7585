package dev.overlap.ode;

/**
 * Gradients of the Saad–Solla integrals I3, I4 and J2 of {@link ErfIntegrals} with respect to the overlaps, for
 * exact Jacobians of the erf dynamics.
 *
 * <p>Each integral is a function of the covariance entries it reads. A state entry y_k is the symmetric pair
 * C_uv = C_vu (or a diagonal C_uu), so by the chain rule ∂I/∂y_k is the sum of the partial derivatives with
 * respect to every entry read that lies at (u, v) or (v, u); where indices of the integral coincide (I3(a, a, c),
 * I4(a, b, c, c), J2(a, a)), one entry is read several times and its partials add up. The partials, with
 * c_xx = 1 + C_xx:
 * <pre>
 *   I3 = (2/π) N / (c_aa √Λ₃),  N = C_bc c_aa − C_ab C_ac,  Λ₃ = c_aa c_cc − C_ac²
 *     ∂I3 = (2/π) [∂N / (c_aa √Λ₃) − N / (c_aa √Λ₃) (∂c_aa / c_aa + ∂Λ₃ / (2 Λ₃))]
 *   I4 = (4/π²) Λ₄^{−1/2} arcsin s,  s = Λ₀ / √(Λ₁ Λ₂)
 *     ∂I4 = (4/π²) [−½ Λ₄^{−3/2} ∂Λ₄ arcsin s + Λ₄^{−1/2} ∂s / √(1 − s²)],
 *     ∂s = ∂Λ₀ / √(Λ₁ Λ₂) − ½ s (∂Λ₁ / Λ₁ + ∂Λ₂ / Λ₂)
 *   J2 = (2/π) D^{−1/2},  D = c_aa c_bb − C_ab²,   ∂J2 = −(1/π) D^{−3/2} ∂D
 * </pre>
 * with the partials of the polynomials Λ₀…Λ₄ of {@link ErfIntegrals} written out in {@link #addI4}.
 *
 * <p>Every method adds {@code weight} · ∂I/∂y_k to {@code out[offset + k]} for each state entry y_k, where
 * {@code column[u n + v]} is the index k of the state entry holding C_uv (−1 for a constant entry, the teacher
 * block T). They are static and allocate nothing.
 */
final class ErfIntegralGradients {

    private static final double TWO_OVER_PI = 2 / Math.PI;
    private static final double FOUR_OVER_PI2 = 4 / (Math.PI * Math.PI);

    private ErfIntegralGradients() {
    }

    /**
     * Adds weight · ∇I3(a, b, cc), I3 = E[g'(u_a) u_b g(u_cc)].
     *
     * @param c      the covariance, row-major n·n
     * @param column the state index of each covariance entry, −1 where constant
     */
    static void addI3(double[] c, int n, int[] column, int a, int b, int cc, double weight, double[] out,
            int offset) {
        double caa = 1 + c[a * n + a];
        double ccc = 1 + c[cc * n + cc];
        double cac = c[a * n + cc];
        double cab = c[a * n + b];
        double cbc = c[b * n + cc];
        double lambda3 = caa * ccc - cac * cac;
        double g = weight * TWO_OVER_PI / (caa * Math.sqrt(lambda3));
        double num = cbc * caa - cab * cac;
        double half = 0.5 / lambda3;
        // I3 = g N: ∂I3 = g ∂N + N ∂g, with ∂g / g = −∂c_aa / c_aa − ∂Λ₃ / (2Λ₃)
        add(column, n, a, a, g * (cbc - num * (1 / caa + half * ccc)), out, offset);
        add(column, n, cc, cc, -g * num * half * caa, out, offset);
        add(column, n, a, cc, g * (-cab + num * 2 * cac * half), out, offset);
        add(column, n, b, cc, g * caa, out, offset);
        add(column, n, a, b, -g * cac, out, offset);
    }

    /**
     * Adds weight · ∇I4(a, b, cc, d), I4 = E[g'(u_a) g'(u_b) g(u_cc) g(u_d)].
     *
     * @param c      the covariance, row-major n·n
     * @param column the state index of each covariance entry, −1 where constant
     */
    static void addI4(double[] c, int n, int[] column, int a, int b, int cc, int d, double weight, double[] out,
            int offset) {
        double caa = 1 + c[a * n + a];
        double cbb = 1 + c[b * n + b];
        double ccc = 1 + c[cc * n + cc];
        double cdd = 1 + c[d * n + d];
        double cab = c[a * n + b];
        double cac = c[a * n + cc];
        double cad = c[a * n + d];
        double cbc = c[b * n + cc];
        double cbd = c[b * n + d];
        double ccd = c[cc * n + d];
        double l4 = caa * cbb - cab * cab;
        double l0 = l4 * ccd - cbc * cbd * caa - cac * cad * cbb + cab * cac * cbd + cab * cad * cbc;
        double l1 = l4 * ccc - cbc * cbc * caa - cac * cac * cbb + 2 * cab * cac * cbc;
        double l2 = l4 * cdd - cbd * cbd * caa - cad * cad * cbb + 2 * cab * cad * cbd;
        double root12 = Math.sqrt(l1 * l2);
        double s = l0 / root12;
        double asin = Math.asin(s);
        double invRoot4 = 1 / Math.sqrt(l4);
        // ∂I4 = kL4 ∂Λ₄ + kS ∂s,  ∂s = ∂Λ₀ / √(Λ₁Λ₂) − ½ s (∂Λ₁/Λ₁ + ∂Λ₂/Λ₂)
        double kL4 = -0.5 * weight * FOUR_OVER_PI2 * invRoot4 / l4 * asin;
        double kS = weight * FOUR_OVER_PI2 * invRoot4 / Math.sqrt(1 - s * s);
        double k0 = kS / root12;
        double k1 = -0.5 * kS * s / l1;
        double k2 = -0.5 * kS * s / l2;
        // partials of Λ₄ (c_aa, c_bb, C_ab)
        double l4aa = cbb;
        double l4bb = caa;
        double l4ab = -2 * cab;
        // Λ₀ (every entry but c_cc, c_dd)
        double l0aa = l4aa * ccd - cbc * cbd;
        double l0bb = l4bb * ccd - cac * cad;
        double l0ab = l4ab * ccd + cac * cbd + cad * cbc;
        double l0ac = -cad * cbb + cab * cbd;
        double l0ad = -cac * cbb + cab * cbc;
        double l0bc = -cbd * caa + cab * cad;
        double l0bd = -cbc * caa + cab * cac;
        // Λ₁ (entries among a, b, cc) and Λ₂ (among a, b, d)
        double l1aa = l4aa * ccc - cbc * cbc;
        double l1bb = l4bb * ccc - cac * cac;
        double l1ab = l4ab * ccc + 2 * cac * cbc;
        double l1ac = -2 * cac * cbb + 2 * cab * cbc;
        double l1bc = -2 * cbc * caa + 2 * cab * cac;
        double l2aa = l4aa * cdd - cbd * cbd;
        double l2bb = l4bb * cdd - cad * cad;
        double l2ab = l4ab * cdd + 2 * cad * cbd;
        double l2ad = -2 * cad * cbb + 2 * cab * cbd;
        double l2bd = -2 * cbd * caa + 2 * cab * cad;
        add(column, n, a, a, kL4 * l4aa + k0 * l0aa + k1 * l1aa + k2 * l2aa, out, offset);
        add(column, n, b, b, kL4 * l4bb + k0 * l0bb + k1 * l1bb + k2 * l2bb, out, offset);
        add(column, n, a, b, kL4 * l4ab + k0 * l0ab + k1 * l1ab + k2 * l2ab, out, offset);
        add(column, n, a, cc, k0 * l0ac + k1 * l1ac, out, offset);
        add(column, n, b, cc, k0 * l0bc + k1 * l1bc, out, offset);
        add(column, n, a, d, k0 * l0ad + k2 * l2ad, out, offset);
        add(column, n, b, d, k0 * l0bd + k2 * l2bd, out, offset);
        add(column, n, cc, d, k0 * l4, out, offset);
        add(column, n, cc, cc, k1 * l4, out, offset);
        add(column, n, d, d, k2 * l4, out, offset);
    }

    /**
     * Adds weight · ∇J2(a, b), J2 = E[g'(u_a) g'(u_b)].
     *
     * @param c      the covariance, row-major n·n
     * @param column the state index of each covariance entry, −1 where constant
     */
    static void addJ2(double[] c, int n, int[] column, int a, int b, double weight, double[] out, int offset) {
        double caa = 1 + c[a * n + a];
        double cbb = 1 + c[b * n + b];
        double cab = c[a * n + b];
        double det = caa * cbb - cab * cab;
        double k = -0.5 * weight * TWO_OVER_PI / (det * Math.sqrt(det));
        add(column, n, a, a, k * cbb, out, offset);
        add(column, n, b, b, k * caa, out, offset);
        add(column, n, a, b, -2 * k * cab, out, offset);
    }

    /** out[offset + k] += value for the state entry k holding C_uv, if it is not constant. */
    private static void add(int[] column, int n, int u, int v, double value, double[] out, int offset) {
        int k = column[u * n + v];
        if (k >= 0) {
            out[offset + k] += value;
        }
    }
}
