package dev.overlap.cli.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;

import org.junit.jupiter.api.Test;

class SweepAxisTest {

    @Test
    void linearRangeGivesTheExactDecimalsOfItsSteps() {
        SweepAxis a = SweepAxis.parse("--lr-per-width", "0.01:0.1:10", SweepAxis.Kind.REAL);
        // 0.01 + i * 0.01, i = 0 … 9, written as decimals (independent: BigDecimal arithmetic on the step)
        for (int i = 0; i < 10; i++) {
            BigDecimal expected = new BigDecimal("0.01").add(new BigDecimal("0.01").multiply(BigDecimal.valueOf(i)));
            assertEquals(0, expected.compareTo(new BigDecimal(a.values().get(i))), a.values().toString());
        }
        assertEquals("0.01", a.values().get(0));
        assertEquals("0.1", a.values().get(9));
        assertEquals("0.03", a.values().get(2));
        assertFalse(a.log());
        assertEquals("lr_per_width", a.column());
    }

    @Test
    void logRangeFollowsTheGeometricLawWithExactEnds() {
        SweepAxis a = SweepAxis.parse("--noise", "1e-4:1:9:log", SweepAxis.Kind.REAL);
        assertEquals(9, a.values().size());
        for (int i = 0; i < 9; i++) {
            double expected = 1e-4 * Math.pow(1e4, i / 8.0);
            assertEquals(expected, Double.parseDouble(a.values().get(i)), 1e-11 * expected);
        }
        assertEquals("0.0001", a.values().get(0));
        assertEquals("0.001", a.values().get(2));
        assertEquals("1", a.values().get(8));
        assertTrue(a.log());
    }

    @Test
    void integerFlagsNeedWholeLinearStepsAndRoundLogRanges() {
        assertEquals(List.of("2", "4", "6", "8"), SweepAxis.parse("--p", "2:8:4", SweepAxis.Kind.INTEGER).values());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SweepAxis.parse("--p", "2:8:5", SweepAxis.Kind.INTEGER)); // 2, 3.5, 5, …
        assertTrue(e.getMessage().contains("not a whole number"), e.getMessage());
        // 2·50^(i/5) = 2, 4.37, 9.56, 20.9, 45.7, 100 (python) → rounded
        assertEquals(List.of("2", "4", "10", "21", "46", "100"),
                SweepAxis.parse("--p", "2:100:6:log", SweepAxis.Kind.INTEGER).values());
        // 1·2^(i/4), i = 0…8: 1, 1.19, 1.41, 1.68, 2, 2.38, 2.83, 3.36, 4 → 1, 1, 1, 2, 2, 2, 3, 3, 4: repeats dropped
        assertEquals(List.of("1", "2", "3", "4"), SweepAxis.parse("--p", "1:4:9:log", SweepAxis.Kind.INTEGER).values());
    }

    @Test
    void listsKeepTheirOrderAndRefuseRepeatsAndBadNumbers() {
        assertEquals(List.of("16", "2", "8"), SweepAxis.parse("--p", "16,2,8", SweepAxis.Kind.INTEGER).values());
        assertThrows(IllegalArgumentException.class, () -> SweepAxis.parse("--p", "2,4,2", SweepAxis.Kind.INTEGER));
        assertThrows(IllegalArgumentException.class, () -> SweepAxis.parse("--p", "2,4.5", SweepAxis.Kind.INTEGER));
        assertThrows(IllegalArgumentException.class, () -> SweepAxis.parse("--lr", "0.1,,0.2", SweepAxis.Kind.REAL));
        assertThrows(IllegalArgumentException.class, () -> SweepAxis.parse("--lr", "0.1,NaN", SweepAxis.Kind.REAL));
        assertEquals(List.of("mean", "sum"), SweepAxis.parse("--norm", "mean,sum", SweepAxis.Kind.TEXT).values());
    }

    @Test
    void badRangesAreRefusedWithTheirReason() {
        for (String bad : new String[] {"0.1:0.2", "0.1:0.2:1", "0.1:0.2:x", "0:1:5:log", "a:1:3", "1:1:3",
            "0.1:0.2:3:lin"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> SweepAxis.parse("--noise", bad, SweepAxis.Kind.REAL), bad);
            assertTrue(e.getMessage().startsWith("--noise " + bad), e.getMessage());
        }
    }

    @Test
    void activationListsKeepPolynomialCoefficientsTogether() {
        assertEquals(List.of("quadratic", "poly:0,1,0.5", "erf", "poly:1/2,0,1"),
                SweepAxis.parse("--activation", "quadratic,poly:0,1,0.5,erf,poly:1/2,0,1", SweepAxis.Kind.ACTIVATION).values());
        assertFalse(SweepAxis.isSweep("poly:0,1,0.5", SweepAxis.Kind.ACTIVATION));
        assertTrue(SweepAxis.isSweep("erf,quadratic", SweepAxis.Kind.ACTIVATION));
        assertFalse(SweepAxis.isSweep("file:a:b.json", SweepAxis.Kind.TEXT));
        assertTrue(SweepAxis.isSweep("0.1:1:3", SweepAxis.Kind.REAL));
    }
}
