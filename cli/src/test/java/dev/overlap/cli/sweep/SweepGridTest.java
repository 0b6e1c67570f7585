package dev.overlap.cli.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class SweepGridTest {

    private static SweepAxis axis(String flag, String... values) {
        return new SweepAxis(flag, String.join(",", values), List.of(values), false);
    }

    @Test
    void productHasEveryCombinationOnceWithTheFirstFlagSlowest() {
        SweepGrid g = new SweepGrid(List.of(axis("--p", "2", "4", "8"), axis("--lr", "0.1", "0.2"),
                axis("--noise", "0", "0.01")), List.of("--pstar", "2"), false);
        assertEquals(12, g.size());
        Set<List<String>> seen = new HashSet<>();
        for (SweepPoint pt : g.points()) {
            seen.add(new ArrayList<>(pt.parameters().values()));
            assertEquals(List.of("--pstar", "2"), pt.args().subList(0, 2));
        }
        assertEquals(12, seen.size());
        assertEquals(Map.of("--p", "2", "--lr", "0.1", "--noise", "0"), g.point(0).parameters());
        assertEquals(Map.of("--p", "2", "--lr", "0.1", "--noise", "0.01"), g.point(1).parameters());
        assertEquals(Map.of("--p", "4", "--lr", "0.1", "--noise", "0"), g.point(4).parameters());
        assertEquals(List.of("--pstar", "2", "--p", "8", "--lr", "0.2", "--noise", "0.01"), g.point(11).args());
    }

    @Test
    void zipPairsTheIthValuesAndNeedsEqualLengths() {
        SweepGrid g = new SweepGrid(List.of(axis("--p", "2", "4", "8"), axis("--lr", "0.1", "0.2", "0.4")), List.of(), true);
        assertEquals(3, g.size());
        assertEquals(Map.of("--p", "4", "--lr", "0.2"), g.point(1).parameters());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SweepGrid(List.of(axis("--p", "2", "4"), axis("--lr", "0.1", "0.2", "0.4")), List.of(), true));
        assertTrue(e.getMessage().contains("--p has 2, --lr has 3"), e.getMessage());
    }

    @Test
    void noAxisIsOnePoint() {
        SweepGrid g = new SweepGrid(List.of(), List.of("--p", "3"), false);
        assertEquals(1, g.size());
        assertEquals("the single point", g.point(0).label());
    }

    @Test
    void tooLargeGridsAreRefused() {
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            many.add(Integer.toString(i));
        }
        SweepAxis a = new SweepAxis("--seed", "", many, false);
        assertThrows(IllegalArgumentException.class, () -> new SweepGrid(List.of(a, a), List.of(), false));
    }

    @Test
    void fileStemsAreUniqueAndSafe() {
        SweepGrid g = new SweepGrid(List.of(axis("--teacher", "a/b.json", "c d.json"), axis("--p", "2", "4")), List.of(),
                false);
        Set<String> stems = new HashSet<>();
        for (SweepPoint pt : g.points()) {
            String s = pt.fileStem(g.size());
            assertTrue(s.matches("[A-Za-z0-9.+=_-]+"), s);
            stems.add(s);
        }
        assertEquals(4, stems.size());
        assertEquals("1_teacher=a_b.json_p=2", g.point(0).fileStem(4));
    }
}
