package dev.overlap.cli;

import static dev.overlap.cli.OutputSetCliTest.assertUserError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Bad inputs refused up front with one line and exit code 2 (issue 15): --N lists, --noise with --no-eta2. */
class BadInputCliTest {

    @TempDir
    Path dir;

    private static CliEndToEndTest.Run run(String... args) {
        return CliEndToEndTest.run(args);
    }


    private String p(String name) {
        return dir.resolve(name).toString();
    }

    @ParameterizedTest
    @ValueSource(strings = {"compare --N 300,300|--N|300 twice", "compare --N 0,300|--N|positive",
        "compare --N 300,-5|--N|positive", "compare --N 4,300|--N|p + p* = 5 (got 4)",
        "escape --N 300,300|--N|300 twice", "escape --N -1|--N|positive", "escape --N 1000,4|--N|p + p* = 5 (got 4)"})
    void badDimensionListsAreRefusedUpFront(String spec) throws IOException {
        String[] parts = spec.split("\\|");
        List<String> args = new ArrayList<>(List.of(parts[0].split(" ")));
        args.addAll(List.of("--samples", "16", "--out", p("o")));
        if (args.get(0).equals("compare")) {
            args.addAll(List.of("--seeds", "2", "--alphas", "1"));
        }
        assertUserError(run(args.toArray(new String[0])), parts[1], parts[2]);
        assertEquals(List.of(), CliEndToEndTest.filesIn(dir));
    }

    @ParameterizedTest
    @ValueSource(strings = {"solve", "compare"})
    void noiseWithoutTheEta2TermIsAnError(String command) throws IOException {
        List<String> args = new ArrayList<>(List.of(command, "--noise", "0.1", "--no-eta2", "--alphas", "1",
                "--out", p("o")));
        if (command.equals("compare")) {
            args.addAll(List.of("--N", "100,200", "--seeds", "2"));
        }
        assertUserError(run(args.toArray(new String[0])), "--noise", "--no-eta2", "η²");
        assertEquals(List.of(), CliEndToEndTest.filesIn(dir));
        CliEndToEndTest.Run ok = run("solve", "--noise", "0", "--no-eta2", "--alphas", "1", "-q");
        assertEquals(0, ok.code(), ok.err());
    }

    /** A step count past 2^62 (α·N = 2000·1e300) is one line naming the flags, with the count in compact form. */
    @Test
    void moreStepsThanARunCanCountIsOneLine() throws IOException {
        assertUserError(run("simulate", "--alphas", "1e300", "--out", p("o.csv")), "2e+303 steps", "--alpha-max",
                "--alphas", "--N");
        assertEquals(List.of(), CliEndToEndTest.filesIn(dir));
    }

    /** picocli's own parse errors (a value that is not a number, an unknown option, a stray argument) start as ours. */
    @ParameterizedTest
    @ValueSource(strings = {"solve --p abc|'abc' is not an int", "solve --lr inf|'inf' is not a double",
        "solve --seed 99999999999999999999|is not a long", "simulate --N 2147483648|is not an int",
        "solve --unknown-flag|Unknown option: '--unknown-flag'", "demo extra|Unmatched argument",
        "reproduce|Missing required parameters", "sweep foo|Unmatched argument"})
    void parseErrorsAreOneErrorLine(String spec) {
        String[] parts = spec.split("\\|");
        assertUserError(run(parts[0].split(" ")), parts[1], "--help')");
    }

    /** --finite-n below p + p* names --finite-n (it named --N, which solve does not use for it). */
    @Test
    void finiteNBelowTheWidthsNamesItsFlag() {
        assertUserError(run("solve", "--finite-n", "0", "--alphas", "1", "-q"), "--finite-n", "p + p* = 5 (got 0)");
    }

    /**
     * Where an effective start of the finite-N theory cannot be integrated (N = 5 = p + p*: the linear-noise Gaussian
     * is far too wide), one line naming N; it was an internal error with Hipparchus' "minimal step size" trace.
     */
    @Test
    void aFiniteNTheoryThatBreaksDownIsOneLine() throws IOException {
        assertUserError(run("solve", "--finite-n", "5", "--alphas", "1,10,100", "--out", p("r.csv")),
                "finite-N theory does not hold at N = 5", "larger N");
        assertEquals(List.of(), CliEndToEndTest.filesIn(dir));
    }

    /**
     * Starts whose overlaps overflow double precision in the ODE (Q of order 10²⁰⁰ or 10³⁰⁰): one line saying so; they
     * were internal errors ("convergence failed" of the Schur iteration on an infinite Jacobian).
     */
    @ParameterizedTest
    @ValueSource(strings = {"solve --sigma0 1e100 --alphas 1", "solve --init isotropic --q0 1e300 --alphas 1",
        "simulate --sigma0 1e100 --N 50 --seeds 2 --alphas 1"})
    void overlapsBeyondDoublePrecisionAreOneLine(String command) throws IOException {
        List<String> args = new ArrayList<>(List.of(command.split(" ")));
        args.addAll(List.of("--out", p("r.csv")));
        assertUserError(run(args.toArray(new String[0])), "overflows double precision", "initial overlaps are too large");
        assertEquals(List.of(), CliEndToEndTest.filesIn(dir));
    }

    /**
     * Above the critical η of z² (η = 1.5 > η_c = 0.83) there is no plateau: --theory auto takes the per-seed ODE,
     * the seeds diverge, and compare exits 3 with the divergence line as simulate does (it was exit 2, "no plateau
     * is reached … no escape to predict", although auto promises the ODE where the finite-N theory does not apply).
     */
    @Test
    void compareWhereSeedsDivergeExitsThree() throws IOException {
        CliEndToEndTest.Run r = run("compare", "--N", "100,200", "--seeds", "4", "--lr-per-width", "0.5", "--alpha-max",
                "50", "-q", "--out", p("c"));
        assertEquals(Main.EXIT_DIVERGED, r.code(), r.err());
        String err = r.err().trim();
        assertEquals(1, err.lines().count(), err);
        assertTrue(err.startsWith("overlap: DIVERGED") && err.contains("η = 1.5 is too large for bounded norms"), err);
    }

    /**
     * An α beyond what the integrator can step through (α = 1e300: the step size underflows near 2.6e11 while the
     * norms are bounded, η = 0.15 &lt; η_c = 0.83) is not called a divergence caused by η (it was "the learning rate
     * η = 0.15 is too large for bounded norms").
     */
    @Test
    void anIntegratorFailureIsNotBlamedOnTheLearningRate() {
        CliEndToEndTest.Run r = run("solve", "--alphas", "1e300", "-q");
        assertEquals(Main.EXIT_DIVERGED, r.code(), r.err());
        String err = r.err().trim();
        assertEquals(1, err.lines().count(), err);
        assertTrue(err.contains("the integration stopped at α = ") && err.contains("the step size underflowed"), err);
        assertTrue(!err.contains("is too large for bounded norms"), err);
    }

    /** A --cache-dir that is a file is refused (derive said "cache miss" and silently never cached). */
    @Test
    void aCacheDirectoryThatIsAFileIsRefused() throws IOException {
        java.nio.file.Path file = java.nio.file.Files.createFile(java.nio.file.Path.of(p("cache-file")));
        for (String command : new String[] {"derive", "solve"}) {
            CliEndToEndTest.Run r = command.equals("derive")
                    ? run("derive", "--p", "2", "--pstar", "1", "--cache-dir", file.toString())
                    : run("solve", "--activation", "poly:0,1,0.5", "--alphas", "1", "-q", "--cache-dir", file.toString());
            assertEquals(2, r.code(), r.err());
            assertEquals("overlap: error: --cache-dir " + file + " is not a directory", r.err().trim());
        }
    }

    /** A simulation of zero steps (α·N below one step) states no speed (it printed "Infinity ns per step"). */
    @Test
    void aRunOfZeroStepsStatesNoSpeed() throws IOException {
        CliEndToEndTest.Run r = run("simulate", "--alphas", "1e-9", "--N", "50", "--seeds", "2", "--out", p("zero.csv"));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("0 steps in ") && !r.err().contains("Infinity") && !r.err().contains("NaN"),
                r.err());
    }

    /** The weights engine refuses a state file with a grammatical line ("an file start" before). */
    @Test
    void theWeightsEngineNamesAFileStartGrammatically() throws IOException {
        java.nio.file.Files.writeString(dir.resolve("state.json"), "{\"Q\": [[1, 0], [0, 1]], \"R\": [[0], [0]]}");
        assertUserError(run("simulate", "--engine", "weights", "--init", "file", "--init-file", p("state.json"), "--p", "2",
                "--pstar", "1", "--N", "50", "--alphas", "1", "--out", p("s.csv")), "(a file start fixes only the overlaps");
    }

    /** --atol 1e300 integrated garbage and reported a false divergence ("η = 0.15 is too large"): refused. */
    @ParameterizedTest
    @ValueSource(strings = {"solve", "compare"})
    void anAbsoluteToleranceOfOneOrMoreIsRefused(String command) throws IOException {
        List<String> args = new ArrayList<>(List.of(command, "--atol", "1e300", "--alphas", "1", "--out", p("o")));
        if (command.equals("compare")) {
            args.addAll(List.of("--N", "100,200", "--seeds", "2"));
        }
        assertUserError(run(args.toArray(new String[0])), "--atol must be below 1 (got 1.0E300)");
        assertEquals(List.of(), CliEndToEndTest.filesIn(dir));
    }

    @Test
    void noEta2HelpSaysNoiseIsRefused() {
        String help = run("solve", "--help").out().replaceAll("\\s+", " ");
        assertTrue(help.contains("--noise is refused with it"), help);
    }
}
