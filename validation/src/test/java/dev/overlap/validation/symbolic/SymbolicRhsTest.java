package dev.overlap.validation.symbolic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.overlap.model.Activation;
import dev.overlap.model.InitialCondition;
import dev.overlap.model.ModelSpec;
import dev.overlap.model.Normalisation;
import dev.overlap.model.TeacherSpec;
import dev.overlap.ode.ActivationTheory;
import dev.overlap.ode.OverlapDynamics;
import dev.overlap.ode.RhsKind;
import dev.overlap.symbolic.EquationCache;
import dev.overlap.symbolic.OverlapEquations;

/**
 * {@link SymbolicRhs} keeps compiled evaluators in memory: one compilation per (p, p*, σ, normalisation, η² switch)
 * per JVM, however many threads, seeds and teacher overlaps ask for it. The expected counts are exact (the
 * polynomial σ(z) = z + z³/7 is used by no other test, so its first request here is its first compilation), and
 * each shared evaluator must give bit for bit what a separately compiled one gives for its own T (the same
 * generated code, with T passed as data). Also: ode finds this class through the service loader.
 */
@Tag("slow")
class SymbolicRhsTest {

    private static ModelSpec spec(String activation, boolean eta2) {
        return new ModelSpec(2, 1, Activation.parse(activation), Normalisation.MEAN, 0.3,
                ModelSpec.LearningRateConvention.ABSOLUTE, 0.1, eta2, new TeacherSpec.Orthonormal(),
                new InitialCondition.Isotropic(0.5, 0.0));
    }

    @Test
    void oneCompilationPerKeyAcrossThreadsSeedsAndTeachers(@TempDir Path dir) throws Exception {
        ModelSpec spec = spec("poly:0,1,0,1/7", true);
        SymbolicRhs rhs = new SymbolicRhs(new EquationCache(dir));
        long before = SymbolicRhs.compilations();
        double[] y = {0.8, 0.1, 0.6, 0.3, -0.2};
        int requests = 12;
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<double[]>> rates = new ArrayList<>();
        try {
            for (int k = 0; k < requests; k++) {
                double[][] t = {{1 + 0.1 * k}};
                rates.add(pool.submit(() -> {
                    OverlapDynamics f = rhs.dynamics(spec, t);
                    double[] dy = new double[y.length];
                    f.derivatives(y, dy);
                    return dy;
                }));
            }
            for (Future<double[]> r : rates) {
                r.get();
            }
        } finally {
            pool.shutdown();
        }
        assertEquals(before + 1, SymbolicRhs.compilations(), "one compilation for 12 requests on 4 threads");

        OverlapEquations eq = ((SymbolicDynamics) rhs.dynamics(spec, new double[][] {{1}})).equations();
        for (int k = 0; k < requests; k++) {
            double[][] t = {{1 + 0.1 * k}};
            double[] own = new double[y.length];
            new SymbolicDynamics(spec, t, eq).derivatives(y, own);
            assertArrayEquals(own, rates.get(k).get(), "T = " + t[0][0]);
        }

        ModelSpec gradientFlow = spec.withEta2(false);
        rhs.dynamics(gradientFlow, new double[][] {{1}});
        new SymbolicRhs(null).dynamics(gradientFlow, new double[][] {{2}});
        assertEquals(before + 2, SymbolicRhs.compilations(), "the η² switch is part of the key, the cache is not");
    }

    @Test
    void odeFindsTheRegisteredSymbolicRightHandSide() {
        ModelSpec spec = spec("poly:0,1,1/2", true);
        ActivationTheory theory = ActivationTheory.of(spec.activation());
        assertEquals(java.util.Set.of(RhsKind.SYMBOLIC), theory.rightHandSides());
        assertEquals(RhsKind.SYMBOLIC, theory.defaultRightHandSide());
        assertTrue(theory.hasDynamics(spec));
        OverlapDynamics f = OverlapDynamics.of(spec, new double[][] {{1}});
        assertInstanceOf(SymbolicDynamics.class, f);
        assertEquals(java.util.Set.of(RhsKind.CLOSED_FORM, RhsKind.SYMBOLIC),
                ActivationTheory.of(Activation.QUADRATIC).rightHandSides());
    }
}
