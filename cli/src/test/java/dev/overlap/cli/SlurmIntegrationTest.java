package dev.overlap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A sweep through a real SLURM (issue 14): {@code .ci/slurm-single-node.sh} starts a private slurmctld + slurmd on
 * this machine, the {@code --slurm} script of a 4-point solve sweep goes in with {@code sbatch --wait} as a 2-task
 * array, and {@code sweep merge} must give the single in-process run's table (every column but {@code seconds}).
 * <p>
 * Skipped (in milliseconds) where sbatch, slurmctld or slurmd is not installed, and skipped, saying why, where the
 * cluster does not come up within 60 s. Every wait has a time limit, and the daemons it started are stopped
 * whatever happens (also from a shutdown hook if the JVM is stopped). Measured times: docs/slurm.md.
 */
class SlurmIntegrationTest {

    /** Seconds the script may take to bring the node up; beyond that the test is skipped. */
    private static final int START_SECONDS = 60;

    /** Seconds the 2-task array may take (each task is a JVM running 2 points of a few seconds). */
    private static final int JOB_SECONDS = 240;

    private static final String[] SOLVE = {"--p", "2,3", "--pstar", "1", "--lr-per-width", "0.05:0.1:2",
        "--alpha-max", "40", "--points", "30"};

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void aSweepSubmittedToSlurmMergesToTheSingleRunsTable() throws Exception {
        List<String> missing = Stream.of("sbatch", "slurmctld", "slurmd", "bash").filter(c -> which(c) == null).toList();
        Assumptions.assumeTrue(missing.isEmpty(), () -> "SLURM test skipped: " + String.join(", ", missing)
                + " not found on PATH (or /usr/sbin, /usr/local/sbin); install slurm-wlm to run it (docs/slurm.md)");
        Path script = clusterScript();
        Path dir = Files.createTempDirectory("overlap-slurm-");
        // munged (used where SLURM lacks auth/none) wants its socket's directories searchable by all
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path cluster = Files.createDirectory(dir.resolve("cluster"));
        Thread stopper = new Thread(() -> stopCluster(script, cluster), "overlap-slurm-stop");
        Runtime.getRuntime().addShutdownHook(stopper);
        try {
            long t0 = System.nanoTime();
            Result start = exec(List.of("bash", script.toString(), "start", cluster.toString()), null, START_SECONDS + 15);
            Assumptions.assumeTrue(start.code() == 0, () -> "SLURM test skipped: the single-node cluster did not start"
                    + " within " + START_SECONDS + " s (" + script + " exit " + start.code() + "): " + start.out().strip());
            Path conf = cluster.resolve("slurm.conf");
            long t1 = System.nanoTime();

            String prefix = dir.resolve("cl").toString();
            CliEndToEndTest.Run w = run(SOLVE, "--out", prefix, "--slurm", "--slurm-tasks", "2");
            assertEquals(0, w.code(), w.err());
            long t2 = System.nanoTime();
            Result job = exec(List.of("sbatch", "--wait", dir.resolve("cl.sbatch").toString()), conf, JOB_SECONDS);
            assertEquals(0, job.code(), "sbatch --wait: " + job.out() + logs(dir));
            System.err.printf("SlurmIntegrationTest: cluster up in %.1f s, sbatch --wait of the 2-task array %.1f s%n",
                    (t1 - t0) / 1e9, (System.nanoTime() - t2) / 1e9);
            Matcher id = Pattern.compile("Submitted batch job (\\d+)").matcher(job.out());
            assertTrue(id.find(), job.out());
            for (int t = 0; t < 2; t++) {
                Path log = dir.resolve("cl.store").resolve("slurm").resolve(id.group(1) + "_" + t + ".log");
                assertTrue(Files.isRegularFile(log), "no log " + log + logs(dir));
                String text = Files.readString(log);
                assertTrue(text.contains("shard " + (t + 1) + "/2 done (2 points"), text);
            }

            CliEndToEndTest.Run m = CliEndToEndTest.run("sweep", "merge", "--out", prefix);
            assertEquals(0, m.code(), m.err());
            CliEndToEndTest.Run ref = run(SOLVE, "--out", dir.resolve("ref").toString());
            assertEquals(0, ref.code(), ref.err());
            List<String> merged = withoutSeconds(dir.resolve("cl.csv"));
            assertEquals(5, merged.size(), String.join("\n", merged));
            assertTrue(merged.stream().skip(1).allMatch(l -> l.endsWith(",ok,")), String.join("\n", merged));
            assertEquals(withoutSeconds(dir.resolve("ref.csv")), merged);
        } finally {
            stopCluster(script, cluster);
            try {
                Runtime.getRuntime().removeShutdownHook(stopper);
            } catch (IllegalStateException e) {
                // the JVM is shutting down and the hook has stopped the cluster
            }
            deleteTree(dir);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static CliEndToEndTest.Run run(String[] flags, String... more) {
        List<String> a = new ArrayList<>(List.of("sweep", "solve"));
        a.addAll(Arrays.asList(flags));
        a.addAll(Arrays.asList(more));
        return CliEndToEndTest.run(a.toArray(String[]::new));
    }

    /** The CSV's lines with the {@code seconds} field emptied (the shards timed their points with the real clock). */
    private static List<String> withoutSeconds(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        int col = Arrays.asList(lines.get(0).split(",", -1)).indexOf("seconds");
        assertTrue(col >= 0, lines.get(0));
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            String[] f = line.split(",", -1);
            f[col] = "";
            out.add(String.join(",", f));
        }
        return out;
    }

    /** The task logs, for a failure message. */
    private static String logs(Path dir) throws IOException {
        Path d = dir.resolve("cl.store").resolve("slurm");
        if (!Files.isDirectory(d)) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        try (Stream<Path> s = Files.list(d)) {
            for (Path f : s.sorted().toList()) {
                b.append("\n--- ").append(f.getFileName()).append(":\n").append(Files.readString(f));
            }
        }
        return b.toString();
    }

    private static void stopCluster(Path script, Path cluster) {
        try {
            exec(List.of("bash", script.toString(), "stop", cluster.toString()), null, 40);
        } catch (IOException | InterruptedException e) {
            System.err.println("SlurmIntegrationTest: could not stop the cluster in " + cluster + ": " + e);
        }
    }

    /** .ci/slurm-single-node.sh of this checkout (the tests run in the module's directory, cli/). */
    private static Path clusterScript() {
        Path here = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path root = here; root != null; root = root.getParent()) {
            Path s = root.resolve(".ci").resolve("slurm-single-node.sh");
            if (Files.isRegularFile(s)) {
                return s;
            }
        }
        throw new AssertionError("no .ci/slurm-single-node.sh above " + here);
    }

    /** The command's file on PATH or in the sbin directories, or null. */
    private static Path which(String command) {
        List<String> dirs = new ArrayList<>(Arrays.asList(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
        dirs.addAll(List.of("/usr/sbin", "/usr/local/sbin", "/sbin"));
        for (String d : dirs) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, command))) {
                return Path.of(d, command);
            }
        }
        return null;
    }

    record Result(int code, String out) {
    }

    /**
     * Runs a command (with SLURM_CONF = conf if given, and the sbin directories on PATH), its stderr into its stdout,
     * for at most {@code seconds}; past that it is killed (and, for sbatch, its job cancelled) and the test fails.
     */
    private static Result exec(List<String> command, Path conf, int seconds) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("PATH", pb.environment().getOrDefault("PATH", "") + ":/usr/sbin:/usr/local/sbin:/sbin");
        pb.environment().put("SLURM_CI_START_TIMEOUT", Integer.toString(START_SECONDS));
        if (conf != null) {
            pb.environment().put("SLURM_CONF", conf.toString());
        }
        pb.redirectErrorStream(true);
        Path out = Files.createTempFile("overlap-slurm-", ".out");
        pb.redirectOutput(out.toFile());
        Process p = pb.start();
        try {
            boolean done;
            try {
                done = p.waitFor(seconds, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                kill(p);
                throw e;
            }
            if (!done) {
                String text = Files.readString(out, StandardCharsets.UTF_8);
                kill(p);
                Matcher id = Pattern.compile("Submitted batch job (\\d+)").matcher(text);
                if (conf != null && id.find()) {
                    exec(List.of("scancel", id.group(1)), conf, 20);
                }
                fail(String.join(" ", command) + " did not finish in " + seconds + " s: " + text);
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }
}
