package dev.overlap.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;

/** How an error names its parameter: the library's words in the message, a front end's words on request. */
class SpecExceptionTest {

    private static final UnaryOperator<String> FLAG = name -> "--" + name.replace('_', '-');

    @Test
    void anErrorAboutAParameterIsItsSubject() {
        SpecException e = new SpecException("escape_fraction", "the escape fraction", "must be in (0, 1) (got 2.0)");
        assertEquals("the escape fraction must be in (0, 1) (got 2.0)", e.getMessage());
        assertEquals("--escape-fraction must be in (0, 1) (got 2.0)", e.message(FLAG));
        assertEquals("escape_fraction", e.parameter().orElseThrow());
        assertEquals("samples must be at least 2", SpecException.of("samples", "must be at least 2").getMessage());
    }

    @Test
    void anErrorPointingToAParameterNamesItLast() {
        SpecException e = SpecException.pointingTo("alpha_max", "the solve stopped short; ask for a smaller α");
        assertEquals("the solve stopped short; ask for a smaller α (alpha_max)", e.getMessage());
        assertEquals("the solve stopped short; ask for a smaller α (--alpha-max)", e.message(FLAG));
    }

    @Test
    void anErrorMentioningParametersNamesEachWithItsValue() {
        SpecException e = SpecException.mentioning("the weights engine needs {init random}; use {engine overlaps} or"
                + " fewer {threads}", null);
        assertEquals("the weights engine needs init = random; use engine = overlaps or fewer threads", e.getMessage());
        assertEquals("the weights engine needs --init random; use --engine overlaps or fewer --threads",
                e.message(FLAG));
        assertEquals("init", e.parameter().orElseThrow());
        SpecException json = new SpecException("the file has no {\"T\": [[…]]}");
        assertEquals("the file has no {\"T\": [[…]]}", json.message(FLAG));
    }

    @Test
    void anErrorAboutTheWholeSpecificationIsItsMessage() {
        SpecException e = new SpecException("incomplete model specification");
        assertTrue(e.parameter().isEmpty());
        assertEquals("incomplete model specification", e.message(FLAG));
        assertEquals("incomplete model specification", e.detail());
    }
}
