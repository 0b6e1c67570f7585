package dev.overlap.cli;

import dev.overlap.validation.Engine;

/** {@code --engine}: the simulator's engine. */
enum EngineChoice implements Spelled {
    /** The exact Markov chain of the overlaps. */
    OVERLAPS("overlaps"),
    /** SGD on drawn weights. */
    WEIGHTS("weights");

    private final String spelling;

    EngineChoice(String spelling) {
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

    /**
     * The simulator's engine.
     *
     * @return the validation module's engine of this name
     */
    Engine engine() {
        return this == WEIGHTS ? Engine.WEIGHTS : Engine.OVERLAPS;
    }

    /** picocli's converter for {@code --engine overlaps|weights}. */
    static final class Converter extends SpellingConverter<EngineChoice> {
        Converter() {
            super(EngineChoice.class);
        }
    }
}
