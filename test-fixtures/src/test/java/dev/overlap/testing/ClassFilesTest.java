package dev.overlap.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The class-file reader on a class javac compiles here, whose method sizes the JVMS fixes: {@code one()} is
 * iconst_1; ireturn (2 bytes), {@code sum(int, int)} is iload_0; iload_1; iadd; ireturn (4 bytes), the default
 * constructor aload_0; invokespecial #; return (5 bytes); a long constant and a string exercise the two-slot and
 * the reference constant-pool entries; the abstract method has no Code attribute.
 */
class ClassFilesTest {

    abstract static class Sample {
        static final String NAME = "sample";

        static int one() {
            return 1;
        }

        static int sum(int a, int b) {
            return a + b;
        }

        static long big() {
            return 123_456_789_012L;
        }

        static String name() {
            return NAME + System.lineSeparator();
        }

        abstract void none();
    }

    @Test
    void codeLengthsOfAKnownClass() throws IOException {
        byte[] bytes;
        try (InputStream in = ClassFilesTest.class.getResourceAsStream("ClassFilesTest$Sample.class")) {
            bytes = in.readAllBytes();
        }
        Map<String, Integer> sizes = ClassFiles.methodCodeLengths(bytes);
        assertEquals(2, sizes.get("one"));
        assertEquals(4, sizes.get("sum"));
        assertEquals(5, sizes.get("<init>"));
        assertEquals(4, sizes.get("big"), "ldc2_w #; lreturn");
        assertFalse(sizes.containsKey("none"));
    }

    @Test
    void refusesWhatIsNotAClassFile() {
        assertThrows(IOException.class, () -> ClassFiles.methodCodeLengths(new byte[] {1, 2, 3, 4, 0, 0, 0, 0}));
    }
}
