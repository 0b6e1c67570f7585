package dev.overlap.cli;

import java.util.Map;

import dev.overlap.model.SpecException;

/**
 * The command-line flag of each parameter that the libraries name in their errors
 * ({@link SpecException#parameter()}), so that a user reads the error in terms of what they typed:
 * {@code lr_per_width must be …} is printed as {@code --lr-per-width must be …}.
 */
final class ParameterFlags {

    /** Library parameter name → flag. */
    private static final Map<String, String> FLAGS = Map.ofEntries(
            Map.entry("N", "--N"),
            Map.entry("sigma0", "--sigma0"),
            Map.entry("q0", "--q0"),
            Map.entry("r0", "--r0"),
            Map.entry("lr", "--lr"),
            Map.entry("lr_per_width", "--lr-per-width"),
            Map.entry("noise", "--noise"),
            Map.entry("no_eta2", "--no-eta2"),
            Map.entry("norm", "--norm"),
            Map.entry("teacher", "--teacher"),
            Map.entry("init", "--init"),
            Map.entry("rhs", "--rhs"),
            Map.entry("integrator", "--integrator"),
            Map.entry("rtol", "--rtol"),
            Map.entry("atol", "--atol"),
            Map.entry("escape_fraction", "--escape-fraction"),
            Map.entry("plateau_tol", "--plateau-tol"),
            Map.entry("points", "--points"),
            Map.entry("alpha_min", "--alpha-min"),
            Map.entry("alpha_max", "--alpha-max"),
            Map.entry("alphas", "--alphas"),
            Map.entry("samples", "--samples"),
            Map.entry("seeds", "--seeds"),
            Map.entry("threads", "--threads"),
            Map.entry("simulate", "--simulate"),
            Map.entry("engine", "--engine"),
            Map.entry("theory", "--theory"));

    private ParameterFlags() {
    }

    /**
     * The flag of a library parameter.
     *
     * @return its flag, or the name itself for a parameter that has no flag
     */
    static String flagOf(String parameter) {
        return FLAGS.getOrDefault(parameter, parameter);
    }

    /**
     * Every flag a library parameter is written as.
     *
     * @return the flags, each once
     */
    static java.util.Collection<String> flags() {
        return FLAGS.values();
    }

    /**
     * The message of an error as the CLI prints it: a library error with its parameters written as flags, any
     * other error's message as it is.
     *
     * @return the one-line message
     */
    static String message(Throwable e) {
        return e instanceof SpecException s ? s.message(ParameterFlags::flagOf) : e.getMessage();
    }
}
