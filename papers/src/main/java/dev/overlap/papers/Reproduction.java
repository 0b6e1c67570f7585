package dev.overlap.papers;

import java.util.List;

/**
 * The result of reproducing one claim of one paper.
 *
 * @param key      paper key, e.g. {@code saad1995}
 * @param part     the claim, e.g. {@code plateau}
 * @param title    one line
 * @param summary  markdown paragraphs: what was reproduced, how, and with what result
 * @param checks   predicted against measured, each with its tolerance
 * @param tables   data tables
 * @param figures  figures
 */
public record Reproduction(String key, String part, String title, String summary, List<Check> checks,
        List<Table> tables, List<Figure> figures) {

    public Reproduction {
        checks = List.copyOf(checks);
        tables = List.copyOf(tables);
        figures = List.copyOf(figures);
    }

    /** Whether every check passed. */
    public boolean passed() {
        return checks.stream().allMatch(Check::passed);
    }
}
