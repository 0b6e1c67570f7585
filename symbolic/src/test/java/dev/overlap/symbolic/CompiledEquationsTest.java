package dev.overlap.symbolic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.SplittableRandom;

import org.codehaus.janino.SimpleCompiler;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.overlap.model.Normalisation;
import dev.overlap.testing.ClassFiles;

/**
 * {@link EquationCompiler} and the generated {@link CompiledEquations}.
 *
 * <p>Where the expected values come from: the in-memory polynomials evaluated term by term
 * ({@link Poly#evaluate(double[])}, itself checked exactly in {@link PolyTest}), with a tolerance of 1e-13 times
 * Σ|terms| (the natural bound of the rounding error of a reordered sum); the exact derivatives
 * {@link Poly#derivative} (checked against exact interpolation in {@link PolyTest}); central finite differences
 * of the compiled right-hand side; and the JVM class-file format (JVMS §4.7.3: a method's Code attribute starts
 * with max_stack, max_locals, code_length) for HotSpot's 8000-byte JIT limit on methods.
 */
@Tag("slow")
class CompiledEquationsTest {

    /** HotSpot does not JIT-compile methods with more bytecode than this (-XX:-DontCompileHugeMethods). */
    private static final int HUGE_METHOD = 8000;

    /** The full variable vector for the polynomials: state, T upper triangle, η, Δ, κ_s, κ_t. */
    private static double[] point(OverlapEquations eq, double[] y, double[] t, double eta, double delta) {
        OverlapVariables v = eq.variables();
        double[] x = new double[v.count()];
        System.arraycopy(y, 0, x, 0, y.length);
        System.arraycopy(t, 0, x, v.stateDimension(), t.length);
        x[v.eta()] = eta;
        x[v.delta()] = delta;
        x[v.kappaStudent()] = eq.normalisation().kappa(eq.p());
        x[v.kappaTeacher()] = eq.normalisation().kappa(eq.pstar());
        return x;
    }

    private static double[] random(int n, SplittableRandom rng) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = rng.nextDouble(-1.5, 1.5);
        }
        return x;
    }

    @ParameterizedTest(name = "p={0}, p*={1}, {2}, {3}, η²={4}")
    @CsvSource({"2,1,quadratic,MEAN,true", "3,2,quadratic,MEAN,false", "2,2,'poly:0.1,0,1,0,-0.2',SUM,true",
        "1,2,'poly:1/4,-1,0,1/3',SQRT,true", "2,3,quadratic,SQRT,true"})
    void compiledValuesEqualThePolynomials(int p, int ps, String act, Normalisation norm, boolean eta2) {
        OverlapEquations eq = SymFixtures.derived(p, ps, act, norm, eta2);
        CompiledEquations c = EquationCompiler.compile(eq);
        OverlapVariables v = eq.variables();
        int d = v.stateDimension();
        assertEquals(d, c.dimension());
        Poly[][] exact = eq.jacobian();
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                assertEquals(eq.rhs().get(i).derivative(j), exact[i][j]);
            }
        }
        SplittableRandom rng = new SplittableRandom(7L * p + ps + act.hashCode());
        for (int trial = 0; trial < 3; trial++) {
            double[] y = random(d, rng);
            double[] t = random(v.teacherCount(), rng);
            double eta = rng.nextDouble(0.05, 2);
            double delta = rng.nextDouble(0, 1);
            double[] x = point(eq, y, t, eta, delta);
            double[] y0 = y.clone();
            double[] t0 = t.clone();

            double[] out = new double[d];
            java.util.Arrays.fill(out, Double.NaN);
            c.rhs(y, t, eta, delta, out);
            for (int i = 0; i < d; i++) {
                Poly f = eq.rhs().get(i);
                SymFixtures.assertClose(f.evaluate(x), out[i], 1e-13, SymFixtures.absoluteScale(f, x),
                        "d" + v.name(i));
            }
            SymFixtures.assertClose(eq.epsG().evaluate(x), c.epsG(y, t), 1e-13, SymFixtures.absoluteScale(eq.epsG(), x),
                    "ε_g");

            double[] jac = new double[d * d];
            java.util.Arrays.fill(jac, Double.NaN);
            c.jacobian(y, t, eta, delta, jac);
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    Poly f = exact[i][j];
                    SymFixtures.assertClose(f.evaluate(x), jac[i * d + j], 1e-13, SymFixtures.absoluteScale(f, x),
                            "∂d" + v.name(i) + "/∂" + v.name(j));
                }
            }
            assertArrayEquals(y0, y, "y not modified");
            assertArrayEquals(t0, t, "t not modified");

            // stateless: the same call again gives bit-identical results
            double[] again = new double[d];
            c.rhs(y, t, eta, delta, again);
            assertArrayEquals(out, again);
        }
    }

    @ParameterizedTest(name = "p={0}, p*={1}, {2}")
    @CsvSource({"2,1,quadratic,MEAN", "2,2,'poly:0.1,0,1,0,-0.2',SUM", "1,2,'poly:1/4,-1,0,1/3',SQRT"})
    void compiledJacobianMatchesFiniteDifferences(int p, int ps, String act, Normalisation norm) {
        OverlapEquations eq = SymFixtures.derived(p, ps, act, norm, true);
        CompiledEquations c = EquationCompiler.compile(eq);
        int d = c.dimension();
        SplittableRandom rng = new SplittableRandom(99L + p + ps);
        double[] y = random(d, rng);
        double[] t = random(eq.variables().teacherCount(), rng);
        double eta = 0.4;
        double delta = 0.3;
        double[] jac = new double[d * d];
        c.jacobian(y, t, eta, delta, jac);
        double[] plus = new double[d];
        double[] minus = new double[d];
        double scale = 0;
        for (double j : jac) {
            scale = Math.max(scale, Math.abs(j));
        }
        for (int col = 0; col < d; col++) {
            double h = 1e-5 * (1 + Math.abs(y[col]));
            double[] yp = y.clone();
            yp[col] += h;
            double[] ym = y.clone();
            ym[col] -= h;
            c.rhs(yp, t, eta, delta, plus);
            c.rhs(ym, t, eta, delta, minus);
            for (int row = 0; row < d; row++) {
                double fd = (plus[row] - minus[row]) / (2 * h);
                SymFixtures.assertClose(fd, jac[row * d + col], 1e-6, scale, "J[" + row + "][" + col + "]");
            }
        }
    }

    @Test
    void noGeneratedMethodExceedsTheJitLimit() throws Exception {
        // the largest case of the suite: (8, 2), quadratic, η² on — about 9000 terms in the right-hand side alone;
        // and a degree-4 activation, whose monomials are longer
        for (OverlapEquations eq : new OverlapEquations[] {
            SymFixtures.derived(8, 2, "quadratic", Normalisation.MEAN, true),
            SymFixtures.derived(2, 2, "poly:0.1,0,1,0,-0.2", Normalisation.SUM, true)}) {
            String source = EquationCompiler.javaSource(eq);
            SimpleCompiler janino = new SimpleCompiler();
            janino.cook(source);
            Map<String, byte[]> classes = janino.getBytecodes();
            assertEquals(1, classes.size());
            Map<String, Integer> sizes = ClassFiles.methodCodeLengths(classes.values().iterator().next());
            int total = sizes.values().stream().mapToInt(Integer::intValue).sum();
            String what = "p=" + eq.p() + " p*=" + eq.pstar() + " " + eq.activation().name();
            assertTrue(total > 2 * HUGE_METHOD, what + ": big enough to need splitting (" + total + " bytes)");
            for (Map.Entry<String, Integer> m : sizes.entrySet()) {
                assertTrue(m.getValue() <= HUGE_METHOD,
                        () -> what + ": method " + m.getKey() + " has " + m.getValue() + " bytes of bytecode");
            }
            for (String m : new String[] {"rhs", "epsG", "jacobian", "dimension"}) {
                assertTrue(sizes.containsKey(m), m);
            }
            // and it still evaluates correctly (the class compiled here is the one EquationCompiler.compile loads)
            CompiledEquations c = (CompiledEquations) janino.getClassLoader()
                    .loadClass(EquationCompiler.PACKAGE + "." + EquationCompiler.className(eq)).getDeclaredConstructor()
                    .newInstance();
            SplittableRandom rng = new SplittableRandom(3);
            int d = c.dimension();
            double[] y = random(d, rng);
            double[] t = random(eq.variables().teacherCount(), rng);
            double[] out = new double[d];
            c.rhs(y, t, 0.7, 0.2, out);
            double[] x = point(eq, y, t, 0.7, 0.2);
            for (int i = 0; i < d; i += Math.max(1, d / 7)) {
                Poly f = eq.rhs().get(i);
                SymFixtures.assertClose(f.evaluate(x), out[i], 1e-13, SymFixtures.absoluteScale(f, x), what + " rhs " + i);
            }
        }
    }

    @Test
    void classFileParserReadsAKnownClass() throws Exception {
        // the parser used above, on a class whose method sizes javac fixes: a static method returning a constant
        String src = "public class K { public static int one() { return 1; } }";
        SimpleCompiler janino = new SimpleCompiler();
        janino.cook(src);
        Map<String, Integer> sizes = ClassFiles.methodCodeLengths(janino.getBytecodes().get("K"));
        assertEquals(2, sizes.get("one"), "iconst_1; ireturn");
        assertTrue(sizes.containsKey("<init>"));
    }
}
