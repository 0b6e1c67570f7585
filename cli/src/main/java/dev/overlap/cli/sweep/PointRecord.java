package dev.overlap.cli.sweep;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.overlap.cli.format.Numbers;

/**
 * What a sweep keeps of one finished point ({@code point.json} in the store): the key of its full spec, the
 * command's arguments, how it ended and its scalar results. A record is written once, after the point's
 * outputs, so its presence means the point is done.
 *
 * @param key      hash of the point's full spec (see the sweep's store)
 * @param command  solve, simulate, compare or escape
 * @param args     the command's arguments (without the sweep's own output flags)
 * @param status   {@link #OK}, {@link #DIVERGED}, {@link #NO_PLATEAU}, {@link #ERROR} or {@link #INTERNAL_ERROR}
 * @param exitCode the command's exit code
 * @param message  the command's one-line message for a failed point, else empty
 * @param seconds  wall time of the point
 * @param version  overlap version that computed it
 * @param results  result column → number, word or null (see {@link SweepColumns})
 */
public record PointRecord(String key, String command, List<String> args, String status, int exitCode, String message,
        double seconds, String version, Map<String, Object> results) {

    /** The run finished and produced its results. */
    public static final String OK = "ok";
    /** The overlaps diverged (the results hold what was computed up to then). */
    public static final String DIVERGED = "diverged";
    /** The run finished but found no bounded plateau, so it has no plateau or escape results. */
    public static final String NO_PLATEAU = "no-plateau";
    /** The command refused the point's input (a bad combination of values). */
    public static final String ERROR = "error";
    /** The command failed unexpectedly. */
    public static final String INTERNAL_ERROR = "internal-error";
    /** In a table only: the point is not in the store (its shard has not run, or it was interrupted). */
    public static final String MISSING = "missing";

    private static final ObjectMapper JSON = Numbers.jsonMapper();

    public PointRecord {
        args = List.copyOf(args);
        results = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(results));
    }

    /** Whether the point counts as a success of the sweep. */
    public boolean ok() {
        return OK.equals(status);
    }

    /** The record as a JSON document. */
    public String toJson() {
        ObjectNode o = JSON.createObjectNode();
        o.put("key", key);
        o.put("command", command);
        ArrayNode a = o.putArray("args");
        args.forEach(a::add);
        o.put("status", status);
        o.put("exit_code", exitCode);
        o.put("message", message);
        o.put("seconds", seconds);
        o.put("version", version);
        ObjectNode r = o.putObject("results");
        results.forEach((k, v) -> SweepTable.put(r, k, v));
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(o) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Reads a record.
     *
     * @throws IllegalArgumentException if the text is not a record
     */
    public static PointRecord fromJson(String text) {
        try {
            JsonNode o = JSON.readTree(text);
            if (o == null || !o.isObject() || !o.path("key").isTextual() || !o.path("status").isTextual()) {
                throw new IllegalArgumentException("not a point record");
            }
            List<String> args = new ArrayList<>();
            o.path("args").forEach(n -> args.add(n.asText()));
            Map<String, Object> results = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : o.path("results").properties()) {
                JsonNode v = e.getValue();
                results.put(e.getKey(), v.isNull() ? null : v.isIntegralNumber() ? (Object) v.longValue()
                        : v.isNumber() ? (Object) v.doubleValue() : v.asText());
            }
            return new PointRecord(o.path("key").asText(), o.path("command").asText(), args, o.path("status").asText(),
                    o.path("exit_code").asInt(), o.path("message").asText(""), o.path("seconds").asDouble(),
                    o.path("version").asText(""), results);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("not a point record: " + e.getOriginalMessage());
        }
    }
}
