package dev.overlap.cli;

import picocli.CommandLine.ArgGroup;

/**
 * The integrator and event flags ({@link SolverFlags}) as a picocli mixin, under the help heading "Integrator and
 * events:".
 */
final class SolverFlagsMixin {
    @ArgGroup(exclusive = false, heading = "%nIntegrator and events:%n", validate = false)
    SolverFlags flags = new SolverFlags();
}
