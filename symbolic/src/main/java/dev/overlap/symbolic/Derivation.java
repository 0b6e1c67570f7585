package dev.overlap.symbolic;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

import org.hipparchus.fraction.BigFraction;
import org.matheclipse.core.interfaces.IAST;
import org.matheclipse.core.interfaces.IExpr;
import org.matheclipse.core.interfaces.IRational;

import dev.overlap.model.ModelSpec;
import dev.overlap.model.Normalisation;
import dev.overlap.model.PolynomialActivation;
import dev.overlap.model.SpecException;

/**
 * Derives the overlap ODEs of a polynomial-activation teacher–student model.
 *
 * <h2>Method</h2>
 * With the fields λ_a (a = 1..p), ν_r (r = 1..p*), the clean error e = ŷ − y = κ_s Σ_a σ(λ_a) − κ_t Σ_r σ(ν_r)
 * and σ(z) = Σ_k c_k z^k, the model's equations are the Gaussian expectations
 * <pre>
 *   dR[a,r]/dα = −η κ_s E[e σ'(λ_a) ν_r]
 *   dQ[a,b]/dα = −η κ_s E[e (σ'(λ_a) λ_b + λ_a σ'(λ_b))] + η² κ_s² E[(e² + Δ) σ'(λ_a) σ'(λ_b)]   (η² term optional)
 *   ε_g        = ½ E[e²]
 * </pre>
 * over (λ, ν) ~ N(0, C), C = [[Q, R], [Rᵀ, T]]. Each integrand, including its prefactor, is written in the
 * fields and the symbols κ_s, κ_t, η, Δ and expanded by Symja ({@code Expand}, then
 * {@code CoefficientRules} over all those symbols); every monomial Π Λ_i^{k_i} is replaced by its Isserlis
 * sum over pairings, a polynomial in the covariance entries Q[a,b], R[a,r], T[r,s] ({@link Wick});
 * like terms are collected exactly (rational arithmetic). Finally κ_s, κ_t are replaced by their values
 * when rational.
 */
public final class Derivation {

    /**
     * Largest p + p* for which {@link #deriveDiffusion} is offered for σ = z² (measured: 0.1 s at (1, 1), 0.7 s at
     * (2, 1), 1.5 s at (2, 2), 7 s at (3, 2), 17 s at (4, 1)).
     */
    public static final int DIFFUSION_MAX_FIELDS_QUADRATIC = 5;

    /**
     * Largest p + p* for which {@link #deriveDiffusion} is offered for other polynomials of degree ≤ 2 (measured for
     * poly:0,1,1/2: 0.6 s at (1, 1), 23 s at (2, 1); at (2, 2) Symja exceeds its recursion limit).
     */
    public static final int DIFFUSION_MAX_FIELDS_DEGREE2 = 3;

    /**
     * Largest p + p* for which {@link #deriveDiffusion} is offered for polynomials of degree 3 or 4 (measured for
     * poly:1,1,1,1,1: 18 s at (1, 1); at (2, 1) Symja overflows the stack).
     */
    public static final int DIFFUSION_MAX_FIELDS_HIGHER = 2;

    /**
     * Largest p + p* for which {@link #derive} is offered for σ = z² (measured, CPU time of {@code overlap derive
     * --no-cache}, JVM start included, on a loaded machine: 7.8 s at (5, 5), 26 s at (10, 10) with 0.6 GB; 210 s
     * wall at (20, 20) in issue 15): the time grows like about (p + p*)³, so the limit is the size measured there.
     */
    public static final int ODE_MAX_FIELDS_QUADRATIC = 40;

    /**
     * Largest p + p* for which {@link #derive} is offered for other polynomials of degree ≤ 2 (measured for
     * poly:0,1,1/2 as above: 8.3 s at (3, 3), 24 s at (5, 5), 115 s at (8, 8) with 0.5 GB).
     */
    public static final int ODE_MAX_FIELDS_DEGREE2 = 16;

    /**
     * Largest p + p* for which {@link #derive} is offered for polynomials of degree 3 or 4 (measured as above:
     * poly:0,1,0,1/5 5.2 s at (2, 2), 7.7 s at (3, 3); poly:0,1,0,0,1/10 5.3 s at (2, 2), 7.8 s at (3, 3),
     * 30 s at (5, 5)).
     */
    public static final int ODE_MAX_FIELDS_HIGHER = 10;

    private Derivation() {
    }

    /**
     * The largest p + p* for which the overlap ODEs are derived in reasonable time for this activation.
     *
     * @return the largest number of fields p + p* accepted for the ODEs
     */
    public static int odeMaxFields(PolynomialActivation sigma) {
        if (sigma.isQuadratic()) {
            return ODE_MAX_FIELDS_QUADRATIC;
        }
        return sigma.degree() <= 2 ? ODE_MAX_FIELDS_DEGREE2 : ODE_MAX_FIELDS_HIGHER;
    }

    /**
     * Refuses, before any work, widths whose derivation would not finish in reasonable time: p + p* above
     * {@link #odeMaxFields}.
     *
     * @throws SpecException naming the limit and the reason
     */
    public static void checkSize(int p, int pstar, PolynomialActivation sigma) {
        int max = odeMaxFields(sigma);
        if ((long) p + pstar > max) {
            throw new SpecException(String.format(java.util.Locale.ROOT, "the symbolic derivation of the overlap ODEs"
                    + " is limited to p + p* <= %d for %s (got %d + %d): its time and memory grow like (p + p*)^3 and"
                    + " more with the degree (measured times: overlap derive --help)", max, sigma.name(), p, pstar));
        }
    }

    /**
     * The largest p + p* for which the diffusion matrix is derived in reasonable time for this activation.
     *
     * @return the largest number of fields p + p* accepted for the diffusion matrix
     */
    public static int diffusionMaxFields(PolynomialActivation sigma) {
        if (sigma.isQuadratic()) {
            return DIFFUSION_MAX_FIELDS_QUADRATIC;
        }
        return sigma.degree() <= 2 ? DIFFUSION_MAX_FIELDS_DEGREE2 : DIFFUSION_MAX_FIELDS_HIGHER;
    }

    /**
     * Derives the equations for the spec's widths, activation, normalisation and η² switch.
     *
     * @return the right-hand sides and ε_g as exact polynomials in the overlaps, η and Δ
     */
    public static OverlapEquations derive(ModelSpec spec) {
        if (!(spec.activation() instanceof PolynomialActivation)) {
            throw new SpecException("the symbolic derivation needs a polynomial activation (got '"
                    + spec.activation().name() + "')");
        }
        return derive(spec.p(), spec.pstar(), (PolynomialActivation) spec.activation(), spec.normalisation(),
                spec.eta2());
    }

    public static OverlapEquations derive(int p, int pstar, PolynomialActivation sigma, Normalisation norm,
            boolean eta2) {
        return derive(p, pstar, sigma, norm, eta2, null);
    }

    /**
     * As {@link #derive(int, int, PolynomialActivation, Normalisation, boolean)}, reporting each finished expectation
     * (p(p+1)/2 + p p* right-hand sides, then ε_g: {@link #expectationCount}) to {@code done} with the argument 1.
     *
     * @param done receives 1 per finished expectation, or null
     * @return the right-hand sides and ε_g as exact polynomials in the overlaps, η and Δ
     */
    public static OverlapEquations derive(int p, int pstar, PolynomialActivation sigma, Normalisation norm,
            boolean eta2, LongConsumer done) {
        if (p < 1 || pstar < 1) {
            throw new SpecException("widths must be at least 1 (got p = " + p + ", p* = " + pstar + ")");
        }
        checkSize(p, pstar, sigma);
        OverlapVariables vars = new OverlapVariables(p, pstar);
        Wick wick = new Wick(vars);
        SymjaSession symja = SymjaSession.get();
        String e = error(p, pstar, sigma);
        String symbols = symbolList(p, pstar);

        List<Poly> rhs = new ArrayList<>();
        for (int a = 0; a < p; a++) {
            for (int b = a; b < p; b++) {
                String first = "-eta*ks*(" + e + ")*(" + sigma(sigmaPrime(sigma), "l" + (a + 1)) + "*l" + (b + 1)
                        + " + l" + (a + 1) + "*" + sigma(sigmaPrime(sigma), "l" + (b + 1)) + ")";
                String integrand = eta2
                        ? first + " + eta^2*ks^2*((" + e + ")^2 + Delta)*" + sigma(sigmaPrime(sigma), "l" + (a + 1))
                                + "*" + sigma(sigmaPrime(sigma), "l" + (b + 1))
                        : first;
                rhs.add(expectation(symja, wick, vars, integrand, symbols));
                report(done);
            }
        }
        for (int a = 0; a < p; a++) {
            for (int r = 0; r < pstar; r++) {
                String integrand = "-eta*ks*(" + e + ")*" + sigma(sigmaPrime(sigma), "l" + (a + 1)) + "*n" + (r + 1);
                rhs.add(expectation(symja, wick, vars, integrand, symbols));
                report(done);
            }
        }
        Poly eps = expectation(symja, wick, vars, "1/2*(" + e + ")^2", symbols);
        report(done);

        BigFraction ks = OverlapEquations.rationalKappa(norm, p);
        BigFraction kt = OverlapEquations.rationalKappa(norm, pstar);
        if (ks != null && kt != null) {
            for (int i = 0; i < rhs.size(); i++) {
                rhs.set(i, rhs.get(i).substitute(vars.kappaStudent(), ks).substitute(vars.kappaTeacher(), kt));
            }
            eps = eps.substitute(vars.kappaStudent(), ks).substitute(vars.kappaTeacher(), kt);
        }
        return new OverlapEquations(p, pstar, sigma, norm, eta2, vars, rhs, eps);
    }

    /**
     * The number of expectations {@link #derive} evaluates: p(p+1)/2 + p p* right-hand sides and ε_g.
     *
     * @return p(p+1)/2 + p p* + 1
     */
    public static long expectationCount(int p, int pstar) {
        return (long) p * (p + 1) / 2 + (long) p * pstar + 1;
    }

    private static void report(LongConsumer done) {
        if (done != null) {
            done.accept(1);
        }
    }

    /**
     * The diffusion matrix for the spec's widths, activation and normalisation (the η² switch is irrelevant).
     *
     * @return the entries D_IJ (I ≤ J) as exact polynomials in the overlaps, η and Δ
     */
    public static DiffusionEquations deriveDiffusion(ModelSpec spec) {
        if (!(spec.activation() instanceof PolynomialActivation)) {
            throw new SpecException("the symbolic derivation needs a polynomial activation (got '"
                    + spec.activation().name() + "')");
        }
        return deriveDiffusion(spec.p(), spec.pstar(), (PolynomialActivation) spec.activation(), spec.normalisation());
    }

    /**
     * The diffusion matrix D = E[ξ ξᵀ] − F Fᵀ, F = E[ξ], of the per-step increment ξ = N·ΔΩ. With the clean error
     * e₀ and e = e₀ − √Δ ζ, each component is ξ_I = Σ_m B_{I,m} e^m (m = 1, 2), and the label noise ζ is integrated
     * analytically: E_ζ[e^k] = M_k(e₀, Δ) (M_1 = e₀, M_2 = e₀² + Δ, M_3 = e₀³ + 3e₀Δ, M_4 = e₀⁴ + 6e₀²Δ + 3Δ²), so
     * E[ξ_I ξ_J] = E[Σ B_{I,m} B_{J,m'} M_{m+m'}], a polynomial integrand in the fields and Δ.
     *
     * @return the entries D_IJ (I ≤ J) as exact polynomials in the overlaps, η and Δ
     */
    public static DiffusionEquations deriveDiffusion(int p, int pstar, PolynomialActivation sigma, Normalisation norm) {
        if (p < 1 || pstar < 1) {
            throw new SpecException("widths must be at least 1 (got p = " + p + ", p* = " + pstar + ")");
        }
        OverlapVariables vars = new OverlapVariables(p, pstar);
        Wick wick = new Wick(vars);
        SymjaSession symja = SymjaSession.get();
        String e = "(" + error(p, pstar, sigma) + ")";
        String symbols = symbolList(p, pstar);
        String[] moments = {"1", e, e + "^2 + Delta", e + "^3 + 3*" + e + "*Delta",
            e + "^4 + 6*" + e + "^2*Delta + 3*Delta^2"};
        BigFraction[] prime = sigmaPrime(sigma);
        int d = vars.stateDimension();
        // b[I][m]: the coefficient of e^m in ξ_I (null when zero)
        String[][] b = new String[d][3];
        for (int a = 0; a < p; a++) {
            for (int c = a; c < p; c++) {
                String sa = sigma(prime, "l" + (a + 1));
                String sc = sigma(prime, "l" + (c + 1));
                int i = vars.q(a, c);
                b[i][1] = "(-eta*ks*(" + sa + "*l" + (c + 1) + " + " + sc + "*l" + (a + 1) + "))";
                b[i][2] = "(eta^2*ks^2*" + sa + "*" + sc + ")";
            }
        }
        for (int a = 0; a < p; a++) {
            for (int r = 0; r < pstar; r++) {
                b[vars.r(a, r)][1] = "(-eta*ks*" + sigma(prime, "l" + (a + 1)) + "*n" + (r + 1) + ")";
            }
        }
        Poly[] drift = new Poly[d];
        for (int i = 0; i < d; i++) {
            drift[i] = expectation(symja, wick, vars, sumOfProducts(b[i], new String[] {"1", null, null}, moments),
                    symbols);
        }
        BigFraction ks = OverlapEquations.rationalKappa(norm, p);
        BigFraction kt = OverlapEquations.rationalKappa(norm, pstar);
        List<Poly> entries = new ArrayList<>();
        for (int i = 0; i < d; i++) {
            for (int j = i; j < d; j++) {
                Poly second = expectation(symja, wick, vars, sumOfProducts(b[i], b[j], moments), symbols);
                Poly entry = second.subtract(drift[i].multiply(drift[j]));
                if (ks != null && kt != null) {
                    entry = entry.substitute(vars.kappaStudent(), ks).substitute(vars.kappaTeacher(), kt);
                }
                entries.add(entry);
            }
        }
        return new DiffusionEquations(p, pstar, sigma, norm, vars, entries);
    }

    /** Σ_{m,m'} x[m] y[m'] M_{m+m'} over the non-null x[m], y[m'] (y = {"1", null, null} gives Σ x[m] M_m). */
    private static String sumOfProducts(String[] x, String[] y, String[] moments) {
        StringBuilder s = new StringBuilder("0");
        for (int m = 0; m < x.length; m++) {
            for (int n = 0; n < y.length; n++) {
                if (x[m] != null && y[n] != null) {
                    s.append(" + ").append(x[m]).append('*').append(y[n]).append("*(").append(moments[m + n]).append(')');
                }
            }
        }
        return s.toString();
    }

    /** E[integrand] via Symja's expansion and the Isserlis sums. */
    private static Poly expectation(SymjaSession symja, Wick wick, OverlapVariables vars, String integrand,
            String symbols) {
        IExpr expanded = symja.apply("Expand", integrand);
        IExpr rules = symja.eval("CoefficientRules[" + expanded + ", " + symbols + "]");
        if (!rules.isList()) {
            throw new SymbolicException("CoefficientRules did not return a list for " + integrand);
        }
        int p = vars.p();
        int pstar = vars.pstar();
        int fields = p + pstar;
        Poly sum = Poly.zero();
        IAST list = (IAST) rules;
        for (int k = 1; k < list.size(); k++) {
            IExpr rule = list.get(k);
            if (!rule.isRuleAST() || !rule.first().isList() || !rule.second().isRational()) {
                throw new SymbolicException("unexpected coefficient rule " + rule);
            }
            IAST exps = (IAST) rule.first();
            int[] fieldExp = new int[fields];
            for (int i = 0; i < fields; i++) {
                fieldExp[i] = exps.get(i + 1).toIntDefault();
            }
            Poly moment = wick.moment(fieldExp);
            if (moment.isZero()) {
                continue;
            }
            int[] param = new int[4];
            for (int i = 0; i < 4; i++) {
                param[i] = exps.get(fields + i + 1).toIntDefault();
            }
            List<Integer> factors = new ArrayList<>();
            int[] paramVar = {vars.kappaStudent(), vars.kappaTeacher(), vars.eta(), vars.delta()};
            for (int i = 0; i < 4; i++) {
                for (int m = 0; m < param[i]; m++) {
                    factors.add(paramVar[i]);
                }
            }
            BigFraction c = ((IRational) rule.second()).toBigFraction();
            Poly prefactor = Poly.term(c, factors.stream().mapToInt(Integer::intValue).toArray());
            sum = sum.add(moment.multiply(prefactor));
        }
        return sum;
    }

    /** The symbols for CoefficientRules: fields, then ks, kt, eta, Delta. */
    private static String symbolList(int p, int pstar) {
        StringBuilder sb = new StringBuilder("{");
        for (int a = 1; a <= p; a++) {
            sb.append("l").append(a).append(',');
        }
        for (int r = 1; r <= pstar; r++) {
            sb.append("n").append(r).append(',');
        }
        return sb.append("ks,kt,eta,Delta}").toString();
    }

    /** e = ks Σ σ(l_a) − kt Σ σ(n_r). */
    private static String error(int p, int pstar, PolynomialActivation sigma) {
        StringBuilder s = new StringBuilder("ks*(");
        for (int a = 1; a <= p; a++) {
            s.append(a > 1 ? " + " : "").append(sigma(coefficients(sigma), "l" + a));
        }
        s.append(") - kt*(");
        for (int r = 1; r <= pstar; r++) {
            s.append(r > 1 ? " + " : "").append(sigma(coefficients(sigma), "n" + r));
        }
        return s.append(')').toString();
    }

    private static BigFraction[] coefficients(PolynomialActivation sigma) {
        BigFraction[] c = new BigFraction[sigma.degree() + 1];
        for (int k = 0; k <= sigma.degree(); k++) {
            c[k] = sigma.coefficient(k);
        }
        return c;
    }

    private static BigFraction[] sigmaPrime(PolynomialActivation sigma) {
        BigFraction[] c = new BigFraction[Math.max(1, sigma.degree())];
        for (int k = 1; k <= sigma.degree(); k++) {
            c[k - 1] = sigma.coefficient(k).multiply(k);
        }
        return c;
    }

    /** Σ c_k z^k in Symja syntax, e.g. {@code (0 + (1)*l1^1 + (1/2)*l1^2)}. */
    private static String sigma(BigFraction[] c, String z) {
        StringBuilder s = new StringBuilder("(0");
        for (int k = 0; k < c.length; k++) {
            if (c[k].equals(BigFraction.ZERO)) {
                continue;
            }
            s.append(" + (").append(c[k].getNumerator()).append('/').append(c[k].getDenominator()).append(')');
            if (k > 0) {
                s.append('*').append(z).append('^').append(k);
            }
        }
        return s.append(')').toString();
    }
}
