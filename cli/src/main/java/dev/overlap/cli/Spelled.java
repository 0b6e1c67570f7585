package dev.overlap.cli;

/**
 * A value of a flag with a fixed list of choices (an enum constant), and the spelling users type for it. Its
 * {@code toString()} is that spelling too, so that help defaults and sweep keys show what the user typed.
 */
interface Spelled {

    /**
     * The spelling on the command line.
     *
     * @return e.g. {@code csv}, {@code finite-n}
     */
    String spelling();
}
