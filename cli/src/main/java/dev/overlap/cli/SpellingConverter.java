package dev.overlap.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Converts a flag value to the constant of {@code E} with that spelling, trimmed and in any case (the spellings
 * every earlier version accepted). A value that is none of them is refused by picocli before the command runs,
 * and {@link Main} prints it as one line: {@code overlap: error: unknown --format 'xml': use csv or json}.
 *
 * @param <E> the choices
 */
abstract class SpellingConverter<E extends Enum<E> & Spelled> implements ITypeConverter<E> {

    private final Class<E> type;

    SpellingConverter(Class<E> type) {
        this.type = type;
    }

    @Override
    public E convert(String value) {
        String key = value.trim().toLowerCase(Locale.ROOT);
        List<String> spellings = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            if (e.spelling().equals(key)) {
                return e;
            }
            spellings.add(e.spelling());
        }
        throw new UnknownValue("use " + or(spellings));
    }

    /** "a", "a or b", "a, b or c". */
    static String or(List<String> items) {
        int k = items.size();
        return k == 1 ? items.get(0) : String.join(", ", items.subList(0, k - 1)) + " or " + items.get(k - 1);
    }

    /** A value that is none of the spellings; its message lists them ({@code use csv or json}). */
    static final class UnknownValue extends TypeConversionException {
        private static final long serialVersionUID = 1L;

        UnknownValue(String message) {
            super(message);
        }
    }
}
