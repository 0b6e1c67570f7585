package dev.overlap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.junit.jupiter.api.Test;

/**
 * Flags with a fixed list of values are converted by picocli: the spellings users' scripts use are accepted
 * (trimmed, any case), anything else is one line naming the flag and the choices, exit 2, before anything runs.
 * The expected lines are those the commands printed when they parsed the strings by hand.
 */
class SpellingConverterTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "solve --format xml|overlap: error: unknown --format 'xml': use csv or json",
        "hessian --format yaml|overlap: error: unknown --format 'yaml': use csv or json",
        "derive --format pdf|overlap: error: unknown --format 'pdf': use text, latex, json or java",
        "solve --integrator euler|overlap: error: unknown --integrator 'euler': use auto, dp853 or rosenbrock",
        "solve --grid cubic|overlap: error: unknown --grid 'cubic': use log or linear",
        "solve --init foo|overlap: error: unknown --init 'foo': use random, isotropic or file",
        "compare --theory bar|overlap: error: unknown --theory 'bar': use auto, finite-n or ode",
        "compare --engine x|overlap: error: unknown --engine 'x': use overlaps or weights",
        "simulate --engine x|overlap: error: unknown --engine 'x': use overlaps or weights"})
    void anUnknownValueIsOneLineWithTheChoices(String spec) {
        String[] parts = spec.split("\\|");
        CliEndToEndTest.Run r = CliEndToEndTest.run(parts[0].split(" "));
        assertEquals(2, r.code(), r.err());
        assertEquals(parts[1], r.err().trim());
        assertEquals("", r.out());
    }

    @Test
    void theSpellingsAreAcceptedTrimmedAndInAnyCase() {
        CliEndToEndTest.Run json = CliEndToEndTest.run("solve", "--format", " JSON", "--alphas", "1", "-q");
        assertEquals(0, json.code(), json.err());
        assertTrue(json.out().startsWith("{"), json.out());
        CliEndToEndTest.Run linear = CliEndToEndTest.run("solve", "--grid", "linear ", "--init", "Isotropic",
                "--integrator", "DP853", "--alpha-max", "2", "--points", "3", "-q");
        assertEquals(0, linear.code(), linear.err());
        assertEquals(4, linear.out().split("\n").length, "a header and α = 0, 1, 2");
    }

    @Test
    void theChoicesAreListedInOrder() {
        assertEquals("use csv or json", assertThrows(SpellingConverter.UnknownValue.class,
                () -> new TableFormat.Converter().convert("xml")).getMessage());
        assertEquals(TheoryChoice.FINITE_N, new TheoryChoice.Converter().convert("Finite-N"));
        assertEquals("a, b or c", SpellingConverter.or(List.of("a", "b", "c")));
        assertEquals("a", SpellingConverter.or(List.of("a")));
        assertEquals("finite-n", TheoryChoice.FINITE_N.toString(), "help defaults and sweep keys show the spelling");
    }
}
