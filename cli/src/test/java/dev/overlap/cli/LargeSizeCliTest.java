package dev.overlap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.overlap.symbolic.Derivation;

/**
 * Large problems end to end: sizes beyond a command's limits are refused in one line naming the limit (exit 2,
 * nothing written), and {@code --progress} prints the phase / α / expectation progress off a terminal.
 */
class LargeSizeCliTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "solve --p 1000 --pstar 2|p + p* <= 300 for the quadratic activation (got 1000 + 2)",
        "solve --p 299 --pstar 2|p + p* <= 300",
        "solve --activation erf --p 10 --pstar 2|p <= 8 for erf (got 10)",
        "solve --rhs symbolic --p 30 --pstar 20|p + p* <= 40 for quadratic (got 30 + 20)",
        "derive --p 20 --pstar 21|p + p* <= 40 for quadratic (got 20 + 21)",
        "derive --activation poly:0,1,0.5 --p 10 --pstar 7|p + p* <= 16 for poly:0,1,1/2"})
    void oversizeRunsAreRefusedWithTheLimit(String command, String expected) throws IOException {
        Path out = dir.resolve(command.startsWith("solve") ? "run.csv" : "eq.txt");
        String[] args = (command + " --out " + out + " --cache-dir " + dir.resolve("cache")).split(" ");
        CliEndToEndTest.Run r = CliEndToEndTest.run(args);
        assertEquals(2, r.code(), r.err());
        assertEquals(1, r.err().trim().lines().count(), r.err());
        assertTrue(r.err().startsWith("overlap: error: ") && r.err().contains(expected), r.err());
        assertEquals(List.of(), CliEndToEndTest.filesIn(dir), "nothing written");
    }

    /**
     * Seeds or effective starts whose results cannot fit in the heap (2·10⁹ seeds of 2 rows: about 500 GB) are
     * refused before simulating, with the size and the fix; simulate ran for minutes and did not stop on SIGINT
     * (with 3·10⁷ distinct recorded steps, at N = 2³¹ − 1, it spent minutes removing repeats before any check).
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "simulate --seeds 2000000000 --N 50 --alphas 0.1|2000000000 seeds' recorded rows|fewer --seeds",
        "compare --seeds 2000000000 --N 50,100 --alphas 0.1|2000000000 seeds' recorded rows|fewer --seeds",
        "escape --samples 2000000000 --N 100|2000000000 effective starts|fewer --samples",
        "solve --finite-n 100 --samples 2000000000 --alphas 1|2000000000 effective starts|fewer --samples",
        "simulate --points 30000000 --N 2147483647|16 seeds' recorded rows|fewer --seeds"})
    void resultsBeyondTheHeapAreRefusedWithTheFix(String command, String what, String fix) throws IOException {
        String[] args = (command + " --out " + dir.resolve("r")).split(" ");
        CliEndToEndTest.Run r = CliEndToEndTest.run(args);
        OutputSetCliTest.assertUserError(r, what, fix, "OVERLAP_JAVA_OPTS=-Xmx");
        assertEquals(List.of(), CliEndToEndTest.filesIn(dir), "nothing written");
    }

    /** A grid longer than a Java array is one line naming --points (it was a raw OutOfMemoryError trace). */
    @Test
    void aGridBeyondJavasArraysIsOneLine() throws IOException {
        CliEndToEndTest.Run r = CliEndToEndTest.run("solve", "--points", "2147483647", "--out", dir.resolve("r.csv")
                .toString());
        OutputSetCliTest.assertUserError(r, "the grid's 2147483647 α values", "beyond Java's limit", "fewer --points");
        assertEquals(List.of(), CliEndToEndTest.filesIn(dir), "nothing written");
    }

    /** bench checks its sizes like solve (bench ode --p 1000 ran silently; bench sgd --p 0 printed a child's trace). */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {"bench ode --p 1000 --pstar 2 --repeats 1 --warmup 0|p + p* <= 300",
        "bench sgd --p 0|the student width p must be at least 1 (got 0)"})
    void benchRefusesSizesBeyondItsLimitsUpFront(String command, String expected) {
        OutputSetCliTest.assertUserError(CliEndToEndTest.run(command.split(" ")), expected);
    }

    @Test
    void solveProgressReportsTheAlphaReachedAndThePhases() {
        CliEndToEndTest.Run r = CliEndToEndTest.run("solve", "--p", "3", "--pstar", "2", "--alpha-max", "50", "-q",
                "--progress");
        assertEquals(0, r.code(), r.err());
        // off a terminal: the α reached when the integration ends, then the last phase when the line closes
        Matcher m = Pattern.compile("solve: α = ([0-9.e+]+) of 50\\.00 \\(100%\\), [0-9.e+]+ α/s, ETA 0:00").matcher(r.err());
        assertTrue(m.find(), r.err());
        assertEquals(50.0, Double.parseDouble(m.group(1)), 1e-9);
        assertTrue(r.err().contains("solve: writing the outputs ("), r.err());
        CliEndToEndTest.Run plain = CliEndToEndTest.run("solve", "--p", "3", "--pstar", "2", "--alpha-max", "50", "-q");
        assertEquals("", plain.err(), "no progress line off a terminal without --progress");
    }

    @Test
    void deriveProgressCountsTheExpectations() {
        CliEndToEndTest.Run r = CliEndToEndTest.run("derive", "--p", "2", "--pstar", "1", "--no-cache", "--progress");
        assertEquals(0, r.code(), r.err());
        // p(p+1)/2 + p p* right-hand sides and ε_g: 3 + 2 + 1
        assertEquals(6, Derivation.expectationCount(2, 1));
        assertTrue(r.err().contains("derive: 6/6 expectations (100%)"), r.err());
    }
}
