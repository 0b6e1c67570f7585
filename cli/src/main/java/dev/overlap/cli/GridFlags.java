package dev.overlap.cli;

import picocli.CommandLine.ArgGroup;

/** The output-grid flags ({@link GridOptions}) as a picocli mixin, under the help heading "Output grid:". */
final class GridFlags {
    @ArgGroup(exclusive = false, heading = "%nOutput grid:%n", validate = false)
    GridOptions options = new GridOptions();
}
