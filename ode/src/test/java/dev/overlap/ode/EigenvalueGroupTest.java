package dev.overlap.ode;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

/** {@link EigenvalueGroup#group}: hand-made spectra with known groups. */
class EigenvalueGroupTest {

    @Test
    void groupsNeighboursWithinTheTolerance() {
        double[] ev = {-1.0, -1.0 + 4e-11, 0.0 - 3e-12, 1e-13, 2.0, 2.5, 2.5, 2.5};
        List<EigenvalueGroup> g = EigenvalueGroup.group(ev, 1e-10);
        assertEquals(4, g.size());
        assertEquals(-1.0 + 2e-11, g.get(0).value(), 1e-16);
        assertEquals(2, g.get(0).multiplicity());
        assertEquals(4e-11, g.get(0).spread(), 1e-16);
        assertEquals(0.0, g.get(1).value(), 0.0, "a group within the tolerance of 0 is reported as 0");
        assertEquals(2, g.get(1).multiplicity());
        assertEquals(new EigenvalueGroup(2.0, 1, 2.0, 2.0), g.get(2));
        assertEquals(new EigenvalueGroup(2.5, 3, 2.5, 2.5), g.get(3));
        assertEquals(ev.length, g.stream().mapToInt(EigenvalueGroup::multiplicity).sum());
    }

    @Test
    void singleLinkageChainsAndZeroToleranceSeparatesEveryDistinctValue() {
        List<EigenvalueGroup> chained = EigenvalueGroup.group(new double[] {0.0, 0.6, 1.2}, 1.0);
        assertEquals(1, chained.size());
        assertEquals(0.6, chained.get(0).value(), 1e-15);
        assertEquals(1.2, chained.get(0).spread(), 1e-15);
        List<EigenvalueGroup> exact = EigenvalueGroup.group(new double[] {1.0, 1.0, Math.nextUp(1.0)}, 0.0);
        assertEquals(2, exact.size());
        assertEquals(2, exact.get(0).multiplicity());
        assertEquals(List.of(), EigenvalueGroup.group(new double[0], 1.0));
    }
}
