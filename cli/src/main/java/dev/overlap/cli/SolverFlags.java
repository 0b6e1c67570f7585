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

    @Option(names = "--integrator", paramLabel = "dp853|rosenbrock",
            description = "Time stepping: dp853, explicit Dormand–Prince 8(5,3), or rosenbrock, the linearly"
                    + " implicit RODAS4 (order 4), whose step is not limited by the stiff tail: use it for large"
                    + " α (default: ${DEFAULT-VALUE}).")
    String integrator = SolverOptions.DEFAULTS.integrator().flag();

    SolverOptions toOptions() {
        return new SolverOptions(rtol, atol, escapeFraction, plateauTol, SolverOptions.DEFAULTS.divergenceFactor(),
                Integrator.parse(integrator));
    }
}
