package dev.overlap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The shape of {@code overlap bench sgd}'s report, on a tiny amount of work (the timings themselves are never
 * asserted): both engines, the chain's sizes in order with their draws floor, each timed in a child JVM, and the
 * ratio line.
 */
@Tag("slow")
class SgdBenchTest {

    private static final String NUM = "[0-9]+(?:\\.[0-9]+)?(?:e[+-][0-9]+)?";
    private static final Pattern CHAIN = Pattern.compile("  p= ?(\\d+) p\\*=(\\d)(, N = (\\d+))?: +(" + NUM
            + ") ns per step \\(" + NUM + "–" + NUM + "\\); draws floor +" + NUM + " ns \\(" + NUM + "–" + NUM
            + "\\), chain " + NUM + "× floor; \\d+ steps per timing, " + NUM + " bytes allocated per step");
    private static final Pattern WEIGHTS = Pattern.compile("  N = +(1000|10000), (1 thread |\\d+ threads): " + NUM
            + " steps/s \\(" + NUM + "–" + NUM + "\\), " + NUM + " ns per step·N \\(" + NUM + "–" + NUM + "\\)");
    private static final Pattern SPEEDUP = Pattern.compile("  N = +(1000|10000): speed-up with \\d+ threads \\(\\d+ seeds\\): "
            + NUM + "×");
    private static final Pattern RATIO = Pattern.compile("weight engine / chain at p=4 p\\*=2, N = 10000, 1 thread: (" + NUM
            + ") ns per step / (" + NUM + ") ns per step = " + NUM + "×");

    @Test
    void reportsBothEnginesTheDrawsFloorAndTheRatio() {
        StringWriter s = new StringWriter();
        assertEquals(0, SgdBench.run(new PrintWriter(s), 4, 2, 1e-4));
        String[] lines = s.toString().split("\n");
        assertEquals(15, lines.length, s.toString());
        assertTrue(lines[0].startsWith("overlap bench sgd: time per SGD step of the overlap chain and of the weight engine"),
                lines[0]);
        assertTrue(lines[1].startsWith("overlap chain (OverlapChain), 1 thread, N = 10000"), lines[1]);
        int[][] sizes = {{2, 1}, {4, 2}, {8, 2}, {16, 4}, {4, 2}};
        double chain42 = Double.NaN;
        for (int i = 0; i < sizes.length; i++) {
            Matcher m = CHAIN.matcher(lines[2 + i]);
            assertTrue(m.matches(), lines[2 + i]);
            assertEquals(sizes[i][0], Integer.parseInt(m.group(1)), lines[2 + i]);
            assertEquals(sizes[i][1], Integer.parseInt(m.group(2)), lines[2 + i]);
            assertEquals(i == 4 ? "1000000000" : null, m.group(4), lines[2 + i]);
            if (i == 1) {
                chain42 = Double.parseDouble(m.group(5));
            }
        }
        assertEquals("weight engine (SgdRun), p=4 p*=2:", lines[7]);
        for (int i = 8; i < 14; i++) {
            boolean speedUp = i == 10 || i == 13;
            assertTrue((speedUp ? SPEEDUP : WEIGHTS).matcher(lines[i]).matches(), lines[i]);
        }
        Matcher ratio = RATIO.matcher(lines[14]);
        assertTrue(ratio.matches(), lines[14]);
        assertEquals(chain42, Double.parseDouble(ratio.group(2)), 0.051 * chain42, "the ratio uses the (4,2) chain time");
    }
}
