package dev.overlap.cli;

/** {@code compare --theory}: the theory the verdict is about. */
enum TheoryChoice implements Spelled {
    /** finite-n where it applies, else ode. */
    AUTO("auto"),
    /** The finite-N theory. */
    FINITE_N("finite-n"),
    /** The N → ∞ ODE from each seed's start. */
    ODE("ode");

    private final String spelling;

    TheoryChoice(String spelling) {
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

    /** picocli's converter for {@code --theory auto|finite-n|ode}. */
    static final class Converter extends SpellingConverter<TheoryChoice> {
        Converter() {
            super(TheoryChoice.class);
        }
    }
}
