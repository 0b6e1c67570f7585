package dev.overlap.cli.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The one number format: shortest round trip, lower-case exponent, in CSV cells and in JSON alike. */
class NumbersTest {

    /** Values with their forms as Python's repr gives them (exponent digits without Python's zero padding). */
    @Test
    void formsMatchPythonRepr() {
        // python3 -c "print(repr(6.492910345026613e-07), repr(1e-4), repr(0.05), repr(2.5e-300))"
        assertEquals("6.492910345026613e-7", Numbers.shortest(6.492910345026613e-07));
        assertEquals("1.0e-4", Numbers.shortest(1e-4));
        assertEquals("0.05", Numbers.shortest(0.05));
        assertEquals("2.5e-300", Numbers.shortest(2.5e-300));
        assertEquals("1.0e10", Numbers.shortest(1e10));
        assertEquals("NaN", Numbers.shortest(Double.NaN));
        assertEquals("-Infinity", Numbers.shortest(Double.NEGATIVE_INFINITY));
    }

    /** Every double reads back exactly and has no upper-case exponent (10⁵ random bit patterns, seed fixed). */
    @Test
    void roundTripsAnyDouble() {
        SplittableRandom rnd = new SplittableRandom(20261201);
        for (int i = 0; i < 100_000; i++) {
            double v = Double.longBitsToDouble(rnd.nextLong());
            if (!Double.isFinite(v)) {
                continue;
            }
            String s = Numbers.shortest(v);
            assertFalse(s.contains("E"), s);
            assertEquals(Double.doubleToLongBits(v), Double.doubleToLongBits(Double.parseDouble(s)), s);
        }
    }

    /** The JSON mapper writes tree nodes and plain values in the same form, and a JSON parser reads them back. */
    @Test
    void jsonUsesTheSameForm() throws Exception {
        ObjectMapper json = Numbers.jsonMapper();
        ObjectNode o = json.createObjectNode();
        o.put("rtol", 1e-10);
        o.putArray("row").add(6.492910345026613e-07).add(0.05);
        o.putObject("nested").put("tiny", 3.0e-254);
        String text = json.writeValueAsString(o);
        assertEquals("{\"rtol\":1.0e-10,\"row\":[6.492910345026613e-7,0.05],\"nested\":{\"tiny\":3.0e-254}}", text);
        JsonNode back = new ObjectMapper().readTree(text);
        assertEquals(1e-10, back.get("rtol").doubleValue());
        assertEquals(3.0e-254, back.get("nested").get("tiny").doubleValue());
        assertEquals("[1.0e-300,2.0]", json.writeValueAsString(new double[] {1e-300, 2.0}));
    }
}
