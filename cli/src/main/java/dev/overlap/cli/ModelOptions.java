package dev.overlap.cli;

import java.nio.file.Path;

import dev.overlap.model.Activation;
import dev.overlap.model.InitialCondition;
import dev.overlap.model.LearningRate;
import dev.overlap.model.ModelSpec;
import dev.overlap.model.Normalisation;
import dev.overlap.model.StateFiles;
import dev.overlap.model.TeacherSpec;
import picocli.CommandLine.Option;

/** The model flags shared by every command that runs the model; {@link #toSpec()} validates them. */
final class ModelOptions {

    static final int DEFAULT_P = 3;
    static final int DEFAULT_PSTAR = 2;
    static final double DEFAULT_LR_PER_WIDTH = 0.05;

    @Option(names = "--p", paramLabel = "P", description = "Student width p (default: ${DEFAULT-VALUE}).")
    int p = DEFAULT_P;

    @Option(names = "--pstar", paramLabel = "P*", description = "Teacher width p* (default: ${DEFAULT-VALUE}).")
    int pstar = DEFAULT_PSTAR;

    /**
     * The help of --activation for the commands that integrate the overlap ODEs (solve, compare, escape); simulate,
     * which also runs relu and abs, replaces it through the key "activation" of its resource bundle
     * ({@code SimulateHelp.properties}).
     */
    @Option(names = "--activation", paramLabel = "NAME", descriptionKey = "activation",
            description = "Activation of student and teacher: quadratic (σ(z) = z², default), poly:c0,c1,…,c4"
                    + " (σ(z) = Σ c_k z^k, degree ≤ 4, decimal or fraction coefficients, e.g. poly:0,1,0.5) or erf"
                    + " (σ(z) = erf(z/√2), Saad & Solla). (relu and abs have no overlap ODEs: 'overlap simulate'"
                    + " runs them.)")
    String activation = "quadratic";

    @Option(names = "--norm", paramLabel = "mean|sum|sqrt",
            description = "Second-layer normalisation κ(width): mean = 1/width, sum = 1, sqrt = 1/√width "
                    + "(default: ${DEFAULT-VALUE}).")
    String norm = "mean";

    @Option(names = "--lr", paramLabel = "ETA", description = "Learning rate η of the SGD step (or give --lr-per-width).")
    Double eta;

    @Option(names = "--lr-per-width", paramLabel = "ETA~",
            description = "Learning rate per width η̃, η = p·η̃ (default: η̃ = " + DEFAULT_LR_PER_WIDTH + ").")
    Double etaPerWidth;

    @Option(names = "--noise", paramLabel = "DELTA", description = "Label-noise variance Δ (default: ${DEFAULT-VALUE}).")
    double noise = 0.0;

    @Option(names = "--no-eta2", description = "Drop the η² (SGD-noise) term of dQ/dα: gradient flow on the population loss"
            + " (the label noise Δ enters only through that term, so --noise is refused with it).")
    boolean noEta2;

    @Option(names = "--teacher", paramLabel = "KIND",
            description = "Teacher: orthonormal (T = I, default), gaussian (rows ~ N(0, I_N) drawn at --N, --seed), "
                    + "or a JSON file {\"T\": [[...]]} (give its path, optionally as file:PATH).")
    String teacher = "orthonormal";

    @Option(names = "--init", paramLabel = "random|isotropic|file", converter = InitKind.Converter.class,
            description = "Initial overlaps: random = draw W(0) rows ~ N(0, σ₀² I) and the teacher at --N, --seed and "
                    + "take their overlaps; isotropic = Q = q₀ I, R = r₀ P with P[a][r] = 1 if r = a mod p*; "
                    + "file = a JSON state {\"Q\": .., \"R\": .., \"T\": ..} from --init-file. Default: ${DEFAULT-VALUE}.")
    InitKind init = InitKind.RANDOM;

    /**
     * One N for solve and simulate (the help here); compare and escape take a list and say so through the key "N"
     * of their resource bundle ({@code NListHelp.properties}); simulate's says what N is there.
     */
    @Option(names = "--N", paramLabel = "N", split = ",", descriptionKey = "N",
            description = "Input dimension N of the random draw of the start (one value; default: 2000).")
    int[] n;

    @Option(names = "--sigma0", paramLabel = "S", description = "Std of the initial student weights (default: 1).")
    Double sigma0;

    @Option(names = "--seed", paramLabel = "SEED", description = "Seed of the random draw (default: 1).")
    Long seed;

    @Option(names = "--q0", paramLabel = "Q0", description = "Isotropic start: Q(0) = q₀ I (default: 1).")
    Double q0;

    @Option(names = "--r0", paramLabel = "R0", description = "Isotropic start: R(0) = r₀ P (default: 0.001).")
    Double r0;

    @Option(names = "--init-file", paramLabel = "FILE", description = "JSON state for --init file.")
    Path initFile;

    /** The master seed of a simulation, and the seed of the random draw: --seed (default 1). */
    long masterSeed() {
        return seed == null ? 1L : seed;
    }

    /** The --N values given (default: 2000). */
    int[] dimensions() {
        return n == null || n.length == 0 ? new int[] {2000} : n.clone();
    }

    /**
     * The --N list of the commands that run at several N (compare, escape), checked: every value positive and at
     * least p + p*, none given twice.
     */
    int[] dimensionList() {
        int[] ns = dimensions();
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (int v : ns) {
            if (v < 1) {
                throw new UserError("--N values must be positive (got " + v + ")");
            }
            if (!seen.add(v)) {
                throw new UserError("--N lists " + v + " twice: give each N once");
            }
        }
        if (p >= 1 && pstar >= 1) {
            for (int v : ns) {
                if (v < p + pstar) {
                    throw new UserError("--N values must be at least p + p* = " + (p + pstar) + " (got " + v + ")");
                }
            }
        }
        return ns;
    }

    /** Declares the files the model reads (--init-file, a --teacher file) as inputs of an output set. */
    OutputSet inputsOf(OutputSet set) {
        set.input("--init-file", initFile);
        String t = teacher.trim();
        if (!t.equals("orthonormal") && !t.equals("gaussian")) {
            set.input("--teacher", Path.of(t.startsWith("file:") ? t.substring(5) : t));
        }
        return set;
    }

    /** Builds and validates the spec; --N must be a single value. */
    ModelSpec toSpec() {
        if (dimensions().length != 1) {
            throw new UserError("--N takes a single value here (got " + dimensions().length + ")");
        }
        return toSpec(dimensions()[0]);
    }

    /** Builds and validates the spec with input dimension {@code dimension} (for the random draw). */
    ModelSpec toSpec(int dimension) {
        if (noEta2 && noise > 0) {
            throw new UserError("--noise does not apply with --no-eta2: the label-noise variance Δ enters the ODE only"
                    + " through the η² term, so it would have no effect (drop one of the two)");
        }
        Activation act = Activation.parse(activation);
        Normalisation normalisation = Normalisation.parse(norm);
        LearningRate rate;
        if (this.eta != null && etaPerWidth != null) {
            throw new UserError("give either --lr or --lr-per-width, not both");
        }
        if (this.eta != null) {
            if (!(this.eta > 0) || !Double.isFinite(this.eta)) {
                throw new UserError("--lr must be a finite number > 0 (got " + this.eta + ")");
            }
            rate = LearningRate.absolute(this.eta);
        } else {
            double perWidth = etaPerWidth != null ? etaPerWidth : DEFAULT_LR_PER_WIDTH;
            if (!(perWidth > 0) || !Double.isFinite(perWidth)) {
                throw new UserError("--lr-per-width must be a finite number > 0 (got " + perWidth + ")");
            }
            rate = LearningRate.perWidth(perWidth);
        }
        long drawSeed = seed == null ? 1L : seed;

        TeacherSpec teacherSpec;
        String t = teacher.trim();
        if (t.equals("orthonormal")) {
            teacherSpec = new TeacherSpec.Orthonormal();
        } else if (t.equals("gaussian")) {
            teacherSpec = new TeacherSpec.Gaussian(dimension, drawSeed);
        } else {
            Path path = Path.of(t.startsWith("file:") ? t.substring(5) : t);
            teacherSpec = new TeacherSpec.FromFile(path.toString(), StateFiles.readTeacherOverlap(path));
        }

        InitialCondition ic;
        switch (init) {
            case RANDOM:
                reject(q0, "--q0", "isotropic");
                reject(r0, "--r0", "isotropic");
                reject(initFile, "--init-file", "file");
                ic = new InitialCondition.Random(dimension, sigma0 == null ? 1.0 : sigma0, drawSeed);
                break;
            case ISOTROPIC:
                reject(sigma0, "--sigma0", "random");
                reject(initFile, "--init-file", "file");
                ic = new InitialCondition.Isotropic(q0 == null ? 1.0 : q0, r0 == null ? 1e-3 : r0);
                break;
            case FILE:
                reject(sigma0, "--sigma0", "random");
                reject(q0, "--q0", "isotropic");
                reject(r0, "--r0", "isotropic");
                if (initFile == null) {
                    throw new UserError("--init file needs --init-file FILE");
                }
                ic = new InitialCondition.FromFile(initFile.toString(), StateFiles.readState(initFile));
                break;
            default:
                throw new AssertionError(init);
        }
        return ModelSpec.builder().p(p).pstar(pstar).activation(act).normalisation(normalisation).learningRate(rate)
                .noise(noise).eta2(!noEta2).teacher(teacherSpec).init(ic).build();
    }

    private static void reject(Object given, String flag, String applies) {
        if (given != null) {
            throw new UserError(flag + " only applies to --init " + applies);
        }
    }
}
