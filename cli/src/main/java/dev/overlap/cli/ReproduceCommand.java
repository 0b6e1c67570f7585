package dev.overlap.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import dev.overlap.cli.format.Numbers;
import dev.overlap.papers.Catalogue;
import dev.overlap.papers.Check;
import dev.overlap.papers.Figure;
import dev.overlap.papers.Reproduction;
import dev.overlap.papers.Simsek2021;
import dev.overlap.papers.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code overlap reproduce KEY PART}: reproductions of published results. */
@Command(name = "reproduce", header = "Reproduce a published result (see papers/README.md): checks, CSV, PNG, markdown.", mixinStandardHelpOptions = true,
        description = {
            "Reproduce a published result. Each part writes PART.md (what was reproduced, how, a",
            "predicted-vs-measured table), PART_<table>.csv and PART_<figure>.png under papers/out/KEY/ (or",
            "--out DIR), prints the table, and exits with code 4 if a check fails. PART 'all' runs every part",
            "of the paper."},
        footerHeading = "%n",
        footer = {
            "Count table: 'reproduce simsek2021 counts --m-max M [--r-max R] [--m-min M0] [--r-min R0]' runs no",
            "checks and prints CSV r,m,h,T,G for R0 ≤ r ≤ R, max(r, M0) ≤ m ≤ M (h = m − r), exact integers:",
            "T = T(r* = r, m) = r! S(m+1, r+1) global-minimum subspaces of a width-m network whose minimal",
            "zero-loss width is r, G = G(r, m) = r! S(m, r) critical subspaces replicating a width-r critical",
            "point (S: Stirling numbers of the second kind). Defaults R0 = M0 = 1, R = min(M, 31); limits",
            "R ≤ 31, M ≤ 1000. With --out DIR the table is also written to DIR/counts_table.csv.",
            "",
            "Exit codes: 0 every check passed (count table: written); 4 a check failed; 2 invalid input",
            "(unknown KEY or PART, a bad range) or an unwritable --out; 130 interrupted; 1 internal error.",
            ""})
final class ReproduceCommand implements Callable<Integer> {

    /** Key of the help section that lists the catalogue, after the description. */
    static final String AVAILABLE_SECTION = "available";

    /**
     * Adds the list of papers and parts ({@link Catalogue#PARTS}) to the help of {@code reproduce}, after the
     * description; it is rendered only when the help is printed.
     */
    static void addCatalogueToHelp(picocli.CommandLine reproduce) {
        java.util.Map<String, picocli.CommandLine.IHelpSectionRenderer> sections = reproduce.getHelpSectionMap();
        sections.put(AVAILABLE_SECTION, help -> available(Main.USAGE_WIDTH));
        List<String> keys = new ArrayList<>(reproduce.getHelpSectionKeys());
        if (!keys.contains(AVAILABLE_SECTION)) {
            keys.add(keys.indexOf(picocli.CommandLine.Model.UsageMessageSpec.SECTION_KEY_DESCRIPTION) + 1,
                    AVAILABLE_SECTION);
        }
        reproduce.setHelpSectionKeys(keys);
    }

    /** "Available:" then one entry per part, "  KEY PART  summary", wrapped to {@code width} columns. */
    static String available(int width) {
        StringBuilder b = new StringBuilder(System.lineSeparator() + "Available:" + System.lineSeparator());
        int nameWidth = 0;
        for (Catalogue.Part p : Catalogue.PARTS) {
            nameWidth = Math.max(nameWidth, p.paper().length() + 1 + p.name().length());
        }
        for (Catalogue.Part p : Catalogue.PARTS) {
            String head = String.format(Locale.ROOT, "  %-" + nameWidth + "s  ", p.paper() + " " + p.name());
            String indent = " ".repeat(head.length());
            StringBuilder line = new StringBuilder(head);
            for (String word : p.summary().split(" ")) {
                if (line.length() + 1 + word.length() > width && line.length() > head.length()) {
                    b.append(line.toString().stripTrailing()).append(System.lineSeparator());
                    line = new StringBuilder(indent);
                }
                line.append(word).append(' ');
            }
            b.append(line.toString().stripTrailing()).append(System.lineSeparator());
        }
        b.append("  ('all' as PART runs every part of a paper and also writes an index page papers/out/KEY.md)")
                .append(System.lineSeparator()).append(System.lineSeparator());
        return b.toString();
    }

    /** Exit code when a reproduction check fails. */
    static final int EXIT_CHECK_FAILED = 4;

    @Spec
    picocli.CommandLine.Model.CommandSpec commandSpec;

    @Parameters(index = "0", paramLabel = "KEY", description = "Paper key, e.g. saad1995.")
    String key;

    @Parameters(index = "1", paramLabel = "PART", description = "Part to reproduce, or 'all'.")
    String part;

    @Option(names = "--out", paramLabel = "DIR", description = "Output directory (default: papers/out/KEY).")
    Path out;

    @Option(names = "--m-max", paramLabel = "M", description = "simsek2021 counts: the count table up to width M.")
    Integer mMax;

    @Option(names = "--m-min", paramLabel = "M0", description = "simsek2021 counts: the table from width M0 (default 1).")
    Integer mMin;

    @Option(names = "--r-max", paramLabel = "R", description = "simsek2021 counts: the table up to r = R (default min(M, 31)).")
    Integer rMax;

    @Option(names = "--r-min", paramLabel = "R0", description = "simsek2021 counts: the table from r = R0 (default 1).")
    Integer rMin;

    @Override
    public Integer call() {
        if (mMax != null || mMin != null || rMax != null || rMin != null) {
            return countTable();
        }
        List<String> parts = new ArrayList<>();
        Catalogue.partsOf(key).forEach(p -> parts.add(p.name()));
        if (parts.isEmpty() && key.equals("all")) {
            throw new UserError("'all' is a part, not a paper: 'reproduce KEY all' runs every part of the paper KEY ("
                    + String.join(", ", Catalogue.papers()) + ")");
        }
        if (parts.isEmpty()) {
            throw new UserError("unknown paper '" + key + "': available: " + String.join(", ", Catalogue.papers()));
        }
        List<String> todo = new ArrayList<>();
        if (part.equals("all")) {
            todo.addAll(parts);
        } else if (parts.contains(part)) {
            todo.add(part);
        } else {
            throw new UserError("unknown part '" + part + "' of " + key + ": available: "
                    + String.join(", ", parts) + ", all");
        }
        Path dir = out != null ? out : Path.of("papers", "out", key);
        OutputSet outputs = new OutputSet().directory("--out", dir, true);
        if (part.equals("all")) {
            outputs.derived("--out", dir, dir.toAbsolutePath().resolveSibling(key + ".md"), "index");
        }
        outputs.check();
        PrintWriter w = commandSpec.commandLine().getOut();
        boolean allPassed = true;
        List<Reproduction> done = new ArrayList<>();
        for (String name : todo) {
            long t0 = System.nanoTime();
            Reproduction r = Catalogue.run(key, name);
            done.add(r);
            createDirectory(dir);
            write(dir, r);
            w.printf(Locale.ROOT, "%s %s: %s (%.1f s)%n", r.key(), r.part(), r.title(), (System.nanoTime() - t0) * 1e-9);
            w.print(checkTable(r.checks(), false));
            w.printf(Locale.ROOT, "  %s; wrote %s%n", r.passed() ? "all checks passed" : "SOME CHECKS FAILED",
                    dir.resolve(r.part() + ".md"));
            allPassed &= r.passed();
        }
        if (part.equals("all")) {
            Path index = dir.toAbsolutePath().resolveSibling(key + ".md");
            StringBuilder md = new StringBuilder("# " + key + "\n\n");
            for (Reproduction r : done) {
                md.append("## ").append(r.part()).append(": ").append(r.title()).append("\n\n")
                        .append(r.passed() ? "All checks passed" : "**Some checks failed**").append(" (")
                        .append(r.checks().size()).append(" checks). Details: [").append(r.part()).append(".md](")
                        .append(dir.getFileName()).append('/').append(r.part()).append(".md)\n\n");
                for (Figure f : r.figures()) {
                    md.append("![").append(f.title()).append("](").append(dir.getFileName()).append('/')
                            .append(r.part()).append('_').append(f.name()).append(".png)\n\n");
                }
            }
            AtomicFiles.write(index, md.toString());
            w.println("  index: " + index);
        }
        w.flush();
        return allPassed ? 0 : EXIT_CHECK_FAILED;
    }

    /** The T(r, m), G(r, m) table of Şimşek et al. over the ranges given (see the help). */
    private int countTable() {
        if (!"simsek2021".equals(key) || !"counts".equals(part)) {
            throw new UserError("--m-max, --m-min, --r-max and --r-min apply only to 'reproduce simsek2021 counts'"
                    + " (got '" + key + " " + part + "')");
        }
        if (mMax == null) {
            throw new UserError("the count table needs --m-max M (the largest width m)");
        }
        int mLo = mMin == null ? 1 : mMin;
        int rLo = rMin == null ? 1 : rMin;
        int rHi = rMax == null ? Math.min(mMax, Simsek2021.COUNT_TABLE_MAX_R) : rMax;
        requireRange("--m-max", mMax, 1, Simsek2021.COUNT_TABLE_MAX_M, "the table's limit");
        requireRange("--m-min", mLo, 1, mMax, "at most --m-max");
        requireRange("--r-max", rHi, 1, Simsek2021.COUNT_TABLE_MAX_R, "T(r, m) = r! S(m+1, r+1) uses S(n, k) for"
                + " k ≤ 32 only");
        requireRange("--r-min", rLo, 1, rHi, "at most --r-max");
        if (rLo > mMax) {
            throw new UserError("--r-min " + rLo + " is above --m-max " + mMax + ": T(r, m) and G(r, m) need r ≤ m");
        }
        Path file = out == null ? null : out.resolve("counts_table.csv");
        OutputSet outputs = new OutputSet().directory("--out", out, true).derived("--out", out, file, "count table");
        outputs.check();
        StringBuilder csv = new StringBuilder("r,m,h,T,G\n");
        for (Simsek2021.Count c : Simsek2021.countTable(rLo, rHi, mLo, mMax)) {
            csv.append(c.r()).append(',').append(c.m()).append(',').append(c.m() - c.r()).append(',')
                    .append(c.globalMinima()).append(',').append(c.criticalSubspaces()).append('\n');
        }
        if (file != null) {
            try {
                Files.createDirectories(out);
            } catch (IOException | SecurityException e) {
                throw new UserError("cannot create the output directory " + out + ": " + e.getMessage(), e);
            }
            outputs.writeText(Map.of(file, csv.toString()));
        }
        PrintWriter w = commandSpec.commandLine().getOut();
        w.print(csv);
        w.flush();
        if (file != null) {
            commandSpec.commandLine().getErr().println("wrote " + file);
            commandSpec.commandLine().getErr().flush();
        }
        return 0;
    }

    private static void requireRange(String flag, int value, int lo, int hi, String why) {
        if (value < lo || value > hi) {
            throw new UserError(flag + " must be between " + lo + " and " + hi + " (" + why + "); got " + value);
        }
    }

    /** Creates the output directory (when the first part is written, so that an interrupted run leaves none). */
    private static void createDirectory(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException | SecurityException e) {
            throw new UserError("cannot create the output directory " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes one part's files as one set (all or nothing, also under Ctrl-C): {@code PART.md}, a PNG per figure and a
     * CSV per table.
     */
    private static void write(Path dir, Reproduction r) {
        Map<Path, byte[]> files = new LinkedHashMap<>();
        StringBuilder md = new StringBuilder();
        md.append("# ").append(r.key()).append(" · ").append(r.part()).append(": ").append(r.title()).append("\n\n");
        md.append(r.summary()).append("\n\n## Predicted vs measured\n\n").append(checkTable(r.checks(), true));
        md.append("\n").append(r.passed() ? "All checks passed." : "**Some checks failed.**").append("\n");
        for (Figure f : r.figures()) {
            String file = r.part() + "_" + f.name() + ".png";
            files.put(dir.resolve(file), Plots.figure(f));
            md.append("\n![").append(f.title()).append("](").append(file).append(")\n");
        }
        for (Table t : r.tables()) {
            String file = r.part() + "_" + t.name() + ".csv";
            files.put(dir.resolve(file), tableCsv(t).getBytes(StandardCharsets.UTF_8));
            md.append("\nData: [").append(file).append("](").append(file).append(")\n");
        }
        md.append("\nReproduce with `overlap reproduce ").append(r.key()).append(' ').append(r.part()).append("`.\n");
        files.put(dir.resolve(r.part() + ".md"), md.toString().getBytes(StandardCharsets.UTF_8));
        AtomicFiles.writeAll(files);
    }

    /** A reproduction's table as CSV: its column names, then one row per line in {@link Numbers#shortest} form. */
    private static String tableCsv(Table t) {
        StringBuilder csv = new StringBuilder(String.join(",", t.columns())).append('\n');
        for (double[] row : t.rows()) {
            for (int i = 0; i < row.length; i++) {
                Numbers.append(csv.append(i > 0 ? "," : ""), row[i]);
            }
            csv.append('\n');
        }
        return csv.toString();
    }

    static String checkTable(List<Check> checks, boolean markdown) {
        StringBuilder sb = new StringBuilder();
        if (markdown) {
            sb.append("| quantity | source | predicted | measured | deviation | tolerance | ok |\n");
            sb.append("| --- | --- | --- | --- | --- | --- | --- |\n");
        } else {
            sb.append(String.format(Locale.ROOT, "  %-44s %14s %14s %10s %10s  %s%n", "quantity", "predicted",
                    "measured", "deviation", "tolerance", "ok"));
        }
        for (Check c : checks) {
            if (markdown) {
                sb.append(String.format(Locale.ROOT, "| %s | %s | %.10g | %.10g | %.2e | %.1e | %s |%n", c.quantity(),
                        c.source(), c.predicted(), c.measured(), c.deviation(), c.tolerance(), c.passed() ? "yes" : "**NO**"));
            } else {
                sb.append(String.format(Locale.ROOT, "  %-44s %14.8g %14.8g %10.2e %10.1e  %s%n", c.quantity(),
                        c.predicted(), c.measured(), c.deviation(), c.tolerance(), c.passed() ? "yes" : "NO"));
            }
        }
        return sb.toString();
    }
}
