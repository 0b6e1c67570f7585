package dev.overlap.symbolic;

import java.util.List;
import java.util.Map;

import org.hipparchus.fraction.BigFraction;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Renders derived equations for people and for other programs.
 * <ul>
 * <li>{@link #inputForm(Poly, OverlapVariables)}: Mathematica/Symja input form with {@code ^} for powers,
 * {@code *} for products, exact rationals, indexed symbols {@code Q[a,b]}, {@code R[a,r]}, {@code T[r,s]}
 * (1-based), {@code eta}, {@code Delta}; irrational normalisation constants as {@code p^(-1/2)};</li>
 * <li>{@link #text}: one equation per line, {@code dQ[a,b] == …} meaning dQ[a,b]/dα, as Symja prints the
 * canonical form of each right-hand side;</li>
 * <li>{@link #latex}: a standalone LaTeX document with one {@code align*} block, conventions in a comment
 * header, long sums broken over lines;</li>
 * <li>{@link #json}: {@code {"spec", "variables", "parameters", "rhs", "eps_g"}} with input-form strings.</li>
 * </ul>
 * The same three formats exist for the diffusion matrix ({@link DiffusionEquations}): one entry
 * {@code D[Q[1,1],R[1,1]] == …} per pair I ≤ J of state variables, and {@code "diffusion"} instead of
 * {@code "rhs"} in JSON.
 */
public final class EquationExport {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final int LATEX_TERMS_PER_LINE = 4;

    private EquationExport() {
    }

    /**
     * The conventions, one line each, for comment headers.
     *
     * @return the header lines (spec, fields and SGD step, scalings, overlaps and time, ε_g), without comment markers
     */
    public static List<String> conventions(OverlapEquations eq) {
        return List.of(
                "overlap: derived overlap ODEs, p = " + eq.p() + ", p* = " + eq.pstar() + ", activation "
                        + eq.activation().name() + ", normalisation " + eq.normalisation().flag() + ", eta^2 term "
                        + (eq.eta2() ? "on" : "off"),
                "fields lambda_a = w_a.x/sqrt(N), nu_r = w*_r.x/sqrt(N), x ~ N(0, I_N); yhat = kappa_s sum_a sigma(lambda_a),"
                        + " y = kappa_t sum_r sigma(nu_r) + sqrt(Delta) xi",
                "kappa_s = " + kappaText(eq, eq.p()) + ", kappa_t = " + kappaText(eq, eq.pstar())
                        + "; loss (yhat - y)^2/2; SGD w_a <- w_a - (eta/sqrt(N)) (yhat - y) kappa_s sigma'(lambda_a) x",
                "Q = W W^T/N, R = W W*^T/N, T = W* W*^T/N (indices 1-based, Q and T symmetric); alpha = steps/N;"
                        + " dX[..] stands for dX[..]/dalpha",
                "eps_g = E[(yhat - y)^2]/2 on clean labels");
    }

    private static String kappaText(OverlapEquations eq, int width) {
        return kappaText(eq.normalisation(), width);
    }

    private static String kappaText(dev.overlap.model.Normalisation norm, int width) {
        BigFraction k = OverlapEquations.rationalKappa(norm, width);
        return k == null ? width + "^(-1/2)" : fraction(k);
    }

    /**
     * Input form of a polynomial (deterministic term order: by degree, then variable index).
     *
     * @return the polynomial in Mathematica input form, "0" for the zero polynomial
     */
    public static String inputForm(Poly poly, OverlapVariables vars) {
        if (poly.isZero()) {
            return "0";
        }
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<Poly.Monomial, BigFraction> t : poly.terms()) {
            BigFraction c = t.getValue();
            boolean negative = c.compareTo(BigFraction.ZERO) < 0;
            BigFraction abs = negative ? c.negate() : c;
            sb.append(sb.length() == 0 ? (negative ? "-" : "") : (negative ? " - " : " + "));
            String mono = monomial(t.getKey().vars(), vars, "*", "^");
            if (mono.isEmpty()) {
                sb.append(fraction(abs));
            } else if (abs.equals(BigFraction.ONE)) {
                sb.append(mono);
            } else {
                sb.append(fraction(abs)).append('*').append(mono);
            }
        }
        return sb.toString();
    }

    private static String monomial(int[] v, OverlapVariables vars, String times, String power) {
        StringBuilder sb = new StringBuilder();
        int i = 0;
        while (i < v.length) {
            int j = i;
            while (j < v.length && v[j] == v[i]) {
                j++;
            }
            if (sb.length() > 0) {
                sb.append(times);
            }
            sb.append(symbol(v[i], vars));
            if (j - i > 1) {
                sb.append(power).append(j - i);
            }
            i = j;
        }
        return sb.toString();
    }

    private static String symbol(int v, OverlapVariables vars) {
        if (v == vars.kappaStudent() || v == vars.kappaTeacher()) {
            // κ symbols remain only for the sqrt normalisation: κ = width^(-1/2), written exactly
            int width = v == vars.kappaStudent() ? vars.p() : vars.pstar();
            BigFraction k = OverlapEquations.rationalKappa(dev.overlap.model.Normalisation.SQRT, width);
            return k != null ? "(" + fraction(k) + ")" : "(" + width + "^(-1/2))";
        }
        return vars.name(v);
    }

    private static String fraction(BigFraction c) {
        return c.getDenominator().equals(java.math.BigInteger.ONE) ? c.getNumerator().toString()
                : c.getNumerator() + "/" + c.getDenominator();
    }

    /**
     * Text: a comment header, then {@code dQ[1,1] == …} per state variable and {@code epsg == …}.
     *
     * @return the text export, one equation per line
     */
    public static String text(OverlapEquations eq) {
        SymjaSession symja = SymjaSession.get();
        OverlapVariables vars = eq.variables();
        StringBuilder sb = new StringBuilder();
        for (String line : conventions(eq)) {
            sb.append("(* ").append(line).append(" *)\n");
        }
        for (int i = 0; i < vars.stateDimension(); i++) {
            sb.append('d').append(vars.name(i)).append(" == ")
                    .append(symja.inputForm(symja.eval(inputForm(eq.rhs().get(i), vars)))).append('\n');
        }
        sb.append("epsg == ").append(symja.inputForm(symja.eval(inputForm(eq.epsG(), vars)))).append('\n');
        return sb.toString();
    }

    /**
     * JSON as specified: spec, variables, parameters, rhs (by variable name), eps_g.
     *
     * @return the JSON document
     */
    public static String json(OverlapEquations eq) {
        OverlapVariables vars = eq.variables();
        ObjectNode root = JSON.createObjectNode();
        ObjectNode spec = root.putObject("spec");
        spec.put("p", eq.p());
        spec.put("pstar", eq.pstar());
        spec.put("activation", eq.activation().name());
        spec.put("norm", eq.normalisation().flag());
        spec.put("kappa_s", kappaText(eq, eq.p()));
        spec.put("kappa_t", kappaText(eq, eq.pstar()));
        spec.put("eta2", eq.eta2());
        spec.put("time", "alpha = steps/N; rhs[X] is dX/dalpha");
        putSymbols(root, vars);
        ObjectNode rhs = root.putObject("rhs");
        for (int i = 0; i < vars.stateDimension(); i++) {
            rhs.put(vars.name(i), inputForm(eq.rhs().get(i), vars));
        }
        root.put("eps_g", inputForm(eq.epsG(), vars));
        return write(root);
    }

    /**
     * A standalone LaTeX document: conventions as comments, one align* block.
     *
     * @return the LaTeX source of the document
     */
    public static String latex(OverlapEquations eq) {
        OverlapVariables vars = eq.variables();
        StringBuilder sb = latexPreamble(conventions(eq));
        for (int i = 0; i < vars.stateDimension(); i++) {
            sb.append("\\frac{d").append(texSymbol(i, vars)).append("}{d\\alpha} &= ");
            texPoly(sb, eq.rhs().get(i), vars);
            sb.append(" \\\\\n");
        }
        sb.append("\\epsilon_g &= ");
        texPoly(sb, eq.epsG(), vars);
        sb.append("\n\\end{align*}\n\\end{document}\n");
        return sb.toString();
    }

    /**
     * The conventions of the diffusion matrix, one line each, for comment headers.
     *
     * @return the convention lines of the diffusion matrix
     */
    public static List<String> conventions(DiffusionEquations de) {
        return List.of(
                "overlap: derived diffusion matrix of one-pass SGD, p = " + de.p() + ", p* = " + de.pstar()
                        + ", activation " + de.activation().name() + ", normalisation " + de.normalisation().flag(),
                "fields lambda_a = w_a.x/sqrt(N), nu_r = w*_r.x/sqrt(N), x ~ N(0, I_N); yhat = kappa_s sum_a sigma(lambda_a),"
                        + " y = kappa_t sum_r sigma(nu_r) + sqrt(Delta) xi",
                "kappa_s = " + kappaText(de.normalisation(), de.p()) + ", kappa_t = "
                        + kappaText(de.normalisation(), de.pstar())
                        + "; loss (yhat - y)^2/2; SGD w_a <- w_a - (eta/sqrt(N)) (yhat - y) kappa_s sigma'(lambda_a) x",
                "Q = W W^T/N, R = W W*^T/N, T = W* W*^T/N (indices 1-based, Q and T symmetric); state Omega = (Q[a,b] a <= b,"
                        + " R[a,r]); xi = N (Omega_{step+1} - Omega_step)",
                "D[X,Y] = Cov(xi_X, xi_Y) to leading order in 1/N (eta^2 part of xi always included; label noise"
                        + " integrated); D[Y,X] = D[X,Y]");
    }

    /**
     * Text: a comment header, then {@code D[Q[1,1],R[1,1]] == …} per pair I ≤ J of state variables.
     *
     * @return the text export, one entry of D per line
     */
    public static String text(DiffusionEquations de) {
        SymjaSession symja = SymjaSession.get();
        OverlapVariables vars = de.variables();
        StringBuilder sb = new StringBuilder();
        for (String line : conventions(de)) {
            sb.append("(* ").append(line).append(" *)\n");
        }
        int d = de.dimension();
        for (int i = 0; i < d; i++) {
            for (int j = i; j < d; j++) {
                sb.append(de.entryName(i, j)).append(" == ")
                        .append(symja.inputForm(symja.eval(inputForm(de.entry(i, j), vars)))).append('\n');
            }
        }
        return sb.toString();
    }

    /**
     * JSON: spec, variables, constants, parameters, diffusion (by entry name {@code D[X,Y]}, X ≤ Y).
     *
     * @return the JSON document
     */
    public static String json(DiffusionEquations de) {
        OverlapVariables vars = de.variables();
        ObjectNode root = JSON.createObjectNode();
        ObjectNode spec = root.putObject("spec");
        spec.put("p", de.p());
        spec.put("pstar", de.pstar());
        spec.put("activation", de.activation().name());
        spec.put("norm", de.normalisation().flag());
        spec.put("kappa_s", kappaText(de.normalisation(), de.p()));
        spec.put("kappa_t", kappaText(de.normalisation(), de.pstar()));
        spec.put("meaning", "D[X,Y] = Cov(xi_X, xi_Y), xi = N * (one-step change of the state), leading order in 1/N;"
                + " symmetric, entries X <= Y listed");
        putSymbols(root, vars);
        ObjectNode diffusion = root.putObject("diffusion");
        int d = de.dimension();
        for (int i = 0; i < d; i++) {
            for (int j = i; j < d; j++) {
                diffusion.put(de.entryName(i, j), inputForm(de.entry(i, j), vars));
            }
        }
        return write(root);
    }

    /**
     * A standalone LaTeX document: conventions as comments, one align* block with D_{X,Y} for X ≤ Y.
     *
     * @return the LaTeX source of the document
     */
    public static String latex(DiffusionEquations de) {
        OverlapVariables vars = de.variables();
        StringBuilder sb = latexPreamble(conventions(de));
        int d = de.dimension();
        for (int i = 0; i < d; i++) {
            for (int j = i; j < d; j++) {
                sb.append("D_{").append(texSymbol(i, vars)).append(",\\,").append(texSymbol(j, vars)).append("} &= ");
                texPoly(sb, de.entry(i, j), vars);
                sb.append(i == d - 1 && j == d - 1 ? "\n" : " \\\\\n");
            }
        }
        sb.append("\\end{align*}\n\\end{document}\n");
        return sb.toString();
    }

    /** The arrays {@code variables}, {@code constants} (T) and {@code parameters} shared by both JSON exports. */
    private static void putSymbols(ObjectNode root, OverlapVariables vars) {
        ArrayNode variables = root.putArray("variables");
        for (int i = 0; i < vars.stateDimension(); i++) {
            variables.add(vars.name(i));
        }
        ArrayNode constants = root.putArray("constants");
        for (int k = 0; k < vars.teacherCount(); k++) {
            constants.add(vars.name(vars.stateDimension() + k));
        }
        root.putArray("parameters").add("eta").add("Delta");
    }

    private static String write(ObjectNode root) {
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("JSON rendering failed", e);
        }
    }

    /** The conventions as LaTeX comments, the document class and packages, and the opening of the align* block. */
    private static StringBuilder latexPreamble(List<String> conventions) {
        StringBuilder sb = new StringBuilder();
        for (String line : conventions) {
            sb.append("% ").append(line).append('\n');
        }
        sb.append("\\documentclass{article}\n\\usepackage{amsmath}\n\\usepackage[margin=1.5cm,landscape]{geometry}\n")
                .append("\\begin{document}\n\\begin{align*}\n");
        return sb;
    }


    private static void texPoly(StringBuilder sb, Poly poly, OverlapVariables vars) {
        if (poly.isZero()) {
            sb.append('0');
            return;
        }
        int k = 0;
        for (Map.Entry<Poly.Monomial, BigFraction> t : poly.terms()) {
            if (k > 0 && k % LATEX_TERMS_PER_LINE == 0) {
                sb.append(" \\\\\n&\\quad ");
            }
            BigFraction c = t.getValue();
            boolean negative = c.compareTo(BigFraction.ZERO) < 0;
            BigFraction abs = negative ? c.negate() : c;
            sb.append(k == 0 ? (negative ? "-" : "") : (negative ? " - " : " + "));
            StringBuilder mono = new StringBuilder();
            int[] v = t.getKey().vars();
            int i = 0;
            while (i < v.length) {
                int j = i;
                while (j < v.length && v[j] == v[i]) {
                    j++;
                }
                mono.append(texSymbol(v[i], vars));
                if (j - i > 1) {
                    mono.append("^{").append(j - i).append('}');
                }
                mono.append(' ');
                i = j;
            }
            boolean one = abs.equals(BigFraction.ONE);
            if (!one || mono.length() == 0) {
                sb.append(abs.getDenominator().equals(java.math.BigInteger.ONE) ? abs.getNumerator().toString()
                        : "\\tfrac{" + abs.getNumerator() + "}{" + abs.getDenominator() + "}");
                sb.append(' ');
            }
            sb.append(mono.toString().trim());
            k++;
        }
    }

    private static String texSymbol(int v, OverlapVariables vars) {
        if (v == vars.eta()) {
            return "\\eta";
        }
        if (v == vars.delta()) {
            return "\\Delta";
        }
        if (v == vars.kappaStudent()) {
            return "\\kappa_s";
        }
        if (v == vars.kappaTeacher()) {
            return "\\kappa_t";
        }
        String name = vars.name(v);
        String letter = name.substring(0, 1);
        String idx = name.substring(2, name.length() - 1).replace(",", "");
        boolean wide = vars.p() > 9 || vars.pstar() > 9;
        return letter + "_{" + (wide ? name.substring(2, name.length() - 1) : idx) + "}";
    }
}
