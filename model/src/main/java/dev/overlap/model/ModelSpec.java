package dev.overlap.model;

import java.util.Locale;

/**
 * Everything that defines a run of the overlap dynamics: widths, activation, normalisation, learning
 * rate, label noise, whether the η² (SGD-noise) term is kept, the teacher and the initial condition.
 * Immutable and validated on construction, so a library user gets the same errors as a CLI user.
 *
 * @param p             student width p ≥ 1
 * @param pstar         teacher width p* ≥ 1
 * @param activation    σ, shared by student and teacher
 * @param normalisation κ_s = κ(p), κ_t = κ(p*)
 * @param eta           the learning rate η &gt; 0 of w_a ← w_a − (η/√N)(ŷ − y) κ_s σ'(λ_a) x
 * @param lrConvention  how the user gave η: directly, or per width η̃ with η = p η̃
 * @param noise         label-noise variance Δ ≥ 0
 * @param eta2          keep the η² term of dQ/dα (false: gradient flow on the population loss)
 * @param teacher       the teacher
 * @param init          the initial overlaps
 */
public record ModelSpec(int p, int pstar, Activation activation, Normalisation normalisation, double eta,
        LearningRateConvention lrConvention, double noise, boolean eta2, TeacherSpec teacher,
        InitialCondition init) {

    /** How the learning rate was specified. */
    public enum LearningRateConvention {
        /** η given directly ({@code --lr}). */
        ABSOLUTE,
        /** η̃ given, η = p η̃ ({@code --lr-per-width}): the plateau escape rate is then independent of p. */
        PER_WIDTH;

        public String flag() {
            return this == ABSOLUTE ? "lr" : "lr-per-width";
        }
    }

    public ModelSpec {
        if (p < 1) {
            throw new SpecException("the student width p must be at least 1 (got " + p + ")");
        }
        if (pstar < 1) {
            throw new SpecException("the teacher width p* must be at least 1 (got " + pstar + ")");
        }
        if (activation == null || normalisation == null || lrConvention == null || teacher == null || init == null) {
            throw new SpecException("incomplete model specification: activation, normalisation, learning-rate"
                    + " convention, teacher and initial condition are all required");
        }
        if (!Double.isFinite(eta) || eta <= 0) {
            throw new SpecException("the learning rate must be a finite number > 0 (got η = " + eta + ")");
        }
        if (!Double.isFinite(noise) || noise < 0) {
            throw new SpecException("the label-noise variance Δ must be a finite number ≥ 0 (got " + noise + ")");
        }
        if (teacher instanceof TeacherSpec.FromFile) {
            int rows = ((TeacherSpec.FromFile) teacher).t().length;
            if (rows != pstar) {
                throw new SpecException("the teacher file " + ((TeacherSpec.FromFile) teacher).path() + " has a "
                        + rows + "×" + rows + " T but p* = " + pstar);
            }
        }
        if (init instanceof InitialCondition.FromFile) {
            InitialCondition.FromFile f = (InitialCondition.FromFile) init;
            if (f.state().p() != p || f.state().pstar() != pstar) {
                throw new SpecException("the state file " + f.path() + " is for p = " + f.state().p() + ", p* = "
                        + f.state().pstar() + " but the model has p = " + p + ", p* = " + pstar);
            }
            if (!(teacher instanceof TeacherSpec.Orthonormal)) {
                throw new SpecException("--teacher cannot be combined with --init file: the state file carries T");
            }
        }
    }

    /** κ_s, the student's second-layer weight. */
    public double kappaStudent() {
        return normalisation.kappa(p);
    }

    /** κ_t, the teacher's second-layer weight. */
    public double kappaTeacher() {
        return normalisation.kappa(pstar);
    }

    /** η̃ = η/p, the learning rate per width. */
    public double etaPerWidth() {
        return eta / p;
    }

    /** A copy with another initial condition. */
    public ModelSpec withInit(InitialCondition newInit) {
        return new ModelSpec(p, pstar, activation, normalisation, eta, lrConvention, noise, eta2, teacher, newInit);
    }

    /** A copy with the η² term switched on or off. */
    public ModelSpec withEta2(boolean on) {
        return new ModelSpec(p, pstar, activation, normalisation, eta, lrConvention, noise, on, teacher, init);
    }

    /** A copy with another learning rate η (same convention label). */
    public ModelSpec withEta(double newEta) {
        return new ModelSpec(p, pstar, activation, normalisation, newEta, lrConvention, noise, eta2, teacher, init);
    }

    /**
     * T for this spec without drawing a student: I for an orthonormal teacher, the file's T, or the
     * overlap of a Gaussian teacher drawn at its N and seed.
     */
    public double[][] teacherOverlap() {
        if (teacher instanceof TeacherSpec.FromFile) {
            return ((TeacherSpec.FromFile) teacher).t();
        }
        if (init instanceof InitialCondition.FromFile) {
            return ((InitialCondition.FromFile) init).state().teacherOverlap();
        }
        if (teacher instanceof TeacherSpec.Gaussian) {
            TeacherSpec.Gaussian g = (TeacherSpec.Gaussian) teacher;
            double[][] w = FiniteNWeights.drawTeacher(teacher, pstar, g.n(), g.seed());
            return new FiniteNWeights(new double[][] {new double[g.n()]}, w).overlaps().teacherOverlap();
        }
        double[][] t = new double[pstar][pstar];
        for (int i = 0; i < pstar; i++) {
            t[i][i] = 1.0;
        }
        return t;
    }

    /**
     * The overlaps at α = 0 (see {@link InitialCondition}); validated, so an isotropic start that is not
     * realisable (C not positive semi-definite) is reported here.
     */
    public Overlaps initialOverlaps() {
        if (init instanceof InitialCondition.FromFile) {
            return ((InitialCondition.FromFile) init).state();
        }
        if (init instanceof InitialCondition.Random) {
            InitialCondition.Random r = (InitialCondition.Random) init;
            return FiniteNWeights.draw(p, teacher, pstar, r.n(), r.sigma0(), r.seed()).overlaps();
        }
        InitialCondition.Isotropic iso = (InitialCondition.Isotropic) init;
        double[][] q = new double[p][p];
        for (int a = 0; a < p; a++) {
            q[a][a] = iso.q0();
        }
        double[][] r = InitialCondition.Isotropic.pattern(p, pstar);
        for (double[] row : r) {
            for (int s = 0; s < pstar; s++) {
                row[s] *= iso.r0();
            }
        }
        try {
            return Overlaps.of(q, r, teacherOverlap());
        } catch (SpecException e) {
            throw new SpecException("isotropic start q0 = " + iso.q0() + ", r0 = " + iso.r0() + " is not realisable: "
                    + e.getMessage() + " (lower |r0| or raise q0)", e);
        }
    }

    /** One-line description, e.g. {@code p=3 p*=2 quadratic mean η=0.15 (η̃=0.05) Δ=0 η²:on teacher=orthonormal init=random}. */
    public String describe() {
        return String.format(Locale.ROOT, "p=%d p*=%d %s %s η=%s (η̃=%s) Δ=%s η²:%s teacher=%s init=%s", p, pstar,
                activation.name(), normalisation.flag(), compact(eta), compact(etaPerWidth()), compact(noise),
                eta2 ? "on" : "off", teacherSource(), init.kind());
    }

    /**
     * Where T comes from, as {@link #teacherOverlap()} takes it: the teacher's kind ({@code orthonormal},
     * {@code gaussian}, {@code file}), except {@code init-file} when a state file given as the initial condition
     * supplies T (a teacher file still wins over it).
     */
    public String teacherSource() {
        if (!(teacher instanceof TeacherSpec.FromFile) && init instanceof InitialCondition.FromFile) {
            return "init-file";
        }
        return teacher.kind();
    }

    /** x to 6 significant digits without trailing zeros (0.15000000000000002 → 0.15; 2.3221e-12 outside [1e-4, 1e7)). */
    public static String compact(double x) {
        if (x == 0 || !Double.isFinite(x)) {
            return x == 0 ? "0" : Double.toString(x);
        }
        java.math.BigDecimal d = new java.math.BigDecimal(x).round(new java.math.MathContext(6)).stripTrailingZeros();
        double mag = Math.abs(x);
        return mag >= 1e-4 && mag < 1e7 ? d.toPlainString() : d.toString().replace('E', 'e');
    }

    /** A builder with the model's defaults (see {@link Builder}). */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Builds a {@link ModelSpec}. Defaults: p = 3, p* = 2, quadratic, mean normalisation, η̃ = 0.05
     * (η = p η̃), Δ = 0, η² term on, orthonormal teacher, random start at N = 2000, σ₀ = 1, seed 1.
     */
    public static final class Builder {
        private int p = 3;
        private int pstar = 2;
        private Activation activation = Activation.QUADRATIC;
        private Normalisation normalisation = Normalisation.MEAN;
        private double lr = 0.05;
        private LearningRateConvention convention = LearningRateConvention.PER_WIDTH;
        private double noise;
        private boolean eta2 = true;
        private TeacherSpec teacher = new TeacherSpec.Orthonormal();
        private InitialCondition init = new InitialCondition.Random(2000, 1.0, 1L);

        private Builder() {
        }

        public Builder p(int v) {
            p = v;
            return this;
        }

        public Builder pstar(int v) {
            pstar = v;
            return this;
        }

        public Builder activation(Activation v) {
            activation = v;
            return this;
        }

        public Builder normalisation(Normalisation v) {
            normalisation = v;
            return this;
        }

        /** The learning rate η itself. */
        public Builder lr(double eta) {
            lr = eta;
            convention = LearningRateConvention.ABSOLUTE;
            return this;
        }

        /** The learning rate per width η̃; η = p η̃ at build time. */
        public Builder lrPerWidth(double etaTilde) {
            lr = etaTilde;
            convention = LearningRateConvention.PER_WIDTH;
            return this;
        }

        public Builder noise(double delta) {
            noise = delta;
            return this;
        }

        public Builder eta2(boolean on) {
            eta2 = on;
            return this;
        }

        public Builder teacher(TeacherSpec v) {
            teacher = v;
            return this;
        }

        public Builder init(InitialCondition v) {
            init = v;
            return this;
        }

        /** The validated spec. */
        public ModelSpec build() {
            double eta = convention == LearningRateConvention.PER_WIDTH ? p * lr : lr;
            return new ModelSpec(p, pstar, activation, normalisation, eta, convention, noise, eta2, teacher, init);
        }
    }
}
