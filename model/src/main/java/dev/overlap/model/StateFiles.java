package dev.overlap.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads overlap states and teacher overlaps from JSON files.
 *
 * <p>State file: {@code {"Q": [[…]], "R": [[…]], "T": [[…]]}}, T optional (default identity of size p*,
 * the number of columns of R). Teacher file: {@code {"T": [[…]]}}. Matrices are arrays of rows.
 */
public final class StateFiles {

    private static final ObjectMapper JSON = new ObjectMapper();

    private StateFiles() {
    }

    /** Reads and validates a state file (see the class comment). */
    public static Overlaps readState(Path path) {
        JsonNode root = readJson(path);
        double[][] q = matrix(root, "Q", path, true);
        double[][] r = matrix(root, "R", path, true);
        double[][] t = matrix(root, "T", path, false);
        if (t == null) {
            int ps = r.length == 0 ? 0 : r[0].length;
            t = new double[ps][ps];
            for (int i = 0; i < ps; i++) {
                t[i][i] = 1.0;
            }
        }
        try {
            return Overlaps.of(q, r, t);
        } catch (SpecException e) {
            throw new SpecException("in " + path + ": " + e.getMessage(), e);
        }
    }

    /** Reads a teacher file {@code {"T": [[…]]}}, checking that T is symmetric positive semi-definite. */
    public static double[][] readTeacherOverlap(Path path) {
        JsonNode root = readJson(path);
        double[][] t = matrix(root, "T", path, true);
        try {
            return Overlaps.of(identity(1), new double[1][t.length], t).teacherOverlap();
        } catch (SpecException e) {
            String msg = e.getMessage().startsWith("the covariance")
                    ? "T is not positive semi-definite: no teacher weights have this overlap"
                    : e.getMessage();
            throw new SpecException("in " + path + ": " + msg, e);
        }
    }

    private static double[][] identity(int n) {
        double[][] m = new double[n][n];
        for (int i = 0; i < n; i++) {
            m[i][i] = 1;
        }
        return m;
    }

    private static JsonNode readJson(Path path) {
        try {
            JsonNode root = JSON.readTree(Files.readString(path));
            if (root == null || !root.isObject()) {
                throw new SpecException(path + " is not a JSON object");
            }
            return root;
        } catch (NoSuchFileException e) {
            throw new SpecException("file not found: " + path, e);
        } catch (JsonProcessingException e) {
            throw new SpecException(path + " is not valid JSON (line " + e.getLocation().getLineNr() + ": "
                    + e.getOriginalMessage() + ")", e);
        } catch (IOException e) {
            throw new SpecException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    private static double[][] matrix(JsonNode root, String key, Path path, boolean required) {
        JsonNode m = root.get(key);
        if (m == null || m.isNull()) {
            if (required) {
                throw new SpecException(path + " has no \"" + key + "\" matrix");
            }
            return null;
        }
        if (!m.isArray() || m.size() == 0) {
            throw new SpecException("in " + path + ": \"" + key + "\" must be a non-empty array of rows");
        }
        double[][] out = new double[m.size()][];
        for (int i = 0; i < m.size(); i++) {
            JsonNode row = m.get(i);
            if (!row.isArray()) {
                throw new SpecException("in " + path + ": \"" + key + "\" row " + (i + 1) + " is not an array");
            }
            out[i] = new double[row.size()];
            for (int j = 0; j < row.size(); j++) {
                JsonNode v = row.get(j);
                if (!v.isNumber()) {
                    throw new SpecException("in " + path + ": " + key + "[" + (i + 1) + "," + (j + 1)
                            + "] is not a number (" + v + ")");
                }
                out[i][j] = v.asDouble();
            }
        }
        return out;
    }
}
