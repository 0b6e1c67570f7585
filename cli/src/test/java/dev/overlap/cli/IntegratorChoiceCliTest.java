package dev.overlap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code --integrator auto} (the default): DP853 for short runs, RODAS4 beyond α = 3000, where the explicit
 * step is held at the stability limit of the stiff tail; a run to α = 10⁹ then finishes (issue 15).
 */
class IntegratorChoiceCliTest {

    @TempDir
    Path dir;

    private JsonNode solve(String name, String... flags) throws Exception {
        String[] args = new String[flags.length + 4];
        args[0] = "solve";
        System.arraycopy(flags, 0, args, 1, flags.length);
        args[flags.length + 1] = "--out";
        args[flags.length + 2] = dir.resolve(name + ".csv").toString();
        args[flags.length + 3] = "-q";
        CliEndToEndTest.Run r = CliEndToEndTest.run(args);
        assertEquals(0, r.code(), r.err());
        return new ObjectMapper().readTree(dir.resolve(name + ".json").toFile());
    }

    @Test
    void autoTakesDormandPrinceForShortRunsAndRosenbrockForLongOnes() throws Exception {
        JsonNode shortRun = solve("short", "--alpha-max", "100", "--points", "20");
        assertTrue(shortRun.at("/solver/method").asText().startsWith("DormandPrince853"), shortRun.toString());
        JsonNode longRun = solve("long", "--alpha-max", "1e9", "--points", "40");
        assertTrue(longRun.at("/solver/method").asText().startsWith("RODAS4"), longRun.at("/solver").toString());
        // the escape is the same event either way (p = 3, p* = 2 defaults): the two integrators agree to 1e-6
        JsonNode explicit = solve("dp", "--alpha-max", "100", "--points", "20", "--integrator", "rosenbrock");
        assertEquals(shortRun.at("/events/escape/alpha").asDouble(), longRun.at("/events/escape/alpha").asDouble(),
                1e-6 * shortRun.at("/events/escape/alpha").asDouble());
        assertEquals(shortRun.at("/events/escape/alpha").asDouble(), explicit.at("/events/escape/alpha").asDouble(),
                1e-6 * shortRun.at("/events/escape/alpha").asDouble());
    }

    @Test
    void anUnknownIntegratorIsOneLine() {
        CliEndToEndTest.Run r = CliEndToEndTest.run("solve", "--integrator", "euler", "--alphas", "1");
        assertEquals(2, r.code(), r.err());
        assertEquals("overlap: error: unknown --integrator 'euler': use auto, dp853 or rosenbrock", r.err().trim());
    }
}
