package dev.overlap.ode.tails;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import dev.overlap.model.ModelSpec;
import dev.overlap.model.Normalisation;
import dev.overlap.model.StandardActivation;

/**
 * The erf tail evaluator, the tail's hot loop: it gives the numbers of the record-based evaluator it replaced
 * ({@link RecordErfDeviation}) to double-double rounding, at O(1) states and near zero loss, and it allocates nothing
 * per call. Its agreement with the independent double-precision Saad–Solla evaluator is DeviationDynamicsTest's (in the
 * validation module).
 */
class ErfDeviationTest {

    private static final ModelSpec[] SPECS = {
        ModelSpec.builder().p(2).pstar(2).activation(StandardActivation.ERF).normalisation(Normalisation.SUM).lr(0.5)
                .build(),
        ModelSpec.builder().p(3).pstar(2).activation(StandardActivation.ERF).noise(0.2).build(),
        ModelSpec.builder().p(3).pstar(3).activation(StandardActivation.ERF).normalisation(Normalisation.SQRT).lr(0.3)
                .noise(0.05).build(),
        ModelSpec.builder().p(1).pstar(2).activation(StandardActivation.ERF).eta2(false).build(),
    };

    @Test
    void agreesWithTheRecordArithmetic() {
        SplittableRandom rng = new SplittableRandom(31);
        for (ModelSpec spec : SPECS) {
            for (DeviationChecks.Split s : DeviationChecks.states(spec.p(), spec.pstar(), 12, rng)) {
                DeviationChecks.assertAgrees(new ErfDeviation(spec, s.t()), new RecordErfDeviation(spec, s.t()), s, spec);
            }
        }
    }

    @Test
    void allocatesNothing() {
        for (ModelSpec spec : new ModelSpec[] {SPECS[0], SPECS[1]}) {
            DeviationChecks.Split s = DeviationChecks.states(spec.p(), spec.pstar(), 1, new SplittableRandom(5)).get(0);
            DeviationChecks.assertAllocatesNothing(new ErfDeviation(spec, s.t()), s);
        }
    }
}
