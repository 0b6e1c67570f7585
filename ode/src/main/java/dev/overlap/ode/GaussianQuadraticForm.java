package dev.overlap.ode;

/**
 * Gaussian moments of a quadratic form z = Λᵀ D Λ with D = diag(d) and Λ ~ N(0, C), n = dim Λ.
 *
 * <p>By Stein's lemma, E[Λ Λᵀ f(Λ)] = E[f] C + C E[∇∇ᵀf] C. With ∇∇ᵀz = 2D and
 * ∇∇ᵀ(z²) = 8 DΛΛᵀD + 4 z D this gives the four identities
 * <pre>
 *   E[z]       = tr(DC)
 *   E[z²]      = (tr DC)² + 2 tr(DCDC)
 *   E[z ΛΛᵀ]   = tr(DC) C + 2 CDC
 *   E[z² ΛΛᵀ]  = E[z²] C + 4 tr(DC) CDC + 8 CDCDC
 * </pre>
 * {@link #compute(double[])} evaluates tr DC, tr DCDC and the first {@code rows} rows of CDC and CDCDC
 * into preallocated buffers: it allocates nothing. Instances are therefore not thread-safe.
 */
public final class GaussianQuadraticForm {

    private final int n;
    private final int rows;
    private final double[] d;
    private final double[] dc;
    private final double[] cdc;
    private final double[] cdcdc;
    private final double[] factor;
    private double trDC;
    private double trDCDC;
    private double[] c;

    /**
     * @param d    the diagonal of D
     * @param rows how many leading rows of the moment matrices are needed (≤ n)
     */
    public GaussianQuadraticForm(double[] d, int rows) {
        this.n = d.length;
        this.rows = rows;
        this.d = d.clone();
        this.dc = new double[n * n];
        this.cdc = new double[rows * n];
        this.cdcdc = new double[rows * n];
        this.factor = new double[n * n];
    }

    /** Evaluates the moments for C, given row-major as an n·n array (kept by reference until the next call). */
    public void compute(double[] cov) {
        this.c = cov;
        double tr = 0;
        for (int i = 0; i < n; i++) {
            double di = d[i];
            int row = i * n;
            for (int j = 0; j < n; j++) {
                dc[row + j] = di * cov[row + j];
            }
            tr += dc[row + i];
        }
        trDC = tr;
        double tr2 = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                tr2 += dc[i * n + j] * dc[j * n + i];
            }
        }
        trDCDC = tr2;
        // CDC[i][j] = Σ_k C[i][k] (DC)[k][j], first `rows` rows only (all that the moments below need)
        for (int i = 0; i < rows; i++) {
            int row = i * n;
            for (int j = 0; j < n; j++) {
                cdc[row + j] = 0;
            }
            for (int k = 0; k < n; k++) {
                double cik = cov[row + k];
                if (cik == 0) {
                    continue;
                }
                int rk = k * n;
                for (int j = 0; j < n; j++) {
                    cdc[row + j] += cik * dc[rk + j];
                }
            }
        }
        // CDCDC[i][j] = Σ_k CDC[i][k] (DC)[k][j], first `rows` rows only; zero entries skipped as above (at a
        // diagonal Q and R = 0, as on the plateau search of IsotropicPlateau, both products then cost O(rows · n))
        for (int i = 0; i < rows; i++) {
            int row = i * n;
            for (int j = 0; j < n; j++) {
                cdcdc[row + j] = 0;
            }
            for (int k = 0; k < n; k++) {
                double x = cdc[row + k];
                if (x == 0) {
                    continue;
                }
                int rk = k * n;
                for (int j = 0; j < n; j++) {
                    cdcdc[row + j] += x * dc[rk + j];
                }
            }
        }
    }

    /**
     * E[z] = tr(DC).
     *
     * @return E[z] at the C of the last {@link #compute}
     */
    public double meanZ() {
        return trDC;
    }

    /**
     * E[z²] = (tr DC)² + 2 tr(DCDC).
     *
     * @return E[z²] at the C of the last {@link #compute}
     */
    public double meanZ2() {
        return trDC * trDC + 2 * trDCDC;
    }

    /**
     * E[z²] at C without cancellation: (tr DC)² + 2‖LᵀDL‖²_F with C = LLᵀ ({@link ClampedCholesky}).
     * tr(DCDC) = ‖LᵀDL‖²_F, so this equals {@link #meanZ2()}, but as a sum of squares it is never negative: near
     * z ≡ 0 (the zero-loss manifold of the quadratic network) the direct form cancels O(1) terms and came out as
     * −7.5e-15. Its accuracy there is still limited by the rounding of C's O(1) entries, about 10⁻¹⁶ absolute on
     * E[z²] (relative 10⁻⁴ at E[z²] = 10⁻¹²), since rounding moves C off the set of realisable covariances.
     * Independent of {@link #compute}; allocation-free.
     *
     * @param cov C, row-major n·n
     * @return E[z²] ≥ 0 at cov
     */
    public double meanZ2NonNegative(double[] cov) {
        double tr = 0;
        for (int i = 0; i < n; i++) {
            tr += d[i] * cov[i * n + i];
        }
        ClampedCholesky.factor(cov, n, factor);
        double squares = 0;
        for (int a = 0; a < n; a++) {
            for (int b = 0; b <= a; b++) {
                // (LᵀDL)_ab = Σ_{k ≥ a} L_ka d_k L_kb (L lower triangular, a ≥ b)
                double v = 0;
                for (int k = a; k < n; k++) {
                    v += factor[k * n + a] * d[k] * factor[k * n + b];
                }
                squares += a == b ? v * v : 2 * v * v;
            }
        }
        return tr * tr + 2 * squares;
    }

    /**
     * tr(DCDC).
     *
     * @return tr(DCDC) at the C of the last {@link #compute}
     */
    public double traceDCDC() {
        return trDCDC;
    }

    /**
     * (CDC)[i][j], for i &lt; rows.
     *
     * @return (CDC)_ij at the C of the last {@link #compute}
     */
    public double cdc(int i, int j) {
        return cdc[i * n + j];
    }

    /**
     * (CDCDC)[i][j], for i &lt; rows.
     *
     * @return (CDCDC)_ij at the C of the last {@link #compute}
     */
    public double cdcdc(int i, int j) {
        return cdcdc[i * n + j];
    }

    /**
     * E[z Λ_i Λ_j] = tr(DC) C_ij + 2 (CDC)_ij, for i &lt; rows.
     *
     * @return E[z Λ_i Λ_j] at the C of the last {@link #compute}
     */
    public double meanZOuter(int i, int j) {
        return trDC * c[i * n + j] + 2 * cdc[i * n + j];
    }

    /**
     * E[z² Λ_i Λ_j] = E[z²] C_ij + 4 tr(DC) (CDC)_ij + 8 (CDCDC)_ij, for i &lt; rows.
     *
     * @return E[z² Λ_i Λ_j] at the C of the last {@link #compute}
     */
    public double meanZ2Outer(int i, int j) {
        return meanZ2() * c[i * n + j] + 4 * trDC * cdc[i * n + j] + 8 * cdcdc[i * n + j];
    }

    /**
     * The dimension n of Λ.
     *
     * @return n, the length of the diagonal of D
     */
    public int dimension() {
        return n;
    }
}
