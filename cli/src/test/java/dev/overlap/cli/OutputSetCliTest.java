package dev.overlap.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Output sets (issue 15): a run refuses, before computing, any set of outputs whose files collide, whose extension
 * contradicts the format, that would overwrite an input, or that cannot all be written (exit code 2, one line).
 */
class OutputSetCliTest {

    private static final String STATE = "{\"Q\": [[0.5, 0.1], [0.1, 0.6]], \"R\": [[0.2], [0.05]], \"T\": [[1.5]]}";

    @TempDir
    Path dir;

    private static CliEndToEndTest.Run run(String... args) {
        return CliEndToEndTest.run(args);
    }


    private String p(String name) {
        return dir.resolve(name).toString();
    }

    /** Exit 2, one line "overlap: error: …" without a trace, containing every fragment. */
    static void assertUserError(CliEndToEndTest.Run r, String... fragments) {
        assertEquals(2, r.code(), r.err());
        String err = r.err().trim();
        assertEquals(1, err.lines().count(), err);
        assertTrue(err.startsWith("overlap: error: "), err);
        assertFalse(err.contains("Exception") || err.contains("\tat "), err);
        for (String f : fragments) {
            assertTrue(err.contains(f), "'" + f + "' in: " + err);
        }
    }

    @Test
    void solveRefusesAnExtensionThatContradictsTheFormat() throws IOException {
        assertUserError(run("solve", "--alphas", "1", "--out", p("r.json")), "--out", "r.json", ".json",
                "--format csv");
        assertUserError(run("solve", "--alphas", "1", "--out", p("r.json"), "--format", "csv"), "--out",
                "--format csv");
        assertUserError(run("solve", "--alphas", "1", "--out", p("r.csv"), "--format", "json"), "--out",
                "--format json");
        assertUserError(run("solve", "--alphas", "1", "--out", p("r.csv"), "--plot", p("r.json")), "--plot", "PNG");
        assertEquals(List.of(), CliEndToEndTest.filesIn(dir));
    }

    @Test
    void matchingOrNeutralExtensionsAreAccepted() throws IOException {
        CliEndToEndTest.Run r = run("solve", "--alphas", "1", "--out", p("r.json"), "--format", "json", "-q");
        assertEquals(0, r.code(), r.err());
        r = run("solve", "--alphas", "1", "--out", p("t.txt"), "-q");
        assertEquals(0, r.code(), r.err());
        r = run("solve", "--alphas", "1", "--out", p("plain"), "-q");
        assertEquals(0, r.code(), r.err());
        assertEquals(List.of("plain", "plain.json", "r.json", "t.json", "t.txt"), CliEndToEndTest.filesIn(dir));
    }

    @Test
    void solveRefusesCollidingOutputs() throws IOException {
        // the table r and its sidecar r.json: --plot r.json would have the PNG replace the sidecar
        assertUserError(run("solve", "--alphas", "1", "--out", p("r"), "--plot", p("r")), "--out", "--plot",
                "same file");
        Files.createDirectories(dir.resolve("sub"));
        assertUserError(run("solve", "--alphas", "1", "--out", p("x.dat"), "--format", "json", "--plot",
                p("sub/../x.dat")), "--out", "--plot", "same file");
        assertEquals(List.of("sub"), CliEndToEndTest.filesIn(dir));
    }

    @Test
    void simulateRefusesAJsonTableAndSeedFilesThatCollideWithTheTable() throws IOException {
        // before: "Wrote r.json and r.json", the sidecar replacing the table
        assertUserError(run("simulate", "--N", "50", "--seeds", "2", "--alphas", "1", "--out", p("r.json")), "--out",
                ".json", "CSV");
        assertUserError(run("simulate", "--N", "50", "--seeds", "2", "--alphas", "1", "--out", p("seeds/seed-1.csv"),
                "--per-seed", p("seeds")), "--out", "seed file", "--per-seed", "same file");
        assertUserError(run("simulate", "--N", "50", "--seeds", "2", "--alphas", "1", "--out", p("s"),
                "--per-seed", p("s")), "--out", "--per-seed", "directory");
        assertEquals(List.of(), CliEndToEndTest.filesIn(dir));
    }

    @Test
    void noOutputMayOverwriteTheInitFile() throws IOException {
        Path state = dir.resolve("state.json");
        Files.writeString(state, STATE);
        String[] solve = {"solve", "--p", "2", "--pstar", "1", "--init", "file", "--init-file", state.toString(),
            "--alphas", "1", "--format", "json", "--out", state.toString()};
        assertUserError(run(solve), "--out", "--init-file", "input");
        // the JSON sidecar of state.csv is state.json
        assertUserError(run("solve", "--p", "2", "--pstar", "1", "--init", "file", "--init-file", state.toString(),
                "--alphas", "1", "--out", p("state.csv")), "sidecar", "--init-file");
        // the same file under another name
        Files.createDirectories(dir.resolve("sub"));
        assertUserError(run("simulate", "--p", "2", "--pstar", "1", "--init", "file", "--init-file",
                p("sub/../state.json"), "--N", "50", "--seeds", "2", "--alphas", "1", "--out", p("state.csv")),
                "--init-file");
        assertUserError(run("compare", "--p", "2", "--pstar", "1", "--init", "file", "--init-file", state.toString(),
                "--N", "50,100", "--seeds", "2", "--alphas", "1", "--out", p("state")), "--out", "--init-file");
        Path link = dir.resolve("hard.json");
        Files.createLink(link, state);
        assertUserError(run("solve", "--p", "2", "--pstar", "1", "--init", "file", "--init-file", link.toString(),
                "--alphas", "1", "--format", "json", "--out", state.toString()), "--init-file");
        assertEquals(STATE, Files.readString(state));
        assertEquals(List.of("hard.json", "state.json", "sub"), CliEndToEndTest.filesIn(dir));
    }

    @Test
    void anUnwritablePlotLeavesNoTableBehind() throws IOException {
        assertUserError(run("solve", "--alpha-max", "20", "--out", p("r.csv"), "--plot", p("no/such/r.png")),
                "cannot write", "does not exist");
        Files.createDirectories(dir.resolve("r.png"));
        assertUserError(run("solve", "--alpha-max", "20", "--out", p("r.csv"), "--plot", p("r.png")),
                "is a directory");
        assertEquals(List.of("r.png"), CliEndToEndTest.filesIn(dir));
    }

    /** A plot of fewer than two α &gt; 0 is refused before solving (it was refused only after the solve). */
    @Test
    void aPlotOfFewerThanTwoAlphasIsRefusedBeforeSolving() throws IOException {
        assertUserError(run("solve", "--alphas", "0,1", "--out", p("r.csv"), "--plot", p("r.png")), "--plot",
                "at least two α > 0", "the grid has 1");
        assertEquals(List.of(), CliEndToEndTest.filesIn(dir));
        CliEndToEndTest.Run ok = run("solve", "--alphas", "1,2", "--out", p("r.csv"), "--plot", p("r.png"), "-q");
        assertEquals(0, ok.code(), ok.err());
    }

    @Test
    void demoChecksItsWholeSetBeforeComputing() throws IOException {
        Path out = dir.resolve("d");
        Files.createDirectories(out.resolve("demo.png"));
        assertUserError(run("demo", "--out-dir", out.toString()), "demo.png", "is a directory");
        assertEquals(List.of("demo.png"), CliEndToEndTest.filesIn(out));
        Files.writeString(dir.resolve("f"), "x");
        assertUserError(run("demo", "--out-dir", p("f/sub")), "cannot create", "not a directory");
        assertEquals(List.of("d", "f"), CliEndToEndTest.filesIn(dir));
    }

    @Test
    void deriveRefusesAnExtensionThatContradictsTheFormat() throws IOException {
        assertUserError(run("derive", "--p", "1", "--pstar", "1", "--no-cache", "--out", p("eqs.json")), "--out",
                "--format text");
        assertUserError(run("derive", "--p", "1", "--pstar", "1", "--no-cache", "--format", "latex", "--out",
                p("eqs.java")), "--out", "--format latex");
        assertEquals(List.of(), CliEndToEndTest.filesIn(dir));
    }

    @Test
    void writeAllWritesNothingWhenOneTargetFails() throws IOException {
        Path a = dir.resolve("a.csv");
        Files.writeString(a, "old");
        Map<Path, byte[]> files = new LinkedHashMap<>();
        files.put(a, "new".getBytes(StandardCharsets.UTF_8));
        files.put(dir.resolve("missing/b.png"), new byte[] {1});
        assertThrows(UserError.class, () -> AtomicFiles.writeAll(files));
        assertEquals("old", Files.readString(a));
        assertEquals(List.of("a.csv"), CliEndToEndTest.filesIn(dir), "no temporary file left");
        files.remove(dir.resolve("missing/b.png"));
        files.put(dir.resolve("b.png"), new byte[] {1});
        AtomicFiles.writeAll(files);
        assertEquals("new", Files.readString(a));
        assertArrayEquals(new byte[] {1}, Files.readAllBytes(dir.resolve("b.png")));
        assertEquals(List.of("a.csv", "b.png"), CliEndToEndTest.filesIn(dir));
    }

    /**
     * A prefix must name files: an empty one wrote the hidden files .csv, .json, .png; {@code -} wrote -.csv, …; an
     * existing directory d wrote d.csv beside it. Refused before computing, like an empty file or directory name.
     */
    @Test
    void prefixesAndNamesThatNameNoFileAreRefused() throws IOException {
        Path results = Files.createDirectories(dir.resolve("results"));
        String[][] commands = {{"compare", "--N", "100,200", "--seeds", "2", "--alphas", "1"},
            {"escape", "--N", "100", "--samples", "16"}, {"sweep", "solve", "--p", "2,3", "--alphas", "1"}};
        for (String[] command : commands) {
            List<String> args = new java.util.ArrayList<>(List.of(command));
            args.add("--out");
            for (String[] prefix : new String[][] {{"", "needs a file prefix"}, {"-", "standard output"},
                {results.toString(), "is a directory"}}) {
                args.add(prefix[0]);
                assertUserError(run(args.toArray(new String[0])), "--out", prefix[1]);
                args.remove(args.size() - 1);
            }
        }
        assertUserError(run("solve", "--alphas", "1", "--out", ""), "--out needs a file name");
        assertUserError(run("hessian", "--out", ""), "--out needs a file name");
        assertUserError(run("derive", "--p", "1", "--pstar", "1", "--out", ""), "--out needs a file name");
        assertUserError(run("solve", "--alphas", "1,2", "--out", p("r.csv"), "--plot", ""), "--plot needs a file name");
        assertUserError(run("demo", "--out-dir", ""), "--out-dir needs a directory name");
        assertUserError(run("simulate", "--N", "50", "--seeds", "2", "--alphas", "1", "--out", p("s.csv"), "--per-seed",
                ""), "--per-seed needs a directory name");
        assertEquals(List.of("results"), CliEndToEndTest.filesIn(dir));
        assertEquals(List.of(), CliEndToEndTest.filesIn(results));
    }

    @Test
    void outDashIsStandardOutputForTheSingleTableCommands() throws IOException {
        CliEndToEndTest.Run toFile = run("solve", "--alphas", "1,2", "--out", p("ref.csv"), "-q");
        assertEquals(0, toFile.code(), toFile.err());
        CliEndToEndTest.Run solve = run("solve", "--alphas", "1,2", "--out", "-", "-q");
        assertEquals(0, solve.code(), solve.err());
        assertEquals(Files.readString(dir.resolve("ref.csv")), solve.out());
        CliEndToEndTest.Run sim = run("simulate", "--seeds", "2", "--N", "100", "--alphas", "1", "--out", "-", "-q");
        assertEquals(0, sim.code(), sim.err());
        assertTrue(sim.out().startsWith("alpha,eps_g_mean,"), sim.out());
        CliEndToEndTest.Run derive = run("derive", "--p", "1", "--pstar", "1", "--out", "-");
        assertEquals(0, derive.code(), derive.err());
        assertTrue(derive.out().startsWith("(* overlap: derived overlap ODEs, p = 1, p* = 1"), derive.out());
        assertEquals(List.of("ref.csv", "ref.json"), CliEndToEndTest.filesIn(dir));
    }
}
