package dev.overlap.cli.format;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.util.JsonGeneratorDelegate;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One number format for every table and document the CLI writes: the shortest decimal that reads back as the same
 * double (Java's {@link Double#toString(double)} digits), with a lower-case exponent, {@code 6.49291e-7} rather than
 * {@code 6.49291E-7}, as the summaries (printf {@code %g}) and the plots print it. Python, R, numpy, pandas,
 * spreadsheets and JSON parsers read both; one form keeps the outputs of one run consistent.
 */
public final class Numbers {

    private Numbers() {
    }

    /** The shortest round-trip decimal of {@code v}, exponent in lower case; {@code NaN}, {@code Infinity} as Java. */
    public static String shortest(double v) {
        String s = Double.toString(v);
        return Double.isFinite(v) ? s.replace('E', 'e') : s;
    }

    /** Appends {@link #shortest(double)} of {@code v}. */
    public static StringBuilder append(StringBuilder sb, double v) {
        return sb.append(shortest(v));
    }

    /**
     * An object mapper whose generators write every double (plain values and tree nodes alike) in the
     * {@link #shortest} form; non-finite values as Jackson writes them.
     */
    public static ObjectMapper jsonMapper() {
        JsonFactory factory = JsonFactory.builder()
                .addDecorator((f, g) -> new JsonGeneratorDelegate(g, true) {
                    @Override
                    public void writeNumber(double v) throws IOException {
                        if (Double.isFinite(v)) {
                            delegate.writeNumber(shortest(v));
                        } else {
                            delegate.writeNumber(v);
                        }
                    }

                    @Override
                    public void writeArray(double[] array, int offset, int length) throws IOException {
                        writeStartArray(array, length);
                        for (int i = offset; i < offset + length; i++) {
                            writeNumber(array[i]);
                        }
                        writeEndArray();
                    }
                }).build();
        return new ObjectMapper(factory);
    }
}
