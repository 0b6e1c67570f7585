package dev.overlap.validation.symbolic;

import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import dev.overlap.model.ModelSpec;
import dev.overlap.model.Normalisation;
import dev.overlap.model.PolynomialActivation;
import dev.overlap.model.SpecException;
import dev.overlap.ode.OverlapDynamics;
import dev.overlap.ode.SymbolicRightHandSide;
import dev.overlap.symbolic.CompiledEquations;
import dev.overlap.symbolic.Derivation;
import dev.overlap.symbolic.EquationCache;
import dev.overlap.symbolic.EquationCompiler;
import dev.overlap.symbolic.OverlapEquations;

/**
 * The symbolic right-hand side that this module registers with ode ({@code META-INF/services}): the overlap
 * equations of a polynomial activation, derived by {@link Derivation} (through an {@link EquationCache} on disk),
 * compiled by {@link EquationCompiler}, evaluated by {@link SymbolicDynamics}.
 *
 * <p>Compiled evaluators are kept in memory for the life of the JVM, keyed by what the equations depend on (p, p*,
 * σ, normalisation, η² switch): each key is compiled once, however many seeds, threads or instances ask for it
 * (a second thread asking for a key being compiled waits for it). The registered instance (no-argument
 * constructor, the default disk cache) also keeps the equations, so that its later calls touch neither the disk
 * nor Symja. An instance with its own cache ({@link #SymbolicRhs(EquationCache)}) reads that cache, or derives
 * afresh when it is null, on every call, so that the cache's {@link EquationCache#lastOutcome()} describes the
 * call; it shares the compiled evaluators. Thread-safe.
 */
public final class SymbolicRhs implements SymbolicRightHandSide {

    /** What the equations depend on. */
    private record Key(int p, int pstar, PolynomialActivation sigma, Normalisation norm, boolean eta2) {
    }

    /** Equations with their compiled evaluator. */
    private record Compiled(OverlapEquations equations, CompiledEquations evaluator) {
    }

    private static final ConcurrentMap<Key, FutureTask<Compiled>> COMPILED = new ConcurrentHashMap<>();
    private static final AtomicLong COMPILATIONS = new AtomicLong();

    private final EquationCache cache;
    private final boolean remember;

    /** The registered right-hand side: the default disk cache, equations kept in memory. */
    public SymbolicRhs() {
        this.cache = EquationCache.defaultCache();
        this.remember = true;
    }

    /**
     * A right-hand side reading its own cache on every call.
     *
     * @param cache the disk cache of derived equations, or null to derive them afresh on every call
     */
    public SymbolicRhs(EquationCache cache) {
        this.cache = cache;
        this.remember = false;
    }

    /** Whether σ is a polynomial and p + p* is within {@link Derivation#odeMaxFields}. */
    @Override
    public boolean supports(ModelSpec spec) {
        return spec.activation() instanceof PolynomialActivation sigma
                && (long) spec.p() + spec.pstar() <= Derivation.odeMaxFields(sigma);
    }

    /**
     * @throws SpecException if σ is not a polynomial, or p + p* is too large for the derivation
     */
    @Override
    public OverlapDynamics dynamics(ModelSpec spec, double[][] t) {
        if (!(spec.activation() instanceof PolynomialActivation sigma)) {
            throw new SpecException("the symbolic derivation needs a polynomial activation (got '"
                    + spec.activation().name() + "')");
        }
        Key key = new Key(spec.p(), spec.pstar(), sigma, spec.normalisation(), spec.eta2());
        Compiled c = remember ? compiled(key, () -> equations(key)) : compiled(key, equations(key));
        return new SymbolicDynamics(spec, t, c.equations(), c.evaluator());
    }

    /** The equations of a key, from the cache or derived. */
    private OverlapEquations equations(Key k) {
        return cache == null ? Derivation.derive(k.p(), k.pstar(), k.sigma(), k.norm(), k.eta2())
                : cache.obtain(k.p(), k.pstar(), k.sigma(), k.norm(), k.eta2());
    }

    /** Equations obtained by the caller, compiled unless another call has compiled their key. */
    private static Compiled compiled(Key key, OverlapEquations equations) {
        return compiled(key, () -> equations);
    }

    /**
     * The compiled equations of a key: the first call for a key obtains and compiles them, concurrent callers wait
     * for it, later callers get the result. A failed attempt is forgotten, so the next call tries again.
     */
    private static Compiled compiled(Key key, Supplier<OverlapEquations> equations) {
        FutureTask<Compiled> task = new FutureTask<>(() -> {
            OverlapEquations eq = equations.get();
            COMPILATIONS.incrementAndGet();
            return new Compiled(eq, EquationCompiler.compile(eq));
        });
        FutureTask<Compiled> prior = COMPILED.putIfAbsent(key, task);
        if (prior == null) {
            prior = task;
            task.run();
        }
        try {
            return prior.get();
        } catch (ExecutionException e) {
            COMPILED.remove(key, prior);
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while the symbolic equations were compiled");
        }
    }

    /** How many times equations have been compiled by this class in this JVM (for tests). */
    static long compilations() {
        return COMPILATIONS.get();
    }
}
