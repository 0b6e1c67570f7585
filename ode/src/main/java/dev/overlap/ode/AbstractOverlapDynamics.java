package dev.overlap.ode;

import dev.overlap.model.ModelSpec;
import dev.overlap.model.Overlaps;
import dev.overlap.model.SpecException;

/**
 * What every {@link OverlapDynamics} holds: the spec, the widths and a private copy of the constant teacher
 * overlap T.
 */
public abstract class AbstractOverlapDynamics implements OverlapDynamics {

    protected final ModelSpec spec;
    protected final int p;
    protected final int ps;
    protected final double[][] t;

    /**
     * @throws SpecException if T is not p*×p*
     */
    protected AbstractOverlapDynamics(ModelSpec spec, double[][] t) {
        if (t.length != spec.pstar()) {
            throw new SpecException("T is " + t.length + "×" + t.length + " but p* = " + spec.pstar());
        }
        this.spec = spec;
        this.p = spec.p();
        this.ps = spec.pstar();
        this.t = new double[ps][];
        for (int r = 0; r < ps; r++) {
            this.t[r] = t[r].clone();
        }
    }

    @Override
    public final ModelSpec spec() {
        return spec;
    }

    @Override
    public final double[][] teacherOverlap() {
        double[][] copy = new double[ps][];
        for (int r = 0; r < ps; r++) {
            copy[r] = t[r].clone();
        }
        return copy;
    }

    @Override
    public final int dimension() {
        return Overlaps.stateDimension(p, ps);
    }
}
