package dev.overlap.model;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads overlap states and teacher overlaps from JSON files.
 *
 * <p>State file: {@code {"Q": [[…]], "R": [[…]], "T": [[…]]}}, T optional (default identity of size p*,
 * the number of columns of R). Teacher file: {@code {"T": [[…]]}}. Matrices are arrays of rows.
 */
public final class StateFiles {

    private static final java.util.regex.Pattern UNEXPECTED =
            java.util.regex.Pattern.compile("Unexpected character \\('(.+?)' \\(code \\d+\\)\\)(?:: ([^\\n(]*[^\\n( ]))?");
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final java.util.regex.Pattern DUPLICATE = java.util.regex.Pattern.compile("Duplicate field '(.*?)'");

    private StateFiles() {
    }

    /**
     * Reads and validates a state file (see the class comment).
     *
     * @return the overlaps of the file, validated as by {@link Overlaps#of}
     */
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

    /**
     * Reads a teacher file {@code {"T": [[…]]}}, checking that T is symmetric positive semi-definite.
     *
     * @return a new p*×p* matrix T
     */
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
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : String.format(" at line %d, column %d", at.getLineNr(), at.getColumnNr());
            throw new SpecException(path + " is not valid JSON" + where + ": " + reason(e.getOriginalMessage()), e);
        } catch (CharacterCodingException e) {
            throw new SpecException(path + " is not UTF-8 text (a binary file?): a state file is JSON", e);
        } catch (IOException e) {
            throw new SpecException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    /**
     * A one-line reason for a JSON syntax error, without Jackson's advice on parser features and source excerpts:
     * NaN and infinities are named as such, a truncated file and a duplicated key as such, and other messages are cut before their
     * first parenthesis or newline.
     */
    static String reason(String jackson) {
        String m = jackson == null ? "" : jackson;
        if (m.contains("'NaN'") || m.contains("'Infinity'") || m.contains("'-Infinity'") || m.contains("'+Infinity'")) {
            return "NaN and Infinity are not JSON numbers (every entry must be a finite number)";
        }
        if (m.startsWith("Unexpected end-of-input")) {
            return "the file ends before the JSON does (truncated?)";
        }
        if (m.startsWith("Trailing token")) {
            return "there is more after the JSON object";
        }
        if (m.startsWith("Document nesting depth")) {
            return "arrays nested more than 1000 deep (a state file is an object of matrices: arrays of arrays)";
        }
        java.util.regex.Matcher d = DUPLICATE.matcher(m);
        if (d.lookingAt()) {
            return "the key \"" + d.group(1) + "\" appears twice";
        }
        java.util.regex.Matcher c = UNEXPECTED.matcher(m);
        if (c.lookingAt()) {
            return "unexpected character '" + c.group(1) + "'" + (c.group(2) == null ? "" : ": " + c.group(2));
        }
        int cut = m.length();
        for (String stop : new String[] {"\n", " (", ": was expecting", " at [Source"}) {
            int i = m.indexOf(stop);
            if (i > 0) {
                cut = Math.min(cut, i);
            }
        }
        return m.substring(0, cut).trim();
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
