package dev.overlap.cli;

import dev.overlap.ode.AlphaGrid;
import picocli.CommandLine.Option;

/** Where on the α axis to report: a linear or log grid up to --alpha-max, or an explicit --alphas list. */
final class GridOptions {

    @Option(names = "--alpha-max", paramLabel = "A", description = "Last α of the grid (default: ${DEFAULT-VALUE}).")
    double alphaMax = 100;

    @Option(names = "--grid", paramLabel = "log|linear", converter = GridKind.Converter.class,
            description = "Grid spacing: log (α = 0, then --points − 1 values from --alpha-min to --alpha-max) or linear "
                    + "(--points values from 0 to --alpha-max). Default: ${DEFAULT-VALUE}.")
    GridKind grid = GridKind.LOG;

    @Option(names = "--points", paramLabel = "K", description = "Number of grid rows (default: ${DEFAULT-VALUE}).")
    int points = 201;

    @Option(names = "--alpha-min", paramLabel = "A0",
            description = "First non-zero α of a log grid (default: ${DEFAULT-VALUE}).")
    double alphaMin = 0.01;

    @Option(names = "--alphas", paramLabel = "LIST",
            description = "Explicit comma-separated α values, e.g. 0.5,2,7 (overrides --grid, --points, --alpha-max).")
    String alphas;

    AlphaGrid toGrid() {
        if (alphas != null) {
            return AlphaGrid.parse(alphas);
        }
        return grid == GridKind.LOG ? AlphaGrid.log(alphaMin, alphaMax, points) : AlphaGrid.linear(alphaMax, points);
    }

    boolean logarithmic() {
        return alphas == null && grid == GridKind.LOG;
    }
}
