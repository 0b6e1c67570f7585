package dev.overlap.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The SLURM array script of a sweep ({@code --slurm}): task t of T runs shard t + 1 of T of the same sweep into
 * the same store (the shard comes from {@code SLURM_ARRAY_TASK_ID}, {@code _MIN} and {@code _COUNT}), then
 * {@code overlap sweep merge} writes the table.
 */
final class SlurmScript {

    /** Most tasks the script asks for by default. */
    static final int DEFAULT_MAX_TASKS = 100;

    private SlurmScript() {
    }

    /** Writes PREFIX.sbatch (and the log directory it names) and says how to submit it. */
    static int write(SweepCommand.Run run, SweepPlan plan, SweepStore store, PrintWriter err) {
        int points = plan.grid().size();
        int tasks = run.slurmTasks != null ? run.slurmTasks : Math.min(points, DEFAULT_MAX_TASKS);
        if (tasks < 1 || tasks > points) {
            throw new UserError("--slurm-tasks must be 1 to the number of points, " + points + " (got " + tasks + ")");
        }
        if (run.slurmCpus < 1) {
            throw new UserError("--slurm-cpus must be at least 1 (got " + run.slurmCpus + ")");
        }
        SweepCommand.keys(plan);
        Path prefix = run.table.prefix().toAbsolutePath().normalize();
        Path script = AtomicFiles.sibling(prefix, "sbatch");
        Path logs = store.directory().toAbsolutePath().normalize().resolve("slurm");
        new OutputSet().named("--out", script, "sbatch", "the SLURM script").directory("--out", logs, true).check();
        List<String> args = new ArrayList<>(List.of("sweep", run.command()));
        args.addAll(run.commandArgs);
        if (run.zip) {
            args.add("--zip");
        }
        if (run.jobs != null) {
            args.add("--jobs");
            args.add(Integer.toString(run.jobs));
        }
        if (run.retryFailed) {
            args.add("--retry-failed");
        }
        args.add("--out");
        args.add(prefix.toString());
        String text = content(java(), args, tasks, run.slurmCpus, prefix, logs);
        try {
            Files.createDirectories(logs);
        } catch (java.io.IOException e) {
            throw new UserError("cannot create " + logs + ": " + e.getMessage(), e);
        }
        AtomicFiles.write(script, text);
        script.toFile().setExecutable(true);
        err.println("Wrote " + script + ": " + Words.count(tasks, "array task") + " for " + Words.count(points, "point")
                + ". Submit it with 'sbatch " + script + "'; when every task is done, run 'overlap sweep merge --out "
                + prefix + "'.");
        err.flush();
        return 0;
    }

    /** The script's text. */
    static String content(List<String> java, List<String> args, int tasks, int cpus, Path prefix, Path logs) {
        StringBuilder b = new StringBuilder("#!/bin/bash\n");
        b.append("# SLURM array script for an overlap sweep (overlap ").append(Versions.overlap()).append(").\n");
        b.append("# Submit it with: sbatch ").append(AtomicFiles.sibling(prefix, "sbatch")).append('\n');
        b.append("# Task t runs shard t+1 of ").append(tasks).append(" into ").append(prefix).append(".store/; when every\n");
        b.append("# task is done: overlap sweep merge --out ").append(prefix).append('\n');
        b.append("#SBATCH --job-name=overlap-sweep-").append(prefix.getFileName()).append('\n');
        b.append("#SBATCH --array=0-").append(tasks - 1).append('\n');
        b.append("#SBATCH --cpus-per-task=").append(cpus).append('\n');
        b.append("#SBATCH --output=").append(logs).append("/%A_%a.log\n");
        b.append("set -euo pipefail\n");
        b.append("# shellcheck disable=SC2086\n");
        List<String> all = new ArrayList<>(java);
        all.addAll(args);
        b.append("exec ").append(java.get(0)).append(" ${OVERLAP_JAVA_OPTS:-}");
        for (String a : all.subList(1, all.size())) {
            b.append(' ').append(quote(a));
        }
        b.append('\n');
        return b.toString();
    }

    /** The command that starts this overlap: java -jar JAR, or java -cp CLASSPATH dev.overlap.cli.Main. */
    static List<String> java() {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        try {
            Path self = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isRegularFile(self) && self.toString().endsWith(".jar")) {
                return List.of(javaBin, "-jar", self.toString());
            }
        } catch (java.net.URISyntaxException | SecurityException | NullPointerException e) {
            // fall through to the class path
        }
        return List.of(javaBin, "-cp", System.getProperty("java.class.path"), Main.class.getName());
    }

    /** A word for bash: single-quoted, with its single quotes escaped. */
    static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /** The environment of array task {@code t} of {@code n}, as SLURM sets it (for tests). */
    static Map<String, String> taskEnvironment(int t, int n) {
        return Map.of("SLURM_ARRAY_TASK_ID", Integer.toString(t), "SLURM_ARRAY_TASK_MIN", "0",
                "SLURM_ARRAY_TASK_COUNT", Integer.toString(n));
    }
}
