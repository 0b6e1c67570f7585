package dev.overlap.model;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MemoryBudgetTest {

    @Test
    void aRunBeyondTheHeapIsRefusedWithItsSizeAndTheFix() {
        double beyond = 2.0 * Runtime.getRuntime().maxMemory() / 8;
        String m = assertThrows(SpecException.class,
                () -> MemoryBudget.require(beyond, 1000, "the test arrays", "less")).getMessage();
        assertTrue(m.startsWith("the test arrays need "), m);
        assertTrue(m.contains("GB of memory") && m.contains("use less") && m.contains("OVERLAP_JAVA_OPTS=-Xmx"), m);
    }

    @Test
    void anArrayBeyondJavasLimitIsRefused() {
        String m = assertThrows(SpecException.class,
                () -> MemoryBudget.require(10, 3e9, "one row", "a smaller N")).getMessage();
        assertTrue(m.contains("beyond Java's limit") && m.contains("a smaller N"), m);
    }

    @Test
    void aSmallRunPassesAndTheRandomStartChecksItsSize() {
        MemoryBudget.require(1e6, 1e6, "a megabyte", "less");
        String m = assertThrows(SpecException.class,
                () -> FiniteNWeights.draw(3, new TeacherSpec.Orthonormal(), 2, Integer.MAX_VALUE, 1.0, 1L)).getMessage();
        assertTrue(m.contains("W and W*"), m);
        assertTrue(MemoryBudget.size(3 * 1024.0 * 1024 * 1024).equals("3.00 GB"), MemoryBudget.size(3 * 1024.0 * 1024 * 1024));
    }
}
