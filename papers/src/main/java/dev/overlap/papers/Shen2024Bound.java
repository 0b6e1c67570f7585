package dev.overlap.papers;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.hipparchus.special.Gamma;

/**
 * Shen, "Exploring the complexity of deep neural networks through functional equivalence" (ICML 2024), part
 * {@code bound}: the permutations of hidden units leave the function unchanged, so a cover of parameter space by
 * ε-balls needs, up to the functions it represents, fewer balls by the factor Π_l d_l! (d_l the width of hidden layer
 * l), and the log covering number drops by Σ_l ln d_l!. Computed for given widths exactly (BigInteger factorials) and
 * by ln Γ(d+1), with Stirling's approximation d ln d − d + ½ ln(2πd) beside it.
 */
public final class Shen2024Bound implements Reproducible {

    /** The catalogue's instance; it does no work until {@link #run()}. */
    public Shen2024Bound() {
    }

    @Override
    public Paper paper() {
        return Paper.SHEN2024;
    }

    @Override
    public String name() {
        return "bound";
    }

    @Override
    public String summary() {
        return "log-covering-number reduction Σ ln d_l! from permutation invariance";
    }

    @Override
    public Reproduction run() {
        return bound();
    }

    /** Σ_l ln d_l! for six networks, exactly against ln Γ. */
    static Reproduction bound() {
        int[][] nets = {{2}, {8}, {16, 16}, {64, 64, 64}, {256, 256, 256, 256}, {1000, 1000}};
        List<Check> checks = new ArrayList<>();
        List<double[]> rows = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (int[] widths : nets) {
            double exact = 0;
            double gamma = 0;
            double stirling = 0;
            StringBuilder name = new StringBuilder();
            for (int d : widths) {
                exact += Combinatorics.lnFactorial(d);
                gamma += Gamma.logGamma(d + 1.0);
                stirling += d * Math.log(d) - d + 0.5 * Math.log(2 * Math.PI * d);
                name.append(name.length() > 0 ? "×" : "").append(d);
            }
            checks.add(new Check("widths " + name + ": Σ ln d_l! via ln Γ", "exact factorials", exact, gamma,
                    1e-12 * Math.max(1, exact)));
            rows.add(new double[] {widths.length, widths[0], exact, exact / Math.log(2), stirling});
            text.append(String.format(Locale.ROOT, "- hidden widths %s: ln Π d_l! = %.6g nats = %.6g bits (Stirling"
                    + " %.6g).%n", name, exact, exact / Math.log(2), stirling));
        }
        String summary = "Reduction of the log covering number from permutation invariance (Shen 2024):"
                + " Σ_l ln d_l! over hidden layers.\n\n" + text;
        return new Reproduction("shen2024", "bound", "Log-covering-number reduction Σ ln d_l!", summary, checks,
                List.of(new Table("bound", List.of("layers", "width", "ln_reduction_nats", "reduction_bits",
                    "stirling_nats"), rows)),
                List.of());
    }
}
