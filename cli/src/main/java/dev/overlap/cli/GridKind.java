package dev.overlap.cli;

/** {@code --grid}: the spacing of the α grid. */
enum GridKind implements Spelled {
    /** α = 0, then logarithmically spaced values. */
    LOG("log"),
    /** Equally spaced values from 0. */
    LINEAR("linear");

    private final String spelling;

    GridKind(String spelling) {
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

    /** picocli's converter for {@code --grid log|linear}. */
    static final class Converter extends SpellingConverter<GridKind> {
        Converter() {
            super(GridKind.class);
        }
    }
}
