package dev.overlap.model;

/**
 * The learning rate as the user typed it, with its convention (docs/model.md §4): either η itself
 * ({@link ModelSpec.LearningRateConvention#ABSOLUTE}) or the rate per width η̃
 * ({@link ModelSpec.LearningRateConvention#PER_WIDTH}) with η = p·η̃. The typed {@link #value()} is kept
 * exactly; the other one is derived from it (by {@link ModelSpec}, once).
 *
 * @param value      η or η̃, as typed: finite and &gt; 0
 * @param convention which of the two {@code value} is
 */
public record LearningRate(double value, ModelSpec.LearningRateConvention convention) {

    public LearningRate {
        if (convention == null) {
            throw new SpecException("a learning rate needs its convention (absolute η or per width η̃)");
        }
        if (!Double.isFinite(value) || value <= 0) {
            throw new SpecException(convention.parameter(), "the learning rate", "must be a finite number > 0 (got "
                    + (convention == ModelSpec.LearningRateConvention.PER_WIDTH ? "η̃" : "η") + " = " + value + ")");
        }
    }

    /** η given directly. */
    public static LearningRate absolute(double eta) {
        return new LearningRate(eta, ModelSpec.LearningRateConvention.ABSOLUTE);
    }

    /** η̃ given, η = p·η̃. */
    public static LearningRate perWidth(double etaTilde) {
        return new LearningRate(etaTilde, ModelSpec.LearningRateConvention.PER_WIDTH);
    }

    /** η at student width p: the typed value for an absolute rate, p·η̃ for a rate per width. */
    public double eta(int p) {
        return convention == ModelSpec.LearningRateConvention.PER_WIDTH ? p * value : value;
    }

    /** η̃ = η/p at student width p: the typed value for a rate per width, η/p for an absolute rate. */
    public double etaPerWidth(int p) {
        return convention == ModelSpec.LearningRateConvention.PER_WIDTH ? value : value / p;
    }
}
