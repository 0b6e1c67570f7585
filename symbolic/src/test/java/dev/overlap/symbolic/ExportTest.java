package dev.overlap.symbolic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import org.hipparchus.fraction.BigFraction;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.matheclipse.core.interfaces.IExpr;
import org.matheclipse.core.interfaces.IRational;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.overlap.model.Normalisation;

/**
 * {@link EquationExport} and the Java source of {@link EquationCompiler}: what another program reads.
 *
 * <p>Where the expected values come from: the format of issue 3 (JSON keys spec, variables, parameters
 * ["eta", "Delta"], rhs by variable name, eps_g; input form with {@code ^}, {@code *}, {@code Q[a,b]}); every
 * expression is read back by an independent parser ({@link InputFormParser}, written for this test) and by Symja
 * itself ({@code ReplaceAll} of exact rational values), and its value at a random rational point must equal the
 * in-memory polynomial's exact value.
 */
@Tag("slow")
class ExportTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The point as symbol name → value, for the parser. */
    private static Map<String, BigFraction> env(OverlapVariables vars, BigFraction[] x) {
        Map<String, BigFraction> env = new HashMap<>();
        for (int i = 0; i < vars.count(); i++) {
            env.put(vars.name(i), x[i]);
        }
        return env;
    }

    private static Map<String, Double> approxEnv(Map<String, BigFraction> env) {
        Map<String, Double> d = new HashMap<>();
        env.forEach((k, v) -> d.put(k, v.doubleValue()));
        return d;
    }

    /** Symja rules {Q[1,1] -> 3/7, …, eta -> …, Delta -> …}. */
    private static String rules(OverlapVariables vars, BigFraction[] x) {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < vars.delta() + 1; i++) {
            sb.append(i > 0 ? ", " : "").append(vars.name(i)).append(" -> ").append(x[i].getNumerator()).append('/')
                    .append(x[i].getDenominator());
        }
        return sb.append('}').toString();
    }

    private static BigFraction symjaExact(String expr, String rules) {
        IExpr r = SymjaSession.get().eval("ReplaceAll[" + expr + ", " + rules + "]");
        assertTrue(r.isRational(), () -> "Symja did not reduce to a rational: " + r);
        return ((IRational) r).toBigFraction();
    }

    private static double symjaApprox(String expr, String rules) {
        IExpr r = SymjaSession.get().eval("N[ReplaceAll[" + expr + ", " + rules + "]]");
        assertTrue(r.isReal(), () -> "Symja did not reduce to a number: " + r);
        return r.evalf();
    }

    @ParameterizedTest(name = "p={0}, p*={1}, {2}, {3}, η²={4}")
    @CsvSource({"2,1,quadratic,MEAN,true", "1,2,'poly:0,1,0.5',SUM,true", "2,2,'poly:0.1,0,1,0,-0.2',MEAN,false",
        "1,1,quadratic,MEAN,false", "4,1,quadratic,SQRT,true"})
    void jsonHasTheSpecifiedShapeAndEvaluatesBackExactly(int p, int ps, String act, Normalisation norm, boolean eta2)
            throws Exception {
        OverlapEquations eq = SymFixtures.derived(p, ps, act, norm, eta2);
        OverlapVariables vars = eq.variables();
        int d = vars.stateDimension();
        JsonNode root = JSON.readTree(EquationExport.json(eq));

        Set<String> keys = new TreeSet<>();
        root.fieldNames().forEachRemaining(keys::add);
        assertTrue(keys.containsAll(List.of("spec", "variables", "parameters", "rhs", "eps_g")), keys::toString);
        Set<String> extra = new TreeSet<>(keys);
        extra.removeAll(List.of("spec", "variables", "parameters", "rhs", "eps_g"));
        assertEquals(Set.of("constants"), extra, "the only addition to the issue's keys is the list of T entries");

        JsonNode spec = root.get("spec");
        assertEquals(p, spec.get("p").asInt());
        assertEquals(ps, spec.get("pstar").asInt());
        assertEquals(eq.activation().name(), spec.get("activation").asText());
        assertEquals(norm.flag(), spec.get("norm").asText());
        assertEquals(eta2, spec.get("eta2").asBoolean());

        assertEquals(List.of("eta", "Delta"), strings(root.get("parameters")));
        assertEquals(vars.names().subList(0, d), strings(root.get("variables")));
        assertEquals(vars.names().subList(d, d + vars.teacherCount()), strings(root.get("constants")));
        assertEquals(d, root.get("variables").size());
        assertTrue(vars.name(0).equals("Q[1,1]") && root.get("variables").get(0).asText().equals("Q[1,1]"));

        JsonNode rhs = root.get("rhs");
        assertTrue(rhs.isObject());
        List<String> rhsKeys = new ArrayList<>();
        rhs.fieldNames().forEachRemaining(rhsKeys::add);
        assertEquals(strings(root.get("variables")), rhsKeys, "one rhs per variable, in order");
        assertTrue(root.get("eps_g").isTextual());

        SplittableRandom rng = new SplittableRandom(p * 100L + ps + act.hashCode());
        for (int trial = 0; trial < 2; trial++) {
            BigFraction[] x = SymFixtures.randomPoint(vars, rng);
            Map<String, BigFraction> env = env(vars, x);
            String rules = rules(vars, x);
            for (int i = 0; i < d; i++) {
                String expr = rhs.get(vars.name(i)).asText();
                assertFalse(expr.contains("kappa"), "κ substituted as exact rationals");
                BigFraction expected = eq.rhs().get(i).evaluate(x);
                assertEquals(expected, InputFormParser.parse(expr).exact(env), "parser: d" + vars.name(i));
                if (trial == 0) {
                    assertEquals(expected, symjaExact(expr, rules), "Symja: d" + vars.name(i));
                }
            }
            String eps = root.get("eps_g").asText();
            assertEquals(eq.epsG().evaluate(x), InputFormParser.parse(eps).exact(env), "parser: ε_g");
            assertEquals(eq.epsG().evaluate(x), symjaExact(eps, rules), "Symja: ε_g");
        }
    }

    @Test
    void jsonWithIrrationalKappaEvaluatesBack() throws Exception {
        // sqrt normalisation, p = 2: κ_s = 2^(-1/2) is written as a power, not a symbol
        OverlapEquations eq = SymFixtures.derived(2, 1, "poly:0,1,0.5", Normalisation.SQRT, true);
        OverlapVariables vars = eq.variables();
        JsonNode root = JSON.readTree(EquationExport.json(eq));
        assertEquals("2^(-1/2)", root.get("spec").get("kappa_s").asText());
        BigFraction[] x = SymFixtures.randomPoint(vars, new SplittableRandom(5));
        x[vars.kappaStudent()] = BigFraction.ONE; // overwritten below with the true irrational values
        double[] xd = SymFixtures.toDouble(x);
        xd[vars.kappaStudent()] = 1 / Math.sqrt(2);
        xd[vars.kappaTeacher()] = 1.0;
        Map<String, Double> env = approxEnv(env(vars, x));
        String rules = rules(vars, x);
        for (int i = 0; i < vars.stateDimension(); i++) {
            String expr = root.get("rhs").get(vars.name(i)).asText();
            assertFalse(expr.contains("kappa"), expr);
            Poly f = eq.rhs().get(i);
            double expected = f.evaluate(xd);
            double scale = SymFixtures.absoluteScale(f, xd);
            SymFixtures.assertClose(expected, InputFormParser.parse(expr).approx(env), 1e-13, scale, "parser");
            SymFixtures.assertClose(expected, symjaApprox(expr, rules), 1e-13, scale, "Symja");
        }
    }

    @ParameterizedTest(name = "{0}, {1}, η²={2}")
    @CsvSource({"quadratic,MEAN,true", "'poly:0.3,-1,0.5',SUM,true", "quadratic,SQRT,true"})
    void textHasOneSymjaReadableLinePerEquation(String act, Normalisation norm, boolean eta2) {
        OverlapEquations eq = SymFixtures.derived(2, 1, act, norm, eta2);
        OverlapVariables vars = eq.variables();
        int d = vars.stateDimension();
        String text = EquationExport.text(eq);
        List<String> lines = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("(*")) {
                assertTrue(line.endsWith("*)"), line);
                assertTrue(lines.isEmpty(), "comments form a header");
            } else {
                lines.add(line);
            }
        }
        assertTrue(text.contains("normalisation " + norm.flag()), "conventions in the header");
        assertEquals(d + 1, lines.size(), text);
        BigFraction[] x = SymFixtures.randomPoint(vars, new SplittableRandom(act.hashCode() + norm.ordinal()));
        String rules = rules(vars, x);
        double[] xd = SymFixtures.toDouble(x);
        boolean irrational = eq.symbolicKappa();
        if (irrational) {
            xd[vars.kappaStudent()] = 1 / Math.sqrt(2);
            xd[vars.kappaTeacher()] = 1;
        }
        for (int i = 0; i <= d; i++) {
            String line = lines.get(i);
            String lhs = i < d ? "d" + vars.name(i) : "epsg";
            assertTrue(line.startsWith(lhs + " == "), line);
            String expr = line.substring(lhs.length() + 4);
            assertFalse(expr.isBlank(), line);
            Poly f = i < d ? eq.rhs().get(i) : eq.epsG();
            if (!irrational) {
                assertEquals(f.evaluate(x), symjaExact(expr, rules), line);
                assertEquals(f.evaluate(x), InputFormParser.parse(expr).exact(env(vars, x)), line);
            } else {
                SymFixtures.assertClose(f.evaluate(xd), symjaApprox(expr, rules), 1e-13,
                        SymFixtures.absoluteScale(f, xd), line);
            }
        }
    }

    @ParameterizedTest(name = "p={0}, p*={1}, {2}")
    @CsvSource({"2,1,quadratic", "2,3,quadratic", "1,1,'poly:0.1,0,1,0,-0.2'", "3,2,quadratic"})
    void latexIsAStandaloneAlignDocument(int p, int ps, String act) {
        OverlapEquations eq = SymFixtures.derived(p, ps, act, Normalisation.MEAN, true);
        OverlapVariables vars = eq.variables();
        String tex = EquationExport.latex(eq);
        assertTrue(tex.contains("\\documentclass"), "compilable document");
        assertTrue(tex.contains("\\usepackage{amsmath}"), "align* needs amsmath");
        int begin = tex.indexOf("\\begin{align*}");
        int end = tex.indexOf("\\end{align*}");
        assertTrue(begin > tex.indexOf("\\begin{document}") && end > begin && tex.indexOf("\\end{document}") > end);
        assertEquals(begin, tex.lastIndexOf("\\begin{align*}"), "one align* block");
        assertTrue(tex.startsWith("%"), "conventions in a comment header");
        for (int i = 0; i < vars.stateDimension(); i++) {
            String name = vars.name(i);
            String sym = name.charAt(0) + "_{" + name.substring(2, name.length() - 1).replace(",", "") + "}";
            String frac = "\\frac{d" + sym + "}{d\\alpha}";
            assertEquals(1, count(tex, frac), () -> frac + " once");
        }
        assertEquals(vars.stateDimension(), count(tex, "}{d\\alpha}"), "one derivative per state variable");
        assertEquals(1, count(tex, "\\epsilon_g &="));
        // braces balance (ignoring escaped \{ \}), and never close before they open
        int depth = 0;
        for (int i = 0; i < tex.length(); i++) {
            char c = tex.charAt(i);
            boolean escaped = i > 0 && tex.charAt(i - 1) == '\\';
            if (c == '{' && !escaped) {
                depth++;
            } else if (c == '}' && !escaped) {
                depth--;
                assertTrue(depth >= 0, "unbalanced } at " + i);
            }
        }
        assertEquals(0, depth, "balanced braces");
        // no rational is left as a raw a/b inside the maths (they are \tfrac)
        String body = tex.substring(begin, end);
        assertFalse(Pattern.compile("\\d/\\d").matcher(body).find(), "fractions are typeset");
        assertTrue(body.contains("\\eta"), "η typeset");
    }

    @Test
    void javaSourceDeclaresTheEvaluatorAndCompilesWithJanino() {
        OverlapEquations eq = SymFixtures.derived(2, 1, "poly:0,1,0.5", Normalisation.MEAN, true);
        String src = EquationCompiler.javaSource(eq);
        String name = EquationCompiler.className(eq);
        assertTrue(src.startsWith("package " + EquationCompiler.PACKAGE + ";"), src.substring(0, 80));
        assertTrue(src.contains("public final class " + name + " implements dev.overlap.symbolic.CompiledEquations"));
        for (String m : List.of("public int dimension()", "public void rhs(", "public double epsG(",
            "public void jacobian(")) {
            assertTrue(src.contains(m), m);
        }
        CompiledEquations c = EquationCompiler.compile(eq);
        assertNotNull(c);
        assertEquals(eq.variables().stateDimension(), c.dimension());
        assertEquals(EquationCompiler.PACKAGE + "." + name, c.getClass().getName());
    }

    @Test
    void javaSourceCompilesWithJavacToo(@TempDir Path dir) throws Exception {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        org.junit.jupiter.api.Assumptions.assumeTrue(javac != null, "a JDK compiler is available");
        OverlapEquations eq = SymFixtures.derived(2, 1, "quadratic", Normalisation.SQRT, true);
        String name = EquationCompiler.className(eq);
        Path src = dir.resolve(name + ".java");
        Files.writeString(src, EquationCompiler.javaSource(eq));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = javac.run(null, null, err, "-d", dir.toString(), "-cp", System.getProperty("java.class.path"),
                "-Xlint:none", src.toString());
        assertEquals(0, rc, () -> err.toString(StandardCharsets.UTF_8));
        assertTrue(Files.exists(dir.resolve(EquationCompiler.PACKAGE.replace('.', '/')).resolve(name + ".class")));
    }

    @Test
    void inputFormOfSmallPolynomials() {
        OverlapVariables v = new OverlapVariables(1, 1);
        assertEquals("0", EquationExport.inputForm(Poly.zero(), v));
        Poly p = Poly.term(new BigFraction(-3, 2), v.q(0, 0), v.q(0, 0)).add(Poly.term(BigFraction.ONE, v.eta(), v.r(0, 0)))
                .add(Poly.constant(new BigFraction(5)));
        String s = EquationExport.inputForm(p, v);
        assertEquals("5 - 3/2*Q[1,1]^2 + R[1,1]*eta", s, "canonical order: by degree, then variable index");
        Map<String, BigFraction> env = Map.of("Q[1,1]", new BigFraction(2), "R[1,1]", new BigFraction(1, 3), "eta",
                new BigFraction(3));
        assertEquals(new BigFraction(0), InputFormParser.parse(s).exact(env));
    }

    @Test
    void parserReadsWhatItShould() {
        Map<String, BigFraction> env = Map.of("Q[1,2]", new BigFraction(2), "x", new BigFraction(3));
        assertEquals(new BigFraction(-4), InputFormParser.parse("-Q[1, 2]^2").exact(env));
        assertEquals(new BigFraction(7, 6), InputFormParser.parse("1/2 + 2/3").exact(env));
        assertEquals(new BigFraction(512), InputFormParser.parse("2^3^2").exact(env));
        assertEquals(new BigFraction(1, 9), InputFormParser.parse("x^(-2)").exact(env));
        assertEquals(new BigFraction(-3), InputFormParser.parse("1 - 2*(x - 1)").exact(env));
        assertEquals(Math.sqrt(0.5), InputFormParser.parse("(2^(-1/2))").approx(Map.of()), 1e-16);
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        for (Iterator<JsonNode> it = array.elements(); it.hasNext();) {
            out.add(it.next().asText());
        }
        return out;
    }

    private static int count(String s, String what) {
        int n = 0;
        Matcher m = Pattern.compile(Pattern.quote(what)).matcher(s);
        while (m.find()) {
            n++;
        }
        return n;
    }
}
