package dev.overlap.cli;

import java.nio.file.Path;

import dev.overlap.model.ModelSpec;
import dev.overlap.ode.ActivationTheory;
import dev.overlap.ode.OverlapDynamics;
import dev.overlap.ode.RhsKind;
import dev.overlap.symbolic.EquationCache;
import dev.overlap.validation.symbolic.SymbolicRhs;
import picocli.CommandLine.Option;

/** Which right-hand side evaluates the ODEs, and the cache of derived equations. */
final class RhsOptions {

    @Option(names = "--rhs", paramLabel = "closed-form|symbolic",
            description = "Evaluator of the right-hand side: closed-form (matrix formulas, quadratic activation only; the"
                    + " default there) or symbolic (equations derived with Symja and compiled; any polynomial"
                    + " activation, the default for non-quadratic ones).")
    String rhs;

    @Option(names = "--no-cache", description = "Derive the equations afresh instead of reading the cache.")
    boolean noCache;

    @Option(names = "--cache-dir", paramLabel = "DIR",
            description = "Cache of derived equations (default: $OVERLAP_CACHE, else $XDG_CACHE_HOME/overlap/equations,"
                    + " else ~/.cache/overlap/equations).")
    Path cacheDir;

    /** The evaluator asked for with --rhs, else the default of the activation's theory. */
    RhsKind kind(ModelSpec spec) {
        if (rhs != null) {
            return RhsKind.parse(rhs);
        }
        return ActivationTheory.of(spec.activation()).defaultRightHandSide();
    }

    /** The cache to use, or null with --no-cache. */
    EquationCache cache() {
        if (noCache) {
            return null;
        }
        return cacheAt(cacheDir);
    }

    /**
     * The cache in {@code dir} ({@code --cache-dir}), or the default one if dir is null.
     *
     * @return the cache
     * @throws UserError if dir exists and is not a directory (the cache could never be written there)
     */
    static EquationCache cacheAt(java.nio.file.Path dir) {
        if (dir == null) {
            return EquationCache.defaultCache();
        }
        if (java.nio.file.Files.exists(dir) && !java.nio.file.Files.isDirectory(dir)) {
            throw new UserError("--cache-dir " + dir + " is not a directory");
        }
        return new EquationCache(dir);
    }

    private String provenance = "";

    OverlapDynamics dynamics(ModelSpec spec, double[][] t) {
        long t0 = System.nanoTime();
        EquationCache cache = cache();
        RhsKind kind = kind(spec);
        OverlapDynamics f = ActivationTheory.of(spec.activation(), new SymbolicRhs(cache)).dynamics(spec, t, kind);
        if (kind == RhsKind.SYMBOLIC) {
            String how = cache == null ? "derived (cache bypassed)"
                    : cache.lastOutcome() == EquationCache.Outcome.HIT ? "read from the cache"
                    : "derived and cached in " + cache.directory();
            provenance = String.format(java.util.Locale.ROOT, " Symbolic equations %s, compiled; %.2f s.", how,
                    (System.nanoTime() - t0) * 1e-9);
        }
        return f;
    }

    /** One sentence on where the symbolic equations came from (empty for the closed form). */
    String provenance() {
        return provenance;
    }
}
