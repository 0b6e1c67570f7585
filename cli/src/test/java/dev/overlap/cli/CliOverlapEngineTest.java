package dev.overlap.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** {@code --engine overlaps} (the default) on simulate and compare: records, given starts, bad input. */
@Tag("slow")
class CliOverlapEngineTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;


    private static double[] numbers(String line) {
        return Arrays.stream(line.split(",")).mapToDouble(Double::parseDouble).toArray();
    }

    @Test
    void theChainIsTheDefaultAndEveryOutputRecordsIt() throws IOException {
        Path csv = dir.resolve("sim.csv");
        CliEndToEndTest.Run r = CliEndToEndTest.run("simulate", "--N", "300", "--seeds", "3", "--alphas", "1",
                "--out", csv.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("Engine overlaps, N = 300") && r.err().contains("ns per step per thread"), r.err());
        JsonNode meta = JSON.readTree(dir.resolve("sim.json").toFile());
        assertEquals("overlaps", meta.get("engine").asText());
        assertTrue(meta.get("seed_rule").asText().contains("overlaps engine"), meta.get("seed_rule").asText());

        CliEndToEndTest.Run c = CliEndToEndTest.run("compare", "--N", "300", "--seeds", "3", "--alpha-max", "2",
                "--points", "3", "--grid", "linear", "--out", dir.resolve("cmp").toString());
        assertTrue(c.code() == 0 || c.code() == 4, c.err());
        assertTrue(c.out().startsWith("overlap compare:") && c.out().contains("engine overlaps"), c.out());
        assertEquals("overlaps", JSON.readTree(dir.resolve("cmp.json").toFile()).get("engine").asText());
    }

    @Test
    void givenStartsAreTheFirstRowOfEverySeed() throws IOException {
        Path seeds = dir.resolve("seeds");
        CliEndToEndTest.Run r = CliEndToEndTest.run("simulate", "--p", "2", "--pstar", "1", "--init", "isotropic",
                "--q0", "0.5", "--r0", "0.25", "--N", "64", "--seeds", "3", "--alphas", "1", "-q", "--per-seed",
                seeds.toString());
        assertEquals(0, r.code(), r.err());
        for (int k = 0; k < 3; k++) {
            List<String> rows = Files.readAllLines(seeds.resolve("seed-" + k + ".csv"));
            assertEquals("alpha,eps_g,Q_1_1,Q_1_2,Q_2_2,R_1_1,R_2_1,K_1_1,dist_closest", rows.get(0));
            double[] start = numbers(rows.get(1));
            assertEquals(0.0, start[0]);
            assertArrayEquals(new double[] {0.5, 0, 0.5, 0.25, 0.25}, Arrays.copyOfRange(start, 2, 7), 1e-15,
                    "seed " + k + " starts at Q = 0.5 I, R = 0.25 P");
        }

        Path state = dir.resolve("state.json");
        Files.writeString(state, "{\"Q\": [[1, 0.1], [0.1, 1]], \"R\": [[0.5], [0.0]], \"T\": [[1]]}");
        CliEndToEndTest.Run f = CliEndToEndTest.run("simulate", "--p", "2", "--pstar", "1", "--init", "file",
                "--init-file", state.toString(), "--N", "50", "--seeds", "2", "--alphas", "0.5", "-q");
        assertEquals(0, f.code(), f.err());
        double[] first = numbers(f.out().split("\n")[1]);
        assertArrayEquals(new double[] {1, 0.1, 1, 0.5, 0.0}, Arrays.copyOfRange(first, 7, 12), 1e-15);
    }

    @Test
    void aStateThatIsNoOverlapStateIsOneLineAndWritesNothing() throws IOException {
        Path out = dir.resolve("out");
        Files.createDirectory(out);
        Path singular = dir.resolve("singular-T.json");
        Files.writeString(singular, "{\"Q\": [[1, 0], [0, 1]], \"R\": [[0, 0], [0, 0]], \"T\": [[1, 1], [1, 1]]}");
        Path indefinite = dir.resolve("indefinite.json");
        Files.writeString(indefinite, "{\"Q\": [[1, 0], [0, 1]], \"R\": [[2], [0]], \"T\": [[1]]}");
        for (String[] flags : new String[][] {{"--pstar", "2", "--init-file", singular.toString()},
            {"--pstar", "1", "--init-file", indefinite.toString()}}) {
            CliEndToEndTest.Run r = CliEndToEndTest.run("simulate", "--p", "2", flags[0], flags[1], "--init", "file",
                    flags[2], flags[3], "--N", "50", "--alphas", "1", "--out", out.resolve("sim.csv").toString());
            assertEquals(2, r.code(), r.err());
            assertEquals(1, r.err().trim().lines().count(), r.err());
            assertTrue(r.err().startsWith("overlap: ") && !r.err().contains("Exception"), r.err());
            assertEquals(List.of(), CliEndToEndTest.filesIn(out));
        }
        CliEndToEndTest.Run r = CliEndToEndTest.run("simulate", "--p", "2", "--pstar", "2", "--init", "file",
                "--init-file", singular.toString(), "--N", "50", "--alphas", "1");
        assertTrue(r.err().contains("positive-definite teacher overlap T") && r.err().contains("--engine weights"),
                r.err());
    }

    @Test
    void aBillionDimensionsRunInASmallHeapBecauseNothingHasLengthN() {
        CliEndToEndTest.Run r = CliEndToEndTest.run("simulate", "--N", "1000000000", "--seeds", "2", "--alphas",
                "0.00001", "-q");
        assertEquals(0, r.code(), r.err());
        double[] last = numbers(r.out().split("\n")[2]);
        assertEquals(1e-5, last[0], 0.0);
        assertEquals(1.0, last[7], 1e-3, "Q_11 ≈ σ₀² = 1 at N = 10⁹");
    }
}
