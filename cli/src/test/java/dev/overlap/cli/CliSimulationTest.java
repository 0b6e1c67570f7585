package dev.overlap.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** {@code overlap simulate} and {@code overlap compare} end to end: files, columns, seeds, errors, interruption. */
@Tag("slow")
class CliSimulationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static CliEndToEndTest.Run run(String... args) {
        return CliEndToEndTest.run(args);
    }


    private static double[] numbers(String line) {
        return Arrays.stream(line.split(",")).mapToDouble(Double::parseDouble).toArray();
    }

    @Test
    void simulateWritesTheDocumentedTablesAndSidecar() throws IOException {
        Path csv = dir.resolve("sim.csv");
        Path seeds = dir.resolve("seeds");
        CliEndToEndTest.Run r = run("simulate", "--engine", "weights", "--p", "2", "--pstar", "1", "--N", "200", "--seed",
                "5", "--seeds", "3", "--alpha-max", "2", "--points", "5", "--grid", "linear", "--out", csv.toString(),
                "--per-seed", seeds.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.out());
        assertEquals(1, r.err().trim().lines().count(), "one summary line: " + r.err());
        assertTrue(r.err().contains("N = 200, 3 seeds (master seed 5)"), r.err());
        assertEquals(List.of("seeds", "sim.csv", "sim.json"), CliEndToEndTest.filesIn(dir));
        assertEquals(List.of("seed-0.csv", "seed-1.csv", "seed-2.csv"), CliEndToEndTest.filesIn(seeds));

        List<String> rows = Files.readAllLines(csv);
        assertEquals("alpha,eps_g_mean,eps_g_std,eps_g_sem,eps_g_median,eps_g_q10,eps_g_q90,Q_1_1_mean,Q_1_2_mean,"
                + "Q_2_2_mean,R_1_1_mean,R_2_1_mean", rows.get(0));
        assertEquals(6, rows.size());
        List<List<String>> seedRows = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            List<String> s = Files.readAllLines(seeds.resolve("seed-" + k + ".csv"));
            assertEquals("alpha,eps_g,Q_1_1,Q_1_2,Q_2_2,R_1_1,R_2_1,K_1_1,dist_closest", s.get(0),
                    "the columns of overlap solve");
            assertEquals(6, s.size());
            seedRows.add(s);
            // seed k starts where 'overlap solve --init random --N 200 --seed 5+k' starts
            CliEndToEndTest.Run solve = run("solve", "--p", "2", "--pstar", "1", "--N", "200", "--seed",
                    Integer.toString(5 + k), "--alphas", "0", "-q");
            assertArrayEquals(numbers(solve.out().split("\n")[1]), numbers(s.get(1)), 0.0, "seed " + k);
        }
        for (int i = 1; i < rows.size(); i++) {
            double[] agg = numbers(rows.get(i));
            assertEquals(0.5 * (i - 1), agg[0], 1e-15);
            double mean = 0;
            double meanR11 = 0;
            for (List<String> s : seedRows) {
                double[] v = numbers(s.get(i));
                assertEquals(agg[0], v[0], 0.0);
                mean += v[1] / 3;
                meanR11 += v[5] / 3;
            }
            assertEquals(mean, agg[1], 1e-15);
            assertEquals(meanR11, agg[10], 1e-15);
            assertTrue(agg[5] <= agg[4] && agg[4] <= agg[6], "q10 ≤ median ≤ q90");
        }

        JsonNode meta = JSON.readTree(dir.resolve("sim.json").toFile());
        assertEquals(5, meta.get("master_seed").asLong());
        assertEquals("weights", meta.get("engine").asText());
        assertEquals(3, meta.get("seeds").asInt());
        assertEquals(200, meta.get("N").asInt());
        assertEquals(3, meta.get("per_seed").size());
        assertEquals(6, meta.get("per_seed").get(1).get("seed").asLong());
        assertTrue(meta.get("per_seed").get(1).has("escape_alpha"));
        assertTrue(meta.get("steps_per_second").asDouble() > 0);
        assertTrue(meta.get("wall_seconds").asDouble() > 0);
        assertEquals(2, meta.get("spec").get("p").asInt());
        assertEquals(12, meta.get("columns").size());
    }

    @Test
    void simulateIsTheSameOnOneAndTwoThreadsAndQuietIsSilent() {
        String[] args = {"simulate", "--N", "120", "--seeds", "3", "--alphas", "0.5,1", "-q", "--threads"};
        CliEndToEndTest.Run one = run(concat(args, "1"));
        CliEndToEndTest.Run two = run(concat(args, "2"));
        assertEquals(0, one.code(), one.err());
        assertEquals(one.out(), two.out());
        assertEquals("", one.err());
        assertEquals(4, one.out().split("\n").length, "header, then α = 0 (always recorded), 0.5 and 1");
    }

    private static String[] concat(String[] a, String... b) {
        String[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    @Test
    void progressLineOnlyWhenAsked() {
        CliEndToEndTest.Run plain = run("simulate", "--N", "100", "--seeds", "2", "--alphas", "1");
        assertFalse(plain.err().contains("ETA"), plain.err());
        assertEquals(1, plain.err().trim().lines().count(), "only the summary: " + plain.err());
        CliEndToEndTest.Run with = run("simulate", "--N", "100", "--seeds", "2", "--alphas", "1", "--progress");
        assertEquals(0, with.code(), with.err());
        assertTrue(with.err().contains("simulate: 200/200 steps (100%)") && with.err().contains("ETA"), with.err());
    }

    @ParameterizedTest
    @ValueSource(strings = {"--N 4", "--seeds 0", "--threads 0", "--engine weights --init isotropic", "--engine foo",
        "--escape-fraction 2",
        "--N 100,200", "--lr -1", "--alpha-max 0", "--no-eta2"})
    void badSimulateInputIsOneLineAndWritesNothing(String flags) throws IOException {
        Path csv = dir.resolve("out.csv");
        List<String> args = new ArrayList<>(List.of("simulate", "--alpha-max", "1", "--out", csv.toString(),
                "--per-seed", dir.resolve("seeds").toString()));
        args.addAll(List.of(flags.split(" ")));
        CliEndToEndTest.Run r = run(args.toArray(new String[0]));
        assertEquals(2, r.code(), flags + " → " + r.err());
        assertEquals(1, r.err().trim().lines().count(), r.err());
        assertTrue(r.err().startsWith("overlap: ") && !r.err().contains("Exception"), r.err());
        assertEquals(List.of(), CliEndToEndTest.filesIn(dir), "nothing written for " + flags);
    }

    @Test
    void smallDimensionNamesTheBound() {
        CliEndToEndTest.Run r = run("simulate", "--p", "4", "--pstar", "2", "--N", "5");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--N must be at least p + p* = 6 (got 5)"), r.err());
    }

    @Test
    void unwritableOutputsAreRejectedBeforeSimulating() throws IOException {
        Path file = dir.resolve("plain-file");
        Files.writeString(file, "x");
        CliEndToEndTest.Run r = run("simulate", "--N", "100", "--alphas", "1", "--per-seed", file.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("not a directory"), r.err());
        r = run("simulate", "--N", "100", "--alphas", "1", "--per-seed", dir.resolve("a/b").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("does not exist"), r.err());
        r = run("simulate", "--N", "100", "--alphas", "1", "--out", dir.resolve("no/sim.csv").toString());
        assertEquals(2, r.code());
        r = run("compare", "--N", "100", "--seeds", "2", "--alphas", "1", "--out", dir.resolve("no/cmp").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("does not exist"), r.err());
        assertEquals(List.of("plain-file"), CliEndToEndTest.filesIn(dir));
    }

    @Test
    void interruptedSimulationWritesNothing() throws Exception {
        Path csv = dir.resolve("sim.csv");
        int[] code = {-1};
        Thread t = new Thread(() -> code[0] = run("simulate", "--N", "3000", "--seeds", "2", "--alpha-max", "10000",
                "--out", csv.toString(), "--per-seed", dir.resolve("seeds").toString()).code());
        t.start();
        Thread.sleep(500);
        t.interrupt();
        t.join(20_000);
        assertFalse(t.isAlive());
        assertEquals(Main.EXIT_INTERRUPTED, code[0]);
        assertEquals(List.of(), CliEndToEndTest.filesIn(dir));
    }

    /** A real SIGTERM to a separate JVM in the middle of a run: no output, no temporary file. */
    @Test
    void terminatedProcessLeavesNoFiles() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "dev.overlap.cli.Main", "simulate", "--N", "3000", "--seeds", "2", "--alpha-max", "10000",
                "--out", dir.resolve("sim.csv").toString(), "--per-seed", dir.resolve("seeds").toString());
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Process process = pb.start();
        assertFalse(process.waitFor(1500, TimeUnit.MILLISECONDS), "still running");
        process.destroy();
        assertTrue(process.waitFor(20, TimeUnit.SECONDS));
        assertEquals(List.of(), CliEndToEndTest.filesIn(dir));
    }

    @Test
    void compareWritesCsvJsonPngAndEndsWithTheVerdict() throws IOException {
        Path prefix = dir.resolve("cmp");
        CliEndToEndTest.Run r = run("compare", "--p", "2", "--pstar", "1", "--N", "200,800", "--seeds", "4",
                "--alpha-max", "2", "--points", "5", "--grid", "linear", "--out", prefix.toString());
        assertTrue(r.code() == 0 || r.code() == CompareCommand.EXIT_DISAGREE, r.err());
        assertEquals(List.of("cmp.csv", "cmp.json", "cmp.png"), CliEndToEndTest.filesIn(dir));
        String[] lines = r.out().trim().split("\n");
        String last = lines[lines.length - 1];
        JsonNode doc = JSON.readTree(dir.resolve("cmp.json").toFile());
        String verdict = doc.get("verdict").asText();
        assertTrue(last.startsWith(verdict + ": "), last);
        assertEquals(verdict.equals("AGREE") ? 0 : CompareCommand.EXIT_DISAGREE, r.code());
        assertEquals(2, doc.get("per_N").size());
        assertEquals(800, doc.get("per_N").get(1).get("N").asInt());
        assertEquals(4, doc.get("per_N").get(0).get("per_seed_escape_simulation").size());
        assertTrue(doc.get("scaling_exponent").isNumber());
        assertEquals(0.01, doc.get("criteria").get("family_wise_error_rate").asDouble());
        assertEquals("finite-n", doc.get("theory").asText());
        assertEquals(2, doc.get("finite_n").size());

        List<String> rows = Files.readAllLines(dir.resolve("cmp.csv"));
        assertEquals("N,alpha,eps_g_sim_mean,eps_g_sim_sem,eps_g_sim_q10,eps_g_sim_q90,eps_g_ode_mean,deviation,"
                + "deviation_se,z,eps_g_ode_isotropic,eps_g_finite_n_mean,eps_g_finite_n_sd,z_finite_n", rows.get(0),
                "the per-seed ODE columns as before, the finite-N theory's appended");
        assertEquals(1 + 2 * 5, rows.size());
        for (String row : rows.subList(1, rows.size())) {
            double[] v = numbers(row);
            assertEquals(v[2] - v[6], v[7], 1e-12, "deviation = sim mean − ode mean");
            assertTrue(Double.isFinite(v[10]), "isotropic reference at every α: " + row);
            assertTrue(Double.isFinite(v[11]) && v[12] >= 0, "finite-N prediction at every α: " + row);
        }
        byte[] png = Files.readAllBytes(dir.resolve("cmp.png"));
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(png, 4));
    }

    @ParameterizedTest
    @ValueSource(strings = {"--seeds 1", "--N 2", "--N 0", "--alpha-level 2", "--iso-r0 5", "--init file"})
    void badCompareInputIsOneLineAndWritesNothing(String flags) throws IOException {
        List<String> args = new ArrayList<>(List.of("compare", "--alphas", "1", "--out", dir.resolve("cmp").toString()));
        args.addAll(List.of(flags.split(" ")));
        CliEndToEndTest.Run r = run(args.toArray(new String[0]));
        assertEquals(2, r.code(), flags + " → " + r.err());
        assertEquals(1, r.err().trim().lines().count(), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
        assertEquals(List.of(), CliEndToEndTest.filesIn(dir));
    }
}
