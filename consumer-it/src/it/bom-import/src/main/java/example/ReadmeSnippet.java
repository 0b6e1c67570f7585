package example;

import dev.overlap.model.InitialCondition;
import dev.overlap.model.ModelSpec;
import dev.overlap.ode.AlphaGrid;
import dev.overlap.ode.OverlapSolver;
import dev.overlap.ode.SolverOptions;
import dev.overlap.ode.Trajectory;

/** The Java snippet of the README's Library section, verbatim, so that the consumer build compiles it. */
public final class ReadmeSnippet {

    private ReadmeSnippet() {
    }

    /** The escape α of the README's example: p = 3, p* = 2, η̃ = 0.05, random start at N = 2000, seed 1. */
    public static double escapeAlpha() {
        ModelSpec spec = ModelSpec.builder().p(3).pstar(2).lrPerWidth(0.05)
                .init(new InitialCondition.Random(2000, 1.0, 1L)).build();
        Trajectory t = new OverlapSolver(SolverOptions.DEFAULTS).solve(spec, AlphaGrid.log(0.01, 100, 201));
        double escape = t.events().escape().alpha();
        return escape;
    }
}
