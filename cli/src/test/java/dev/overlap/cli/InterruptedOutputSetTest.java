package dev.overlap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An output set is all or nothing under Ctrl-C: the CLI runs in a fresh JVM, gets a real SIGINT ({@code kill -INT})
 * at a sweep of delays from its start to past its end, and after each run either every file of the set is there or
 * none is, with no temporary file left. The delays are spread over the measured length of an uninterrupted run, so
 * that the signal lands before, during and after the writes; the property must hold for every delay (no error rate:
 * it is not statistical).
 */
@Tag("slow")
class InterruptedOutputSetTest {

    private static final int DELAYS = 5;

    @TempDir
    Path dir;

    private Process start(Path work, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xshare:auto", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("log-" + System.nanoTime() + ".txt").toFile()).start();
    }

    private static boolean killAvailable() {
        try {
            Process p = new ProcessBuilder("kill", "-l").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** Files in {@code work}, recursively, relative to it (directories excluded). */
    private static List<String> files(Path work) throws IOException {
        try (Stream<Path> s = Files.walk(work)) {
            return s.filter(Files::isRegularFile).map(p -> work.relativize(p).toString()).sorted().toList();
        }
    }

    /**
     * Runs {@code args} once to completion (to learn its length and its full set), then {@link #DELAYS} times with a
     * SIGINT at delays from 0.2 to 1.3 times that length, and checks all-or-nothing after each.
     */
    private void checkAllOrNothing(String... args) throws Exception {
        assumeTrue(killAvailable(), "no kill command to send SIGINT");
        Path full = Files.createDirectory(dir.resolve("full"));
        long t0 = System.nanoTime();
        Process p = start(full, args);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES));
        long length = System.nanoTime() - t0;
        assertEquals(0, p.exitValue(), String.join(" ", args));
        List<String> set = files(full);
        assertTrue(set.size() >= 2, "the command writes a set: " + set);
        int interrupted = 0;
        for (int i = 0; i < DELAYS; i++) {
            Path work = Files.createDirectory(dir.resolve("run" + i));
            long delayNanos = (long) (length * (0.2 + 1.1 * i / (DELAYS - 1)));
            Process q = start(work, args);
            TimeUnit.NANOSECONDS.sleep(delayNanos);
            new ProcessBuilder("kill", "-INT", Long.toString(q.pid())).start().waitFor(10, TimeUnit.SECONDS);
            assertTrue(q.waitFor(5, TimeUnit.MINUTES));
            List<String> got = files(work);
            assertTrue(got.isEmpty() || got.equals(set),
                    "after SIGINT at " + delayNanos / 1e9 + " s (exit " + q.exitValue() + "): " + got + " of " + set);
            if (q.exitValue() != 0) {
                interrupted++;
                assertEquals(Main.EXIT_INTERRUPTED, q.exitValue(), "a SIGINT ends the JVM with 128 + 2");
            } else {
                assertEquals(set, got, "a run that finished wrote its whole set");
            }
        }
        assertTrue(interrupted > 0, "at least one of the delays interrupts the run");
    }

    @Test
    void solveWithPlot() throws Exception {
        checkAllOrNothing("solve", "--alpha-max", "400", "--points", "20000", "--out", "r.csv", "--plot", "r.png",
                "-q");
    }

    @Test
    void demo() throws Exception {
        checkAllOrNothing("demo", "--out-dir", "d");
    }

    @Test
    void reproducePart() throws Exception {
        checkAllOrNothing("reproduce", "shen2024", "bound", "--out", "out");
    }
}
