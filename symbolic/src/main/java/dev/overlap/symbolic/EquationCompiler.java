package dev.overlap.symbolic;

import java.lang.reflect.InvocationTargetException;

import org.codehaus.commons.compiler.CompileException;
import org.codehaus.janino.SimpleCompiler;

/**
 * Compiles derived equations into a {@link CompiledEquations} with Janino (in memory, no files).
 */
public final class EquationCompiler {

    /** Package of the generated classes. */
    public static final String PACKAGE = "dev.overlap.symbolic.generated";

    private EquationCompiler() {
    }

    /**
     * The class name for a set of equations: widths, activation, normalisation, η² switch.
     *
     * @return a Java identifier unique to these equations
     */
    public static String className(OverlapEquations eq) {
        String tag = Integer.toHexString((eq.activation().name() + "|" + eq.normalisation() + "|" + eq.eta2()).hashCode());
        return "Derived_p" + eq.p() + "_pstar" + eq.pstar() + "_" + tag;
    }

    /**
     * The generated source (what {@code overlap derive --format java} prints).
     *
     * @return the Java source of the evaluator class
     */
    public static String javaSource(OverlapEquations eq) {
        return JavaEmitter.source(eq, PACKAGE, className(eq), eq.normalisation().kappa(eq.p()),
                eq.normalisation().kappa(eq.pstar()));
    }

    /**
     * The class name for a diffusion matrix: widths, activation, normalisation.
     *
     * @return a Java identifier unique to this diffusion matrix
     */
    public static String className(DiffusionEquations de) {
        String tag = Integer.toHexString((de.activation().name() + "|" + de.normalisation()).hashCode());
        return "Diffusion_p" + de.p() + "_pstar" + de.pstar() + "_" + tag;
    }

    /**
     * The generated source of the diffusion evaluator (what {@code overlap derive --diffusion --format java} prints).
     *
     * @return the Java source of the diffusion evaluator class
     */
    public static String javaSource(DiffusionEquations de) {
        return JavaEmitter.source(de, PACKAGE, className(de), de.normalisation().kappa(de.p()),
                de.normalisation().kappa(de.pstar()));
    }

    /**
     * Compiles the diffusion matrix (κ_s, κ_t as doubles where they are still symbolic).
     *
     * @return a new instance of the compiled evaluator of D
     */
    public static CompiledDiffusion compile(DiffusionEquations de) {
        String source = javaSource(de);
        SimpleCompiler compiler = new SimpleCompiler();
        compiler.setParentClassLoader(CompiledDiffusion.class.getClassLoader());
        try {
            compiler.cook(source);
            Class<?> c = compiler.getClassLoader().loadClass(PACKAGE + "." + className(de));
            return (CompiledDiffusion) c.getDeclaredConstructor().newInstance();
        } catch (CompileException | ClassNotFoundException | NoSuchMethodException | InstantiationException
                | IllegalAccessException | InvocationTargetException e) {
            throw new SymbolicException("the generated evaluator did not compile: " + e.getMessage(), e);
        }
    }

    /**
     * Compiles the equations (κ_s, κ_t as doubles where they are still symbolic).
     *
     * @return a new instance of the compiled evaluator of the right-hand side and ε_g
     */
    public static CompiledEquations compile(OverlapEquations eq) {
        String source = javaSource(eq);
        SimpleCompiler compiler = new SimpleCompiler();
        compiler.setParentClassLoader(CompiledEquations.class.getClassLoader());
        try {
            compiler.cook(source);
            Class<?> c = compiler.getClassLoader().loadClass(PACKAGE + "." + className(eq));
            return (CompiledEquations) c.getDeclaredConstructor().newInstance();
        } catch (CompileException | ClassNotFoundException | NoSuchMethodException | InstantiationException
                | IllegalAccessException | InvocationTargetException e) {
            throw new SymbolicException("the generated evaluator did not compile: " + e.getMessage(), e);
        }
    }
}
