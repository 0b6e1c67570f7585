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
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** {@code overlap escape}: the documented files, columns and keys, the large-N form, bad input. */
@Tag("slow")
class EscapeCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;


    @Test
    void predictionWritesTheNamedColumnsAndKeysAndGrowsLikeLogN() throws IOException {
        Path out = dir.resolve("esc");
        CliEndToEndTest.Run r = CliEndToEndTest.run("escape", "--p", "3", "--pstar", "2", "--lr-per-width", "0.05",
                "--N", "1000,100000,10000000", "--samples", "256", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(List.of("esc.csv", "esc.json", "esc.png"), CliEndToEndTest.filesIn(dir));
        List<String> rows = Files.readAllLines(dir.resolve("esc.csv"));
        assertEquals("N,mean,sd,q10,q50,q90,matching_alpha", rows.get(0));
        assertEquals(4, rows.size());
        JsonNode json = JSON.readTree(dir.resolve("esc.json").toFile());
        JsonNode per = json.get("per_N");
        for (String key : new String[] {"N", "mean", "sd", "q10", "q50", "q90"}) {
            assertTrue(per.get(0).has(key), key);
        }
        double gamma = json.get("large_n").get("gamma").asDouble();
        // closed form of the plateau (PlateauTheory's derivation): u = κ_s q* is the smaller root of
        // ηκ_s[(p+2)(p+4)u² − 2(p+2)τu + τ² + 2κ_t² tr T²] − (p+2)u + τ = 0, here 1.75u² − 5.5u + 1.1 = 0
        // (η = 0.15, κ_s = 1/3, κ_t = 1/2, τ = 1, tr T² = 2), and γ = −2ηκ_s[(p+2)u − τ − 2κ_t]
        double u = (5.5 - Math.sqrt(5.5 * 5.5 - 4 * 1.75 * 1.1)) / (2 * 1.75);
        assertEquals(-2 * 0.15 / 3 * (5 * u - 1 - 1), gamma, 1e-7);
        // large N: the mean grows by ln(100)/(2γ) per factor 100 in N once the plateau is reached before matching
        double m5 = per.get(1).get("mean").asDouble();
        double m7 = per.get(2).get("mean").asDouble();
        assertEquals(Math.log(100) / (2 * gamma), m7 - m5, 0.1);
        double q10 = per.get(0).get("q10").asDouble();
        double q50 = per.get(0).get("q50").asDouble();
        double q90 = per.get(0).get("q90").asDouble();
        assertTrue(q10 < q50 && q50 < q90, rows.get(1));
        assertTrue(r.out().contains("large N: mean ≈ ln N/(2γ) + ") || r.out().contains("large N: mean ≈ ln N/(2γ) − "),
                r.out());
    }

    @Test
    void simulateAddsTheSimulationColumnsAndAVerdict() throws IOException {
        Path out = dir.resolve("fast");
        CliEndToEndTest.Run r = CliEndToEndTest.run("escape", "--p", "2", "--pstar", "1", "--lr-per-width", "0.15",
                "--N", "10000", "--samples", "256", "--simulate", "40", "--out", out.toString());
        assertTrue(r.code() == 0 || r.code() == 4, r.err());
        List<String> rows = Files.readAllLines(dir.resolve("fast.csv"));
        assertEquals("N,mean,sd,q10,q50,q90,matching_alpha,sim_mean,sim_sem,sim_sd,ks_pvalue,sim_escaped", rows.get(0));
        JsonNode o = JSON.readTree(dir.resolve("fast.json").toFile()).get("per_N").get(0);
        for (String key : new String[] {"sim_mean", "sim_sem", "sim_sd", "ks_pvalue"}) {
            assertTrue(o.has(key), key);
        }
        assertEquals(40, o.get("sim_sorted_escape_alphas").size());
        String last = r.out().trim().lines().reduce((a, b) -> b).orElse("");
        assertTrue(last.startsWith("AGREE: ") || last.startsWith("DISAGREE: "), r.out());
    }

    @ParameterizedTest
    @ValueSource(strings = {"--N 4", "--samples 1", "--simulate -1", "--no-eta2", "--escape-fraction 1.5",
        "--threads 0", "--activation relu", "--init isotropic"})
    void badInputIsOneLineAndWritesNothing(String flags) throws IOException {
        List<String> args = new ArrayList<>(List.of("escape", "--samples", "16", "--out", dir.resolve("e").toString()));
        args.addAll(List.of(flags.split(" ")));
        CliEndToEndTest.Run r = CliEndToEndTest.run(args.toArray(new String[0]));
        assertEquals(2, r.code(), flags + " → " + r.err());
        assertEquals(1, r.err().trim().lines().count(), r.err());
        assertTrue(r.err().startsWith("overlap: ") && !r.err().contains("Exception"), r.err());
        assertEquals(List.of(), CliEndToEndTest.filesIn(dir), "nothing written for " + flags);
    }

    /** Every help text renders without picocli's format warnings (a bare '%' in a description). */
    @Test
    void helpTextsRenderCleanly() {
        java.io.PrintStream saved = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            for (String command : new String[] {"solve", "simulate", "compare", "escape", "reproduce", "derive", "demo",
                "bench"}) {
                CliEndToEndTest.Run r = CliEndToEndTest.run(command, "--help");
                assertEquals(0, r.code(), command);
                assertTrue(r.out().contains("Usage:"), command);
                assertTrue(r.out().contains("Exit codes: 0"), command + " --help lists its exit codes");
                for (String line : r.out().split("\n")) {
                    assertTrue(line.stripTrailing().length() <= 100, command + " --help line over 100 columns: " + line);
                }
            }
        } finally {
            System.setErr(saved);
        }
        assertEquals("", captured.toString(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void anOutputThatIsASymbolicLinkIsFollowedAndTheLinkKept() throws IOException {
        Path target = dir.resolve("precious.txt");
        Files.writeString(target, "old");
        Path link = dir.resolve("e.csv");
        Files.createSymbolicLink(link, target);
        CliEndToEndTest.Run r = CliEndToEndTest.run("escape", "--samples", "16", "--out", dir.resolve("e").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.isSymbolicLink(link), "the link is kept");
        assertTrue(Files.readString(target).startsWith("N,mean,sd"), "its target holds the table");
        assertEquals(List.of("e.csv", "e.json", "e.png", "precious.txt"), CliEndToEndTest.filesIn(dir));
    }

    @Test
    void aLinkToASpecialFileOrALinkLoopIsRefusedBeforeComputing() throws Exception {
        Path fifo = dir.resolve("pipe");
        Process mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
        org.junit.jupiter.api.Assumptions.assumeTrue(mk.waitFor() == 0, "mkfifo is not available");
        Files.createSymbolicLink(dir.resolve("e.csv"), fifo);
        CliEndToEndTest.Run r = CliEndToEndTest.run("escape", "--samples", "16", "--out", dir.resolve("e").toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("not a regular file") && r.err().contains("leads to"), r.err());
        Files.createSymbolicLink(dir.resolve("a.csv"), dir.resolve("b.csv"));
        Files.createSymbolicLink(dir.resolve("b.csv"), dir.resolve("a.csv"));
        CliEndToEndTest.Run loop = CliEndToEndTest.run("escape", "--samples", "16", "--out", dir.resolve("a").toString());
        assertEquals(2, loop.code(), loop.err());
        assertTrue(loop.err().contains("symbolic links (a loop?)"), loop.err());
        assertTrue(Files.isSymbolicLink(dir.resolve("a.csv")) && Files.isSymbolicLink(dir.resolve("b.csv")));
    }

    @Test
    void quietWritesTheFilesAndPrintsNothing() throws IOException {
        CliEndToEndTest.Run r = CliEndToEndTest.run("escape", "--samples", "16", "-q", "--out", dir.resolve("q").toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.out());
        assertEquals("", r.err());
        assertEquals(List.of("q.csv", "q.json", "q.png"), CliEndToEndTest.filesIn(dir));
    }
}
