package dev.overlap.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * All the files one run of a command writes, declared before the computation and checked together by
 * {@link #check()}, so that a run either writes its whole set or stops before computing anything:
 * <ul>
 * <li>a path the user named must not have an extension that contradicts what is written there ({@code --out r.json}
 * for a CSV table);</li>
 * <li>no two outputs may be the same file (a table and its JSON sidecar, {@code --plot} equal to {@code --out}, a
 * file inside {@code --per-seed}), after resolving {@code ..}, symbolic links in the directories and hard links;</li>
 * <li>no output may be an input of the run ({@code --init-file}, a {@code --teacher} file);</li>
 * <li>every output must be writable: its directory exists (or is one the run creates) and is writable, and the
 * target (after following symbolic links to the file they lead to) is not a directory or a special file ({@link AtomicFiles#checkReplaceable}).</li>
 * </ul>
 * {@link #write} then writes the set through {@link AtomicFiles#writeAll}: temporaries first, then the renames.
 */
final class OutputSet {

    /** Extensions that name a format, and the format each names. */
    private static final Map<String, String> EXTENSION_FORMAT = Map.ofEntries(Map.entry("csv", "csv"),
            Map.entry("json", "json"), Map.entry("png", "png"), Map.entry("jpg", "jpeg"), Map.entry("jpeg", "jpeg"),
            Map.entry("gif", "gif"), Map.entry("svg", "svg"), Map.entry("pdf", "pdf"), Map.entry("tex", "latex"),
            Map.entry("java", "java"), Map.entry("txt", "text"));

    /** Formats a file may hold under an extension of another format ({@code .txt} is fine for any text table). */
    private static final Map<String, Set<String>> ALSO_ACCEPTS = Map.of("csv", Set.of("text"));

    /**
     * One output file: the flag it comes from and the value given there, and its role when it is not that value
     * itself.
     */
    private record Output(String flag, Object given, Path path, String role) {
        String describe() {
            return role == null ? flag + " " + path : flag + " " + given + " (its " + role + " " + path + ")";
        }
    }

    private record Directory(String flag, Path path, boolean nested) {
    }

    private record Input(String flag, Path path) {
    }

    private final List<Output> files = new ArrayList<>();
    private final List<Directory> directories = new ArrayList<>();
    private final List<Input> inputs = new ArrayList<>();
    private final List<String> formatErrors = new ArrayList<>();

    /**
     * Checks an output prefix (PREFIX.csv, PREFIX.json, … are written): it must have a name (an empty one would
     * write the hidden files .csv, .json), must not be {@code -} (standard output takes one table, not a set of
     * files) and must not be an existing directory ({@code --out results/} would write results.csv beside it).
     *
     * @return the prefix
     * @throws UserError naming the flag otherwise
     */
    static Path checkPrefix(String flag, Path prefix, String example) {
        String name = prefix.getFileName() == null ? "" : prefix.getFileName().toString();
        if (name.isEmpty()) {
            throw new UserError(flag + " needs a file prefix (got an empty one), e.g. " + flag + " " + example);
        }
        if (prefix.toString().equals("-")) {
            throw new UserError(flag + " - (standard output) takes a single table, but this command writes a set of"
                    + " files PREFIX.csv, PREFIX.json, …: give a prefix, e.g. " + flag + " " + example);
        }
        if (Files.isDirectory(prefix)) {
            throw new UserError(flag + " " + prefix + " is a directory, but it is a prefix of file names: give one"
                    + " inside it, e.g. " + flag + " " + prefix.resolve(example));
        }
        return prefix;
    }

    /**
     * A path the user gave for an output holding {@code format}; its extension, if it names a format, must name this
     * one. {@code what} completes the error: "the extension .json contradicts " + what. An empty name is refused.
     */
    OutputSet named(String flag, Path path, String format, String what) {
        if (path == null) {
            return this;
        }
        if (path.toString().isEmpty()) {
            throw new UserError(flag + " needs a file name (got an empty one)");
        }
        String ext = extension(path);
        String named = ext == null ? null : EXTENSION_FORMAT.get(ext);
        if (named != null && !named.equals(format) && !ALSO_ACCEPTS.getOrDefault(format, Set.of()).contains(named)) {
            formatErrors.add(flag + " " + path + ": the extension ." + ext + " contradicts " + what);
        }
        files.add(new Output(flag, path, path, null));
        return this;
    }

    /**
     * An output the command derives from the value {@code given} of {@code flag} (a sidecar, PREFIX.png,
     * DIR/seed-0.csv).
     */
    OutputSet derived(String flag, Object given, Path path, String role) {
        if (path != null) {
            files.add(new Output(flag, given, path, role));
        }
        return this;
    }

    /**
     * A directory the run writes into and creates if needed; {@code nested}: missing parents are created too
     * (else the parent must exist). An empty name is refused.
     */
    OutputSet directory(String flag, Path dir, boolean nested) {
        if (dir != null && dir.toString().isEmpty()) {
            throw new UserError(flag + " needs a directory name (got an empty one; . is the current directory)");
        }
        if (dir != null) {
            directories.add(new Directory(flag, dir, nested));
        }
        return this;
    }

    /** An input file of the run: no output may replace it. */
    OutputSet input(String flag, Path path) {
        if (path != null) {
            inputs.add(new Input(flag, path));
        }
        return this;
    }

    /** The outputs declared so far. */
    List<Path> paths() {
        return files.stream().map(Output::path).toList();
    }

    /**
     * Checks the whole set; call it before computing.
     *
     * @return this
     * @throws UserError (one line, naming the flag) for the first problem found
     */
    OutputSet check() {
        if (!formatErrors.isEmpty()) {
            throw new UserError(formatErrors.get(0));
        }
        Map<Path, Output> seen = new HashMap<>();
        List<Output> ordered = new ArrayList<>(files);
        ordered.sort((a, b) -> Boolean.compare(a.role() != null, b.role() != null));
        Map<Path, Directory> dirKeys = new LinkedHashMap<>();
        for (Directory d : directories) {
            dirKeys.put(canonical(d.path()), d);
        }
        Map<Path, Path> parents = new HashMap<>();
        List<Path> inputKeys = inputs.stream().map(in -> canonical(in.path())).toList();
        for (Output o : ordered) {
            Path key = outputKey(o.path(), parents);
            Output other = seen.putIfAbsent(key, o);
            if (other != null) {
                throw new UserError(other.describe() + " and " + o.describe() + " are the same file: give them different names");
            }
            Directory d = dirKeys.get(key);
            if (d != null) {
                throw new UserError(o.describe() + " is the directory " + d.flag() + " " + d.path()
                        + ": give them different names");
            }
            for (int i = 0; i < inputs.size(); i++) {
                Input in = inputs.get(i);
                if (key.equals(inputKeys.get(i)) || sameExistingFile(o.path(), in.path())) {
                    throw new UserError(o.describe() + " would overwrite the input " + in.flag() + " " + in.path()
                            + ": write the output elsewhere");
                }
            }
        }
        for (Directory d : directories) {
            checkDirectory(d);
        }
        for (Output o : files) {
            checkFile(o, dirKeys.keySet());
        }
        return this;
    }

    /** Creates the declared directories, then writes {@code contents} (all of whose paths are outputs of the set). */
    void write(Map<Path, byte[]> contents) {
        for (Directory d : directories) {
            try {
                Files.createDirectories(d.path());
            } catch (IOException | SecurityException e) {
                throw new UserError("cannot create " + d.path() + ": " + e.getMessage(), e);
            }
        }
        AtomicFiles.writeAll(contents);
    }

    /** {@link #write(Map)} for text contents (UTF-8). */
    void writeText(Map<Path, String> contents) {
        Map<Path, byte[]> bytes = new LinkedHashMap<>();
        contents.forEach((p, s) -> bytes.put(p, s.getBytes(StandardCharsets.UTF_8)));
        write(bytes);
    }

    private static void checkFile(Output o, Set<Path> createdDirs) {
        Path p = o.path();
        Path dir = AtomicFiles.destination(p).getParent();
        if (dir != null && !Files.exists(dir) && willBeCreated(canonical(dir), createdDirs)) {
            return;
        }
        if (dir != null && !Files.isDirectory(dir)) {
            throw new UserError("cannot write " + p + ": directory " + dir + " does not exist");
        }
        if (dir != null && !Files.isWritable(dir)) {
            throw new UserError("cannot write " + p + ": directory " + dir + " is not writable");
        }
        AtomicFiles.checkReplaceable(p);
    }

    /** Whether a missing directory is one of the created directories or one of their missing parents. */
    private static boolean willBeCreated(Path dirKey, Set<Path> createdDirs) {
        for (Path c : createdDirs) {
            if (c.startsWith(dirKey)) {
                return true;
            }
        }
        return false;
    }

    /** An output directory must be a writable directory, or creatable in a writable existing ancestor. */
    private static void checkDirectory(Directory d) {
        Path dir = d.path();
        if (Files.exists(dir)) {
            if (!Files.isDirectory(dir)) {
                throw new UserError("cannot write into " + dir + ": it is not a directory");
            }
            if (!Files.isWritable(dir)) {
                throw new UserError("cannot write into " + dir + ": the directory is not writable");
            }
            return;
        }
        Path parent = dir.toAbsolutePath().getParent();
        if (d.nested()) {
            while (parent != null && !Files.exists(parent, LinkOption.NOFOLLOW_LINKS)) {
                parent = parent.getParent();
            }
        }
        if (parent == null || !Files.isDirectory(parent)) {
            throw new UserError("cannot create " + dir + ": " + (parent != null && Files.exists(parent)
                    ? parent + " is not a directory" : "directory " + parent + " does not exist"));
        }
        if (!Files.isWritable(parent)) {
            throw new UserError("cannot create " + dir + ": directory " + parent + " is not writable");
        }
    }

    /**
     * The path a write to an output reaches: its directory resolved by {@link #canonical} (cached: a set may hold a
     * file per seed), then its name; a target that is a symbolic link counts as the file it leads to
     * ({@link AtomicFiles#destination}).
     */
    private static Path outputKey(Path p, Map<Path, Path> parents) {
        Path abs = Files.isSymbolicLink(p) ? AtomicFiles.destination(p) : p.toAbsolutePath();
        Path parent = abs.getParent();
        Path name = abs.getFileName();
        if (parent == null || name == null) {
            return canonical(abs);
        }
        return parents.computeIfAbsent(parent, OutputSet::canonical).resolve(name).normalize();
    }

    /**
     * The path a write would reach: the deepest existing ancestor resolved to its real path (symbolic links, case of
     * the file system), then the missing names, normalised.
     */
    static Path canonical(Path p) {
        Path abs = p.toAbsolutePath();
        Deque<Path> missing = new ArrayDeque<>();
        Path existing = abs;
        while (existing != null) {
            try {
                Path real = existing.toRealPath();
                for (Path name : missing) {
                    real = real.resolve(name);
                }
                return real.normalize();
            } catch (IOException | SecurityException e) {
                if (existing.getFileName() != null) {
                    missing.addFirst(existing.getFileName());
                }
                existing = existing.getParent();
            }
        }
        return abs.normalize();
    }

    private static boolean sameExistingFile(Path a, Path b) {
        try {
            return Files.exists(a) && Files.exists(b) && Files.isSameFile(a, b);
        } catch (IOException | SecurityException e) {
            return false;
        }
    }

    /** The lower-case extension of a file name, or null. */
    static String extension(Path p) {
        Path name = p.getFileName();
        if (name == null) {
            return null;
        }
        String s = name.toString();
        int dot = s.lastIndexOf('.');
        return dot > 0 && dot < s.length() - 1 ? s.substring(dot + 1).toLowerCase(Locale.ROOT) : null;
    }
}
