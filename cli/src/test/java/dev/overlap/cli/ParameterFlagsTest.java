package dev.overlap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import picocli.CommandLine;

/**
 * Library errors name their parameters; the CLI prints them as the flags the user typed (one line, exit 2).
 * The expected lines are the messages the commands printed before the libraries stopped naming flags.
 */
class ParameterFlagsTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "solve --alphas 1,two|overlap: error: --alphas entry 'two' is not a number",
        "solve --rtol 2|overlap: error: --rtol must be in (0, 1) (got 2.0)",
        "solve --escape-fraction 1.5|overlap: error: --escape-fraction must be in (0, 1) (got 1.5)",
        "solve --init isotropic --q0 -1|overlap: error: --q0 must be a finite number ≥ 0 (got -1.0)",
        "solve --sigma0 -1|overlap: error: --sigma0 must be a finite number ≥ 0 (got -1.0)",
        "solve --grid linear --points 1|overlap: error: --points must be at least 2 for a linear grid (got 1)",
        "solve --alpha-max -3|overlap: error: --alpha-max must be a finite number > 0 (got -3.0)",
        "simulate --seeds 0 --alphas 1|overlap: error: --seeds must be at least 1 (got 0)",
        "solve --activation erf --rhs symbolic --alphas 1|overlap: error: --rhs symbolic needs a polynomial"
            + " activation; erf has closed-form integrals (--rhs closed-form)"})
    void libraryErrorsArePrintedWithTheFlags(String spec) {
        String[] parts = spec.split("\\|");
        CliEndToEndTest.Run r = CliEndToEndTest.run(parts[0].split(" "));
        assertEquals(2, r.code(), r.err());
        assertEquals(parts[1], r.err().trim());
        assertEquals("", r.out());
    }

    @Test
    void everyMappedFlagIsAnOptionOfSomeCommand() {
        Set<String> options = new HashSet<>();
        for (CommandLine sub : Main.commandTree(new String[0]).getSubcommands().values()) {
            sub.getCommandSpec().options().forEach(o -> options.addAll(java.util.List.of(o.names())));
        }
        for (String flag : ParameterFlags.flags()) {
            assertTrue(options.contains(flag), flag);
        }
        assertEquals("--lr-per-width", ParameterFlags.flagOf("lr_per_width"));
        assertEquals("unmapped", ParameterFlags.flagOf("unmapped"));
    }
}
