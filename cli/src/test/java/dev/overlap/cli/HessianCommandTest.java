package dev.overlap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** {@code overlap hessian} end to end: the table, JSON, sidecar and every refusal. */
@Tag("slow")
class HessianCommandTest {

    @TempDir
    Path dir;

    private static List<double[]> rows(String csv) {
        List<String> lines = csv.lines().toList();
        assertEquals("eigenvalue,multiplicity,N_lambda,spread", lines.get(0));
        List<double[]> out = new ArrayList<>();
        for (String l : lines.subList(1, lines.size())) {
            String[] f = l.split(",");
            out.add(new double[] {Double.parseDouble(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2]),
                Double.parseDouble(f[3])});
        }
        return out;
    }

    /**
     * Plateau of z², mean normalisation, T = I: the closed-form groups N·λ = −4/(p p*) (× p p*), 0
     * (× p(p−1)/2 + p(N − p − p*)), 8/(p(p+2)) (× p(p+1)/2 − 1), 4/p (× 1) (Bocchi2026Hessian's derivation).
     */
    @Test
    void plateauTableHasTheClosedFormGroups() {
        CliEndToEndTest.Run r = CliEndToEndTest.run("hessian", "--at", "plateau", "--p", "3", "--pstar", "2", "--N", "7");
        assertEquals(0, r.code(), r.err());
        List<double[]> g = rows(r.out());
        double[][] expected = {{-4.0 / 6, 6}, {0, 3 + 3 * 2}, {8.0 / 15, 5}, {4.0 / 3, 1}};
        assertEquals(expected.length, g.size(), r.out());
        int total = 0;
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i][0], g.get(i)[2], 1e-12, "N·λ of group " + i);
            assertEquals(expected[i][0] / 7, g.get(i)[0], 1e-12, "λ of group " + i);
            assertEquals(expected[i][1], g.get(i)[1], 0, "multiplicity of group " + i);
            total += (int) g.get(i)[1];
        }
        assertEquals(21, total, "multiplicities sum to N·p");
        assertTrue(r.err().contains("6 negative, 9 zero, 6 positive"), r.err());
    }

    @Test
    void zeroLossJsonAndSidecar() throws IOException {
        CliEndToEndTest.Run r = CliEndToEndTest.run("hessian", "--at", "zero-loss", "--p", "4", "--pstar", "2",
                "--norm", "sum", "--N", "6", "--format", "json", "-q");
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.err());
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertEquals("hessian", doc.get("command").asText());
        assertEquals("zero-loss", doc.get("point").get("at").asText());
        assertEquals(0.0, doc.get("point").get("loss").asDouble(), 1e-13);
        assertEquals(24, doc.get("dimension").asInt());
        // κ_s = κ_t = 1: N·λ = 0 (× p p* − p*(p*+1)/2 + (p − p*)(N − p*) = 13), 4 (× p*(N − p*) = 8),
        // 8 (× p*(p*+1)/2 − 1 = 2), 16 (× 1)
        double[][] expected = {{0, 13}, {4, 8}, {8, 2}, {16, 1}};
        JsonNode groups = doc.get("groups");
        assertEquals(expected.length, groups.size());
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i][0], groups.get(i).get(2).asDouble(), 1e-12);
            assertEquals(expected[i][1], groups.get(i).get(1).asInt());
        }
        assertEquals(13, doc.get("counts").get("zero").asInt());
        assertEquals(0, doc.get("counts").get("negative").asInt());

        Path out = dir.resolve("z.csv");
        CliEndToEndTest.Run w = CliEndToEndTest.run("hessian", "--at", "zero-loss", "--p", "4", "--pstar", "2",
                "--norm", "sum", "--N", "6", "--out", out.toString());
        assertEquals(0, w.code(), w.err());
        assertEquals("", w.out());
        assertEquals(4, rows(Files.readString(out)).size());
        JsonNode meta = new ObjectMapper().readTree(Files.readString(dir.resolve("z.json")));
        assertEquals(1e-9, meta.get("tolerance").get("relative").asDouble(), 0);
        assertTrue(meta.get("method").asText().startsWith("exact"));
        assertEquals(List.of("z.csv", "z.json"), CliEndToEndTest.filesIn(dir));
    }

    /** A state file: p, p* from the file; the spectrum is the python one of WeightSpaceHessianTest. */
    @Test
    void stateFileGivesTheSpectrumThere() throws IOException {
        Path state = dir.resolve("s.json");
        Files.writeString(state, "{\"Q\": [[1.2, 0.3], [0.3, 0.8]], \"R\": [[0.5], [-0.2]], \"T\": [[1.0]]}");
        CliEndToEndTest.Run r = CliEndToEndTest.run("hessian", "--at", state.toString(), "--N", "4");
        assertEquals(0, r.code(), r.err());
        List<double[]> g = rows(r.out());
        assertEquals(8, g.size());
        // python (sympy moments + numpy.eigvalsh, see WeightSpaceHessianTest): smallest and largest eigenvalue
        assertEquals(-0.2581781757176278, g.get(0)[0], 1e-13);
        assertEquals(1.3944793069176709, g.get(7)[0], 1e-13);
        // permuting the students in the file changes nothing
        Path swapped = dir.resolve("t.json");
        Files.writeString(swapped, "{\"Q\": [[0.8, 0.3], [0.3, 1.2]], \"R\": [[-0.2], [0.5]], \"T\": [[1.0]]}");
        CliEndToEndTest.Run s = CliEndToEndTest.run("hessian", "--at", swapped.toString(), "--N", "4");
        List<double[]> h = rows(s.out());
        for (int i = 0; i < 8; i++) {
            assertEquals(g.get(i)[0], h.get(i)[0], 1e-14);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "--activation relu|quadratic (exact) and erf",
        "--activation poly:0,1,1|quadratic (exact) and erf",
        "--N 501 --p 4|beyond the limit of 2000",
        "--N 4|at least p + p* = 5",
        "--at zero-loss --p 1 --pstar 2|p < p*",
        "--at zero-loss --activation erf --p 3 --pstar 2|κ_t/κ_s = 1.5",
        "--at nosuch.json|file not found",
        "--format xml|unknown --format",
        "--tol -1|--tol",
        "--out x.json|contradicts --format csv",
        "--at STATE --p 3|does not match",
        "--at STATE --teacher STATE|--teacher does not apply"})
    void badInputIsOneLineAndExitTwo(String flags, String message) throws IOException {
        Path state = dir.resolve("state.json");
        Files.writeString(state, "{\"Q\": [[1.0, 0.0], [0.0, 1.0]], \"R\": [[0.0], [0.0]]}");
        List<String> args = new ArrayList<>(List.of("hessian"));
        for (String f : flags.split(" ")) {
            args.add(f.equals("STATE") ? state.toString() : f.equals("x.json") ? dir.resolve(f).toString() : f);
        }
        CliEndToEndTest.Run r = CliEndToEndTest.run(args.toArray(new String[0]));
        assertEquals(2, r.code(), flags + " → " + r.err());
        assertEquals(1, r.err().trim().lines().count(), r.err());
        assertTrue(r.err().startsWith("overlap: error: ") && r.err().contains(message), r.err());
        assertEquals(List.of("state.json"), CliEndToEndTest.filesIn(dir), "nothing written for " + flags);
    }

    @Test
    void helpFitsAndListsExitCodes() {
        java.io.PrintStream saved = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
        CliEndToEndTest.Run r;
        try {
            r = CliEndToEndTest.run("hessian", "--help");
        } finally {
            System.setErr(saved);
        }
        assertEquals("", captured.toString(java.nio.charset.StandardCharsets.UTF_8), "picocli format warnings");
        assertEquals(0, r.code());
        assertTrue(r.out().contains("Exit codes: 0"), r.out());
        for (String line : r.out().split("\n")) {
            assertTrue(line.stripTrailing().length() <= 100, "over 100 columns: " + line);
        }
        assertTrue(CliEndToEndTest.run("--help").out().contains("hessian"), "registered in overlap --help");
    }
}
