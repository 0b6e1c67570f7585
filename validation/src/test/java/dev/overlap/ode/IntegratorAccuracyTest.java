package dev.overlap.ode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import org.hipparchus.ode.ODEState;
import org.hipparchus.ode.events.Action;
import org.hipparchus.ode.nonstiff.DormandPrince853Integrator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.overlap.model.Activation;
import dev.overlap.model.InitialCondition;
import dev.overlap.model.ModelSpec;
import dev.overlap.model.Overlaps;
import dev.overlap.ode.events.EscapeDetector;
import dev.overlap.ode.events.PlateauBandDetector;

/**
 * Both integrators of {@link OverlapSolver} against an independent reference: Hipparchus' Dormand–Prince
 * 8(5,3) at rtol 1e-12, atol 1e-15, with the plateau and escape located by Hipparchus' own event handling
 * ({@link EscapeDetector} and {@link PlateauBandDetector} on ε_g, checked every 0.05 in α), not by
 * {@link PlateauEvents}.
 *
 * <p>It lives in the validation module, in ode's package, because its polynomial case needs the symbolic
 * right-hand side, which ode itself does not depend on ({@link SymbolicRightHandSide}).
 */
class IntegratorAccuracyTest {

    /**
     * Each case escapes from its plateau well before α_max (quadratic near α = 50, erf's symmetric plateau near
     * 180, z² + z⁴/20 near 36). Both integrators run at the default rtol 1e-10, atol 1e-12. ε_g must agree to
     * 1e-6 relative plus 1e-10 absolute (the absolute part for the late rows, where ε_g is small), the event α
     * to 1e-6 relative: near the unstable plateau errors grow like e^{γα} and ε_g moves slowly through the band
     * edge, so the explicit integrator itself is only that close there (erf: 1.5e-7 on the entry).
     */
    @ParameterizedTest(name = "{0} p={1} p*={2} η̃={3} {5}")
    @CsvSource({
        "quadratic, 4, 2, 0.05, 400, dp853", "quadratic, 4, 2, 0.05, 400, rosenbrock",
        "erf, 2, 2, 1.0, 400, dp853", "erf, 2, 2, 1.0, 400, rosenbrock",
        "'poly:0,0,1,0,0.05', 3, 2, 0.05, 200, dp853", "'poly:0,0,1,0,0.05', 3, 2, 0.05, 200, rosenbrock"})
    void agreesWithATightDormandPrinceReference(String activation, int p, int pstar, double etaTilde,
            double alphaMax, String integrator) {
        ModelSpec spec = ModelSpec.builder().p(p).pstar(pstar).activation(Activation.parse(activation))
                .lrPerWidth(etaTilde).init(new InitialCondition.Random(10_000, 1.0, 3L)).build();
        Overlaps init = spec.initialOverlaps();
        OverlapDynamics f = OverlapDynamics.of(spec, init.teacherOverlap());
        AlphaGrid grid = AlphaGrid.log(0.1, alphaMax, 81);
        SolverOptions options = SolverOptions.DEFAULTS.withIntegrator(Integrator.parse(integrator));
        Trajectory t = new OverlapSolver(options).solve(f, init, grid);
        Reference ref = reference(f, init.toState(), t.events().plateau().epsG(), options, grid);

        assertFalse(t.diverged());
        assertEquals(grid.size(), t.size());
        for (int i = 0; i < t.size(); i++) {
            assertEquals(ref.epsG[i], t.epsG()[i], 1e-6 * ref.epsG[i] + 1e-10, "ε_g at α = " + t.alphas()[i]);
        }
        assertNotNull(ref.entry);
        assertNotNull(ref.exit);
        assertNotNull(ref.escape);
        assertEquals(ref.entry, t.events().plateau().alpha(), 1e-6 * ref.entry, "plateau entry");
        assertEquals(ref.exit, t.events().plateau().alphaExit(), 1e-6 * ref.exit, "plateau exit");
        assertEquals(ref.escape, t.events().escape().alpha(), 1e-6 * ref.escape, "escape");
    }

    private static final class Reference {
        final double[] epsG;
        Double entry;
        Double exit;
        Double escape;

        Reference(int rows) {
            epsG = new double[rows];
        }
    }

    private static Reference reference(OverlapDynamics f, double[] y0, double epsPlateau, SolverOptions options,
            AlphaGrid grid) {
        double[] alphas = grid.values();
        Reference ref = new Reference(alphas.length);
        DormandPrince853Integrator dp = new DormandPrince853Integrator(0, grid.last(), 1e-15, 1e-12);
        int[] row = {0};
        dp.addStepHandler(interpolator -> {
            double end = interpolator.getCurrentState().getTime();
            while (row[0] < alphas.length && alphas[row[0]] <= end) {
                ref.epsG[row[0]] = f.generalisationError(
                        interpolator.getInterpolatedState(alphas[row[0]]).getPrimaryState());
                row[0]++;
            }
        });
        double target = options.escapeFraction() * epsPlateau;
        dp.addEventDetector(new EscapeDetector(f, target).withMaxCheck(0.05).withHandler(
                (s, detector, increasing) -> {
                    if (!increasing && ref.escape == null) {
                        ref.escape = s.getTime();
                    }
                    return Action.CONTINUE;
                }));
        dp.addEventDetector(new PlateauBandDetector(f, epsPlateau, options.plateauTolerance()).withMaxCheck(0.05)
                .withHandler((s, detector, increasing) -> {
                    if (!increasing && ref.entry == null) {
                        ref.entry = s.getTime();
                    } else if (increasing && ref.entry != null && ref.exit == null) {
                        ref.exit = s.getTime();
                    }
                    return Action.CONTINUE;
                }));
        dp.integrate(new OverlapOde(f), new ODEState(0, y0), grid.last());
        assertEquals(alphas.length, row[0]);
        return ref;
    }
}
