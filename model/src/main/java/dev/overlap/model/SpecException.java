package dev.overlap.model;

/**
 * A model specification or state that violates the model's conventions. Its message is one sentence
 * that names the offending input, suitable to show a user as is.
 */
public final class SpecException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public SpecException(String message) {
        super(message);
    }

    public SpecException(String message, Throwable cause) {
        super(message, cause);
    }
}
