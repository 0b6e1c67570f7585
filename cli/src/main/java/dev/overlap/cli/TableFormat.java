package dev.overlap.cli;

/** {@code --format} of a table: CSV (with a JSON sidecar next to a file) or one JSON document. */
enum TableFormat implements Spelled {
    CSV("csv"),
    JSON("json");

    private final String spelling;

    TableFormat(String spelling) {
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

    /** picocli's converter for {@code --format csv|json}. */
    static final class Converter extends SpellingConverter<TableFormat> {
        Converter() {
            super(TableFormat.class);
        }
    }
}
