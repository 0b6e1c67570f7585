package dev.overlap.symbolic;

import java.util.ArrayList;
import java.util.List;

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

    private Derivation() {
    }

    /** Derives the equations for the spec's widths, activation, normalisation and η² switch. */
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
        if (p < 1 || pstar < 1) {
            throw new SpecException("widths must be at least 1 (got p = " + p + ", p* = " + pstar + ")");
        }
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
            }
        }
        for (int a = 0; a < p; a++) {
            for (int r = 0; r < pstar; r++) {
                String integrand = "-eta*ks*(" + e + ")*" + sigma(sigmaPrime(sigma), "l" + (a + 1)) + "*n" + (r + 1);
                rhs.add(expectation(symja, wick, vars, integrand, symbols));
            }
        }
        Poly eps = expectation(symja, wick, vars, "1/2*(" + e + ")^2", symbols);

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
