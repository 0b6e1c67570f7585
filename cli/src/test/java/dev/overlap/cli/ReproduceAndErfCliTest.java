package dev.overlap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** {@code overlap reproduce} and the erf activation through the CLI. */
class ReproduceAndErfCliTest {

    @TempDir
    Path dir;

    @Test
    void reproduceWritesSummaryTablesAndFigures() throws IOException {
        Path out = dir.resolve("bocchi");
        CliEndToEndTest.Run r = CliEndToEndTest.run("reproduce", "bocchi2026", "plateau", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("all checks passed"), r.out());
        assertTrue(Files.exists(out.resolve("plateau.md")));
        assertTrue(Files.exists(out.resolve("plateau_plateau.csv")));
        assertTrue(Files.size(out.resolve("plateau_eps_vs_eta.png")) > 1000);
        String md = Files.readString(out.resolve("plateau.md"));
        assertTrue(md.contains("| quantity | source | predicted | measured"), md);
    }

    @Test
    void unknownPaperOrPartIsOneLine() {
        CliEndToEndTest.Run a = CliEndToEndTest.run("reproduce", "nobody2030", "plateau", "--out", dir.toString());
        assertEquals(2, a.code());
        assertTrue(a.err().contains("unknown paper 'nobody2030'"), a.err());
        CliEndToEndTest.Run b = CliEndToEndTest.run("reproduce", "saad1995", "escape", "--out", dir.toString());
        assertEquals(2, b.code());
        assertTrue(b.err().contains("unknown part 'escape'"), b.err());
    }

    @Test
    void erfSolveReportsTheSymmetricPlateau() throws IOException {
        Path csv = dir.resolve("erf.csv");
        CliEndToEndTest.Run r = CliEndToEndTest.run("solve", "--activation", "erf", "--norm", "sum", "--p", "2", "--pstar",
                "2", "--lr", "0.1", "--no-eta2", "--init", "isotropic", "--q0", "0.2", "--r0", "0.0001", "--alpha-max",
                "3000", "--out", csv.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode plateau = new ObjectMapper().readTree(dir.resolve("erf.json").toFile()).get("events").get("plateau");
        // Saad & Solla (1995): ε_g = (K/π)(π/6 − K arcsin(1/(2K))) for K = 2
        assertEquals(2 / Math.PI * (Math.PI / 6 - 2 * Math.asin(0.25)), plateau.get("eps_g").asDouble(), 1e-10);
        assertTrue(plateau.get("unstable_directions").asInt() >= 1);
    }
}
