package dev.overlap.cli.sweep;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.overlap.cli.format.Numbers;

/**
 * The tidy result table of a sweep, one row per point in grid order: the swept parameters, the command's
 * result columns ({@link SweepColumns}; one that repeats a swept parameter's name is left out), then seconds,
 * status and message. A point without a record is a row with status {@code missing}. The CSV and the JSON are
 * functions of the grid and the records only (no clock, no paths), so merging the store of a sharded sweep
 * gives the same bytes as writing them at the end of one run.
 */
public final class SweepTable {

    private static final ObjectMapper JSON = Numbers.jsonMapper();

    private final String command;
    private final SweepGrid grid;
    private final List<String> resultColumns;
    private final Function<SweepPoint, PointRecord> records;

    /**
     * @param command the swept command
     * @param grid    its grid
     * @param records the record of a point, or null if the store has none
     */
    public SweepTable(String command, SweepGrid grid, Function<SweepPoint, PointRecord> records) {
        this.command = command;
        this.grid = grid;
        this.records = records;
        Set<String> params = new LinkedHashSet<>();
        grid.axes().forEach(a -> params.add(a.column()));
        List<String> cols = new ArrayList<>();
        for (String c : SweepColumns.of(command).names()) {
            if (!params.contains(c)) {
                cols.add(c);
            }
        }
        this.resultColumns = List.copyOf(cols);
    }

    /**
     * All column names: parameters, results, then {@link SweepColumns#TRAILER}.
     *
     * @return the CSV header, in column order
     */
    public List<String> columns() {
        List<String> all = new ArrayList<>();
        grid.axes().forEach(a -> all.add(a.column()));
        all.addAll(resultColumns);
        all.addAll(SweepColumns.TRAILER);
        return all;
    }

    /**
     * Counts of the rows by status, in first-seen order.
     *
     * @return status → number of rows with it
     */
    public Map<String, Integer> statusCounts() {
        Map<String, Integer> counts = new java.util.LinkedHashMap<>();
        for (SweepPoint p : grid.points()) {
            PointRecord r = records.apply(p);
            counts.merge(r == null ? PointRecord.MISSING : r.status(), 1, Integer::sum);
        }
        return counts;
    }

    /**
     * The table as CSV (RFC 4180 quoting; empty fields where a value is absent).
     *
     * @return the CSV text, header first, one line per point
     */
    public String csv() {
        StringBuilder b = new StringBuilder();
        b.append(String.join(",", columns())).append('\n');
        for (SweepPoint p : grid.points()) {
            PointRecord r = records.apply(p);
            List<String> fields = new ArrayList<>();
            grid.axes().forEach(a -> fields.add(quote(p.parameters().get(a.flag()))));
            for (String c : resultColumns) {
                fields.add(r == null ? "" : quote(text(r.results().get(c))));
            }
            fields.add(r == null ? "" : Numbers.shortest(r.seconds()));
            fields.add(r == null ? PointRecord.MISSING : r.status());
            fields.add(quote(r == null ? "not in the store" : r.message()));
            b.append(String.join(",", fields)).append('\n');
        }
        return b.toString();
    }

    /**
     * The sweep as JSON: the tool's versions, the command, the sweep spec (its arguments, axes and fixed
     * arguments), the columns, the counts by status and every point with its parameters, key, status, message,
     * seconds and results.
     *
     * @param tool     name/version entries of the tool
     * @param args     the sweep's arguments as given (before expansion)
     * @param keyOf    the store key of a point
     * @return the JSON document
     */
    public String json(Map<String, String> tool, List<String> args, Function<SweepPoint, String> keyOf) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode t = root.putObject("tool");
        tool.forEach(t::put);
        root.put("command", "sweep " + command);
        ObjectNode sweep = root.putObject("sweep");
        ArrayNode a = sweep.putArray("args");
        args.forEach(a::add);
        sweep.put("zip", grid.zip());
        ArrayNode axes = sweep.putArray("axes");
        for (SweepAxis axis : grid.axes()) {
            ObjectNode o = axes.addObject();
            o.put("flag", axis.flag());
            o.put("column", axis.column());
            o.put("given", axis.text());
            o.put("log", axis.log());
            ArrayNode v = o.putArray("values");
            axis.values().forEach(v::add);
        }
        ArrayNode fixed = sweep.putArray("fixed_args");
        grid.fixedArgs().forEach(fixed::add);
        ArrayNode cols = root.putArray("columns");
        columns().forEach(cols::add);
        ObjectNode counts = root.putObject("counts");
        counts.put("points", grid.size());
        statusCounts().forEach(counts::put);
        ArrayNode points = root.putArray("points");
        for (SweepPoint p : grid.points()) {
            PointRecord r = records.apply(p);
            ObjectNode o = points.addObject();
            o.put("index", p.index());
            ObjectNode params = o.putObject("parameters");
            grid.axes().forEach(ax -> params.put(ax.column(), p.parameters().get(ax.flag())));
            o.put("key", keyOf.apply(p));
            o.put("status", r == null ? PointRecord.MISSING : r.status());
            o.put("message", r == null ? "not in the store" : r.message());
            if (r == null) {
                o.putNull("seconds");
                o.putNull("results");
            } else {
                o.put("seconds", r.seconds());
                ObjectNode res = o.putObject("results");
                for (String c : resultColumns) {
                    put(res, c, r.results().get(c));
                }
            }
        }
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Puts a number, word or null; non-finite numbers become null (JSON has no NaN). */
    static void put(ObjectNode o, String name, Object v) {
        if (v == null) {
            o.putNull(name);
        } else if (v instanceof Long l) {
            o.put(name, l);
        } else if (v instanceof Integer i) {
            o.put(name, i);
        } else if (v instanceof Double d) {
            if (Double.isFinite(d)) {
                o.put(name, d);
            } else {
                o.putNull(name);
            }
        } else {
            o.put(name, v.toString());
        }
    }

    private static String text(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof Double d) {
            return Double.isFinite(d) ? Numbers.shortest(d) : "";
        }
        return v.toString();
    }

    /** RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled. */
    static String quote(String s) {
        if (s == null) {
            return "";
        }
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
