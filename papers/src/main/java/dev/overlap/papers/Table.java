package dev.overlap.papers;

import java.util.List;

/**
 * A named numeric table (written as {@code name.csv}).
 *
 * @param name    file stem
 * @param columns column names
 * @param rows    rows of numbers, one per line
 */
public record Table(String name, List<String> columns, List<double[]> rows) {
    public Table {
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
    }
}
