package dev.overlap.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The compare report carries the conserved quantity: with --no-eta2 the per-seed theory conserves K exactly
 * (derivation in RotationalSymmetry), while SGD, which always has its noise, does not.
 */
@Tag("slow")
class CompareSymmetryCliTest {

    @TempDir
    Path dir;

    @Test
    void compareReportsTheDriftOfTheConservedQuantity() throws IOException {
        Path out = dir.resolve("cmp");
        CliEndToEndTest.Run r = CliEndToEndTest.run("compare", "--p", "3", "--pstar", "2", "--N", "300", "--seeds", "4",
                "--alpha-max", "20", "--points", "11", "--grid", "linear", "--no-eta2", "--out", out.toString());
        assertTrue(r.code() == 0 || r.code() == 4, r.err());
        JsonNode perN = new ObjectMapper().readTree(dir.resolve("cmp.json").toFile()).get("per_N").get(0);
        JsonNode k = perN.get("conserved_K_relative_drift");
        assertTrue(k.get("theory_mean").asDouble() < 1e-9, k.toString());
        assertTrue(k.get("simulation_mean").asDouble() > 1e-3, k.toString());
        assertTrue(perN.get("dist_closest_last").get("theory_mean").asDouble() > 0);
    }
}
