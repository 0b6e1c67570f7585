package dev.overlap.model;

import java.util.Locale;
import java.util.Objects;

/**
 * Everything that defines a run of the overlap dynamics: widths, activation, normalisation, learning
 * rate, label noise, whether the η² (SGD-noise) term is kept, the teacher and the initial condition.
 * An immutable value, validated on construction, so a library user gets the same errors as a CLI user.
 * The learning rate is kept as typed ({@link LearningRate}): η and η̃ = η/p are derived from it once, here.
 * The overlaps at α = 0 ({@link #initialOverlaps()}) are computed once, when first asked for, and shared by
 * the copies ({@code withX}) that keep p, p*, the teacher and the initial condition. Two specs are equal
 * when their components are.
 */
public final class ModelSpec {

    /** How the learning rate was specified. */
    public enum LearningRateConvention {
        /** η given directly. */
        ABSOLUTE,
        /** η̃ given, η = p η̃: the plateau escape rate is then independent of p. */
        PER_WIDTH;

        /**
         * The label recorded in outputs ({@code lr_convention} in JSON).
         *
         * @return {@code lr} or {@code lr-per-width}
         */
        public String flag() {
            return this == ABSOLUTE ? "lr" : "lr-per-width";
        }

        /**
         * The parameter's name in errors ({@link SpecException#parameter()}).
         *
         * @return {@code lr} or {@code lr_per_width}
         */
        public String parameter() {
            return this == ABSOLUTE ? "lr" : "lr_per_width";
        }
    }

    private final int p;
    private final int pstar;
    private final Activation activation;
    private final Normalisation normalisation;
    private final LearningRate learningRate;
    private final double eta;
    private final double etaPerWidth;
    private final double noise;
    private final boolean eta2;
    private final TeacherSpec teacher;
    private final InitialCondition init;
    private final Start start;

    /**
     * The spec with a learning rate as typed; η = p·η̃ or η̃ = η/p is derived here.
     *
     * @param p             student width p ≥ 1
     * @param pstar         teacher width p* ≥ 1
     * @param activation    σ, shared by student and teacher
     * @param normalisation κ_s = κ(p), κ_t = κ(p*)
     * @param learningRate  η (of w_a ← w_a − (η/√N)(ŷ − y) κ_s σ'(λ_a) x) or η̃ = η/p, as typed
     * @param noise         label-noise variance Δ ≥ 0
     * @param eta2          keep the η² term of dQ/dα (false: gradient flow on the population loss)
     * @param teacher       the teacher
     * @param init          the initial overlaps
     */
    public ModelSpec(int p, int pstar, Activation activation, Normalisation normalisation, LearningRate learningRate,
            double noise, boolean eta2, TeacherSpec teacher, InitialCondition init) {
        this(p, pstar, activation, normalisation, learningRate,
                learningRate == null ? Double.NaN : learningRate.eta(p),
                learningRate == null ? Double.NaN : learningRate.etaPerWidth(p), noise, eta2, teacher, init,
                new Start());
    }

    /**
     * The spec with η given directly; {@code lrConvention} only labels how the user gave it (η̃ = η/p is then
     * recorded as derived from η).
     *
     * @param eta          the learning rate η &gt; 0
     * @param lrConvention how the user gave η: directly, or per width η̃ with η = p η̃
     */
    public ModelSpec(int p, int pstar, Activation activation, Normalisation normalisation, double eta,
            LearningRateConvention lrConvention, double noise, boolean eta2, TeacherSpec teacher, InitialCondition init) {
        this(p, pstar, activation, normalisation, typed(p, eta, lrConvention), eta, eta / p, noise, eta2, teacher, init,
                new Start());
    }

    private ModelSpec(int p, int pstar, Activation activation, Normalisation normalisation, LearningRate learningRate,
            double eta, double etaPerWidth, double noise, boolean eta2, TeacherSpec teacher, InitialCondition init,
            Start start) {
        if (p < 1) {
            throw new SpecException("the student width p must be at least 1 (got " + p + ")");
        }
        if (pstar < 1) {
            throw new SpecException("the teacher width p* must be at least 1 (got " + pstar + ")");
        }
        if (activation == null || normalisation == null || learningRate == null || teacher == null || init == null) {
            throw new SpecException("incomplete model specification: activation, normalisation, learning-rate"
                    + " convention, teacher and initial condition are all required");
        }
        if (!Double.isFinite(eta) || eta <= 0) {
            throw new SpecException(learningRate.convention().parameter(), "the learning rate",
                    "must be a finite number > 0 (got η = " + eta + ")");
        }
        if (!Double.isFinite(noise) || noise < 0) {
            throw new SpecException("noise", "the label-noise variance Δ",
                    "must be a finite number ≥ 0 (got " + noise + ")");
        }
        if (teacher instanceof TeacherSpec.FromFile file && file.t().length != pstar) {
            int rows = file.t().length;
            throw new SpecException("the teacher file " + file.path() + " has a " + rows + "×" + rows
                    + " T but p* = " + pstar);
        }
        if (init instanceof InitialCondition.FromFile f) {
            if (f.state().p() != p || f.state().pstar() != pstar) {
                throw new SpecException("the state file " + f.path() + " is for p = " + f.state().p() + ", p* = "
                        + f.state().pstar() + " but the model has p = " + p + ", p* = " + pstar);
            }
            if (!(teacher instanceof TeacherSpec.Orthonormal)) {
                throw new SpecException("teacher", "the teacher",
                        "cannot be combined with {init file}: the state file carries T");
            }
        }
        this.p = p;
        this.pstar = pstar;
        this.activation = activation;
        this.normalisation = normalisation;
        this.learningRate = learningRate;
        this.eta = eta;
        this.etaPerWidth = etaPerWidth;
        this.noise = noise;
        this.eta2 = eta2;
        this.teacher = teacher;
        this.init = init;
        this.start = start;
    }

    /**
     * The typed learning rate of the η-given constructor: η itself, or η/p labelled per width. For inputs that
     * the constructor rejects it returns a stand-in of the same convention, so that the constructor reports
     * the first error in its own order.
     */
    private static LearningRate typed(int p, double eta, LearningRateConvention convention) {
        if (convention == null || p < 1 || !Double.isFinite(eta) || eta <= 0) {
            // a spec that the constructor rejects (in its order: widths, missing parts, then η itself)
            return convention == null ? null : new LearningRate(1, convention);
        }
        return convention == LearningRateConvention.PER_WIDTH ? LearningRate.perWidth(eta / p)
                : LearningRate.absolute(eta);
    }

    /**
     * Student width p ≥ 1.
     *
     * @return the student width p ≥ 1
     */
    public int p() {
        return p;
    }

    /**
     * Teacher width p* ≥ 1.
     *
     * @return the teacher width p* ≥ 1
     */
    public int pstar() {
        return pstar;
    }

    /**
     * σ, shared by student and teacher.
     *
     * @return the activation σ of both networks
     */
    public Activation activation() {
        return activation;
    }

    /**
     * κ_s = κ(p), κ_t = κ(p*).
     *
     * @return the normalisation, which fixes κ_s and κ_t
     */
    public Normalisation normalisation() {
        return normalisation;
    }

    /**
     * The learning rate as typed, with its convention.
     *
     * @return the learning rate with the convention it was given in
     */
    public LearningRate learningRate() {
        return learningRate;
    }

    /**
     * The learning rate η &gt; 0 of w_a ← w_a − (η/√N)(ŷ − y) κ_s σ'(λ_a) x (p·η̃ for a rate given per width).
     *
     * @return η &gt; 0, the learning rate that multiplies the SGD step
     */
    public double eta() {
        return eta;
    }

    /**
     * How the user gave η: directly, or per width η̃ with η = p η̃.
     *
     * @return the convention of the typed rate: absolute η or per-width η̃
     */
    public LearningRateConvention lrConvention() {
        return learningRate.convention();
    }

    /**
     * Label-noise variance Δ ≥ 0.
     *
     * @return the label-noise variance Δ ≥ 0
     */
    public double noise() {
        return noise;
    }

    /**
     * Whether the η² term of dQ/dα is kept (false: gradient flow on the population loss).
     *
     * @return true if the η² term of dQ/dα is kept, false for gradient flow on the population loss
     */
    public boolean eta2() {
        return eta2;
    }

    /**
     * The teacher.
     *
     * @return the teacher: orthonormal, Gaussian (drawn at its N and seed) or read from a file
     */
    public TeacherSpec teacher() {
        return teacher;
    }

    /**
     * The initial overlaps.
     *
     * @return the initial condition: random, isotropic or read from a file
     */
    public InitialCondition init() {
        return init;
    }

    /**
     * κ_s, the student's second-layer weight.
     *
     * @return κ_s = κ(p), the student's second-layer weight
     */
    public double kappaStudent() {
        return normalisation.kappa(p);
    }

    /**
     * κ_t, the teacher's second-layer weight.
     *
     * @return κ_t = κ(p*), the teacher's second-layer weight
     */
    public double kappaTeacher() {
        return normalisation.kappa(pstar);
    }

    /**
     * η̃ = η/p, the learning rate per width (the typed value for a rate given per width).
     *
     * @return η̃ = η/p, the learning rate per width
     */
    public double etaPerWidth() {
        return etaPerWidth;
    }

    /**
     * A copy with student width p (the learning rate keeps its typed value and convention).
     *
     * @return a new spec with student width {@code newP}, otherwise equal to this one
     */
    public ModelSpec withP(int newP) {
        return new ModelSpec(newP, pstar, activation, normalisation, learningRate, noise, eta2, teacher, init);
    }

    /**
     * A copy with teacher width p*.
     *
     * @return a new spec with teacher width {@code newPstar}, otherwise equal to this one
     */
    public ModelSpec withPStar(int newPstar) {
        return new ModelSpec(p, newPstar, activation, normalisation, learningRate, noise, eta2, teacher, init);
    }

    /**
     * A copy with another activation (same start).
     *
     * @return a new spec with activation {@code newActivation}, otherwise equal to this one
     */
    public ModelSpec withActivation(Activation newActivation) {
        return new ModelSpec(p, pstar, newActivation, normalisation, learningRate, eta, etaPerWidth, noise, eta2,
                teacher, init, start);
    }

    /**
     * A copy with another normalisation (same start).
     *
     * @return a new spec with normalisation {@code newNormalisation}, otherwise equal to this one
     */
    public ModelSpec withNormalisation(Normalisation newNormalisation) {
        return new ModelSpec(p, pstar, activation, newNormalisation, learningRate, eta, etaPerWidth, noise, eta2,
                teacher, init, start);
    }

    /**
     * A copy with another learning rate, as typed (same start).
     *
     * @return a new spec with learning rate {@code newRate}, otherwise equal to this one
     */
    public ModelSpec withLearningRate(LearningRate newRate) {
        return new ModelSpec(p, pstar, activation, normalisation, newRate,
                newRate == null ? Double.NaN : newRate.eta(p), newRate == null ? Double.NaN : newRate.etaPerWidth(p),
                noise, eta2, teacher, init, start);
    }

    /**
     * A copy with the learning rate η given directly ({@link LearningRate#absolute}; same start).
     *
     * @return a new spec with η = {@code newEta} given directly, otherwise equal to this one
     */
    public ModelSpec withEta(double newEta) {
        return withLearningRate(LearningRate.absolute(newEta));
    }

    /**
     * A copy with another label-noise variance Δ (same start).
     *
     * @return a new spec with Δ = {@code newNoise}, otherwise equal to this one
     */
    public ModelSpec withNoise(double newNoise) {
        return new ModelSpec(p, pstar, activation, normalisation, learningRate, eta, etaPerWidth, newNoise, eta2,
                teacher, init, start);
    }

    /**
     * A copy with the η² term switched on or off (same start).
     *
     * @return a new spec with the η² term {@code on} or off, otherwise equal to this one
     */
    public ModelSpec withEta2(boolean on) {
        return new ModelSpec(p, pstar, activation, normalisation, learningRate, eta, etaPerWidth, noise, on, teacher,
                init, start);
    }

    /**
     * A copy with another teacher.
     *
     * @return a new spec with teacher {@code newTeacher}, otherwise equal to this one
     */
    public ModelSpec withTeacher(TeacherSpec newTeacher) {
        return new ModelSpec(p, pstar, activation, normalisation, learningRate, eta, etaPerWidth, noise, eta2,
                newTeacher, init, new Start());
    }

    /**
     * A copy with another initial condition.
     *
     * @return a new spec with initial condition {@code newInit}, otherwise equal to this one
     */
    public ModelSpec withInit(InitialCondition newInit) {
        return new ModelSpec(p, pstar, activation, normalisation, learningRate, eta, etaPerWidth, noise, eta2, teacher,
                newInit, new Start());
    }

    /**
     * T for this spec without drawing a student: I for an orthonormal teacher, the file's T, or the
     * overlap of a Gaussian teacher drawn at its N and seed.
     *
     * @return the teacher overlap T, a p*×p* matrix
     */
    public double[][] teacherOverlap() {
        if (teacher instanceof TeacherSpec.FromFile file) {
            return file.t();
        }
        if (init instanceof InitialCondition.FromFile file) {
            return file.state().teacherOverlap();
        }
        if (teacher instanceof TeacherSpec.Gaussian g) {
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
     * realisable (C not positive semi-definite) is reported here. A random start draws its p·N and p*·N
     * Gaussians on the first call only: later calls, and copies that keep p, p*, the teacher and the initial
     * condition, return the same (immutable) overlaps.
     *
     * @return the validated overlaps (Q, R, T) at α = 0
     */
    public Overlaps initialOverlaps() {
        return start.get(this);
    }

    /** Computes the overlaps at α = 0 (each call draws anew). */
    private Overlaps computeInitialOverlaps() {
        if (init instanceof InitialCondition.FromFile file) {
            return file.state();
        }
        if (init instanceof InitialCondition.Random r) {
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

    /**
     * One-line description, e.g. {@code p=3 p*=2 quadratic mean η=0.15 (η̃=0.05) Δ=0 η²:on teacher=orthonormal init=random}.
     *
     * @return the one-line description of the spec
     */
    public String describe() {
        return String.format(Locale.ROOT, "p=%d p*=%d %s %s η=%s (η̃=%s) Δ=%s η²:%s teacher=%s init=%s", p, pstar,
                activation.name(), normalisation.flag(), compact(eta), compact(etaPerWidth()), compact(noise),
                eta2 ? "on" : "off", teacherSource(), init.kind());
    }

    /**
     * Where T comes from, as {@link #teacherOverlap()} takes it: the teacher's kind ({@code orthonormal},
     * {@code gaussian}, {@code file}), except {@code init-file} when a state file given as the initial condition
     * supplies T (a teacher file still wins over it).
     *
     * @return {@code orthonormal}, {@code gaussian}, {@code file} or {@code init-file}
     */
    public String teacherSource() {
        if (!(teacher instanceof TeacherSpec.FromFile) && init instanceof InitialCondition.FromFile) {
            return "init-file";
        }
        return teacher.kind();
    }

    /**
     * x to 6 significant digits without trailing zeros (0.15000000000000002 → 0.15; 2.3221e-12 outside [1e-4, 1e7)).
     *
     * @return x written with at most 6 significant digits, in plain or scientific notation as above
     */
    public static String compact(double x) {
        if (x == 0 || !Double.isFinite(x)) {
            return x == 0 ? "0" : Double.toString(x);
        }
        java.math.BigDecimal d = new java.math.BigDecimal(x).round(new java.math.MathContext(6)).stripTrailingZeros();
        double mag = Math.abs(x);
        if (mag >= 1e-4 && mag < 1e7) {
            return d.toPlainString();
        }
        int exponent = d.precision() - d.scale() - 1;
        String mantissa = d.movePointLeft(exponent).stripTrailingZeros().toPlainString();
        return mantissa + "e" + (exponent > 0 ? "+" : "") + exponent;
    }

    /**
     * A builder with the model's defaults (see {@link Builder}).
     *
     * @return a new builder holding the defaults
     */
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

        /**
         * The learning rate η itself.
         *
         * @return this builder
         */
        public Builder lr(double eta) {
            lr = eta;
            convention = LearningRateConvention.ABSOLUTE;
            return this;
        }

        /**
         * The learning rate per width η̃; η = p η̃ at build time.
         *
         * @return this builder
         */
        public Builder lrPerWidth(double etaTilde) {
            lr = etaTilde;
            convention = LearningRateConvention.PER_WIDTH;
            return this;
        }

        /**
         * The learning rate as typed, with its convention.
         *
         * @return this builder
         */
        public Builder learningRate(LearningRate rate) {
            lr = rate.value();
            convention = rate.convention();
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

        /**
         * The validated spec.
         *
         * @return the spec built from this builder's values
         */
        public ModelSpec build() {
            return new ModelSpec(p, pstar, activation, normalisation, new LearningRate(lr, convention), noise, eta2,
                    teacher, init);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelSpec m && p == m.p && pstar == m.pstar && activation.equals(m.activation)
                && normalisation == m.normalisation && learningRate.equals(m.learningRate)
                && Double.compare(eta, m.eta) == 0 && Double.compare(noise, m.noise) == 0 && eta2 == m.eta2
                && teacher.equals(m.teacher) && init.equals(m.init);
    }

    @Override
    public int hashCode() {
        return Objects.hash(p, pstar, activation, normalisation, learningRate, eta, noise, eta2, teacher, init);
    }

    @Override
    public String toString() {
        return "ModelSpec[p=" + p + ", pstar=" + pstar + ", activation=" + activation + ", normalisation="
                + normalisation + ", learningRate=" + learningRate + ", eta=" + eta + ", noise=" + noise + ", eta2="
                + eta2 + ", teacher=" + teacher + ", init=" + init + "]";
    }

    /**
     * The overlaps at α = 0 of a spec, computed on first use and then kept: one per (p, p*, teacher, initial
     * condition), shared by the copies that keep these. Thread-safe; a failed computation is not kept.
     */
    private static final class Start {
        private volatile Overlaps overlaps;

        Overlaps get(ModelSpec spec) {
            Overlaps o = overlaps;
            if (o == null) {
                synchronized (this) {
                    o = overlaps;
                    if (o == null) {
                        o = spec.computeInitialOverlaps();
                        overlaps = o;
                    }
                }
            }
            return o;
        }
    }
}
