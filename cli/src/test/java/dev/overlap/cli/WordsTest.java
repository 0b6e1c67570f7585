package dev.overlap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class WordsTest {

    @Test
    void countsAndLists() {
        assertEquals("1 seed", Words.count(1, "seed"));
        assertEquals("0 seeds", Words.count(0, "seed"));
        assertEquals("12 unstable directions", Words.count(12, "unstable direction"));
        assertEquals("", Words.list(List.of()));
        assertEquals("r.csv", Words.list(List.of("r.csv")));
        assertEquals("r.csv and r.json", Words.list(List.of("r.csv", "r.json")));
        assertEquals("r.csv, r.json and r.png", Words.list(List.of("r.csv", "r.json", "r.png")));
    }
}
