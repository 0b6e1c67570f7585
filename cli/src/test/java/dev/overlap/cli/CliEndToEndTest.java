package dev.overlap.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The CLI end to end, through {@link Main#run}: exit codes, the files it writes (and does not write),
 * the CSV/JSON contracts that users' scripts depend on, and one-line errors for bad input.
 */
class CliEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** Result of one CLI invocation. */
    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    /** The names of the files in a directory, sorted. */
    static List<String> filesIn(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    @Test
    void solveToStdoutHasTheDocumentedColumnsAndGrid() {
        Run r = run("solve", "--p", "3", "--pstar", "2", "--alpha-max", "50", "--points", "11", "--grid", "linear", "-q");
        assertEquals(0, r.code(), r.err());
        String[] lines = r.out().split("\n");
        assertEquals("alpha,eps_g,Q_1_1,Q_1_2,Q_1_3,Q_2_2,Q_2_3,Q_3_3,R_1_1,R_1_2,R_2_1,R_2_2,R_3_1,R_3_2,K_1_1,K_1_2,K_2_2,"
                + "dist_closest", lines[0]);
        assertEquals(12, lines.length);
        for (int i = 1; i < lines.length; i++) {
            String[] cells = lines[i].split(",");
            assertEquals(18, cells.length);
            assertEquals(5.0 * (i - 1), Double.parseDouble(cells[0]), 1e-12);
            for (String c : cells) {
                assertTrue(Double.isFinite(Double.parseDouble(c)), c);
            }
        }
        assertEquals("", r.err(), "--quiet prints nothing on stderr");
    }

    @Test
    void explicitAlphasAreReportedExactly() {
        Run r = run("solve", "--alphas", "0.5,2,7", "-q");
        assertEquals(0, r.code(), r.err());
        String[] lines = r.out().split("\n");
        assertEquals(4, lines.length);
        double[] alphas = Arrays.stream(lines).skip(1).mapToDouble(l -> Double.parseDouble(l.split(",")[0])).toArray();
        assertArrayEquals(new double[] {0.5, 2, 7}, alphas, 0.0);
    }

    /**
     * The learning rate as typed: {@code --lr-per-width 0.05} is printed as 0.05 (not 0.05000000000000001, the
     * round trip η̃ → η = 3·η̃ → η/3), and η is the one product 3 * 0.05 = 0.15000000000000002; {@code --lr 0.1}
     * is printed as 0.1 with η̃ the one quotient 0.1 / 3.
     */
    @Test
    void theJsonRecordsTheLearningRateAsTyped() {
        Run perWidth = run("solve", "--p", "3", "--lr-per-width", "0.05", "--alphas", "1", "--format", "json", "-q");
        assertEquals(0, perWidth.code(), perWidth.err());
        assertTrue(perWidth.out().contains("\"eta_per_width\" : 0.05,"), perWidth.out());
        assertTrue(perWidth.out().contains("\"eta\" : " + (3 * 0.05) + ","), perWidth.out());
        Run absolute = run("solve", "--p", "3", "--lr", "0.1", "--alphas", "1", "--format", "json", "-q");
        assertEquals(0, absolute.code(), absolute.err());
        assertTrue(absolute.out().contains("\"eta\" : 0.1,"), absolute.out());
        assertTrue(absolute.out().contains("\"eta_per_width\" : " + (0.1 / 3) + ","), absolute.out());
    }

    /**
     * {@code --fast-tails} skips the tail refinement: the JSON says so, fewer right-hand sides are evaluated, the rows
     * before the tail (ε_g above 10⁻³ of its peak) are the same bit for bit, and the refined final ε_g agrees with the
     * unrefined one to the unrefined run's absolute accuracy (about rtol·ε_g(0) = 10⁻¹⁰; 10⁻⁸ asserted).
     */
    @Test
    void fastTailsSkipsOnlyTheTailRefinement() throws IOException {
        Path refined = dir.resolve("refined.csv");
        Path fast = dir.resolve("fast.csv");
        Run a = run("solve", "--alpha-max", "1000", "--out", refined.toString(), "-q");
        Run b = run("solve", "--alpha-max", "1000", "--fast-tails", "--out", fast.toString(), "-q");
        assertEquals(0, a.code(), a.err());
        assertEquals(0, b.code(), b.err());
        JsonNode sa = JSON.readTree(dir.resolve("refined.json").toFile()).get("solver");
        JsonNode sb = JSON.readTree(dir.resolve("fast.json").toFile()).get("solver");
        assertTrue(sa.get("relative_tails").asBoolean());
        assertFalse(sb.get("relative_tails").asBoolean());
        assertTrue(sa.get("rhs_evaluations").asLong() > sb.get("rhs_evaluations").asLong());
        assertTrue(sb.get("tail_refined").isNull(), sb.toString());
        assertEquals(1000.0, sa.get("tail_refined").get("to_alpha").asDouble(), sa.toString());
        double tailFrom = sa.get("tail_refined").get("from_alpha").asDouble();
        List<String> ra = Files.readAllLines(refined);
        List<String> rb = Files.readAllLines(fast);
        assertEquals(ra.size(), rb.size());
        double peak = 0;
        for (int i = 1; i < ra.size(); i++) {
            double eps = Double.parseDouble(rb.get(i).split(",")[1]);
            if (eps <= 1e-3 * peak) {
                assertEquals(tailFrom, Double.parseDouble(ra.get(i).split(",")[0]), "the tail's first row");
                break;
            }
            peak = Math.max(peak, eps);
            assertEquals(rb.get(i), ra.get(i), "row " + i + " lies before the tail");
        }
        double last = Double.parseDouble(ra.get(ra.size() - 1).split(",")[1]);
        double lastFast = Double.parseDouble(rb.get(rb.size() - 1).split(",")[1]);
        assertEquals(lastFast, last, 1e-8);
    }

    @Test
    void outWritesCsvAndSidecarWithEventKeys() throws IOException {
        Path csv = dir.resolve("run.csv");
        Run r = run("solve", "--p", "3", "--pstar", "2", "--lr-per-width", "0.05", "--init", "random", "--N", "2000",
                "--seed", "1", "--alpha-max", "100", "--out", csv.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.out(), "with --out nothing goes to stdout");
        assertTrue(r.err().contains("Plateau") && r.err().contains("Escape"), r.err());
        assertEquals(List.of("run.csv", "run.json"), filesIn(dir), "no temporary files are left behind");
        JsonNode meta = JSON.readTree(dir.resolve("run.json").toFile());
        JsonNode ev = meta.get("events");
        double plateauEps = ev.get("plateau").get("eps_g").asDouble();
        double plateauAlpha = ev.get("plateau").get("alpha").asDouble();
        double escape = ev.get("escape").get("alpha").asDouble();
        assertTrue(plateauAlpha > 0 && plateauAlpha < escape && escape < 100, meta.toString());
        assertTrue(ev.get("divergence").isNull());
        assertEquals(3, meta.get("spec").get("p").asInt());
        assertEquals(0.05, meta.get("spec").get("eta_per_width").asDouble(), 1e-15);
        assertEquals(0.15, meta.get("spec").get("eta").asDouble(), 1e-15);
        assertEquals(1e-10, meta.get("solver").get("rtol").asDouble());
        assertNotNull(meta.get("tool").get("version").asText());
        // the plateau level of the sidecar is the value the CSV curve passes through near the plateau:
        // somewhere before the escape ε_g is within the 2 % band
        List<String> rows = Files.readAllLines(csv);
        boolean near = rows.stream().skip(1).map(l -> l.split(","))
                .filter(c -> Double.parseDouble(c[0]) < escape)
                .anyMatch(c -> Math.abs(Double.parseDouble(c[1]) - plateauEps) < 0.02 * plateauEps);
        assertTrue(near);
    }

    /**
     * --integrator rosenbrock is recorded in the sidecar and gives the same events and curve as the default
     * Dormand–Prince (both at rtol 1e-10; agreement to 1e-6 relative, the accuracy IntegratorAccuracyTest shows).
     */
    @Test
    void rosenbrockIntegratorIsRecordedAndAgreesWithTheDefault() throws IOException {
        JsonNode[] meta = new JsonNode[2];
        List<List<String>> rows = new java.util.ArrayList<>();
        String[] integrators = {"dp853", "rosenbrock"};
        for (int k = 0; k < 2; k++) {
            Path csv = dir.resolve(integrators[k] + ".csv");
            Run r = run("solve", "--p", "3", "--pstar", "2", "--init", "random", "--N", "2000", "--seed", "1",
                    "--alpha-max", "100", "--integrator", integrators[k], "--out", csv.toString(), "-q");
            assertEquals(0, r.code(), r.err());
            meta[k] = JSON.readTree(dir.resolve(integrators[k] + ".json").toFile());
            rows.add(Files.readAllLines(csv));
        }
        assertTrue(meta[0].get("solver").get("method").asText().startsWith("DormandPrince853"), meta[0].toString());
        assertTrue(meta[1].get("solver").get("method").asText().startsWith("RODAS4"), meta[1].toString());
        double escape0 = meta[0].get("events").get("escape").get("alpha").asDouble();
        double escape1 = meta[1].get("events").get("escape").get("alpha").asDouble();
        assertEquals(escape0, escape1, 1e-6 * escape0);
        assertEquals(rows.get(0).size(), rows.get(1).size());
        for (int i = 1; i < rows.get(0).size(); i++) {
            double eps0 = Double.parseDouble(rows.get(0).get(i).split(",")[1]);
            double eps1 = Double.parseDouble(rows.get(1).get(i).split(",")[1]);
            assertEquals(eps0, eps1, 1e-6 * eps0 + 1e-10, "row " + i);
        }
    }

    @Test
    void jsonFormatIsOneParseableDocument() throws IOException {
        Path out = dir.resolve("run.json");
        Run r = run("solve", "--alphas", "0,1,10", "--format", "json", "--out", out.toString(), "-q");
        assertEquals(0, r.code(), r.err());
        assertEquals(List.of("run.json"), filesIn(dir));
        JsonNode doc = JSON.readTree(out.toFile());
        assertEquals(3, doc.get("data").size());
        assertEquals(doc.get("columns").size(), doc.get("data").get(0).size());
        assertEquals(10.0, doc.get("data").get(2).get(0).asDouble());
    }

    @Test
    void plotIsAPng() throws IOException {
        Path png = dir.resolve("curve.png");
        Run r = run("solve", "--alpha-max", "80", "--plot", png.toString(), "-q");
        assertEquals(0, r.code(), r.err());
        byte[] b = Files.readAllBytes(png);
        assertTrue(b.length > 1000);
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(b, 4));
    }

    @Test
    void divergenceStopsWithExitCode3AndNoNaNRows() throws IOException {
        Path csv = dir.resolve("div.csv");
        Run r = run("solve", "--p", "3", "--pstar", "2", "--lr", "2", "--alpha-max", "100", "--out", csv.toString());
        assertEquals(Main.EXIT_DIVERGED, r.code(), r.err());
        assertTrue(r.err().contains("diverged at α ="), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
        List<String> rows = Files.readAllLines(csv);
        assertTrue(rows.size() >= 2, "the rows before the divergence are kept");
        for (String l : rows.subList(1, rows.size())) {
            assertFalse(l.contains("NaN") || l.contains("Infinity"), l);
        }
        JsonNode div = JSON.readTree(dir.resolve("div.json").toFile()).get("events").get("divergence");
        double at = div.get("alpha").asDouble();
        double lastRow = Double.parseDouble(rows.get(rows.size() - 1).split(",")[0]);
        assertTrue(at > 0 && lastRow <= at, "rows stop at or before the divergence α = " + at);
    }

    @Test
    void demoWritesCsvJsonAndPng() throws IOException {
        Path out = dir.resolve("demo");
        Run r = run("demo", "--out-dir", out.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(List.of("demo.csv", "demo.json", "demo.png"), filesIn(out));
        assertTrue(r.out().contains("plateau") && r.out().contains("escape"), r.out());
        // docs/model.md sanity value printed for comparison: 1/p* + 1/(p+2) = 0.7 for p = 3, p* = 2
        assertTrue(r.out().contains("0.700000"), r.out());
    }

    @Test
    void versionAndHelp() {
        Run v = run("--version");
        assertEquals(0, v.code());
        assertTrue(v.out().startsWith("overlap "), v.out());
        for (String cmd : new String[] {"solve", "demo", "bench"}) {
            Run h = run(cmd, "--help");
            assertEquals(0, h.code(), cmd);
            assertTrue(h.out().contains("Usage: overlap " + cmd), h.out());
        }
        assertTrue(run("solve", "--help").out().contains("--lr-per-width"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "--p 0", "--pstar -1", "--lr -1", "--lr 0.1 --lr-per-width 0.1", "--lr-per-width nan", "--noise -0.5",
        "--norm median", "--activation relu", "--init sphere", "--init file", "--init random --q0 1",
        "--init isotropic --q0 0.01 --r0 1", "--init file --init-file /nonexistent/state.json", "--N 0",
        "--sigma0 -1", "--grid cubic", "--alphas 1,x", "--alphas -1", "--alpha-max 0", "--rtol 2", "--atol -1",
        "--points 1", "--format xml", "--escape-fraction 1.5", "--integrator euler", "--teacher /nonexistent/teacher.json", "--bogus",
        "--p three"})
    void badInputIsOneLineWithExitCode2AndNoOutputFile(String flags) throws IOException {
        Path csv = dir.resolve("out.csv");
        String[] args = (String.join(" ", "solve", flags, "--out", csv.toString())).split(" ");
        Run r = run(args);
        assertEquals(2, r.code(), flags + " → " + r.err());
        String err = r.err().trim();
        assertFalse(err.isEmpty());
        assertEquals(1, err.lines().count(), "one line: " + err);
        assertTrue(err.startsWith("overlap: "), err);
        assertFalse(err.contains("Exception") || err.contains("\tat "), err);
        assertEquals(List.of(), filesIn(dir), "nothing written for " + flags);
    }

    @Test
    void malformedStateFilesAreNamedInTheError() throws IOException {
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"Q\": [[1, 0], [0, 1]], \"R\": [[0.1], [0.1], [0.1]]}");
        Run r = run("solve", "--p", "2", "--pstar", "1", "--init", "file", "--init-file", bad.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("bad.json") && r.err().contains("R has 3 rows"), r.err());

        Files.writeString(bad, "{\"Q\": [[1, 0], [0, 1]], ");
        r = run("solve", "--p", "2", "--pstar", "1", "--init", "file", "--init-file", bad.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("not valid JSON"), r.err());

        Files.writeString(bad, "{\"Q\": [[1, 0.9], [0.9, 1]], \"R\": [[0.9], [-0.9]]}");
        r = run("solve", "--p", "2", "--pstar", "1", "--init", "file", "--init-file", bad.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("not positive semi-definite"), r.err());
    }

    @Test
    void stateFileRoundTripsThroughSolve() throws IOException {
        Path state = dir.resolve("state.json");
        Files.writeString(state, "{\"Q\": [[0.5, 0.1], [0.1, 0.6]], \"R\": [[0.2], [0.05]], \"T\": [[1.5]]}");
        Run r = run("solve", "--p", "2", "--pstar", "1", "--init", "file", "--init-file", state.toString(), "--alphas", "0",
                "-q");
        assertEquals(0, r.code(), r.err());
        String[] row = r.out().split("\n")[1].split(",");
        assertArrayEquals(new double[] {0, 0.5, 0.1, 0.6, 0.2, 0.05},
                new double[] {Double.parseDouble(row[0]), Double.parseDouble(row[2]), Double.parseDouble(row[3]),
                    Double.parseDouble(row[4]), Double.parseDouble(row[5]), Double.parseDouble(row[6])}, 0.0);
        // ε_g at α = 0 by hand: z = ½(λ₁² + λ₂²) − ν², E[z] = ½(0.5 + 0.6) − 1.5 = −0.95,
        // tr(DCDC) = Σ D_i D_j C_ij² = ¼(0.25 + 2·0.01 + 0.36) − (0.04 + 0.0025) + 2.25 = 2.365,
        // ε_g = ½[E[z]² + 2 tr(DCDC)] = ½(0.9025 + 4.73) = 2.81625
        assertEquals(2.81625, Double.parseDouble(row[1]), 1e-12);
    }

    @Test
    void existingOutputSurvivesAFailedRun() throws IOException {
        Path csv = dir.resolve("keep.csv");
        Files.writeString(csv, "old");
        Run r = run("solve", "--rtol", "5", "--out", csv.toString());
        assertEquals(2, r.code());
        assertEquals("old", Files.readString(csv));
    }

    @Test
    void unwritableOutputIsAOneLineError() {
        Run r = run("solve", "--out", dir.resolve("no/such/dir/run.csv").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("does not exist"), r.err());
        assertEquals(1, r.err().trim().lines().count());
    }
}
