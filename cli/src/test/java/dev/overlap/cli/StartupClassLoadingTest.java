package dev.overlap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

/**
 * What a process start loads: a plain {@code solve} must not load Symja (org.matheclipse), XChart
 * (org.knowm.xchart) or the paper reproductions, and {@code --version} neither a command nor picocli's model. Each case
 * runs the CLI in a fresh JVM with {@code -Xlog:class+load} and reads the list of loaded classes.
 */
class StartupClassLoadingTest {

    @TempDir
    Path dir;

    /** Runs {@code Main} with the test class path in a new JVM and returns the names of the classes it loaded. */
    private Set<String> loadedClasses(String... args) throws IOException, InterruptedException {
        Path log = dir.resolve("classes-" + System.nanoTime() + ".log");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xshare:auto", "-Xlog:class+load=info:file=" + log, "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve("out-" + System.nanoTime() + ".txt").toFile()).start();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "the CLI did not finish");
        assertEquals(0, p.exitValue(), String.join(" ", args));
        Set<String> names = new TreeSet<>();
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            // [0.012s][info][class,load] java.lang.Object source: shared objects file
            String[] fields = line.split(" ");
            if (fields.length >= 2 && fields[0].contains("class,load")) {
                names.add(fields[1]);
            }
        }
        return names;
    }

    private static boolean anyIn(Set<String> classes, String packagePrefix) {
        return classes.stream().anyMatch(c -> c.startsWith(packagePrefix));
    }

    @Test
    void plainSolveLoadsNeitherSymjaNorXChartNorThePapers() throws Exception {
        Set<String> classes = loadedClasses("solve", "-q", "--out", dir.resolve("run.csv").toString());
        assertTrue(classes.contains("dev.overlap.ode.OverlapSolver"), "the class log lists the solver");
        assertFalse(anyIn(classes, "org.matheclipse."), "Symja loaded by a plain solve");
        assertFalse(anyIn(classes, "org.knowm.xchart."), "XChart loaded by a plain solve");
        // the interface Reproduction appears in ReproduceCommand's method signatures, which picocli reflects on;
        // the papers themselves (Saad1995, Bocchi2026, ...) must stay unloaded
        assertTrue(classes.stream().filter(c -> c.startsWith("dev.overlap.papers."))
                .allMatch(c -> c.equals("dev.overlap.papers.Reproduction")), "paper reproductions loaded by a plain solve");
    }

    @Test
    void solveWithPlotLoadsXChart() throws Exception {
        // the control for the test above: the class log does show XChart when a plot is asked for
        Set<String> classes = loadedClasses("solve", "-q", "--alpha-max", "10", "--out", dir.resolve("run.csv").toString(),
                "--plot", dir.resolve("run.png").toString());
        assertTrue(anyIn(classes, "org.knowm.xchart."), "XChart not in the class log of solve --plot");
    }

    @Test
    void versionBuildsNoCommand() throws Exception {
        Set<String> classes = loadedClasses("--version");
        assertTrue(classes.contains(Main.class.getName()));
        assertFalse(classes.contains(SolveCommand.class.getName()), "--version loaded the solve command");
        assertFalse(anyIn(classes, "dev.overlap.ode."), "--version loaded the ODE module");
        assertFalse(classes.contains("picocli.CommandLine$Model$CommandSpec"), "--version built a picocli model");
    }

    @Test
    void shortcutVersionPrintsWhatTheFullCommandTreePrints() {
        StringWriter full = new StringWriter();
        CommandLine tree = new CommandLine(Main.class);
        tree.setOut(new PrintWriter(full, true));
        assertEquals(0, tree.execute("--version"));
        for (String flag : new String[] {"--version", "-V"}) {
            assertTrue(Main.isVersionRequest(new String[] {flag}), flag);
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            assertEquals(0, Main.run(new String[] {flag}, new PrintWriter(out, true), new PrintWriter(err, true)));
            assertEquals(full.toString(), out.toString(), flag);
            assertEquals("", err.toString(), flag);
        }
        assertTrue(full.toString().startsWith("overlap " + Versions.overlap() + System.lineSeparator()), full.toString());
        assertFalse(Main.isVersionRequest(new String[] {"--version", "solve"}));
        assertFalse(Main.isVersionRequest(new String[] {"solve", "--version"}));
    }
}
