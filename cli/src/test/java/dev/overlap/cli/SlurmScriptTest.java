package dev.overlap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code --slurm} array script: the shard comes from the array task id and the count written into the script,
 * whatever array was submitted; its #SBATCH values survive sbatch's parsing; a solve sweep runs as many points at
 * once as the task has CPUs. The environments below are the ones a real SLURM 22.05 gave a task of
 * {@code sbatch --array=1} (ID 1, MIN 1, COUNT 1) and of the script's own {@code --array=0-1} (ID 1, MIN 0, COUNT
 * 2), printed by a job running {@code env} (docs/slurm.md); {@link SlurmIntegrationTest} runs the script in SLURM.
 */
class SlurmScriptTest {

    @TempDir
    Path dir;

    /** Runs the script's text with bash, with /bin/echo in place of java, and returns its exit code and output. */
    private CliEndToEndTest.Run bash(String script, Map<String, String> env) throws IOException, InterruptedException {
        Path f = dir.resolve("t.sbatch");
        Files.writeString(f, script);
        ProcessBuilder pb = new ProcessBuilder("bash", f.toString());
        pb.environment().keySet().removeIf(k -> k.startsWith("SLURM_") || k.equals("OVERLAP_JAVA_OPTS"));
        pb.environment().putAll(env);
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "bash did not finish");
        return new CliEndToEndTest.Run(p.exitValue(), out, "");
    }

    private String script(int tasks) {
        return SlurmScript.content(List.of("/bin/echo"), List.of("sweep", "solve", "--p", "2,3", "--out", "it's"), tasks,
                1, dir.resolve("sw"), dir.resolve("sw.store").resolve("slurm"));
    }

    @Test
    void theShardIsTheTaskIdAgainstTheSweepsCountNotTheSubmittedArrays() throws Exception {
        // sbatch --array=1 PREFIX.sbatch (resubmitting task 1 of 3): SLURM says MIN 1, COUNT 1; the shard is 2/3
        CliEndToEndTest.Run r = bash(script(3), Map.of("SLURM_ARRAY_TASK_ID", "1", "SLURM_ARRAY_TASK_MIN", "1",
                "SLURM_ARRAY_TASK_COUNT", "1", "OVERLAP_JAVA_OPTS", "-Xmx1g -Dx=y"));
        assertEquals(0, r.code(), r.out());
        assertEquals("-Xmx1g -Dx=y sweep solve --p 2,3 --out it's --shard 2/3\n", r.out());
        // the whole array as the script submits it (--array=0-1): task 1 is shard 2/2
        r = bash(script(2), Map.of("SLURM_ARRAY_TASK_ID", "1", "SLURM_ARRAY_TASK_MIN", "0", "SLURM_ARRAY_TASK_COUNT", "2"));
        assertEquals("sweep solve --p 2,3 --out it's --shard 2/2\n", r.out());
    }

    @Test
    void outsideAnArrayJobTheScriptStopsAndSaysWhy() throws Exception {
        CliEndToEndTest.Run r = bash(script(2), Map.of());
        assertNotEquals(0, r.code());
        assertTrue(r.out().contains("SLURM_ARRAY_TASK_ID: is not set: submit this script with sbatch"), r.out());
        assertFalse(r.out().contains("sweep solve"), r.out());
    }

    @Test
    void sbatchValuesAreQuotedOnlyWhenSbatchWouldSplitThem() {
        assertEquals("/scratch/u-1/sw.store/slurm/%A_%a.log",
                SlurmScript.sbatchValue("/scratch/u-1/sw.store/slurm/%A_%a.log", "it"));
        assertEquals("\"/scratch/my runs/sw.store/slurm/%A_%a.log\"",
                SlurmScript.sbatchValue("/scratch/my runs/sw.store/slurm/%A_%a.log", "it"));
        assertEquals("\"/scratch/a\\\"b'c/x\"", SlurmScript.sbatchValue("/scratch/a\"b'c/x", "it"));
        UserError e = assertThrows(UserError.class, () -> SlurmScript.sbatchValue("/scratch/a\\b/x", "the log directory"));
        assertTrue(e.getMessage().contains("the log directory") && e.getMessage().contains("backslash"), e.getMessage());
        assertThrows(UserError.class, () -> SlurmScript.sbatchValue("/scratch/a\nb", "it"));
        assertEquals("my_run_1_.x", SlurmScript.jobName(Path.of("/d/my run#1\".x")));
    }

    @Test
    void aPercentInTheLogDirectoryIsDoubledSoSlurmKeepsIt() {
        String s = SlurmScript.content(List.of("/bin/echo"), List.of("sweep"), 2, 1, dir.resolve("sw"),
                Path.of("/d/50%/sw.store/slurm"));
        assertTrue(s.contains("\n#SBATCH --output=/d/50%%/sw.store/slurm/%A_%a.log\n"), s);
    }

    @Test
    void aSolveSweepRunsAsManyPointsAtOnceAsTheTaskHasCpus() throws IOException {
        String[] solve = {"sweep", "solve", "--p", "2,3", "--pstar", "1", "--slurm", "--slurm-cpus", "3", "--out"};
        CliEndToEndTest.Run r = run(solve, "a");
        assertEquals(0, r.code(), r.err());
        String a = Files.readString(dir.resolve("a.sbatch"));
        assertTrue(a.contains("\n#SBATCH --cpus-per-task=3\n"), a);
        assertTrue(a.contains(" '--jobs' '3' "), a);
        // a given --jobs wins
        r = run(new String[] {"sweep", "solve", "--p", "2,3", "--pstar", "1", "--slurm", "--jobs", "2", "--out"}, "b");
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.readString(dir.resolve("b.sbatch")).contains(" '--jobs' '2' "));
        // simulate parallelises inside a point (--threads): the script adds no --jobs
        r = run(new String[] {"sweep", "simulate", "--p", "2,3", "--pstar", "1", "--slurm", "--out"}, "c");
        assertEquals(0, r.code(), r.err());
        assertFalse(Files.readString(dir.resolve("c.sbatch")).contains("'--jobs'"));
    }

    private CliEndToEndTest.Run run(String[] args, String prefix) {
        String[] all = java.util.Arrays.copyOf(args, args.length + 1);
        all[args.length] = dir.resolve(prefix).toString();
        return CliEndToEndTest.run(all);
    }
}
