package dev.overlap.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.overlap.cli.sweep.PointRecord;
import dev.overlap.cli.sweep.Shard;
import dev.overlap.cli.sweep.SweepPoint;
import dev.overlap.cli.sweep.SweepTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/** {@code overlap sweep}: many runs of one command over a grid of parameters, in one JVM or sharded over a cluster. */
@Command(name = "sweep",
        header = "Run solve, simulate, compare or escape over a grid of parameters; merge sharded runs.",
        mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Run a command at every point of a grid of its flags, in one JVM, and collect",
            "one row per point into PREFIX.csv and PREFIX.json.",
            "",
            "  overlap sweep solve --p 2,4,8,16 --pstar 2 --lr-per-width 0.01:0.1:10 --out sw",
            "",
            "Any flag of the command that takes one value takes a list a,b,c, a linear",
            "range lo:hi:n or a log range lo:hi:n:log; the grid is their product (the",
            "first flag varies slowest), or with --zip the i-th values together.",
            "See 'overlap sweep solve --help' for the sweep's own flags.",
            ""},
        subcommands = {SweepCommand.Solve.class, SweepCommand.Simulate.class, SweepCommand.Compare.class,
            SweepCommand.Escape.class, SweepCommand.Merge.class},
        footer = {"", "Exit codes: 0 every point ok; 5 some points failed (see their status); 2 invalid",
            "input; 130 interrupted (finished points are kept; rerun to resume); 1 internal error."})
final class SweepCommand implements Callable<Integer> {

    /** What every sweep sub-command's help says about its arguments. */
    static final String RUN_DESCRIPTION = "%nRun the command at every point of a grid of its own flags, in one JVM.%n%n"
            + "Give the command's flags after the sweep's. A flag that takes one value takes a list a,b,c, a%n"
            + "linear range lo:hi:n (n values, ends included) or a log range lo:hi:n:log; the grid is their%n"
            + "product (the first swept flag varies slowest), or with --zip the i-th values together. Range%n"
            + "values have 12 significant digits; integer flags need whole values (a log range rounds and%n"
            + "drops repeats). --activation lists keep poly: coefficients together%n"
            + "(quadratic,poly:0,1,0.5,erf is three). A single value is the same at every point. The --N list%n"
            + "of compare and escape is swept too: each point has one N.%n"
            + "Each point is the command run as 'overlap COMMAND FLAGS --out …' would run it.%n";

    /** The output section of every sweep sub-command's help. */
    static final String RUN_FOOTER = "PREFIX.csv: one row per point in grid order: each swept flag (as a column named%n"
            + "after it: --lr-per-width -> lr_per_width), the command's scalar results, then seconds,%n"
            + "status (ok, diverged, no-plateau, error, internal-error, missing) and message.%n"
            + "  solve: plateau_eps_g plateau_alpha plateau_exit_alpha escape_rate escape_alpha%n"
            + "    divergence_alpha alpha_end eps_g_alpha_max rhs_evaluations%n"
            + "  simulate: plateau_eps_g escape_alpha_mean escape_alpha_sd escaped seeds alpha_end%n"
            + "    eps_g_alpha_max eps_g_alpha_max_sem steps_per_second (mean, SD across seeds, SEM)%n"
            + "  compare: verdict max_abs_z z_bound escape_alpha_mean escape_alpha_sd%n"
            + "    escape_alpha_theory_mean escape_alpha_theory_sd escape_ks_p alpha_end eps_g_alpha_max%n"
            + "    eps_g_alpha_max_theory%n"
            + "  escape: plateau_eps_g escape_rate escape_alpha_mean escape_alpha_sd escape_alpha_q10%n"
            + "    escape_alpha_q50 escape_alpha_q90 matching_alpha escape_alpha_sim_mean%n"
            + "    escape_alpha_sim_sd escape_ks_p verdict%n"
            + "PREFIX.json: the sweep (arguments, axes, fixed flags), versions, counts by status, and%n"
            + "every point with its parameters, store key, status, message, seconds and results.%n"
            + "A failed point is a row with its status and message; the sweep goes on.%n%n"
            + "Store: PREFIX.store/points/KEY/ holds each point's own outputs (run.csv, run.json) and%n"
            + "point.json, KEY being a hash of the command's full options at that point (defaults%n"
            + "included, --threads excluded). A rerun skips the points in the store, so an interrupted%n"
            + "sweep resumes where it stopped (Ctrl-C loses only the points in flight); --retry-failed%n"
            + "reruns failed ones. Shards: --shard i/n (or a SLURM array task) fills the store only;%n"
            + "'overlap sweep merge --out PREFIX' then writes the table, the same bytes one run writes.%n%n"
            + "Exit codes: 0 every point ok; 5 some points failed; 2 invalid input or unwritable%n"
            + "output (nothing run); 130 interrupted; 1 internal error.%n%n"
            + "Example:%n"
            + "  overlap sweep solve --p 2,4,8 --pstar 2 --lr-per-width 0.01:0.1:4:log --out sw --plot sw.png";

    /** Exit code of a sweep in which some points failed (diverged, no plateau, refused input). */
    static final int EXIT_SOME_FAILED = 5;

    /**
     * The clock of the points' {@code seconds}: {@code System::nanoTime}. Tests fix it, so that the seconds column,
     * like every other, is a function of the points alone and a merged table can be compared byte for byte.
     */
    static volatile java.util.function.LongSupplier pointClock = System::nanoTime;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return Main.EXIT_USAGE;
    }

    /** The outputs of a sweep's table (run or merge). */
    static final class TableFlags {
        @Option(names = "--out", paramLabel = "PREFIX", required = true,
                description = "Writes PREFIX.csv and PREFIX.json, and keeps every point in the directory "
                        + "PREFIX.store (a trailing .csv in PREFIX is dropped).")
        Path out;

        @Option(names = "--curves", paramLabel = "DIR",
                description = "Also copy each point's own table to DIR/NNN_flag=value….csv (DIR is created).")
        Path curves;

        @Option(names = "--plot", paramLabel = "FILE.png",
                description = "Also plot a result column (--y) against the first swept flag, one line per value "
                        + "of the others.")
        Path plot;

        @Option(names = "--y", paramLabel = "COLUMN",
                description = "The column --plot draws (default: escape_alpha for solve, escape_alpha_mean "
                        + "otherwise).")
        String y;

        @Option(names = {"-q", "--quiet"}, description = "No summary on stderr.")
        boolean quiet;

        Path prefix() {
            String name = OutputSet.checkPrefix("--out", out, "sw").getFileName().toString();
            return name.endsWith(".csv") ? out.resolveSibling(name.substring(0, name.length() - 4)) : out;
        }
    }

    /** A sweep of one command. */
    abstract static class Run implements Callable<Integer> {

        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @picocli.CommandLine.Mixin
        TableFlags table = new TableFlags();

        @Option(names = "--zip", description = "Pair the swept lists (the i-th values together) instead of crossing them.")
        boolean zip;

        @Option(names = "--jobs", paramLabel = "J",
                description = "Points run at once (default: all cores for solve, 1 for the others, which use all cores"
                        + " per point through --threads).")
        Integer jobs;

        @Option(names = "--shard", paramLabel = "i/n",
                description = "Run only points k with k mod n = i − 1 into the store, and write no table (then 'sweep "
                        + "merge'). Without it, inside a SLURM array job, the shard comes from SLURM_ARRAY_TASK_ID/_MIN/"
                        + "_COUNT (the --slurm script passes --shard itself).")
        String shard;

        @Option(names = "--retry-failed", description = "Rerun the points the store holds as failed (default: keep them).")
        boolean retryFailed;

        @Option(names = "--slurm", description = "Write PREFIX.sbatch, a SLURM array script that runs this sweep in "
                + "shards, and exit (submit it with sbatch, then run 'sweep merge --out PREFIX').")
        boolean slurm;

        @Option(names = "--slurm-tasks", paramLabel = "T",
                description = "Array tasks of the --slurm script (default: one per point, at most 100).")
        Integer slurmTasks;

        @Option(names = "--slurm-cpus", paramLabel = "C", description = "CPUs per task of the --slurm script; a solve sweep "
                + "then runs C points at once per task (default: 1).")
        int slurmCpus = 1;

        @Option(names = "--progress", description = "Print the progress line even when stderr is not a terminal.")
        boolean progress;

        @Unmatched
        List<String> commandArgs = new ArrayList<>();

        abstract String command();

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            SweepPlan plan = SweepPlan.of(command(), commandArgs, zip);
            SweepStore store = new SweepStore(table.prefix());
            Shard s = shard(System.getenv());
            if (slurm) {
                return SlurmScript.write(this, plan, store, err);
            }
            int threads = jobs != null ? jobs : command().equals("solve") ? Runtime.getRuntime().availableProcessors() : 1;
            if (threads < 1) {
                throw new UserError("--jobs must be at least 1 (got " + threads + ")");
            }
            if (s == null && table.plot != null) {
                SweepPlot.check(plan, table.y);
            }
            OutputSet outputs = s == null ? tableOutputs(table, store) : new OutputSet();
            outputs.directory("--out", store.directory(), false).check();
            List<String> keys = keys(plan);
            SweepStore.Definition def = claim(store, s);
            List<SweepPoint> todo = new ArrayList<>();
            int owned = pending(plan, store, keys, s, todo);
            if (!table.quiet) {
                err.println("overlap sweep " + command() + ": " + Words.count(plan.grid().size(), "point")
                        + (s == null ? "" : ", shard " + s + " owns " + owned) + "; " + (owned - todo.size())
                        + " already in " + store.directory() + ", running " + todo.size() + " on "
                        + Words.count(threads, "job"));
                err.flush();
            }
            long t0 = System.nanoTime();
            runPoints(plan, store, keys, todo, threads, err);
            double seconds = (System.nanoTime() - t0) / 1e9;
            if (s == null) {
                return writeTable(plan, store, keys, def, table, outputs, err, seconds);
            }
            if (!table.quiet) {
                err.printf("overlap sweep: shard %s done (%s, %.1f s); when every shard is done run 'overlap sweep merge"
                        + " --out %s'%n", s, Words.count(todo.size(), "point"), seconds, table.prefix());
                err.flush();
            }
            return 0;
        }

        /**
         * Creates the store and records this sweep's definition in it; a shard refuses a store that holds another
         * sweep (the merge reads the definition).
         */
        private SweepStore.Definition claim(SweepStore store, Shard s) {
            store.create();
            SweepStore.Definition def = new SweepStore.Definition(command(), commandArgs, zip);
            SweepStore.Definition old = store.definition();
            if (s != null && old != null && !old.equals(def)) {
                throw new UserError(store.directory() + " holds a different sweep (" + describe(old)
                        + "): every shard must run the same sweep; use another --out for this one");
            }
            store.saveDefinition(def);
            return def;
        }

        /**
         * Adds to {@code todo} the points this run owns (all, or its shard's) that the store does not hold (or holds
         * as failed, with --retry-failed), and returns how many points it owns.
         */
        private int pending(SweepPlan plan, SweepStore store, List<String> keys, Shard s, List<SweepPoint> todo) {
            int owned = 0;
            for (SweepPoint p : plan.grid().points()) {
                if (s != null && !s.owns(p.index())) {
                    continue;
                }
                owned++;
                PointRecord r = store.record(keys.get(p.index()));
                if (r == null || (retryFailed && !r.ok())) {
                    todo.add(p);
                }
            }
            return owned;
        }

        /** Runs the points with a progress line; if the JVM is stopped meanwhile, says how to resume. */
        private void runPoints(SweepPlan plan, SweepStore store, List<String> keys, List<SweepPoint> todo, int threads,
                PrintWriter err) {
            List<String> todoKeys = new ArrayList<>();
            todo.forEach(p -> todoKeys.add(keys.get(p.index())));
            AtomicBoolean finished = new AtomicBoolean();
            Thread hook = new Thread(() -> {
                if (!finished.get()) {
                    err.println("overlap: sweep interrupted; finished points are kept in " + store.directory()
                            + ": run the same command again to resume");
                    err.flush();
                }
            }, "overlap-sweep-interrupt");
            Runtime.getRuntime().addShutdownHook(hook);
            try (ProgressLine line = ProgressLine.startIfWanted("sweep", "points", todo.size(), err, progress)) {
                new SweepRunner(plan, store, threads, pointClock).run(todo, todoKeys, ProgressLine.sink(line));
            } finally {
                finished.set(true);
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException e) {
                    // the JVM is already shutting down; the hook has run
                }
            }
        }

        private Shard shard(Map<String, String> env) {
            try {
                if (shard != null) {
                    return Shard.parse(shard);
                }
                return Shard.fromSlurm(env).orElse(null);
            } catch (IllegalArgumentException e) {
                throw new UserError(e.getMessage());
            }
        }
    }

    static String describe(SweepStore.Definition d) {
        return "sweep " + d.command() + " " + String.join(" ", d.args()) + (d.zip() ? " --zip" : "");
    }

    static List<String> keys(SweepPlan plan) {
        List<String> keys = new ArrayList<>(plan.grid().size());
        for (SweepPoint p : plan.grid().points()) {
            keys.add(plan.key(p));
        }
        return keys;
    }

    /** The table's output set: PREFIX.csv, PREFIX.json, the plot and the curves directory. */
    static OutputSet tableOutputs(TableFlags t, SweepStore store) {
        Path prefix = t.prefix();
        return new OutputSet()
                .derived("--out", t.out, AtomicFiles.sibling(prefix, "csv"), "CSV table")
                .derived("--out", t.out, AtomicFiles.sibling(prefix, "json"), "JSON report")
                .named("--plot", t.plot, "png", "the PNG image written there (name it .png)")
                .directory("--curves", t.curves, true);
    }

    /**
     * Writes PREFIX.csv, PREFIX.json (and the plot and curves) from the store: the rows are the grid's points in
     * order, with the store's records.
     */
    static int writeTable(SweepPlan plan, SweepStore store, List<String> keys, SweepStore.Definition def, TableFlags t,
            OutputSet outputs, PrintWriter err, double seconds) {
        Map<Integer, PointRecord> records = new LinkedHashMap<>();
        for (SweepPoint p : plan.grid().points()) {
            PointRecord r = store.record(keys.get(p.index()));
            if (r != null) {
                records.put(p.index(), r);
            }
        }
        SweepTable table = new SweepTable(plan.command(), plan.grid(), p -> records.get(p.index()));
        Map<String, String> tool = new LinkedHashMap<>();
        tool.put("name", "overlap");
        tool.put("version", Versions.overlap());
        tool.put("java", Versions.java());
        tool.put("hipparchus", Versions.hipparchus());
        Path prefix = t.prefix();
        Path csv = AtomicFiles.sibling(prefix, "csv");
        Path json = AtomicFiles.sibling(prefix, "json");
        Map<Path, byte[]> files = new LinkedHashMap<>();
        files.put(csv, table.csv().getBytes(StandardCharsets.UTF_8));
        files.put(json, table.json(tool, def.args(), p -> keys.get(p.index())).getBytes(StandardCharsets.UTF_8));
        if (t.plot != null) {
            files.put(t.plot, SweepPlot.png(plan, records, t.y));
        }
        if (t.curves != null) {
            for (SweepPoint p : plan.grid().points()) {
                Path f = store.pointDirectory(keys.get(p.index())).resolve(SweepRunner.RUN + ".csv");
                if (records.containsKey(p.index()) && Files.isRegularFile(f)) {
                    try {
                        files.put(t.curves.resolve(p.fileStem(plan.grid().size()) + ".csv"), Files.readAllBytes(f));
                    } catch (java.io.IOException e) {
                        throw new UserError("cannot read " + f + ": " + e.getMessage(), e);
                    }
                }
            }
        }
        outputs.write(files);
        Map<String, Integer> counts = table.statusCounts();
        int ok = counts.getOrDefault(PointRecord.OK, 0);
        if (!t.quiet) {
            List<String> parts = new ArrayList<>();
            counts.forEach((status, n) -> parts.add(n + " " + status));
            List<String> written = new ArrayList<>(List.of(csv.toString(), json.toString()));
            if (t.plot != null) {
                written.add(t.plot.toString());
            }
            if (t.curves != null) {
                written.add(t.curves + "/ (" + Words.count(records.size(), "curve") + ")");
            }
            err.printf("overlap sweep %s: %s: %s. Wrote %s (%.1f s).%n", plan.command(),
                    Words.count(plan.grid().size(), "point"), String.join(", ", parts), Words.list(written), seconds);
            for (SweepPoint p : plan.grid().points()) {
                PointRecord r = records.get(p.index());
                if (r != null && !r.ok()) {
                    err.println("  " + p.label() + ": " + r.status() + (r.message().isEmpty() ? "" : ": " + r.message()));
                }
            }
            err.flush();
        }
        return ok == plan.grid().size() ? 0 : EXIT_SOME_FAILED;
    }

    @Command(name = "solve", header = "Sweep 'overlap solve' (N → ∞ curves) over a grid.", mixinStandardHelpOptions = true,
            sortOptions = false, description = RUN_DESCRIPTION, footerHeading = "%nOutput:%n", footer = RUN_FOOTER)
    static final class Solve extends Run {
        @Override
        String command() {
            return "solve";
        }
    }

    @Command(name = "simulate", header = "Sweep 'overlap simulate' (finite-N SGD) over a grid.", mixinStandardHelpOptions = true,
            sortOptions = false, description = RUN_DESCRIPTION, footerHeading = "%nOutput:%n", footer = RUN_FOOTER)
    static final class Simulate extends Run {
        @Override
        String command() {
            return "simulate";
        }
    }

    @Command(name = "compare", header = "Sweep 'overlap compare' (theory vs simulation) over a grid.", mixinStandardHelpOptions = true,
            sortOptions = false, description = RUN_DESCRIPTION, footerHeading = "%nOutput:%n", footer = RUN_FOOTER)
    static final class Compare extends Run {
        @Override
        String command() {
            return "compare";
        }
    }

    @Command(name = "escape", header = "Sweep 'overlap escape' (finite-N escape-time law) over a grid.", mixinStandardHelpOptions = true,
            sortOptions = false, description = RUN_DESCRIPTION, footerHeading = "%nOutput:%n", footer = RUN_FOOTER)
    static final class Escape extends Run {
        @Override
        String command() {
            return "escape";
        }
    }

    /** {@code overlap sweep merge}: the table of a store filled by shards. */
    @Command(name = "merge", header = "Write PREFIX.csv and PREFIX.json from the store of a sharded sweep.",
            mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Writes the table of a sweep whose shards (--shard i/n, or a --slurm array) filled"
                + " PREFIX.store: the same bytes one unsharded run writes, apart from the seconds column. A point no"
                + " shard ran is a row with status missing.", ""},
            footer = {"", "Exit codes: 0 every point ok; 5 some points failed or are missing (see their status);"
                + " 2 invalid input (no sweep in PREFIX.store) or unwritable output; 130 interrupted; 1 internal"
                + " error."})
    static final class Merge implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @picocli.CommandLine.Mixin
        TableFlags table = new TableFlags();

        @Override
        public Integer call() {
            SweepStore store = new SweepStore(table.prefix());
            SweepStore.Definition def = store.definition();
            if (def == null) {
                throw new UserError("no sweep in " + store.directory() + ": run 'overlap sweep COMMAND … --out "
                        + table.prefix() + "' (or its shards) first");
            }
            SweepPlan plan = SweepPlan.of(def.command(), def.args(), def.zip());
            if (table.plot != null) {
                SweepPlot.check(plan, table.y);
            }
            OutputSet outputs = tableOutputs(table, store);
            outputs.check();
            long t0 = System.nanoTime();
            return writeTable(plan, store, keys(plan), def, table, outputs, spec.commandLine().getErr(),
                    (System.nanoTime() - t0) / 1e9);
        }
    }
}
