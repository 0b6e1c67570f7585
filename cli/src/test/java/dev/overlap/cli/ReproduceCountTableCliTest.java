package dev.overlap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code overlap reproduce simsek2021 counts --m-max M}: the count table. Expected entries by hand from the closed
 * forms T(1, m) = 2^m − 1, T(2, m) = 3^m − 2^{m+1} + 1, G(2, m) = 2^m − 2, G(3, 5) = 150 surjections (OEIS A019538).
 */
@Tag("slow")
class ReproduceCountTableCliTest {

    @TempDir
    Path dir;

    @Test
    void tableOnStdoutAndInTheOutputDirectory() throws IOException {
        CliEndToEndTest.Run r = CliEndToEndTest.run("reproduce", "simsek2021", "counts", "--m-max", "5", "--r-max", "3");
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals("r,m,h,T,G", lines.get(0));
        assertEquals(1 + 5 + 4 + 3, lines.size(), r.out());
        assertTrue(lines.contains("1,5,4,31,1"), r.out());
        assertTrue(lines.contains("2,4,2,50,14"), r.out());
        assertTrue(lines.contains("3,5,2,390,150"), r.out());
        assertEquals("", r.err(), "no checks are run and nothing else is printed");

        Path out = dir.resolve("tables");
        CliEndToEndTest.Run w = CliEndToEndTest.run("reproduce", "simsek2021", "counts", "--m-min", "30", "--m-max", "30",
                "--r-min", "2", "--r-max", "2", "--out", out.toString());
        assertEquals(0, w.code(), w.err());
        String expected = "r,m,h,T,G\n2,30,28,"
                + java.math.BigInteger.valueOf(3).pow(30).subtract(java.math.BigInteger.TWO.pow(31)).add(java.math.BigInteger.ONE)
                + "," + java.math.BigInteger.TWO.pow(30).subtract(java.math.BigInteger.TWO) + "\n";
        assertEquals(expected, w.out());
        assertEquals(expected, Files.readString(out.resolve("counts_table.csv")));
        assertEquals(List.of("counts_table.csv"), CliEndToEndTest.filesIn(out));
    }

    @Test
    void rDefaultsToMAndStopsAt31() {
        CliEndToEndTest.Run small = CliEndToEndTest.run("reproduce", "simsek2021", "counts", "--m-max", "3");
        assertEquals(List.of("r,m,h,T,G", "1,1,0,1,1", "1,2,1,3,1", "1,3,2,7,1", "2,2,0,2,2", "2,3,1,12,6", "3,3,0,6,6"),
                small.out().lines().toList());
        CliEndToEndTest.Run wide = CliEndToEndTest.run("reproduce", "simsek2021", "counts", "--m-min", "40", "--m-max",
                "40");
        assertEquals(1 + 31, wide.out().lines().count(), "r = 1 … 31 at m = 40");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "simsek2021 counts --r-max 3|needs --m-max",
        "simsek2021 connectivity --m-max 3|apply only to 'reproduce simsek2021 counts'",
        "bocchi2026 hessian --m-max 3|apply only",
        "simsek2021 counts --m-max 1001|between 1 and 1000",
        "simsek2021 counts --m-max 0|between 1 and 1000",
        "simsek2021 counts --m-max 40 --r-max 32|between 1 and 31",
        "simsek2021 counts --m-max 4 --m-min 5|--m-min must be between 1 and 4",
        "simsek2021 counts --m-max 4 --r-max 3 --r-min 4|--r-min must be between 1 and 3",
        "simsek2021 counts --m-max 4 --r-min 5|--r-min must be between 1 and 4"})
    void badRangesAreOneLineAndExitTwo(String args, String message) throws IOException {
        List<String> a = new ArrayList<>(List.of("reproduce"));
        a.addAll(List.of(args.split(" ")));
        a.addAll(List.of("--out", dir.resolve("o").toString()));
        CliEndToEndTest.Run r = CliEndToEndTest.run(a.toArray(new String[0]));
        assertEquals(2, r.code(), args + " → " + r.err());
        assertEquals(1, r.err().trim().lines().count(), r.err());
        assertTrue(r.err().startsWith("overlap: error: ") && r.err().contains(message), r.err());
        assertEquals(List.of(), CliEndToEndTest.filesIn(dir), "nothing written for " + args);
    }

    @Test
    void helpDescribesTheTable() {
        CliEndToEndTest.Run r = CliEndToEndTest.run("reproduce", "--help");
        assertTrue(r.out().contains("--m-max") && r.out().contains("r,m,h,T,G"), r.out());
        for (String line : r.out().split("\n")) {
            assertTrue(line.stripTrailing().length() <= 100, "over 100 columns: " + line);
        }
    }
}
