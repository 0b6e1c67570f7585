package dev.overlap.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.overlap.cli.format.Numbers;
import dev.overlap.cli.sweep.PointRecord;
import dev.overlap.cli.sweep.SweepColumns;
import dev.overlap.cli.sweep.SweepPoint;

/**
 * Runs the points of a sweep in one JVM: each point is the swept command run in-process on its own arguments,
 * writing into its directory of the store, then its {@link PointRecord} (status and scalar results) is saved.
 * Points run on a pool of {@code jobs} threads; a point that fails is recorded with its status and message and
 * the sweep goes on.
 */
final class SweepRunner {

    /** File stem of a point's outputs in its store directory. */
    static final String RUN = "run";

    private static final ObjectMapper JSON = Numbers.jsonMapper();

    private final SweepPlan plan;
    private final SweepStore store;
    private final int jobs;
    private final LongSupplier nanoTime;
    private final boolean quietFlag;

    /**
     * @param nanoTime the clock of the points' {@code seconds} ({@code System::nanoTime}; tests fix it)
     */
    SweepRunner(SweepPlan plan, SweepStore store, int jobs, LongSupplier nanoTime) {
        this.plan = plan;
        this.store = store;
        this.jobs = jobs;
        this.nanoTime = nanoTime;
        this.quietFlag = new picocli.CommandLine(plan.newCommand()).getCommandSpec().findOption("--quiet") != null;
    }

    /**
     * Runs {@code points} (whose keys are {@code keys}), reporting each finished point to {@code done} (may be null).
     *
     * @return the records of the points run, in the order given
     */
    List<PointRecord> run(List<SweepPoint> points, List<String> keys, LongConsumer done) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, jobs), r -> {
            Thread t = new Thread(r, "overlap-sweep");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<PointRecord>> futures = new ArrayList<>();
            for (int i = 0; i < points.size(); i++) {
                SweepPoint p = points.get(i);
                String key = keys.get(i);
                futures.add(pool.submit(() -> {
                    PointRecord r = runPoint(p, key);
                    if (done != null) {
                        done.accept(1);
                    }
                    return r;
                }));
            }
            List<PointRecord> out = new ArrayList<>();
            for (Future<PointRecord> f : futures) {
                out.add(f.get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.util.concurrent.CancellationException("interrupted");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(c);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Runs one point and saves its record. */
    PointRecord runPoint(SweepPoint point, String key) {
        store.createPointDirectory(key);
        Path dir = store.pointDirectory(key);
        Path csv = dir.resolve(RUN + ".csv");
        Path json = dir.resolve(RUN + ".json");
        for (Path old : List.of(csv, json, dir.resolve(RUN + ".png"))) {
            try {
                Files.deleteIfExists(old);
            } catch (IOException e) {
                throw new UserError("cannot clear " + old + ": " + e.getMessage(), e);
            }
        }
        List<String> argv = new ArrayList<>(point.args());
        argv.add("--out");
        argv.add(csv.toString());
        if (quietFlag) {
            argv.add("--quiet");
        }
        StringWriter err = new StringWriter();
        long t0 = nanoTime.getAsLong();
        int code;
        try (PrintWriter e = new PrintWriter(err); PrintWriter o = new PrintWriter(java.io.Writer.nullWriter())) {
            code = Main.runCommand(plan.newCommand(), argv.toArray(String[]::new), o, e);
        }
        double seconds = (nanoTime.getAsLong() - t0) / 1e9;
        if (code == Main.EXIT_INTERRUPTED) {
            throw new java.util.concurrent.CancellationException("interrupted");
        }
        JsonNode report = readJson(json);
        Map<String, String> lastRow = lastRow(csv);
        Map<String, Object> results = SweepColumns.of(plan.command()).extract(report, lastRow);
        String status;
        String message = message(err.toString());
        if (code == 0 || code == CompareCommand.EXIT_DISAGREE) {
            status = PointRecord.OK;
            message = "";
            if (plan.command().equals("solve") && report != null && report.at("/events/plateau").isNull()) {
                status = PointRecord.NO_PLATEAU;
                message = "no bounded plateau is reached from this start, so no plateau or escape";
            }
        } else if (code == Main.EXIT_DIVERGED) {
            status = PointRecord.DIVERGED;
        } else if (code == Main.EXIT_USAGE) {
            status = PointRecord.ERROR;
        } else {
            status = PointRecord.INTERNAL_ERROR;
        }
        PointRecord r = new PointRecord(key, plan.command(), point.args(), status, code, message, seconds,
                Versions.overlap(), results);
        store.save(r);
        return r;
    }

    /** The command's one-line message: the last stderr line that starts with "overlap: ", without that prefix. */
    static String message(String err) {
        String found = "";
        for (String line : err.split("\n")) {
            if (line.startsWith("overlap: ")) {
                found = line.substring("overlap: ".length()).replaceFirst("^error: ", "");
                if (found.startsWith("internal error")) {
                    return found;
                }
            }
        }
        return found.strip();
    }

    private static JsonNode readJson(Path f) {
        if (!Files.isRegularFile(f)) {
            return null;
        }
        try {
            return JSON.readTree(Files.readString(f, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return null;
        }
    }

    /** The last data row of a CSV table as column → text (the tables the commands write have no quoted fields). */
    static Map<String, String> lastRow(Path f) {
        Map<String, String> row = new LinkedHashMap<>();
        if (!Files.isRegularFile(f)) {
            return row;
        }
        try {
            List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
            lines.removeIf(String::isBlank);
            if (lines.size() < 2) {
                return row;
            }
            String[] names = lines.get(0).split(",", -1);
            String[] values = lines.get(lines.size() - 1).split(",", -1);
            for (int i = 0; i < names.length && i < values.length; i++) {
                row.put(names[i], values[i]);
            }
            return row;
        } catch (IOException e) {
            return row;
        }
    }
}
