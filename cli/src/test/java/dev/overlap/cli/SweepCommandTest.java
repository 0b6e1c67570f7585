package dev.overlap.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.overlap.cli.sweep.SweepPoint;

/**
 * {@code overlap sweep} (issue 14): a sweep's rows are the command's own results at each point; shards partition
 * the grid and their merge is the single run's table byte for byte; a rerun resumes from the store; failed points
 * are rows; bad sweeps are refused before anything runs.
 */
@Tag("slow")
class SweepCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A small solve sweep: 2 × 2 points, each a few milliseconds. */
    private static final String[] SOLVE = {"--p", "2,3", "--pstar", "1", "--lr-per-width", "0.05:0.1:2",
        "--alpha-max", "40", "--points", "30"};

    @TempDir
    Path dir;

    @BeforeEach
    void fixClock() {
        SweepCommand.pointClock = () -> 0L;
    }

    @AfterEach
    void restoreClock() {
        SweepCommand.pointClock = System::nanoTime;
    }

    private static CliEndToEndTest.Run run(List<String> args) {
        return CliEndToEndTest.run(args.toArray(String[]::new));
    }

    private static List<String> sweep(String command, String[] flags, String... more) {
        List<String> a = new ArrayList<>(List.of("sweep", command));
        a.addAll(List.of(flags));
        a.addAll(List.of(more));
        return a;
    }

    private String p(String name) {
        return dir.resolve(name).toString();
    }

    @Test
    void everyRowHoldsWhatTheCommandItselfReportsAtThatPoint() throws IOException {
        CliEndToEndTest.Run r = run(sweep("solve", SOLVE, "--out", p("sw"), "--jobs", "2"));
        assertEquals(0, r.code(), r.err());
        List<String> lines = Files.readAllLines(dir.resolve("sw.csv"));
        assertEquals(5, lines.size());
        assertEquals("p,lr_per_width,plateau_eps_g,plateau_alpha,plateau_exit_alpha,escape_rate,escape_alpha,"
                + "divergence_alpha,alpha_end,eps_g_alpha_max,rhs_evaluations,seconds,status,message", lines.get(0));
        // grid order: p slowest; the range 0.05:0.1:2 is its two ends
        String[][] expected = {{"2", "0.05"}, {"2", "0.1"}, {"3", "0.05"}, {"3", "0.1"}};
        for (int i = 0; i < 4; i++) {
            String[] row = lines.get(i + 1).split(",", -1);
            assertEquals(expected[i][0], row[0]);
            assertEquals(expected[i][1], row[1]);
            assertEquals("ok", row[12]);
            // the same point run on its own
            Path single = dir.resolve("single" + i + ".csv");
            CliEndToEndTest.Run s = CliEndToEndTest.run("solve", "--p", row[0], "--pstar", "1", "--lr-per-width", row[1],
                    "--alpha-max", "40", "--points", "30", "--out", single.toString(), "-q");
            assertEquals(0, s.code(), s.err());
            JsonNode j = JSON.readTree(dir.resolve("single" + i + ".json").toFile());
            assertEquals(j.at("/events/plateau/eps_g").asDouble(), Double.parseDouble(row[2]), 0.0);
            assertEquals(j.at("/events/plateau/escape_rate").asDouble(), Double.parseDouble(row[5]), 0.0);
            assertEquals(j.at("/solver/rhs_evaluations").asLong(), Long.parseLong(row[10]));
            List<String> curve = Files.readAllLines(single);
            String[] last = curve.get(curve.size() - 1).split(",");
            assertEquals(Double.parseDouble(last[1]), Double.parseDouble(row[9]), 0.0);
            assertEquals(40.0, Double.parseDouble(row[8]), 0.0);
        }
        // the quadratic R = 0 plateau of p students, p* = 1, mean normalisation, η = p η̃, with the η² term, is
        // checked against its closed form in PlateauTheoryTest; here: it must not depend on η̃ at fixed p only weakly
        JsonNode sw = JSON.readTree(dir.resolve("sw.json").toFile());
        assertEquals(4, sw.at("/counts/points").asInt());
        assertEquals(4, sw.at("/counts/ok").asInt());
        assertEquals("--lr-per-width", sw.at("/sweep/axes/1/flag").asText());
        assertEquals(List.of("0.05", "0.1"), List.of(sw.at("/sweep/axes/1/values/0").asText(),
                sw.at("/sweep/axes/1/values/1").asText()));
    }

    @Test
    void shardsPartitionTheGridAndTheirMergeIsTheSingleRunByteForByte() throws IOException {
        assertEquals(0, run(sweep("solve", SOLVE, "--out", p("one"))).code());
        for (int i = 1; i <= 3; i++) {
            CliEndToEndTest.Run r = run(sweep("solve", SOLVE, "--out", p("sharded"), "--shard", i + "/3"));
            assertEquals(0, r.code(), r.err());
            assertFalse(Files.exists(dir.resolve("sharded.csv")), "a shard writes no table");
        }
        try (Stream<Path> s = Files.list(dir.resolve("sharded.store").resolve("points"))) {
            assertEquals(4, s.count(), "3 shards ran each of the 4 points once");
        }
        CliEndToEndTest.Run m = CliEndToEndTest.run("sweep", "merge", "--out", p("sharded"));
        assertEquals(0, m.code(), m.err());
        assertArrayEquals(Files.readAllBytes(dir.resolve("one.csv")), Files.readAllBytes(dir.resolve("sharded.csv")));
        assertArrayEquals(Files.readAllBytes(dir.resolve("one.json")), Files.readAllBytes(dir.resolve("sharded.json")));
    }

    @Test
    void aMergeBeforeEveryShardIsDoneMarksTheMissingPoints() throws IOException {
        assertEquals(0, run(sweep("solve", SOLVE, "--out", p("half"), "--shard", "2/2")).code());
        CliEndToEndTest.Run m = CliEndToEndTest.run("sweep", "merge", "--out", p("half"));
        assertEquals(SweepCommand.EXIT_SOME_FAILED, m.code(), m.err());
        List<String> lines = Files.readAllLines(dir.resolve("half.csv"));
        assertTrue(lines.get(1).endsWith(",missing,not in the store"), lines.get(1));
        assertTrue(lines.get(2).contains(",ok,"), lines.get(2));
        assertTrue(lines.get(3).endsWith(",missing,not in the store"), lines.get(3));
    }

    @Test
    void aRerunSkipsWhatIsDoneAndRunsOnlyWhatIsMissing() throws IOException {
        assertEquals(0, run(sweep("solve", SOLVE, "--out", p("sw"))).code());
        byte[] first = Files.readAllBytes(dir.resolve("sw.csv"));
        List<Path> records;
        try (Stream<Path> s = Files.walk(dir.resolve("sw.store"))) {
            records = s.filter(f -> f.getFileName().toString().equals("point.json")).sorted().toList();
        }
        assertEquals(4, records.size());
        Files.delete(records.get(2));
        CliEndToEndTest.Run again = run(sweep("solve", SOLVE, "--out", p("sw")));
        assertEquals(0, again.code(), again.err());
        assertTrue(again.err().contains("3 already in"), again.err());
        assertTrue(again.err().contains("running 1 on"), again.err());
        assertArrayEquals(first, Files.readAllBytes(dir.resolve("sw.csv")));
    }

    @Test
    void theKeyIsTheFullSpecHoweverItIsWritten() {
        SweepPlan plan = SweepPlan.of("solve", List.of("--p", "2"), false);
        String key = plan.key(plan.grid().point(0));
        SweepPlan same = SweepPlan.of("solve", List.of("--pstar", "2", "--p=2", "--activation", "quadratic"), false);
        assertEquals(key, same.key(same.grid().point(0)), "explicit defaults and --flag=value give the same key");
        SweepPlan other = SweepPlan.of("solve", List.of("--p", "2", "--noise", "0.01"), false);
        assertNotEquals(key, other.key(other.grid().point(0)));
        SweepPlan sim = SweepPlan.of("simulate", List.of("--p", "2", "--threads", "1"), false);
        SweepPlan sim2 = SweepPlan.of("simulate", List.of("--p", "2", "--threads", "2"), false);
        assertEquals(sim.key(sim.grid().point(0)), sim2.key(sim2.grid().point(0)), "--threads is not in the key");
        assertNotEquals(key, sim.key(sim.grid().point(0)), "the command is in the key");
    }

    @Test
    void failedPointsAreRowsWithTheirStatusAndTheExitCodeSaysSo() throws IOException {
        CliEndToEndTest.Run r = CliEndToEndTest.run("sweep", "solve", "--p", "2", "--pstar", "1", "--lr-per-width",
                "0.05,3", "--alpha-max", "20", "--points", "20", "--out", p("f"));
        assertEquals(SweepCommand.EXIT_SOME_FAILED, r.code(), r.err());
        List<String> lines = Files.readAllLines(dir.resolve("f.csv"));
        assertTrue(lines.get(1).contains(",ok,"), lines.get(1));
        assertTrue(lines.get(2).contains(",diverged,"), lines.get(2));
        assertTrue(lines.get(2).contains("diverged at α"), lines.get(2));
        assertTrue(r.err().contains("lr-per-width=3: diverged"), r.err());
        // a bad combination (p* larger than the student's teacher file allows is not needed: --sigma0 with isotropic)
        CliEndToEndTest.Run bad = CliEndToEndTest.run("sweep", "solve", "--init", "random,isotropic", "--sigma0", "0.5",
                "--alpha-max", "5", "--points", "5", "--out", p("b"));
        assertEquals(SweepCommand.EXIT_SOME_FAILED, bad.code(), bad.err());
        List<String> b = Files.readAllLines(dir.resolve("b.csv"));
        assertTrue(b.get(1).contains(",ok,"), b.get(1));
        assertTrue(b.get(2).contains(",error,--sigma0 only applies to --init random"), b.get(2));
    }

    @Test
    void badSweepsAreOneLineErrorsAndRunNothing() {
        String[][] cases = {
            {"sweep", "solve", "--p", "2,4", "--bogus", "1", "--out", p("x")},
            {"sweep", "solve", "--p", "2,4", "--format", "json", "--out", p("x")},
            {"sweep", "solve", "--p", "2,4", "--p", "3", "--out", p("x")},
            {"sweep", "solve", "--p", "2:5:3", "--out", p("x")},
            {"sweep", "solve", "--lr-per-width", "0:1:3:log", "--out", p("x")},
            {"sweep", "solve", "--p", "2,4", "--pstar", "1,2,3", "--zip", "--out", p("x")},
            {"sweep", "solve", "--p", "2,4", "--shard", "3/2", "--out", p("x")},
            {"sweep", "solve", "--p", "2,4", "--jobs", "0", "--out", p("x")},
            {"sweep", "solve", "--p", "2,4", "--plot", p("x.png"), "--y", "nonsense", "--out", p("x")},
            {"sweep", "solve", "--norm", "mean,sum", "--plot", p("x.png"), "--out", p("x")},
            {"sweep", "solve", "--p", "2,4", "--lr", "--out", p("x")},
            {"sweep", "frobnicate", "--out", p("x")},
            {"sweep", "merge", "--out", p("nothing")},
        };
        for (String[] c : cases) {
            CliEndToEndTest.Run r = CliEndToEndTest.run(c);
            assertEquals(2, r.code(), String.join(" ", c) + "\n" + r.err());
            assertEquals(1, r.err().trim().lines().count(), r.err());
            assertFalse(r.err().contains("Exception"), r.err());
            assertFalse(Files.exists(dir.resolve("x.store")), String.join(" ", c));
            assertFalse(Files.exists(dir.resolve("x.csv")), String.join(" ", c));
        }
    }

    @Test
    void theTableFollowsALinkAndAShardRefusesAnotherSweepsStore() throws IOException {
        Path target = Files.writeString(dir.resolve("elsewhere.csv"), "old");
        Files.createSymbolicLink(dir.resolve("l.csv"), target);
        CliEndToEndTest.Run r = run(sweep("solve", SOLVE, "--out", p("l")));
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.isSymbolicLink(dir.resolve("l.csv")));
        assertTrue(Files.readString(target).startsWith("p,lr_per_width,"));
        Files.createDirectory(dir.resolve("d.csv"));
        CliEndToEndTest.Run d = run(sweep("solve", SOLVE, "--out", p("d")));
        assertEquals(2, d.code(), d.err());
        assertFalse(Files.exists(dir.resolve("d.store")), "nothing runs when the table cannot be written");
        assertEquals(0, run(sweep("solve", SOLVE, "--out", p("s"), "--shard", "1/2")).code());
        CliEndToEndTest.Run other = CliEndToEndTest.run("sweep", "solve", "--p", "5,6", "--out", p("s"), "--shard", "2/2");
        assertEquals(2, other.code(), other.err());
        assertTrue(other.err().contains("holds a different sweep"), other.err());
    }

    @Test
    void theSlurmScriptRunsTheShardsOfTheSameSweep() throws Exception {
        CliEndToEndTest.Run w = run(sweep("solve", SOLVE, "--out", p("cl"), "--slurm", "--slurm-tasks", "2"));
        assertEquals(0, w.code(), w.err());
        String script = Files.readString(dir.resolve("cl.sbatch"));
        assertTrue(script.startsWith("#!/bin/bash\n"), script);
        assertTrue(script.contains("#SBATCH --array=0-1\n"), script);
        assertTrue(script.contains("#SBATCH --output=" + dir.resolve("cl.store").resolve("slurm").toAbsolutePath()), script);
        assertTrue(Files.isDirectory(dir.resolve("cl.store").resolve("slurm")), "SLURM needs the log directory");
        assertFalse(Files.exists(dir.resolve("cl.csv")), "--slurm only writes the script");
        // run the script as SLURM would, task by task, with its array variables (no SLURM needed)
        for (int t = 0; t < 2; t++) {
            ProcessBuilder pb = new ProcessBuilder("bash", dir.resolve("cl.sbatch").toString());
            pb.environment().putAll(SlurmScript.taskEnvironment(t, 2));
            pb.environment().remove("OVERLAP_JAVA_OPTS");
            pb.redirectErrorStream(true);
            Process proc = pb.start();
            String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(proc.waitFor(120, TimeUnit.SECONDS));
            assertEquals(0, proc.exitValue(), out);
            assertTrue(out.contains("shard " + (t + 1) + "/2 done"), out);
        }
        CliEndToEndTest.Run m = CliEndToEndTest.run("sweep", "merge", "--out", p("cl"));
        assertEquals(0, m.code(), m.err());
        assertEquals(0, run(sweep("solve", SOLVE, "--out", p("ref"))).code());
        // the subprocesses timed their points with the real clock: compare everything but the seconds column
        assertEquals(withoutSeconds(dir.resolve("ref.csv")), withoutSeconds(dir.resolve("cl.csv")));
    }

    private static List<String> withoutSeconds(Path csv) throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(csv)) {
            String[] f = line.split(",", -1);
            f[11] = "";
            out.add(String.join(",", f));
        }
        return out;
    }

    @Test
    void simulateEscapeAndCompareSweepsFillTheirColumns() throws IOException {
        CliEndToEndTest.Run s = CliEndToEndTest.run("sweep", "simulate", "--p", "2", "--pstar", "1", "--N", "200,400",
                "--seeds", "4", "--alpha-max", "10", "--points", "10", "--threads", "1", "--out", p("sim"),
                "--curves", p("curves"));
        assertEquals(0, s.code(), s.err());
        JsonNode sim = JSON.readTree(dir.resolve("sim.json").toFile());
        assertEquals("400", sim.at("/points/1/parameters/N").asText());
        assertTrue(sim.at("/points/1/results/eps_g_alpha_max").asDouble() > 0);
        assertEquals(10.0, sim.at("/points/0/results/alpha_end").asDouble(), 0.0);
        try (Stream<Path> c = Files.list(dir.resolve("curves"))) {
            assertEquals(List.of("1_N=200.csv", "2_N=400.csv"), c.map(f -> f.getFileName().toString()).sorted().toList());
        }
        CliEndToEndTest.Run e = CliEndToEndTest.run("sweep", "escape", "--p", "2", "--pstar", "1", "--N", "1000,100000",
                "--samples", "64", "--out", p("esc"), "--plot", p("esc.png"), "--y", "escape_alpha_mean");
        assertEquals(0, e.code(), e.err());
        JsonNode esc = JSON.readTree(dir.resolve("esc.json").toFile());
        double a3 = esc.at("/points/0/results/escape_alpha_mean").asDouble();
        double a5 = esc.at("/points/1/results/escape_alpha_mean").asDouble();
        double gamma = esc.at("/points/0/results/escape_rate").asDouble();
        // large-N law of the escape time: mean ≈ ln N/(2γ) + c, so the two means differ by ln(100)/(2γ)
        assertEquals(Math.log(100) / (2 * gamma), a5 - a3, 0.05 * Math.log(100) / (2 * gamma));
        assertTrue(Files.size(dir.resolve("esc.png")) > 1000);
        CliEndToEndTest.Run c = CliEndToEndTest.run("sweep", "compare", "--p", "2", "--pstar", "1", "--N", "300",
                "--seeds", "6", "--alpha-max", "8", "--points", "12", "--lr-per-width", "0.05,0.1", "--out", p("cmp"));
        assertTrue(c.code() == 0 || c.code() == SweepCommand.EXIT_SOME_FAILED, c.err());
        JsonNode cmp = JSON.readTree(dir.resolve("cmp.json").toFile());
        for (int i = 0; i < 2; i++) {
            assertEquals("ok", cmp.at("/points/" + i + "/status").asText(), cmp.toString());
            String verdict = cmp.at("/points/" + i + "/results/verdict").asText();
            assertTrue(verdict.equals("AGREE") || verdict.equals("DISAGREE"), verdict);
            assertTrue(cmp.at("/points/" + i + "/results/max_abs_z").isNumber());
        }
        assertNull(SweepRunner.lastRow(dir.resolve("nothing.csv")).get("alpha"));
        SweepPoint first = SweepPlan.of("simulate", List.of("--N", "200,400"), false).grid().point(0);
        assertEquals(Map.of("--N", "200"), first.parameters());
    }
}
