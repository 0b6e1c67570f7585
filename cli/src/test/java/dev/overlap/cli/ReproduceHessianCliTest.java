package dev.overlap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code overlap reproduce bocchi2026 hessian} through the CLI. */
class ReproduceHessianCliTest {

    @TempDir
    Path dir;

    @Test
    void hessianPartWritesItsOutputsAndPasses() throws IOException {
        Path out = dir.resolve("bocchi");
        CliEndToEndTest.Run r = CliEndToEndTest.run("reproduce", "bocchi2026", "hessian", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("all checks passed"), r.out());
        assertTrue(Files.exists(out.resolve("hessian.md")));
        for (String t : new String[] {"spectrum", "groups", "escape"}) {
            assertTrue(Files.exists(out.resolve("hessian_" + t + ".csv")), t);
        }
        assertTrue(Files.size(out.resolve("hessian_spectra.png")) > 1000);
        String md = Files.readString(out.resolve("hessian.md"));
        assertTrue(md.contains("escape") && md.contains("manifold tangent"), md);
    }
}
