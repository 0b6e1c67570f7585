package dev.overlap.model;

import static dev.overlap.model.Specs.assertSpecError;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link StateFiles}: every way a state or teacher file can be wrong is reported as a {@link SpecException}
 * naming the file and the offending key or entry; a valid file is read back exactly (the values written
 * into the file by the test are the expected values).
 */
class StateFilesTest {

    @TempDir
    Path dir;

    private Path write(String name, String json) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, json);
        return f;
    }

    @Test
    void missingFile() {
        Path f = dir.resolve("nowhere.json");
        assertSpecError(() -> StateFiles.readState(f), "file not found", "nowhere.json");
        assertSpecError(() -> StateFiles.readTeacherOverlap(f), "file not found", "nowhere.json");
    }

    @Test
    void invalidJson() throws IOException {
        Path f = write("broken.json", "{\"Q\": [[1, 0], [0, 1]],\n \"R\": [[0], [0]\n");
        assertSpecError(() -> StateFiles.readState(f), "broken.json", "not valid JSON", "line ");
        Path g = write("nan.json", "{\"Q\": [[NaN]], \"R\": [[0]]}");
        assertSpecError(() -> StateFiles.readState(g), "nan.json", "not valid JSON");
    }

    @Test
    void syntaxErrorsGetOneLineReasonsWithoutParserAdvice() throws IOException {
        Path nan = write("nan2.json", "{\"Q\": [[NaN]], \"R\": [[0]]}");
        assertSpecError(() -> StateFiles.readState(nan), "nan2.json", "line 1, column", "NaN and Infinity are not JSON numbers");
        Path cut = write("cut.json", "{\"Q\": [[1");
        assertSpecError(() -> StateFiles.readState(cut), "cut.json", "ends before the JSON does");
        Path comma = write("comma.json", "{\"Q\": [[1,}");
        assertSpecError(() -> StateFiles.readState(comma), "comma.json", "unexpected character '}': expected a value");
        Path trailing = write("trailing.json", "{\"Q\": [[1]], \"R\": [[0]]} {\"Q\": [[2]]}");
        assertSpecError(() -> StateFiles.readState(trailing), "trailing.json", "more after the JSON object");
        Path deep = write("deep.json", "[".repeat(5000));
        assertSpecError(() -> StateFiles.readState(deep), "deep.json", "nested more than 1000 deep");
        for (Path p : new Path[] {nan, cut, comma, trailing, deep}) {
            String m = org.junit.jupiter.api.Assertions.assertThrows(SpecException.class, () -> StateFiles.readState(p))
                    .getMessage();
            org.junit.jupiter.api.Assertions.assertFalse(m.contains("\n") || m.contains("Source") || m.contains("Feature"),
                    m);
        }
    }

    /** A binary file or a duplicated key: a reason in words, not the decoder's "Input length = 1". */
    @Test
    void binaryFilesAndDuplicateKeysAreNamed() throws IOException {
        Path bin = dir.resolve("bin.json");
        Files.write(bin, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 'x'});
        assertSpecError(() -> StateFiles.readState(bin), "bin.json", "not UTF-8 text");
        assertSpecError(() -> StateFiles.readTeacherOverlap(bin), "bin.json", "not UTF-8 text");
        Path dup = write("dup.json", "{\"Q\": [[1]], \"R\": [[0]], \"Q\": 3}");
        assertSpecError(() -> StateFiles.readState(dup), "dup.json", "line 1, column", "\"Q\" appears twice");
    }

    @Test
    void notAnObject() throws IOException {
        Path f = write("array.json", "[[1, 0], [0, 1]]");
        assertSpecError(() -> StateFiles.readState(f), "array.json", "not a JSON object");
    }

    @Test
    void missingMatrices() throws IOException {
        Path f = write("noq.json", "{\"R\": [[0]]}");
        assertSpecError(() -> StateFiles.readState(f), "noq.json", "no \"Q\" matrix");
        Path g = write("nor.json", "{\"Q\": [[1]], \"T\": [[1]]}");
        assertSpecError(() -> StateFiles.readState(g), "nor.json", "no \"R\" matrix");
        Path h = write("not.json", "{\"Q\": [[1]]}");
        assertSpecError(() -> StateFiles.readTeacherOverlap(h), "not.json", "no \"T\" matrix");
        Path n = write("nullq.json", "{\"Q\": null, \"R\": [[0]]}");
        assertSpecError(() -> StateFiles.readState(n), "nullq.json", "no \"Q\" matrix");
    }

    @Test
    void malformedMatrices() throws IOException {
        Path f = write("emptyq.json", "{\"Q\": [], \"R\": [[0]]}");
        assertSpecError(() -> StateFiles.readState(f), "emptyq.json", "\"Q\" must be a non-empty array of rows");
        Path g = write("scalarr.json", "{\"Q\": [[1]], \"R\": 0.5}");
        assertSpecError(() -> StateFiles.readState(g), "scalarr.json", "\"R\" must be a non-empty array of rows");
        Path h = write("rowq.json", "{\"Q\": [1, 2], \"R\": [[0]]}");
        assertSpecError(() -> StateFiles.readState(h), "rowq.json", "\"Q\" row 1 is not an array");
    }

    @Test
    void nonNumericEntry() throws IOException {
        Path f = write("text.json", "{\"Q\": [[1, \"x\"], [0, 1]], \"R\": [[0], [0]]}");
        assertSpecError(() -> StateFiles.readState(f), "text.json", "Q[1,2] is not a number", "\"x\"");
        Path g = write("bool.json", "{\"Q\": [[1]], \"R\": [[0]], \"T\": [[true]]}");
        assertSpecError(() -> StateFiles.readState(g), "bool.json", "T[1,1] is not a number", "true");
    }

    @Test
    void nonFiniteEntry() throws IOException {
        // 1e400 is valid JSON but overflows a double
        Path f = write("huge.json", "{\"Q\": [[1e400]], \"R\": [[0]]}");
        assertSpecError(() -> StateFiles.readState(f), "huge.json", "Q[1,1] is not a finite number", "Infinity");
    }

    @Test
    void wrongShapes() throws IOException {
        Path f = write("ragged.json", "{\"Q\": [[1, 0], [0]], \"R\": [[0], [0]]}");
        assertSpecError(() -> StateFiles.readState(f), "ragged.json", "Q row 2 has 1 entries, expected 2");
        Path g = write("rrows.json", "{\"Q\": [[1, 0], [0, 1]], \"R\": [[0, 0], [0, 0], [0, 0]]}");
        assertSpecError(() -> StateFiles.readState(g), "rrows.json", "R has 3 rows, expected 2");
        Path h = write("tsize.json", "{\"Q\": [[1]], \"R\": [[0, 0]], \"T\": [[1]]}");
        assertSpecError(() -> StateFiles.readState(h), "tsize.json", "R row 1 has 2 entries, expected 1");
    }

    @Test
    void asymmetricQ() throws IOException {
        Path f = write("asym.json", "{\"Q\": [[1, 0.25], [0.5, 1]], \"R\": [[0], [0]]}");
        assertSpecError(() -> StateFiles.readState(f), "asym.json", "Q is not symmetric", "Q[1,2] = 0.25",
                "Q[2,1] = 0.5");
        Path g = write("asymt.json", "{\"T\": [[1, 0.25], [0.5, 1]]}");
        assertSpecError(() -> StateFiles.readTeacherOverlap(g), "asymt.json", "T is not symmetric");
    }

    @Test
    void covarianceNotPositiveSemiDefinite() throws IOException {
        // C = [[0.01, 1], [1, 1]] has determinant −0.99
        Path f = write("npsd.json", "{\"Q\": [[0.01]], \"R\": [[1]], \"T\": [[1]]}");
        assertSpecError(() -> StateFiles.readState(f), "npsd.json", "not positive semi-definite");
        Path g = write("npsdt.json", "{\"T\": [[1, 2], [2, 1]]}");
        assertSpecError(() -> StateFiles.readTeacherOverlap(g), "npsdt.json", "not positive semi-definite");
    }

    @Test
    void validStateIsReadExactlyAndTDefaultsToIdentity() throws IOException {
        Path f = write("ok.json", "{\"Q\": [[0.5, 0.125], [0.125, 0.75]], \"R\": [[0.1, 0.2, 0.3], [0.0, -0.1, 0.05]]}");
        Overlaps o = StateFiles.readState(f);
        assertEquals(2, o.p());
        assertEquals(3, o.pstar());
        assertArrayEquals(new double[] {0.5, 0.125, 0.75, 0.1, 0.2, 0.3, 0.0, -0.1, 0.05}, o.toState(), 0.0);
        for (int r = 0; r < 3; r++) {
            for (int s = 0; s < 3; s++) {
                assertEquals(r == s ? 1.0 : 0.0, o.t(r, s), 0.0);
            }
        }
        Path g = write("okt.json", "{\"Q\": [[1]], \"R\": [[0.5, 0.25]], \"T\": [[2, 0.5], [0.5, 1]]}");
        Overlaps h = StateFiles.readState(g);
        assertEquals(0.5, h.t(0, 1), 0.0);
        assertEquals(2.0, h.t(0, 0), 0.0);
    }

    @Test
    void validTeacherFile() throws IOException {
        Path f = write("teacher.json", "{\"T\": [[2, 0.5], [0.5, 1]]}");
        double[][] t = StateFiles.readTeacherOverlap(f);
        assertArrayEquals(new double[] {2, 0.5}, t[0], 0.0);
        assertArrayEquals(new double[] {0.5, 1}, t[1], 0.0);
    }
}
