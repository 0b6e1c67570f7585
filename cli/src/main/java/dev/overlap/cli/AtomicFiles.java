package dev.overlap.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes files atomically: the content goes to a temporary file in the target's directory, which is then
 * moved over the target, so a reader never sees a half-written file and a failure leaves no partial output.
 * Temporary files still open when the JVM shuts down (Ctrl-C, SIGTERM) are deleted by a shutdown hook, so an
 * interrupted run leaves neither half-written targets nor temporary files.
 */
final class AtomicFiles {

    private static final Set<Path> IN_FLIGHT = ConcurrentHashMap.newKeySet();

    /**
     * Guards the renames of {@link #writeAll}: a set's renames run while holding it, and the shutdown hook takes it
     * before deleting temporaries, so an interrupt lands either before the first rename (nothing is replaced) or
     * after the last (everything is).
     */
    private static final Object COMMIT = new Object();

    /** Set by the shutdown hook under {@link #COMMIT}: no set starts its renames after it. */
    private static boolean shuttingDown;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(AtomicFiles::abandonInFlight, "overlap-temp-cleanup"));
    }

    private AtomicFiles() {
    }

    /**
     * At shutdown: waits for a set whose renames have begun to finish them, stops any other set from beginning,
     * then deletes the temporaries of the sets that had not begun.
     */
    static void abandonInFlight() {
        synchronized (COMMIT) {
            shuttingDown = true;
        }
        deleteInFlight();
    }

    private static boolean isShuttingDown() {
        synchronized (COMMIT) {
            return shuttingDown;
        }
    }

    /** Deletes the temporary files of writes that have not completed. */
    static void deleteInFlight() {
        for (Path tmp : IN_FLIGHT) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException e) {
                // best effort at shutdown: the file is hidden and named after its target
            }
        }
    }

    /** Whether an output path is {@code -}, standard output (for the commands that write a single table). */
    static boolean standardOutput(Path out) {
        return out != null && out.toString().equals("-");
    }

    /** Most symbolic links followed from an output path (as the kernel's own limit, 40). */
    static final int MAX_LINKS = 40;

    /**
     * The file a write to {@code target} reaches: {@code target} itself, or, if it is a symbolic link, the end of its
     * chain of links (each resolved against the directory of the link), which may not exist yet. Writing there keeps
     * the links and updates what they point to, as a shell's {@code >} would.
     *
     * @throws UserError for a chain of more than {@link #MAX_LINKS} links (a loop)
     */
    static Path destination(Path target) {
        Path p = target.toAbsolutePath().normalize();
        for (int i = 0; i < MAX_LINKS; i++) {
            if (!Files.isSymbolicLink(p)) {
                return p;
            }
            try {
                Path parent = p.getParent();
                Path link = Files.readSymbolicLink(p);
                p = (parent == null ? link : parent.resolve(link)).toAbsolutePath().normalize();
            } catch (IOException | SecurityException e) {
                throw new UserError("cannot write " + target + ": cannot read the symbolic link (" + e.getMessage() + ")");
            }
        }
        throw new UserError("cannot write " + target + ": more than " + MAX_LINKS + " symbolic links (a loop?)");
    }

    /**
     * Refuses a target that replacing would destroy: a directory, or anything else that is not a regular file (a
     * device, a pipe, a socket), after following symbolic links to the file they reach ({@link #destination}).
     *
     * @throws UserError naming what is there
     */
    static void checkReplaceable(Path target) {
        Path dest = destination(target);
        String via = dest.equals(target.toAbsolutePath().normalize()) ? "" : " (the symbolic link leads to " + dest + ")";
        if (Files.isDirectory(dest)) {
            throw new UserError("cannot write " + target + ": it is a directory" + via);
        }
        if (Files.exists(dest, java.nio.file.LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(dest,
                java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new UserError("cannot write " + target + ": it is not a regular file" + via
                    + " (overlap replaces only files)");
        }
        Path dir = dest.getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            throw new UserError("cannot write " + target + ": directory " + dir + " does not exist" + via);
        }
    }

    static void write(Path target, String content) {
        write(target, content.getBytes(StandardCharsets.UTF_8));
    }

    static void write(Path target, byte[] content) {
        writeAll(java.util.Map.of(target, content));
    }

    /**
     * Writes a set of files all or nothing, as far as a file system allows: every content goes to its temporary
     * file first, and only when all are written are they moved over their targets. A failure while writing the
     * temporaries (a full disk, a permission) leaves every target as it was.
     */
    static void writeAll(java.util.Map<Path, byte[]> contents) {
        java.util.Map<Path, Path> temporaries = new java.util.LinkedHashMap<>();
        Path current = null;
        try {
            for (java.util.Map.Entry<Path, byte[]> e : contents.entrySet()) {
                Path target = e.getKey();
                current = target;
                Path abs = target.toAbsolutePath();
                Path dir = abs.getParent();
                if (dir != null && !Files.isDirectory(dir)) {
                    throw new UserError("cannot write " + target + ": directory " + dir + " does not exist");
                }
                checkReplaceable(target);
                Path tmp;
                synchronized (COMMIT) {
                    // created and registered together, and never after the shutdown hook has run: a temporary
                    // created between its sweep and the JVM's exit would be left behind
                    if (shuttingDown) {
                        throw new java.util.concurrent.CancellationException("interrupted before writing " + target);
                    }
                    tmp = createSibling(destination(target));
                    IN_FLIGHT.add(tmp);
                }
                temporaries.put(target, tmp);
                // no CREATE: if the shutdown hook deleted the temporary meanwhile, it must not come back
                Files.write(tmp, e.getValue(), java.nio.file.StandardOpenOption.WRITE,
                        java.nio.file.StandardOpenOption.TRUNCATE_EXISTING);
            }
            synchronized (COMMIT) {
                if (shuttingDown) {
                    throw new java.util.concurrent.CancellationException("interrupted before writing " + contents.keySet());
                }
                for (java.util.Map.Entry<Path, Path> e : temporaries.entrySet()) {
                    current = e.getKey();
                    moveOver(e.getValue(), destination(e.getKey()));
                    IN_FLIGHT.remove(e.getValue());
                }
            }
        } catch (IOException e) {
            if (isShuttingDown()) {
                throw new java.util.concurrent.CancellationException("interrupted while writing " + current);
            }
            throw new UserError("cannot write " + current + ": " + describe(e), e);
        } finally {
            for (Path tmp : temporaries.values()) {
                if (IN_FLIGHT.remove(tmp)) {
                    try {
                        Files.deleteIfExists(tmp);
                    } catch (IOException ignored) {
                        // best effort: the temporary file is hidden and named after the target
                    }
                }
            }
        }
    }

    private static void moveOver(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException ex) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * A new hidden file next to the target, {@code .NAME.RANDOM.tmp}, created with the default permissions
     * (the user's umask applies, as for any file the user creates; {@code Files.createTempFile} would make it
     * private).
     */
    private static Path createSibling(Path target) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path tmp = target.resolveSibling("." + target.getFileName() + "."
                    + Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong()) + ".tmp");
            try {
                return Files.createFile(tmp);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                if (attempt > 100) {
                    throw e;
                }
            }
        }
    }

    private static String describe(IOException e) {
        String m = e.getMessage();
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        return m == null ? e.getClass().getSimpleName() : m;
    }

    /** {@code run.csv} → {@code run.json}; a name without extension gets {@code .json} appended. */
    static Path sibling(Path path, String extension) {
        String name = path.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String base = dot > 0 ? name.substring(0, dot) : name;
        return path.resolveSibling(base + "." + extension);
    }
}
