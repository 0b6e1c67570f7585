package dev.overlap.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.overlap.cli.format.Numbers;
import dev.overlap.cli.sweep.PointRecord;

/**
 * The store of a sweep with output prefix PREFIX: the directory {@code PREFIX.store/} holding
 * <ul>
 * <li>{@code sweep.json}: the sweep's definition (command, arguments as given, zip), which {@code sweep merge}
 * reads;</li>
 * <li>{@code points/KEY/}: one directory per finished point, keyed by the hash of its full spec, with the
 * command's own outputs ({@code run.csv}, {@code run.json}, and {@code run.png} for compare and escape) and
 * {@code point.json}, the point's {@link PointRecord}, written last.</li>
 * </ul>
 * A point is done when its {@code point.json} exists and holds its key; a rerun skips it. Every file is written
 * atomically, so an interrupted sweep loses only the points in flight.
 */
final class SweepStore {

    private static final ObjectMapper JSON = Numbers.jsonMapper();

    private final Path prefix;
    private final Path dir;

    /** The store of output prefix {@code prefix}. */
    SweepStore(Path prefix) {
        this.prefix = prefix;
        this.dir = prefix.resolveSibling(prefix.getFileName() + ".store");
    }

    /** The output prefix. */
    Path prefix() {
        return prefix;
    }

    /** The store directory. */
    Path directory() {
        return dir;
    }

    /** The directory of the point with key {@code key}. */
    Path pointDirectory(String key) {
        return dir.resolve("points").resolve(key);
    }

    /** The record of a finished point, or null if the store has none (or an unreadable one). */
    PointRecord record(String key) {
        Path f = pointDirectory(key).resolve("point.json");
        if (!Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        try {
            PointRecord r = PointRecord.fromJson(Files.readString(f, StandardCharsets.UTF_8));
            return key.equals(r.key()) ? r : null;
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

    /** Writes the record of a finished point (atomically, after its outputs). */
    void save(PointRecord r) {
        AtomicFiles.write(pointDirectory(r.key()).resolve("point.json"), r.toJson());
    }

    /**
     * Creates the store (and the directory of a point) if missing.
     *
     * @throws UserError if a path of the store exists and is not a directory
     */
    void createPointDirectory(String key) {
        createDirectories(pointDirectory(key));
    }

    /** Creates the store directory. */
    void create() {
        createDirectories(dir);
    }

    private static void createDirectories(Path d) {
        try {
            if (Files.exists(d, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS)) {
                throw new UserError("cannot use " + d + " for the sweep's store: it exists and is not a directory");
            }
            Files.createDirectories(d);
        } catch (IOException e) {
            throw new UserError("cannot create " + d + ": " + e.getMessage(), e);
        }
    }

    /** The sweep's definition as stored. */
    record Definition(String command, List<String> args, boolean zip) {
        Definition {
            args = List.copyOf(args);
        }
    }

    /** The definition stored in {@code sweep.json}, or null if there is none. */
    Definition definition() {
        Path f = dir.resolve("sweep.json");
        if (!Files.isRegularFile(f)) {
            return null;
        }
        try {
            JsonNode o = JSON.readTree(Files.readString(f, StandardCharsets.UTF_8));
            if (o == null || !o.path("command").isTextual() || !o.path("args").isArray()) {
                throw new UserError(f + " is not a sweep definition (no command or args)");
            }
            List<String> args = new ArrayList<>();
            o.path("args").forEach(n -> args.add(n.asText()));
            return new Definition(o.path("command").asText(), args, o.path("zip").asBoolean(false));
        } catch (IOException e) {
            String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
            throw new UserError("cannot read " + f + ": " + m);
        }
    }

    /** Writes {@code sweep.json}. */
    void saveDefinition(Definition d) {
        ObjectNode o = JSON.createObjectNode();
        o.put("command", d.command());
        ArrayNode a = o.putArray("args");
        d.args().forEach(a::add);
        o.put("zip", d.zip());
        try {
            AtomicFiles.write(dir.resolve("sweep.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(o) + "\n");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
