package dev.overlap.cli;

import dev.overlap.ode.Integrator;
import dev.overlap.ode.SolverOptions;
import picocli.CommandLine.Option;

/** Integrator tolerances and event definitions. */
final class SolverFlags {

    @Option(names = "--rtol", paramLabel = "TOL", description = "Relative tolerance of the integrator (default: ${DEFAULT-VALUE}).")
    double rtol = SolverOptions.DEFAULTS.rtol();

    @Option(names = "--atol", paramLabel = "TOL", description = "Absolute tolerance of the integrator (default: ${DEFAULT-VALUE}).")
    double atol = SolverOptions.DEFAULTS.atol();

    @Option(names = "--escape-fraction", paramLabel = "F",
            description = "Escape = first α with ε_g ≤ F·ε_g(plateau) (default: ${DEFAULT-VALUE}).")
    double escapeFraction = SolverOptions.DEFAULTS.escapeFraction();

    @Option(names = "--plateau-tol", paramLabel = "TOL",
            description = "On the plateau while |ε_g − ε_g(plateau)| ≤ TOL·ε_g(plateau) (default: ${DEFAULT-VALUE}).")
    double plateauTol = SolverOptions.DEFAULTS.plateauTolerance();

    /**
     * Largest last α for which {@code --integrator auto} takes dp853. Measured with {@code overlap bench ode}
     * (p = 4, p* = 2, rtol 1e-10): to α = 10³ DP853 needs 2732 right-hand-side evaluations and RODAS4 5132; to
     * 10⁴, 11297 against 5636; to 10⁵, 95747 against 5918 (BENCHMARKS.md).
     */
    static final double AUTO_DP853_MAX_ALPHA = 3000;

    @Option(names = "--integrator", paramLabel = "auto|dp853|rosenbrock", converter = IntegratorChoice.Converter.class,
            description = "Time stepping: dp853, explicit Dormand–Prince 8(5,3), or rosenbrock, the linearly"
                    + " implicit RODAS4 (order 4), whose step is not limited by the stiff tail; auto takes dp853 up"
                    + " to α = 3000 and rosenbrock beyond (default: ${DEFAULT-VALUE}).")
    IntegratorChoice integrator = IntegratorChoice.AUTO;

    @Option(names = "--fast-tails",
            description = "Skip the refinement of the converging tail (ε_g ≤ 10⁻³ of its peak): faster on long runs"
                    + " (about 10× for solve --alpha-max 1000), but ε_g is then good only to about rtol·ε_g(0)"
                    + " absolute instead of 10⁻⁶ relative down to 10⁻¹².")
    boolean fastTails;

    /**
     * The options for a run whose last α is {@code alphaMax} (which decides {@code --integrator auto}). An absolute
     * tolerance of 1 or more (errors as large as the overlaps themselves) is refused, as an rtol of 1 or more is.
     */
    SolverOptions toOptions(double alphaMax) {
        if (atol >= 1) {
            throw new UserError("--atol must be below 1 (got " + atol + "): it bounds the absolute error of each"
                    + " overlap, which is of order 1");
        }
        Integrator chosen = switch (integrator) {
            case AUTO -> alphaMax > AUTO_DP853_MAX_ALPHA ? Integrator.ROSENBROCK : Integrator.DP853;
            case DP853 -> Integrator.DP853;
            case ROSENBROCK -> Integrator.ROSENBROCK;
        };
        return new SolverOptions(rtol, atol, escapeFraction, plateauTol, SolverOptions.DEFAULTS.divergenceFactor(),
                chosen, !fastTails);
    }
}
