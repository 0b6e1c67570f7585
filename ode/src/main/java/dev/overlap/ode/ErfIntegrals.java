package dev.overlap.ode;

/**
 * Gaussian integrals of g(z) = erf(z/√2), g'(z) = √(2/π) e^{−z²/2}, for fields with covariance C (row-major
 * n·n array, indices into it). These are the closed forms of Saad &amp; Solla, Phys. Rev. E 52, 4225 (1995),
 * in the notation of Goldt, Advani, Saxe, Krzakala, Zdeborová, NeurIPS 2019 (arXiv:1906.08632, appendix):
 * <pre>
 *   I2(a,b)     = E[g(u_a) g(u_b)]            = (2/π) arcsin(C_ab / √((1+C_aa)(1+C_bb)))
 *   I3(a,b,c)   = E[g'(u_a) u_b g(u_c)]       = (2/π) (1/√Λ₃) (C_bc (1+C_aa) − C_ab C_ac) / (1+C_aa),
 *                 Λ₃ = (1+C_aa)(1+C_cc) − C_ac²
 *   I4(a,b,c,d) = E[g'(u_a) g'(u_b) g(u_c) g(u_d)] = (4/π²) (1/√Λ₄) arcsin(Λ₀ / √(Λ₁Λ₂)),
 *                 Λ₄ = (1+C_aa)(1+C_bb) − C_ab²,
 *                 Λ₀ = Λ₄ C_cd − C_bc C_bd (1+C_aa) − C_ac C_ad (1+C_bb) + C_ab C_ac C_bd + C_ab C_ad C_bc,
 *                 Λ₁ = Λ₄ (1+C_cc) − C_bc² (1+C_aa) − C_ac² (1+C_bb) + 2 C_ab C_ac C_bc,
 *                 Λ₂ = Λ₄ (1+C_dd) − C_bd² (1+C_aa) − C_ad² (1+C_bb) + 2 C_ab C_ad C_bd
 *   J2(a,b)     = E[g'(u_a) g'(u_b)]          = (2/π) (1 + C_aa + C_bb + C_aa C_bb − C_ab²)^{−1/2}
 * </pre>
 * Indices may coincide (then the same field appears twice). All methods are static and allocate nothing.
 */
public final class ErfIntegrals {

    private static final double TWO_OVER_PI = 2 / Math.PI;
    private static final double FOUR_OVER_PI2 = 4 / (Math.PI * Math.PI);

    private ErfIntegrals() {
    }

    public static double i2(double[] c, int n, int a, int b) {
        return TWO_OVER_PI * Math.asin(c[a * n + b] / Math.sqrt((1 + c[a * n + a]) * (1 + c[b * n + b])));
    }

    public static double i3(double[] c, int n, int a, int b, int cc) {
        double caa = 1 + c[a * n + a];
        double cac = c[a * n + cc];
        double lambda3 = caa * (1 + c[cc * n + cc]) - cac * cac;
        return TWO_OVER_PI / Math.sqrt(lambda3) * (c[b * n + cc] * caa - c[a * n + b] * cac) / caa;
    }

    public static double i4(double[] c, int n, int a, int b, int cc, int d) {
        double caa = 1 + c[a * n + a];
        double cbb = 1 + c[b * n + b];
        double cab = c[a * n + b];
        double cac = c[a * n + cc];
        double cad = c[a * n + d];
        double cbc = c[b * n + cc];
        double cbd = c[b * n + d];
        double ccd = c[cc * n + d];
        double l4 = caa * cbb - cab * cab;
        double l0 = l4 * ccd - cbc * cbd * caa - cac * cad * cbb + cab * cac * cbd + cab * cad * cbc;
        double l1 = l4 * (1 + c[cc * n + cc]) - cbc * cbc * caa - cac * cac * cbb + 2 * cab * cac * cbc;
        double l2 = l4 * (1 + c[d * n + d]) - cbd * cbd * caa - cad * cad * cbb + 2 * cab * cad * cbd;
        return FOUR_OVER_PI2 / Math.sqrt(l4) * Math.asin(l0 / Math.sqrt(l1 * l2));
    }

    public static double j2(double[] c, int n, int a, int b) {
        double caa = c[a * n + a];
        double cbb = c[b * n + b];
        double cab = c[a * n + b];
        return TWO_OVER_PI / Math.sqrt(1 + caa + cbb + caa * cbb - cab * cab);
    }
}
