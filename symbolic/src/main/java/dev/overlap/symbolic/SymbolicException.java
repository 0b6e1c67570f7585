package dev.overlap.symbolic;

/** The computer-algebra system reported an error or returned something unexpected. */
public final class SymbolicException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SymbolicException(String message) {
        super(message);
    }

    public SymbolicException(String message, Throwable cause) {
        super(message, cause);
    }
}
