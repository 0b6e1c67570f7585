package dev.overlap.cli;

import java.util.Locale;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.overlap.cli.format.Numbers;
import dev.overlap.model.InitialCondition;
import dev.overlap.model.ModelSpec;
import dev.overlap.model.Overlaps;
import dev.overlap.model.TeacherSpec;
import dev.overlap.ode.ActivationTheory;
import dev.overlap.ode.Events;
import dev.overlap.ode.PlateauTheory;
import dev.overlap.ode.Trajectory;

/** Renders trajectories as CSV, JSON and a human summary. Computing and writing never mix: these only read. */
final class Reports {

    static final ObjectMapper JSON = Numbers.jsonMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Reports() {
    }

    /** CSV: header {@code alpha,eps_g,Q_1_1,…,R_p_pstar}, one row per α, numbers in shortest round-trip form. */
    static String csv(Trajectory t) {
        return csv(t, new String[0], new double[0][]);
    }

    /** CSV with extra columns after those of the trajectory ({@code extra[c][i]}: column c, row i). */
    static String csv(Trajectory t, String[] extraNames, double[][] extra) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.join(",", t.columns()));
        for (String n : extraNames) {
            sb.append(',').append(n);
        }
        sb.append('\n');
        for (int i = 0; i < t.size(); i++) {
            double[] row = t.row(i);
            for (int j = 0; j < row.length; j++) {
                if (j > 0) {
                    sb.append(',');
                }
                Numbers.append(sb, row[j]);
            }
            for (double[] col : extra) {
                Numbers.append(sb.append(","), col[i]);
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** The sidecar / metadata document: tool versions, spec, initial state, solver, events, wall time. */
    static ObjectNode metadata(String command, Trajectory t, Overlaps initial) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode tool = root.putObject("tool");
        tool.put("name", "overlap");
        tool.put("version", Versions.overlap());
        tool.put("java", Versions.java());
        tool.put("hipparchus", Versions.hipparchus());
        root.put("command", command);
        root.set("spec", spec(t.spec()));
        ObjectNode init = root.putObject("initial_overlaps");
        init.set("Q", matrix(initial.studentOverlap()));
        init.set("R", matrix(initial.studentTeacherOverlap()));
        init.set("T", matrix(initial.teacherOverlap()));
        ObjectNode solver = root.putObject("solver");
        solver.put("method", t.options().integrator().description());
        solver.put("rhs", t.evaluator());
        solver.put("jacobian", !t.exactJacobian() ? "central finite differences"
                : t.evaluator().equals("symbolic") ? "exact (symbolic)" : "exact (closed form)");
        solver.put("rtol", t.options().rtol());
        solver.put("atol", t.options().atol());
        solver.put("grid", t.gridDescription());
        solver.put("rhs_evaluations", t.rhsEvaluations());
        solver.put("escape_fraction", t.options().escapeFraction());
        solver.put("plateau_tol", t.options().plateauTolerance());
        solver.put("relative_tails", t.options().relativeTails());
        if (t.tail().any()) {
            ObjectNode tail = solver.putObject("tail_refined");
            tail.put("from_alpha", t.tail().from());
            tail.put("to_alpha", t.tail().to());
        } else {
            solver.putNull("tail_refined");
        }
        root.put("wall_seconds", t.wallSeconds());
        root.set("events", events(t.events()));
        PlateauTheory theory = closedFormPlateau(t);
        if (theory != null) {
            ObjectNode th = root.putObject("plateau_closed_form");
            th.put("exists", theory.exists());
            putNumber(th, "q", theory.q());
            putNumber(th, "eps_g", theory.epsG());
            putNumber(th, "escape_rate", theory.escapeRate());
            putNumber(th, "critical_eta", theory.criticalEta());
        }
        root.put("rows", t.size());
        ArrayNode cols = root.putArray("columns");
        for (String c : t.columns()) {
            cols.add(c);
        }
        return root;
    }

    /** The whole run as one JSON document: metadata plus {@code "data"}, an array of rows in column order. */
    static String fullJson(String command, Trajectory t, Overlaps initial) {
        return fullJson(metadata(command, t, initial), t, new double[0][]);
    }

    /** The metadata document with the rows under {@code "data"}, extra columns appended to each row. */
    static String fullJson(ObjectNode root, Trajectory t, double[][] extra) {
        ArrayNode data = root.putArray("data");
        for (int i = 0; i < t.size(); i++) {
            ArrayNode row = data.addArray();
            for (double v : t.row(i)) {
                row.add(v);
            }
            for (double[] col : extra) {
                if (Double.isFinite(col[i])) {
                    row.add(col[i]);
                } else {
                    row.addNull();
                }
            }
        }
        return write(root);
    }

    static String write(ObjectNode node) {
        try {
            return JSON.writeValueAsString(node) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("JSON rendering failed", e);
        }
    }

    static ObjectNode spec(ModelSpec s) {
        ObjectNode o = JSON.createObjectNode();
        o.put("p", s.p());
        o.put("pstar", s.pstar());
        o.put("activation", s.activation().name());
        o.put("norm", s.normalisation().flag());
        o.put("kappa_s", s.kappaStudent());
        o.put("kappa_t", s.kappaTeacher());
        o.put("eta", s.eta());
        o.put("eta_per_width", s.etaPerWidth());
        o.put("lr_convention", s.lrConvention().flag());
        o.put("noise", s.noise());
        o.put("eta2", s.eta2());
        ObjectNode teacher = o.putObject("teacher");
        teacher.put("kind", s.teacherSource());
        if ("init-file".equals(s.teacherSource()) && s.init() instanceof InitialCondition.FromFile file) {
            teacher.put("path", file.path());
        } else if (s.teacher() instanceof TeacherSpec.Gaussian gaussian) {
            teacher.put("N", gaussian.n());
            teacher.put("seed", gaussian.seed());
        } else if (s.teacher() instanceof TeacherSpec.FromFile file) {
            teacher.put("path", file.path());
        }
        ObjectNode init = o.putObject("init");
        init.put("kind", s.init().kind());
        if (s.init() instanceof InitialCondition.Random r) {
            init.put("N", r.n());
            init.put("sigma0", r.sigma0());
            init.put("seed", r.seed());
        } else if (s.init() instanceof InitialCondition.Isotropic r) {
            init.put("q0", r.q0());
            init.put("r0", r.r0());
            init.put("r0_pattern", "P[a][r] = 1 if r = a mod pstar (0-based), else 0");
        } else if (s.init() instanceof InitialCondition.FromFile file) {
            init.put("path", file.path());
        }
        return o;
    }

    static ObjectNode events(Events e) {
        ObjectNode o = JSON.createObjectNode();
        if (e.plateau() == null) {
            o.putNull("plateau");
            o.put("no_plateau_reason", e.noPlateau());
        } else {
            Events.Plateau p = e.plateau();
            ObjectNode n = o.putObject("plateau");
            putNullable(n, "alpha", p.alpha());
            n.put("eps_g", p.epsG());
            putNullable(n, "alpha_exit", p.alphaExit());
            n.put("tolerance", p.tolerance());
            ArrayNode q = n.putArray("Q_upper");
            for (double v : p.q()) {
                q.add(v);
            }
            n.put("escape_rate", p.escapeRate());
            n.put("unstable_directions", p.unstable());
            ArrayNode ev = n.putArray("jacobian_eigenvalues");
            for (org.hipparchus.complex.Complex z : p.fixedPoint().eigenvalues()) {
                if (Math.abs(z.getImaginary()) < 1e-12 * Math.max(1, Math.abs(z.getReal()))) {
                    ev.add(z.getReal());
                } else {
                    ev.addArray().add(z.getReal()).add(z.getImaginary());
                }
            }
        }
        if (e.escape() == null) {
            o.putNull("escape");
        } else {
            ObjectNode n = o.putObject("escape");
            putNullable(n, "alpha", e.escape().alpha());
            n.put("fraction", e.escape().fraction());
            n.put("threshold", e.escape().threshold());
        }
        if (e.divergence() == null) {
            o.putNull("divergence");
        } else {
            ObjectNode n = o.putObject("divergence");
            n.put("alpha", e.divergence().alpha());
            n.put("message", e.divergence().reason());
        }
        return o;
    }

    /** The closed-form plateau of {@link PlateauTheory}, for the quadratic activation; null otherwise. */
    static PlateauTheory closedFormPlateau(Trajectory t) {
        if (!ActivationTheory.of(t.spec().activation()).rotationSymmetric()) {
            return null;
        }
        double[][] tm = t.teacher();
        org.hipparchus.linear.RealMatrix m = org.hipparchus.linear.MatrixUtils.createRealMatrix(tm);
        double trT = m.getTrace();
        double trT2 = m.multiply(m).getTrace();
        double tauMax = Double.NEGATIVE_INFINITY;
        for (double v : new org.hipparchus.linear.EigenDecompositionSymmetric(m).getEigenvalues()) {
            tauMax = Math.max(tauMax, v);
        }
        return PlateauTheory.of(t.spec(), trT, trT2, tauMax);
    }

    /** One paragraph for a person, on stderr. */
    static String summary(Trajectory t) {
        StringBuilder sb = new StringBuilder();
        ModelSpec s = t.spec();
        sb.append(s.describe()).append(". ");
        Events e = t.events();
        if (e.plateau() == null) {
            sb.append("No plateau: ").append(e.noPlateau()).append(". ");
        } else {
            Events.Plateau p = e.plateau();
            sb.append("Plateau: ε_g* = ").append(c(p.epsG())).append(", escape rate ").append(c(p.escapeRate()))
                    .append(" per unit α (").append(Words.count(p.unstable(), "unstable direction")).append(")");
            if (p.alpha() != null) {
                sb.append(", entered at α = ").append(c(p.alpha()));
                if (p.alphaExit() != null) {
                    sb.append(", left at α = ").append(c(p.alphaExit()));
                }
            } else {
                sb.append(", never within ").append(c(100 * p.tolerance())).append("% of it");
            }
            sb.append(". ");
            Events.Escape esc = e.escape();
            if (esc.alpha() != null) {
                sb.append("Escape (ε_g ≤ ").append(c(esc.fraction())).append("·ε_g*) at α = ").append(c(esc.alpha()))
                        .append(". ");
            } else {
                sb.append("No escape (ε_g ≤ ").append(c(esc.fraction())).append("·ε_g*) before α = ")
                        .append(c(t.size() == 0 ? 0.0 : t.alphas()[t.size() - 1])).append(". ");
            }
        }
        if (e.divergence() != null) {
            sb.append("DIVERGED: ").append(e.divergence().reason()).append(". ");
            PlateauTheory th = closedFormPlateau(t);
            if (th != null && Double.isFinite(th.criticalEta())) {
                sb.append("(The η² plateau exists only for η < η_c = ").append(c(th.criticalEta())).append(".) ");
            }
        }
        if (t.size() > 0) {
            int last = t.size() - 1;
            sb.append("ε_g(").append(c(t.alphas()[last])).append(") = ").append(c(t.epsG()[last])).append(". ");
        }
        sb.append(String.format(Locale.ROOT, "%d RHS evaluations (%s), %.3f s.", t.rhsEvaluations(), t.evaluator(),
                t.wallSeconds()));
        return sb.toString();
    }

    private static String c(double x) {
        return ModelSpec.compact(x);
    }

    static ArrayNode matrix(double[][] m) {
        ArrayNode a = JSON.createArrayNode();
        for (double[] row : m) {
            ArrayNode r = a.addArray();
            for (double v : row) {
                r.add(v);
            }
        }
        return a;
    }

    private static void putNullable(ObjectNode n, String key, Double v) {
        if (v == null) {
            n.putNull(key);
        } else {
            n.put(key, v);
        }
    }

    private static void putNumber(ObjectNode n, String key, double v) {
        if (Double.isFinite(v)) {
            n.put(key, v);
        } else {
            n.putNull(key);
        }
    }
}
