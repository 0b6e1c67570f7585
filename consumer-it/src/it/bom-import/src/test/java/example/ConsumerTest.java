package example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overlap.model.ModelSpec;
import dev.overlap.ode.OverlapDynamics;
import dev.overlap.ode.RhsKind;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The overlap library used from outside its build, with the jars a consumer's Maven resolves. */
class ConsumerTest {

    /**
     * Every Hipparchus module on the test class path (those of overlap-ode and those Symja loads) comes from a jar
     * of the version the overlap modules are built with: no 3.x jar beside 4.x ones.
     */
    @Test
    void everyHipparchusModuleIsTheBuildVersion() throws Exception {
        String expected = System.getProperty("expected.hipparchus.version");
        List<String> classes = List.of("org.hipparchus.linear.RealMatrix", "org.hipparchus.ode.ODEIntegrator",
                "org.hipparchus.stat.StatUtils", "org.hipparchus.optim.OptimizationData",
                "org.hipparchus.fitting.PolynomialCurveFitter", "org.hipparchus.transform.FastFourierTransformer",
                "org.hipparchus.clustering.Clusterable");
        for (String name : classes) {
            String jar = Class.forName(name).getProtectionDomain().getCodeSource().getLocation().getPath();
            assertTrue(jar.endsWith("-" + expected + ".jar"), name + " was loaded from " + jar);
        }
    }

    /**
     * The equations derived by Symja and compiled by Janino (overlap-validation's symbolic right-hand side, which
     * overlap-ode finds with the service loader), for σ(z) = z², p = p* = 1, κ = 1, without the η²
     * term, against the closed matrix form of the README worked by hand with D = diag(1, −1):
     * dQ/dα = −4η[(Q − T)Q + 2(Q² − R²)], dR/dα = −2η[(Q − T)R + 2(QR − RT)],
     * ε_g = ½[(Q − T)² + 2(Q² − 2R² + T²)]. At η = 0.5, Q = 0.7, R = 0.2, T = 1: −1.38, 0.18, 1.455.
     */
    @Test
    void symbolicEquationsMatchTheClosedFormWorkedByHand() {
        ModelSpec spec = ModelSpec.builder().p(1).pstar(1).lr(0.5).eta2(false).build();
        OverlapDynamics rhs = OverlapDynamics.of(spec, new double[][] {{1.0}}, RhsKind.SYMBOLIC);
        double[] y = {0.7, 0.2};
        double[] dy = new double[2];
        rhs.derivatives(y, dy);
        assertEquals(-1.38, dy[0], 1e-12);
        assertEquals(0.18, dy[1], 1e-12);
        assertEquals(1.455, rhs.generalisationError(y), 1e-12);
    }

    /** The README's snippet runs: the student escapes from the plateau within α = 100 (BENCHMARKS.md's model). */
    @Test
    void readmeSnippetFindsAnEscape() {
        double alpha = ReadmeSnippet.escapeAlpha();
        assertTrue(alpha > 0 && alpha < 100, "escape α = " + alpha);
    }
}
