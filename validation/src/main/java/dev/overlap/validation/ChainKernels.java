package dev.overlap.validation;

import java.lang.invoke.MethodHandles;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.codehaus.commons.compiler.CompileException;
import org.codehaus.janino.SimpleCompiler;

/**
 * Straight-line {@link ChainKernel}s for small (p, p*), generated as Java source at run time and compiled in memory
 * with Janino, one class per (p, p*, quadratic?), cached for the life of the JVM (1000 seeds of one model compile
 * once).
 *
 * <p>The generated step is the loops of {@link OverlapChain#step(double[], double[], double, double)} and of its
 * factorisation of G unrolled: every entry is computed by the same operations in the same order (sums from the same
 * starting value, taken term by term in the same order; products and differences written exactly as in the loops),
 * and Java arithmetic is strict, so the results are bitwise those of the loops. The entries of G, L₁ and L₁ D are
 * kept in locals between the update and the factorisation, which is where the time goes at small sizes: the loops
 * pay for index arithmetic, bounds checks and loads/stores through memory. The rare re-forming of G after a clamped
 * pivot runs the loops of {@link OverlapChain#reformGram} (copied into the generated class).
 *
 * <p>Sizes: used when p + p* ≤ {@value #MAX_SIZE}. There the generated step method is at most 6.6 kB of bytecode
 * (at (p, p*) = (9, 1); 1.5 kB at (4, 2), 5.2 kB at (8, 2)), under HotSpot's 8000-byte limit on JIT-compiled
 * methods ({@code OverlapChainKernelTest} checks every size), and it is faster than the
 * loops; larger sizes use the loops. The generated class is defined in this package with this class's loader
 * ({@link MethodHandles.Lookup#defineClass}), so the kernel interface stays package-private.
 */
final class ChainKernels {

    /** Largest p + p* given a generated kernel. */
    static final int MAX_SIZE = 10;

    private static final Map<String, ChainKernel> CACHE = new ConcurrentHashMap<>();

    private ChainKernels() {
    }

    /** Whether {@link #get} gives a kernel for this size. */
    static boolean covers(int p, int pstar) {
        return p >= 1 && pstar >= 1 && p + pstar <= MAX_SIZE;
    }

    /** The kernel for (p, p*), σ written out as z² if {@code quadratic}, else called through the activation. */
    static ChainKernel get(int p, int pstar, boolean quadratic) {
        if (!covers(p, pstar)) {
            throw new IllegalArgumentException("no generated chain kernel for p = " + p + ", p* = " + pstar);
        }
        return CACHE.computeIfAbsent(className(p, pstar, quadratic), name -> compile(name, p, pstar, quadratic));
    }

    static String className(int p, int pstar, boolean quadratic) {
        return "GeneratedChainKernel_" + p + "_" + pstar + (quadratic ? "_quadratic" : "_activation");
    }

    private static ChainKernel compile(String name, int p, int pstar, boolean quadratic) {
        byte[] bytes = bytecode(p, pstar, quadratic);
        try {
            Class<?> c = MethodHandles.lookup().defineClass(bytes);
            return (ChainKernel) c.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the generated chain kernel " + name + " did not load: " + e.getMessage(), e);
        }
    }

    /** The class file of the kernel for (p, p*), compiled but not loaded. */
    static byte[] bytecode(int p, int pstar, boolean quadratic) {
        String name = className(p, pstar, quadratic);
        SimpleCompiler compiler = new SimpleCompiler();
        compiler.setParentClassLoader(ChainKernels.class.getClassLoader());
        try {
            compiler.cook(source(name, p, pstar, quadratic));
        } catch (CompileException e) {
            throw new IllegalStateException("the generated chain kernel " + name + " did not compile: " + e.getMessage(),
                    e);
        }
        return compiler.getBytecodes().get(ChainKernels.class.getPackageName() + "." + name);
    }

    /** The Java source of the kernel class (package of this class). */
    static String source(String name, int p, int pstar, boolean quadratic) {
        StringBuilder o = new StringBuilder(16384);
        o.append("package ").append(ChainKernels.class.getPackageName()).append(";\n\n");
        o.append("final class ").append(name).append(" implements ChainKernel {\n");
        o.append("  public void step(double[] uIn, double[] zIn, double rest, double xi, double[] lt, double[] m,"
                + " double[] g, double[] unit, double[] scaled, double[] roots, double invN, double kappaTeacher,"
                + " double kappaStudent, double eta, double sqrtNoise, dev.overlap.model.Activation act) {\n");
        for (int r = 0; r < pstar; r++) {
            line(o, "double u" + r + " = uIn[" + r + "];");
        }
        for (int a = 0; a < p; a++) {
            line(o, "double z" + a + " = zIn[" + a + "];");
        }
        // Teacher fields ν_r = Σ_{k≤r} (L_T)_rk u_k, summed from 0.
        line(o, "double teacherOut = 0;");
        for (int r = 0; r < pstar; r++) {
            String e = "0.0";
            for (int k = 0; k <= r; k++) {
                e = "(" + e + " + lt[" + (r * pstar + k) + "] * u" + k + ")";
            }
            line(o, "double nu" + r + " = " + e + ";");
            line(o, "teacherOut += " + (quadratic ? "nu" + r + " * nu" + r : "act.value(nu" + r + ")") + ";");
        }
        line(o, "double s = rest;");
        for (int a = 0; a < p; a++) {
            line(o, "s += z" + a + " * z" + a + ";");
            line(o, "double w" + a + " = roots[" + a + "] * z" + a + ";");
        }
        // λ⊥_a = (Σ_{k<a} (L₁)_ak w_k from 0) + w_a; λ_a = λ⊥_a + Σ_r M_ar u_r.
        line(o, "double studentOut = 0;");
        for (int a = 0; a < p; a++) {
            String e = "0.0";
            for (int k = 0; k < a; k++) {
                e = "(" + e + " + unit[" + (a * p + k) + "] * w" + k + ")";
            }
            line(o, "double lp" + a + " = " + e + " + w" + a + ";");
            e = "lp" + a;
            for (int r = 0; r < pstar; r++) {
                e = "(" + e + " + m[" + (a * pstar + r) + "] * u" + r + ")";
            }
            line(o, "double la" + a + " = " + e + ";");
            line(o, "studentOut += " + (quadratic ? "la" + a + " * la" + a : "act.value(la" + a + ")") + ";");
        }
        line(o, "double label = kappaTeacher * teacherOut;");
        line(o, "if (sqrtNoise != 0) { label += sqrtNoise * xi; }");
        line(o, "double common = eta * kappaStudent * (kappaStudent * studentOut - label);");
        for (int a = 0; a < p; a++) {
            line(o, "double ga" + a + " = common * " + (quadratic ? "(2 * la" + a + ")" : "act.derivative(la" + a + ")")
                    + ";");
        }
        // M_a −= g_a u/N; G_ab ← G_ab + g_b cross_a − g_a λ⊥_b/N (lower triangle, mirrored).
        line(o, "double normTerm = s * invN * invN;");
        for (int a = 0; a < p; a++) {
            line(o, "double ca" + a + " = ga" + a + " * invN;");
            for (int r = 0; r < pstar; r++) {
                line(o, "m[" + (a * pstar + r) + "] -= ca" + a + " * u" + r + ";");
            }
            line(o, "double cross" + a + " = ga" + a + " * normTerm - lp" + a + " * invN;");
            for (int b = 0; b <= a; b++) {
                String v = g(a, b);
                line(o, "double " + v + " = g[" + (a * p + b) + "] + ga" + b + " * cross" + a + " - ga" + a + " * lp" + b
                        + " * invN;");
                line(o, "g[" + (a * p + b) + "] = " + v + ";");
                if (a != b) {
                    line(o, "g[" + (b * p + a) + "] = " + v + ";");
                }
            }
        }
        // G = L₁ D L₁ᵀ, square-root free, with the zero-pivot rule.
        line(o, "double scale = 0;");
        for (int a = 0; a < p; a++) {
            line(o, "scale = Math.max(scale, " + g(a, a) + ");");
        }
        line(o, "double tol = " + OverlapChain.PIVOT_TOLERANCE + " * " + p + " * scale;");
        line(o, "boolean clamped = false;");
        for (int j = 0; j < p; j++) {
            String d = "d" + j;
            String e = g(j, j);
            for (int k = 0; k < j; k++) {
                e = "(" + e + " - " + sc(j, k) + " * " + un(j, k) + ")";
            }
            line(o, "double " + d + " = " + e + ";");
            for (int i = j + 1; i < p; i++) {
                line(o, "double " + sc(i, j) + ";");
                line(o, "double " + un(i, j) + ";");
            }
            line(o, "if (" + d + " > tol) {");
            line(o, "  double inv" + j + " = 1.0 / " + d + ";");
            line(o, "  roots[" + j + "] = Math.sqrt(" + d + ");");
            line(o, "  scaled[" + (j * p + j) + "] = " + d + ";");
            for (int i = j + 1; i < p; i++) {
                e = g(i, j);
                for (int k = 0; k < j; k++) {
                    e = "(" + e + " - " + un(i, k) + " * " + sc(j, k) + ")";
                }
                line(o, "  " + sc(i, j) + " = " + e + ";");
                line(o, "  " + un(i, j) + " = " + sc(i, j) + " * inv" + j + ";");
            }
            line(o, "} else {");
            line(o, "  clamped = true;");
            line(o, "  roots[" + j + "] = 0.0;");
            line(o, "  scaled[" + (j * p + j) + "] = 0.0;");
            for (int i = j + 1; i < p; i++) {
                line(o, "  " + sc(i, j) + " = 0.0;");
                line(o, "  " + un(i, j) + " = 0.0;");
            }
            line(o, "}");
            for (int i = j + 1; i < p; i++) {
                line(o, "scaled[" + (i * p + j) + "] = " + sc(i, j) + ";");
                line(o, "unit[" + (i * p + j) + "] = " + un(i, j) + ";");
            }
        }
        line(o, "if (clamped && scale == scale) { reformGram(g, scaled, unit); }");
        o.append("  }\n\n");
        // The loops of OverlapChain.reformGram for this p.
        o.append("  private static void reformGram(double[] g, double[] scaled, double[] unit) {\n");
        line(o, "for (int i = 0, ri = 0; i < " + p + "; i++, ri += " + p + ") {");
        line(o, "  for (int j = 0, rj = 0; j <= i; j++, rj += " + p + ") {");
        line(o, "    double v = 0;");
        line(o, "    for (int k = 0; k < j; k++) {");
        line(o, "      v += scaled[ri + k] * unit[rj + k];");
        line(o, "    }");
        line(o, "    v += scaled[ri + j];");
        line(o, "    g[ri + j] = v;");
        line(o, "    g[rj + i] = v;");
        line(o, "  }");
        line(o, "}");
        o.append("  }\n}\n");
        return o.toString();
    }

    private static String g(int a, int b) {
        return "g" + a + "_" + b;
    }

    private static String sc(int i, int j) {
        return "sc" + i + "_" + j;
    }

    private static String un(int i, int j) {
        return "un" + i + "_" + j;
    }

    private static void line(StringBuilder o, String s) {
        o.append("    ").append(s).append('\n');
    }
}
