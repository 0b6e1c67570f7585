package dev.overlap.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

import dev.overlap.papers.Bocchi2026;
import dev.overlap.papers.Bocchi2026Escape;
import dev.overlap.papers.Bocchi2026FiniteN;
import dev.overlap.papers.Bocchi2026Symmetry;
import dev.overlap.papers.Bocchi2026Hessian;
import dev.overlap.papers.Bocchi2026Late;
import dev.overlap.papers.Check;
import dev.overlap.papers.Figure;
import dev.overlap.papers.Reproduction;
import dev.overlap.papers.Saad1995;
import dev.overlap.papers.Sareen2026Hessian;
import dev.overlap.papers.Sareen2026Sweep;
import dev.overlap.papers.Shen2024;
import dev.overlap.papers.Simsek2021;
import dev.overlap.papers.Table;
import dev.overlap.papers.Zhou2021;
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
            "of the paper.",
            "",
            "Available:",
            "  saad1995 plateau   symmetric plateau of the erf soft committee machine (Saad & Solla 1995),",
            "                     K = 2, 3",
            "  bocchi2026 plateau   unspecialised plateau of quadratic networks, critical learning rate",
            "  bocchi2026 escape    escape time vs N and p under both learning-rate conventions",
            "  bocchi2026 symmetry  conserved quantity of gradient flow, selection of the closest solution",
            "  bocchi2026 hessian   weight-space Hessian at the plateau and on the zero-loss manifold",
            "  bocchi2026 late      approach to zero loss (p = p*: exponential, p > p*: α^-2), stationary error",
            "  bocchi2026 finite-n  finite-N escape time vs ln N: overlap chain against the finite-N theory",
            "                       with label noise, against long ODE runs",
            "  (arXiv:2604.03068; 'all' also writes an index page papers/out/KEY.md)",
            "  shen2024 bound       log-covering-number reduction Σ ln d_l! from permutation invariance",
            "  shen2024 grid        parameter points vs distinct functions on a grid: ratio → d₁!",
            "  zhou2021 local       local convergence near an aligned solution (ReLU, |z|; quadratic control)",
            "  simsek2021 counts        global-minimum subspaces T(r*, m) vs saddle subspaces G(r, m): closed",
            "                           forms, enumeration, exact dimensions, crossover h (with --m-max: the",
            "                           count table only, see below)",
            "  simsek2021 connectivity  intersection graph of the T(r*, m) subspaces: r*! points at m = r*, one",
            "                           component from m = r* + 1 (exact rational test and structural rule)",
            "  simsek2021 check         erf network: zero loss on every T subspace, zero gradient on every G",
            "                           subspace, controls off them",
            "  sareen2026 hessian       Hessian trace, top eigenvalue, rank, condition number at global minima",
            "                           vs width (z² closed forms, erf; second layer fixed or trained)",
            "  sareen2026 width-sweep   time to a loss threshold vs width: gradient flow (second layer trained",
            "                           or fixed) and SGD, several seeds (arXiv:2604.25150)",
            "",
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

    /** Exit code when a reproduction check fails. */
    static final int EXIT_CHECK_FAILED = 4;

    private static final Map<String, Map<String, Supplier<Reproduction>>> REGISTRY = new LinkedHashMap<>();

    static {
        Map<String, Supplier<Reproduction>> saad = new LinkedHashMap<>();
        saad.put("plateau", Saad1995::plateau);
        REGISTRY.put("saad1995", saad);
        Map<String, Supplier<Reproduction>> bocchi = new LinkedHashMap<>();
        bocchi.put("plateau", Bocchi2026::plateau);
        bocchi.put("escape", Bocchi2026Escape::escape);
        bocchi.put("symmetry", Bocchi2026Symmetry::symmetry);
        bocchi.put("hessian", Bocchi2026Hessian::hessian);
        bocchi.put("late", Bocchi2026Late::late);
        bocchi.put("finite-n", Bocchi2026FiniteN::finiteN);
        REGISTRY.put("bocchi2026", bocchi);
        Map<String, Supplier<Reproduction>> shen = new LinkedHashMap<>();
        shen.put("bound", Shen2024::bound);
        shen.put("grid", Shen2024::grid);
        REGISTRY.put("shen2024", shen);
        Map<String, Supplier<Reproduction>> zhou = new LinkedHashMap<>();
        zhou.put("local", Zhou2021::local);
        REGISTRY.put("zhou2021", zhou);
        Map<String, Supplier<Reproduction>> simsek = new LinkedHashMap<>();
        simsek.put("counts", Simsek2021::counts);
        simsek.put("connectivity", Simsek2021::connectivity);
        simsek.put("check", Simsek2021::check);
        REGISTRY.put("simsek2021", simsek);
        Map<String, Supplier<Reproduction>> sareen = new LinkedHashMap<>();
        sareen.put("hessian", Sareen2026Hessian::hessian);
        sareen.put("width-sweep", Sareen2026Sweep::widthSweep);
        REGISTRY.put("sareen2026", sareen);
    }

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
        Map<String, Supplier<Reproduction>> parts = REGISTRY.get(key);
        if (parts == null) {
            throw new UserError("unknown paper '" + key + "': available: " + String.join(", ", REGISTRY.keySet()));
        }
        List<String> todo = new ArrayList<>();
        if (part.equals("all")) {
            todo.addAll(parts.keySet());
        } else if (parts.containsKey(part)) {
            todo.add(part);
        } else {
            throw new UserError("unknown part '" + part + "' of " + key + ": available: "
                    + String.join(", ", parts.keySet()) + ", all");
        }
        Path dir = out != null ? out : Path.of("papers", "out", key);
        OutputSet outputs = new OutputSet().directory("--out", dir, true);
        if (part.equals("all")) {
            outputs.derived("--out", dir, dir.toAbsolutePath().resolveSibling(key + ".md"), "index");
        }
        outputs.check();
        try {
            Files.createDirectories(dir);
        } catch (IOException | SecurityException e) {
            throw new UserError("cannot create the output directory " + dir + ": " + e.getMessage(), e);
        }
        PrintWriter w = commandSpec.commandLine().getOut();
        boolean allPassed = true;
        List<Reproduction> done = new ArrayList<>();
        for (String name : todo) {
            long t0 = System.nanoTime();
            Reproduction r = parts.get(name).get();
            done.add(r);
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

    private static void write(Path dir, Reproduction r) {
        StringBuilder md = new StringBuilder();
        md.append("# ").append(r.key()).append(" · ").append(r.part()).append(": ").append(r.title()).append("\n\n");
        md.append(r.summary()).append("\n\n## Predicted vs measured\n\n").append(checkTable(r.checks(), true));
        md.append("\n").append(r.passed() ? "All checks passed." : "**Some checks failed.**").append("\n");
        for (Figure f : r.figures()) {
            String file = r.part() + "_" + f.name() + ".png";
            AtomicFiles.write(dir.resolve(file), Plots.figure(f));
            md.append("\n![").append(f.title()).append("](").append(file).append(")\n");
        }
        for (Table t : r.tables()) {
            String file = r.part() + "_" + t.name() + ".csv";
            StringBuilder csv = new StringBuilder(String.join(",", t.columns())).append('\n');
            for (double[] row : t.rows()) {
                for (int i = 0; i < row.length; i++) {
                    csv.append(i > 0 ? "," : "").append(row[i]);
                }
                csv.append('\n');
            }
            AtomicFiles.write(dir.resolve(file), csv.toString());
            md.append("\nData: [").append(file).append("](").append(file).append(")\n");
        }
        md.append("\nReproduce with `overlap reproduce ").append(r.key()).append(' ').append(r.part()).append("`.\n");
        AtomicFiles.write(dir.resolve(r.part() + ".md"), md.toString());
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
