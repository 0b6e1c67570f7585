package dev.overlap.cli.sweep;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One point of a sweep: its position in the grid, the value of each swept flag, and the full argument list of
 * the command at that point (the fixed arguments, then each swept flag with its value).
 *
 * @param index      0-based position in grid order
 * @param parameters swept flag → value, in the order the flags were given
 * @param args       the command's arguments at this point
 */
public record SweepPoint(int index, Map<String, String> parameters, List<String> args) {

    public SweepPoint {
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        args = List.copyOf(args);
    }

    /** "p=4, lr-per-width=0.05": the swept values, for messages. */
    public String label() {
        List<String> parts = new ArrayList<>();
        parameters.forEach((flag, value) -> parts.add(flag.replaceFirst("^-+", "") + "=" + value));
        return parts.isEmpty() ? "the single point" : String.join(", ", parts);
    }

    /**
     * A file name stem for this point's curve: its 1-based index padded to the width of the grid size, then
     * the swept values ({@code 007_p=4_lr-per-width=0.05}); characters other than letters, digits and
     * {@code . + - =} become '_'.
     */
    public String fileStem(int gridSize) {
        int width = Integer.toString(gridSize).length();
        StringBuilder b = new StringBuilder(String.format(java.util.Locale.ROOT, "%0" + width + "d", index + 1));
        parameters.forEach((flag, value) -> b.append('_').append(flag.replaceFirst("^-+", "")).append('=').append(value));
        return b.toString().replaceAll("[^A-Za-z0-9.+=_-]", "_");
    }
}
