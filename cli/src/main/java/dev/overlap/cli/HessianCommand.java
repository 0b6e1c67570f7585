package dev.overlap.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.overlap.cli.format.Numbers;
import dev.overlap.model.Activation;
import dev.overlap.model.ModelSpec;
import dev.overlap.model.Normalisation;
import dev.overlap.model.Overlaps;
import dev.overlap.model.StateFiles;
import dev.overlap.model.TeacherSpec;
import dev.overlap.ode.CriticalOverlaps;
import dev.overlap.ode.EigenvalueGroup;
import dev.overlap.ode.WeightSpaceHessian;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code overlap hessian}: the eigenvalues of the weight-space Hessian of the population loss, grouped. */
@Command(name = "hessian", header = "Eigenvalues (grouped, with multiplicities) of the weight-space Hessian of the loss.",
        mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "The Hessian H = ∂²L/∂W∂W of the population loss L(W) = ε_g = ½ E[(ŷ − y)²] with",
            "respect to the p×N student weights W (the teacher W* fixed), at the plateau, at a",
            "zero-loss point, or at the overlaps of a state file; its eigenvalues, grouped.",
            "Model as in 'overlap solve': ŷ = κ_s Σ_a σ(w_a·x/√N), y = κ_t Σ_r σ(w*_r·x/√N).",
            "",
            "Points (--at):",
            "  plateau    the fixed point of gradient flow on ε_g (no η² term, so a critical",
            "             point of L) reached from Q = I, R = 0: R = 0, Q = q* I for z²; the",
            "             permutation-symmetric saddle for erf.",
            "  zero-loss  z² (p ≥ p*): w_a = √(κ_t/κ_s) w*_a for a ≤ p*, the other units 0 (all",
            "             points of the zero-loss manifold have this spectrum); erf: k = κ_t/κ_s",
            "             copies of each teacher unit (k whole, k·p* ≤ p), other units 0.",
            "  FILE       a JSON state {\"Q\": …, \"R\": …, \"T\": …} (T optional, default I);",
            "             p and p* come from it. It need not be a critical point.",
            "",
            "Weights from overlaps: with C' = [[T, Rᵀ], [R, Q]] = L Lᵀ (Cholesky, teachers",
            "first, pivots ≤ 1e-14·(p+p*)·max C_ii set to 0), the rows of √N [L 0] are W*",
            "then W: teacher r in the first r coordinates, student a in the first p* + a,",
            "zero beyond p + p*. Every W with these overlaps is W O for an orthogonal O of",
            "ℝᴺ, and H(W O) = (I_p ⊗ Oᵀ) H(W) (I_p ⊗ O), so the spectrum depends only on",
            "(Q, R, T) and N. N·p is the number of weights; N ≥ p + p*, N·p ≤ 2000.",
            "",
            "Hessian: exact closed form for --activation quadratic; central differences of",
            "the exact gradient (error O(h²), h = 1e-5) for erf; no other activation.",
            "H is O(1/N): N·λ is the N-independent scale (a mode grows at −ηNλ under",
            "gradient flow dW/dα = −ηN ∂L/∂W).",
            "",
            "Groups: sorted eigenvalues start a new group where neighbours differ by more",
            "than --tol × max|λ|; a group's eigenvalue is its mean (0 if the whole group lies",
            "within the tolerance of 0).",
            ""},
        footerHeading = "%nOutput:%n",
        footer = {
            "CSV columns: eigenvalue,multiplicity,N_lambda,spread (λ of H, its count, N·λ,",
            "max − min within the group), ascending; multiplicities sum to N·p. To stdout,",
            "or with --out F.csv to F.csv plus a JSON sidecar F.json with the metadata",
            "(model, κ_s, κ_t, point and its Q, R, T, L, max|∂L/∂W|, how well the weights",
            "realise the overlaps, method, tolerance, counts of negative, zero and positive",
            "eigenvalues). --format json: one document, the metadata and \"groups\"",
            "(rows in column order). Files are written atomically; a summary goes to",
            "stderr.",
            "",
            "Exit codes: 0 ok; 2 invalid input (e.g. an unsupported activation, N·p above",
            "2000, no such point) or unwritable output; 130 interrupted; 1 internal error.",
            "",
            "Examples:",
            "  overlap hessian --at plateau --p 3 --pstar 2 --N 7",
            "  overlap hessian --at zero-loss --activation erf --norm sum --p 3 --pstar 2",
            "  overlap hessian --at state.json --N 40 --out spectrum.csv"})
final class HessianCommand implements Callable<Integer> {

    /** Default relative grouping tolerance for the exact (z²) Hessian. */
    static final double EXACT_TOLERANCE = 1e-9;
    /** Default relative grouping tolerance for the central-difference (erf) Hessian. */
    static final double DIFFERENCE_TOLERANCE = 1e-7;

    @Spec
    picocli.CommandLine.Model.CommandSpec commandSpec;

    @Option(names = "--at", paramLabel = "plateau|zero-loss|FILE",
            description = "Where to take the Hessian (see above; default: ${DEFAULT-VALUE}).")
    String at = "plateau";

    @Option(names = "--p", paramLabel = "P", description = "Student width p (default: 3, or the state file's).")
    Integer p;

    @Option(names = "--pstar", paramLabel = "P*", description = "Teacher width p* (default: 2, or the state file's).")
    Integer pstar;

    @Option(names = "--activation", paramLabel = "NAME",
            description = "quadratic (σ(z) = z², default) or erf (σ(z) = erf(z/√2)).")
    String activation = "quadratic";

    @Option(names = "--norm", paramLabel = "mean|sum|sqrt",
            description = "Second-layer normalisation κ(width): mean = 1/width, sum = 1, sqrt = 1/√width "
                    + "(default: ${DEFAULT-VALUE}).")
    String norm = "mean";

    @Option(names = "--teacher", paramLabel = "orthonormal|FILE",
            description = "Teacher overlap for plateau and zero-loss: orthonormal (T = I, default) or a JSON file "
                    + "{\"T\": [[...]]}. A state file carries its own T.")
    String teacher = "orthonormal";

    @Option(names = "--N", paramLabel = "N", description = "Input dimension N (default: p + p* + 2).")
    Integer n;

    @Option(names = "--tol", paramLabel = "REL",
            description = "Grouping tolerance relative to max|λ| (default: 1e-9 for quadratic, 1e-7 for erf).")
    Double tol;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the table here (atomically) instead of stdout.")
    Path out;

    @Option(names = "--format", paramLabel = "csv|json", converter = TableFormat.Converter.class,
            description = "Table format: csv (default), or json (metadata and \"groups\" in one document).")
    TableFormat format = TableFormat.CSV;

    @Option(names = {"-q", "--quiet"}, description = "No summary on stderr.")
    boolean quiet;

    @Override
    public Integer call() {
        long t0 = System.nanoTime();
        String fmt = format.spelling();
        String where = at.trim();
        boolean named = where.equals("plateau") || where.equals("zero-loss");
        Path stateFile = named ? null : Path.of(where);
        Path teacherFile = teacher.trim().equals("orthonormal") ? null : Path.of(teacher.trim());
        Path sidecar = out != null && fmt.equals("csv") ? AtomicFiles.sibling(out, "json") : null;
        OutputSet outputs = new OutputSet()
                .named("--out", out, fmt, "--format " + fmt + " (name the file ." + fmt + ", or change --format)")
                .derived("--out", out, sidecar, "JSON sidecar")
                .input("--at", stateFile)
                .input("--teacher", teacherFile);
        outputs.check();
        if (tol != null && !(tol >= 0 && tol < 1)) {
            throw new UserError("--tol must be a number in [0, 1) (got " + tol + ")");
        }
        Activation act = Activation.parse(activation);
        WeightSpaceHessian.Method method = WeightSpaceHessian.method(act);
        Overlaps state = null;
        if (stateFile != null) {
            if (teacherFile != null) {
                throw new UserError("--teacher does not apply with a state file: its \"T\" is the teacher overlap");
            }
            state = StateFiles.readState(stateFile);
            requireMatch("--p", p, state.p(), stateFile);
            requireMatch("--pstar", pstar, state.pstar(), stateFile);
        }
        int width = state != null ? state.p() : p == null ? ModelOptions.DEFAULT_P : p;
        int teacherWidth = state != null ? state.pstar() : pstar == null ? ModelOptions.DEFAULT_PSTAR : pstar;
        ModelSpec.Builder builder = ModelSpec.builder().p(width).pstar(teacherWidth).activation(act)
                .normalisation(Normalisation.parse(norm)).eta2(false);
        if (teacherFile != null) {
            builder.teacher(new TeacherSpec.FromFile(teacherFile.toString(), StateFiles.readTeacherOverlap(teacherFile)));
        }
        ModelSpec spec = builder.build();
        int dim = n == null ? width + teacherWidth + 2 : n;
        if (dim < width + teacherWidth) {
            throw new UserError("--N must be at least p + p* = " + (width + teacherWidth) + " (got " + dim + ")");
        }
        Overlaps point = switch (where) {
            case "plateau" -> CriticalOverlaps.plateau(spec);
            case "zero-loss" -> CriticalOverlaps.zeroLoss(spec);
            default -> state;
        };
        WeightSpaceHessian.Spectrum sp = WeightSpaceHessian.spectrum(spec, point, dim);
        double[] ev = sp.eigenvalues();
        double scale = Math.max(Math.abs(ev[0]), Math.abs(ev[ev.length - 1]));
        double relTol = tol != null ? tol : method == WeightSpaceHessian.Method.EXACT ? EXACT_TOLERANCE
                : DIFFERENCE_TOLERANCE;
        double absTol = relTol * scale;
        List<EigenvalueGroup> groups = EigenvalueGroup.group(ev, absTol);
        ObjectNode meta = metadata(spec, named ? where : "file", stateFile, sp, relTol, absTol, groups);
        meta.put("wall_seconds", (System.nanoTime() - t0) * 1e-9);
        String table = fmt.equals("csv") ? csv(groups, dim) : json(meta, groups, dim);
        Map<Path, byte[]> files = new LinkedHashMap<>();
        if (out != null) {
            files.put(out, table.getBytes(StandardCharsets.UTF_8));
            if (sidecar != null) {
                files.put(sidecar, Reports.write(meta).getBytes(StandardCharsets.UTF_8));
            }
        }
        outputs.write(files);
        if (out == null) {
            PrintWriter w = commandSpec.commandLine().getOut();
            w.print(table);
            w.flush();
        }
        if (!quiet) {
            PrintWriter err = commandSpec.commandLine().getErr();
            err.println(summary(spec, named ? where : stateFile.toString(), sp, groups, absTol)
                    + (out == null ? "" : " Wrote " + out + (sidecar == null ? "" : " and " + sidecar) + "."));
            err.flush();
        }
        return 0;
    }

    private static void requireMatch(String flag, Integer given, int fromFile, Path file) {
        if (given != null && given != fromFile) {
            throw new UserError(flag + " " + given + " does not match the state file " + file + " (" + fromFile + ")");
        }
    }

    /** Header and one row per group: eigenvalue, multiplicity, N·eigenvalue, spread. */
    static String csv(List<EigenvalueGroup> groups, int n) {
        StringBuilder sb = new StringBuilder("eigenvalue,multiplicity,N_lambda,spread\n");
        for (EigenvalueGroup g : groups) {
            Numbers.append(sb, g.value()).append(',').append(g.multiplicity()).append(',');
            Numbers.append(sb, n * g.value()).append(',');
            Numbers.append(sb, g.spread()).append('\n');
        }
        return sb.toString();
    }

    private static String json(ObjectNode meta, List<EigenvalueGroup> groups, int n) {
        ArrayNode rows = meta.putArray("groups");
        for (EigenvalueGroup g : groups) {
            ArrayNode row = rows.addArray();
            row.add(g.value());
            row.add(g.multiplicity());
            row.add(n * g.value());
            row.add(g.spread());
        }
        return Reports.write(meta);
    }

    private static ObjectNode metadata(ModelSpec spec, String kind, Path stateFile, WeightSpaceHessian.Spectrum sp,
            double relTol, double absTol, List<EigenvalueGroup> groups) {
        ObjectNode root = Reports.JSON.createObjectNode();
        ObjectNode tool = root.putObject("tool");
        tool.put("name", "overlap");
        tool.put("version", Versions.overlap());
        tool.put("java", Versions.java());
        tool.put("hipparchus", Versions.hipparchus());
        root.put("command", "hessian");
        ObjectNode model = root.putObject("model");
        model.put("p", spec.p());
        model.put("pstar", spec.pstar());
        model.put("activation", spec.activation().name());
        model.put("norm", spec.normalisation().flag());
        model.put("kappa_s", spec.kappaStudent());
        model.put("kappa_t", spec.kappaTeacher());
        ObjectNode point = root.putObject("point");
        point.put("at", kind);
        if (stateFile != null) {
            point.put("path", stateFile.toString());
        }
        point.set("Q", Reports.matrix(sp.at().studentOverlap()));
        point.set("R", Reports.matrix(sp.at().studentTeacherOverlap()));
        point.set("T", Reports.matrix(sp.at().teacherOverlap()));
        point.put("loss", sp.loss());
        point.put("gradient_max_abs", sp.gradient());
        point.put("overlap_error", sp.overlapError());
        root.put("N", sp.n());
        root.put("dimension", spec.p() * sp.n());
        root.put("weights", "C' = [[T, R^T], [R, Q]] = L L^T (Cholesky, teachers first); rows of sqrt(N) [L 0] are"
                + " W* then W");
        root.put("method", sp.method().description());
        root.put("eigensolver", "Hipparchus EigenDecompositionSymmetric");
        ObjectNode t = root.putObject("tolerance");
        t.put("relative", relTol);
        t.put("absolute", absTol);
        t.put("rule", "a new group where sorted neighbours differ by more than the absolute tolerance");
        ObjectNode counts = root.putObject("counts");
        double[] ev = sp.eigenvalues();
        counts.put("negative", java.util.Arrays.stream(ev).filter(x -> x < -absTol).count());
        counts.put("zero", java.util.Arrays.stream(ev).filter(x -> Math.abs(x) <= absTol).count());
        counts.put("positive", java.util.Arrays.stream(ev).filter(x -> x > absTol).count());
        counts.put("groups", groups.size());
        ArrayNode cols = root.putArray("columns");
        for (String c : List.of("eigenvalue", "multiplicity", "N_lambda", "spread")) {
            cols.add(c);
        }
        return root;
    }

    private static String summary(ModelSpec spec, String where, WeightSpaceHessian.Spectrum sp,
            List<EigenvalueGroup> groups, double absTol) {
        double[] ev = sp.eigenvalues();
        long neg = java.util.Arrays.stream(ev).filter(x -> x < -absTol).count();
        long zero = java.util.Arrays.stream(ev).filter(x -> Math.abs(x) <= absTol).count();
        return String.format(Locale.ROOT, "Hessian at %s, p=%d p*=%d %s %s, N=%d (%d weights): %d groups; %d negative,"
                + " %d zero, %d positive eigenvalues; L = %.6g, max|∂L/∂W| = %.2g.", where, spec.p(), spec.pstar(),
                spec.activation().name(), spec.normalisation().flag(), sp.n(), ev.length, groups.size(), neg, zero,
                ev.length - neg - zero, sp.loss(), sp.gradient());
    }
}
