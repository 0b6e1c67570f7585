package dev.overlap.papers;

import java.util.ArrayList;
import java.util.List;

import dev.overlap.model.ModelSpec;

/**
 * The closed forms of the late-time approach to zero loss of the quadratic overlap ODEs (T = I), derived in the
 * Javadoc of {@link Bocchi2026Late}: the Jacobian spectrum at the zero-loss point, the exponential rate for p = p*,
 * the power-law prefactors for p &gt; p*, and the stationary error with label noise; g = ηκ_sκ_t throughout.
 */
final class LateTimeTheory {

    private LateTimeTheory() {
    }

    /** g = η κ_s κ_t. */
    static double g(ModelSpec spec) {
        return spec.eta() * spec.kappaStudent() * spec.kappaTeacher();
    }

    /**
     * The decay rate λ of ε_g for p = p* (the slowest non-zero Jacobian rate at the solution): 8g for gradient
     * flow, 8g(1 − 2g(p+2)) with the η² term (g = ηκ_sκ_t; mean normalisation 8η̃/p (1 − 2η̃(p+2)/p)).
     */
    static double exponentialRate(ModelSpec spec) {
        double g = g(spec);
        return spec.eta2() ? 8 * g * (1 - 2 * g * (spec.pstar() + 2)) : 8 * g;
    }

    /**
     * The predicted Jacobian spectrum at the zero-loss point {@link Bocchi2026Late#solutionState}, Δ = 0, as (eigenvalue,
     * multiplicity) pairs; multiplicities of equal eigenvalues are merged.
     */
    static List<double[]> predictedSpectrum(ModelSpec spec) {
        int p = spec.p();
        int ps = spec.pstar();
        int m = p - ps;
        double g = g(spec);
        int symPs = ps * (ps + 1) / 2;
        List<double[]> out = new ArrayList<>();
        add(out, 0, p * ps - symPs + m * (m + 1) / 2);
        add(out, -8 * g, symPs - 1);
        add(out, -4 * g * (ps + 2), 1);
        add(out, -4 * g, ps * m);
        if (spec.eta2()) {
            add(out, -8 * g * (1 - 4 * g), symPs - 1);
            add(out, -8 * g * (1 - 2 * g * (ps + 2)), 1);
        } else {
            add(out, -8 * g, symPs);
        }
        return out;
    }

    private static void add(List<double[]> out, double value, int multiplicity) {
        if (multiplicity == 0) {
            return;
        }
        for (double[] e : out) {
            if (Math.abs(e[0] - value) < 1e-12) {
                e[1] += multiplicity;
                return;
            }
        }
        out.add(new double[] {value, multiplicity});
    }

    /** Gradient-flow prefactor A of ε_g ≈ A/α² for p &gt; p*: m(p*+2)/(64η²κ_s²(p+2)). */
    static double powerLawPrefactor(ModelSpec spec) {
        int p = spec.p();
        int ps = spec.pstar();
        double eta = spec.eta();
        double ks = spec.kappaStudent();
        return (p - ps) * (ps + 2.0) / (64 * eta * eta * ks * ks * (p + 2));
    }

    /** Prefactor B of tr Q_⊥ ≈ B/α for p &gt; p*: m(p*+2)/(8ηκ_s²(p+2)) (with or without the η² term). */
    static double qPerpPrefactor(ModelSpec spec) {
        int p = spec.p();
        int ps = spec.pstar();
        double ks = spec.kappaStudent();
        return (p - ps) * (ps + 2.0) / (8 * spec.eta() * ks * ks * (p + 2));
    }

    /** The η²-term factor of the power-law prefactor, (1 − 4g)/(1 − 2g(p*+2)) (1 for gradient flow). */
    static double noiseFactor(ModelSpec spec) {
        double g = g(spec);
        return spec.eta2() ? (1 - 4 * g) / (1 - 2 * g * (spec.pstar() + 2)) : 1;
    }

    /**
     * Stationary error with label noise Δ and the η² term: g p* Δ/(1 − 2g(p*+2)) (exact for p = p*, leading order
     * in η for p &gt; p*); 0 without the η² term.
     */
    static double stationaryError(ModelSpec spec) {
        if (!spec.eta2()) {
            return 0;
        }
        double g = g(spec);
        return g * spec.pstar() * spec.noise() / (1 - 2 * g * (spec.pstar() + 2));
    }

    /**
     * Stationary tr Q_⊥ with label noise and the η² term: p* c + m e/κ_s with c = ηΔ/(2(1 − 2g(p*+2))) and
     * e = ηκ_sΔ(p*+2)/(2(p+2)) (exact for p = p*, leading order in η for p &gt; p*).
     */
    static double stationaryQperp(ModelSpec spec) {
        int p = spec.p();
        int ps = spec.pstar();
        double eta = spec.eta();
        double d = spec.noise();
        double c = eta * d / (2 * (1 - 2 * g(spec) * (ps + 2)));
        double e = eta * spec.kappaStudent() * d * (ps + 2) / (2.0 * (p + 2));
        return ps * c + (p - ps) * e / spec.kappaStudent();
    }
}
