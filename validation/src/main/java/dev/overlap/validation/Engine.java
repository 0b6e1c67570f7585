package dev.overlap.validation;

import java.util.Locale;

import dev.overlap.model.SpecException;

/** How finite-N SGD is simulated ({@code --engine}); every output records it by {@link #flag()}. */
public enum Engine {

    /**
     * The exact Markov chain of the overlaps ({@link OverlapChain}): cost per step independent of N, initial
     * overlaps drawn from their exact law, and able to start from given overlaps. The default.
     */
    OVERLAPS("overlaps"),

    /** The weights W (p×N) moved step by step ({@link SgdRun}): the literal algorithm, O((p + p*) N) per step. */
    WEIGHTS("weights");

    private final String flag;

    Engine(String flag) {
        this.flag = flag;
    }

    /**
     * The name used on the command line and in outputs: {@code overlaps} or {@code weights}.
     *
     * @return the engine's name
     */
    public String flag() {
        return flag;
    }

    /**
     * Parses {@code overlaps} or {@code weights}.
     *
     * @return the engine of that name
     * @throws SpecException for any other name
     */
    public static Engine parse(String name) {
        String key = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        for (Engine e : values()) {
            if (e.flag.equals(key)) {
                return e;
            }
        }
        throw SpecException.mentioning("unknown {engine} '" + name + "': use overlaps or weights", null);
    }
}
