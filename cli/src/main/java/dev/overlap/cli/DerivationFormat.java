package dev.overlap.cli;

/** {@code derive --format}: how the derived equations are written. */
enum DerivationFormat implements Spelled {
    /** Plain text. */
    TEXT("text"),
    /** LaTeX. */
    LATEX("latex"),
    /** One JSON document. */
    JSON("json"),
    /** A Java class. */
    JAVA("java");

    private final String spelling;

    DerivationFormat(String spelling) {
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

    /** picocli's converter for {@code --format text|latex|json|java}. */
    static final class Converter extends SpellingConverter<DerivationFormat> {
        Converter() {
            super(DerivationFormat.class);
        }
    }
}
