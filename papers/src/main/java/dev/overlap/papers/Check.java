package dev.overlap.papers;

/**
 * One predicted-versus-measured comparison.
 *
 * @param quantity  what is compared
 * @param source    where the prediction comes from (a closed form, a citation)
 * @param predicted the predicted value
 * @param measured  the measured value (ODE, simulation)
 * @param tolerance the largest acceptable |measured − predicted| (absolute)
 */
public record Check(String quantity, String source, double predicted, double measured, double tolerance) {

    /** Whether |measured − predicted| ≤ tolerance (and both are finite). */
    public boolean passed() {
        return Double.isFinite(predicted) && Double.isFinite(measured) && Math.abs(measured - predicted) <= tolerance;
    }

    /** |measured − predicted|. */
    public double deviation() {
        return Math.abs(measured - predicted);
    }
}
