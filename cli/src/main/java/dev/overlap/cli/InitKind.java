package dev.overlap.cli;

/** {@code --init}: where the overlaps start (docs/model.md). */
enum InitKind implements Spelled {
    /** Overlaps of drawn weights. */
    RANDOM("random"),
    /** Q = q₀ I, R = r₀ P. */
    ISOTROPIC("isotropic"),
    /** A state read from --init-file. */
    FILE("file");

    private final String spelling;

    InitKind(String spelling) {
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

    /** picocli's converter for {@code --init random|isotropic|file}. */
    static final class Converter extends SpellingConverter<InitKind> {
        Converter() {
            super(InitKind.class);
        }
    }
}
