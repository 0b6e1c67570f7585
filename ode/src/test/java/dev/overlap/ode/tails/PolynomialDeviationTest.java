package dev.overlap.ode.tails;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import dev.overlap.model.ModelSpec;
import dev.overlap.model.Normalisation;
import dev.overlap.model.PolynomialActivation;

/**
 * The polynomial tail evaluator: it gives the numbers of the record-based evaluator it replaced
 * ({@link RecordPolynomialDeviation}) to double-double rounding, for degrees 2, 3 and 4, at O(1) states and near zero
 * loss, and it allocates nothing per call. Its agreement with the independent compiled symbolic equations is
 * DeviationDynamicsTest's (in the validation module).
 */
class PolynomialDeviationTest {

    private static final ModelSpec[] SPECS = {
        ModelSpec.builder().p(2).pstar(2).activation(PolynomialActivation.parse("0,1,0.5")).lrPerWidth(0.15).build(),
        ModelSpec.builder().p(2).pstar(1).activation(PolynomialActivation.parse("0,1,0,-1/3")).noise(0.1).build(),
        ModelSpec.builder().p(2).pstar(2).activation(PolynomialActivation.parse("0.1,1,0.2,0,-1/20"))
                .normalisation(Normalisation.SUM).lr(0.2).noise(0.05).build(),
        ModelSpec.builder().p(3).pstar(2).activation(PolynomialActivation.parse("0,0.5,1")).eta2(false).build(),
    };

    @Test
    void agreesWithTheRecordArithmetic() {
        SplittableRandom rng = new SplittableRandom(41);
        for (ModelSpec spec : SPECS) {
            for (DeviationChecks.Split s : DeviationChecks.states(spec.p(), spec.pstar(), 6, rng)) {
                DeviationChecks.assertAgrees(new PolynomialDeviation(spec, s.t()), new RecordPolynomialDeviation(spec, s.t()),
                        s, spec);
            }
        }
    }

    @Test
    void allocatesNothing() {
        for (ModelSpec spec : new ModelSpec[] {SPECS[0], SPECS[1]}) {
            DeviationChecks.Split s = DeviationChecks.states(spec.p(), spec.pstar(), 1, new SplittableRandom(5)).get(0);
            DeviationChecks.assertAllocatesNothing(new PolynomialDeviation(spec, s.t()), s);
        }
    }
}
