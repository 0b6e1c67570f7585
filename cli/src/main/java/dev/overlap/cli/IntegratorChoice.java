package dev.overlap.cli;

/** {@code --integrator}: a time stepper, or {@code auto} to choose by the last α. */
enum IntegratorChoice implements Spelled {
    /** dp853 up to α = 3000, rosenbrock beyond. */
    AUTO("auto"),
    /** Explicit Dormand–Prince 8(5,3). */
    DP853("dp853"),
    /** Linearly implicit RODAS4. */
    ROSENBROCK("rosenbrock");

    private final String spelling;

    IntegratorChoice(String spelling) {
        this.spelling = spelling;
    }

    @Override
    public String spelling() {
        return spelling;
    }

    @Override
    public String toString() {
        return spelling;
    }

    /** picocli's converter for {@code --integrator auto|dp853|rosenbrock}. */
    static final class Converter extends SpellingConverter<IntegratorChoice> {
        Converter() {
            super(IntegratorChoice.class);
        }
    }
}
