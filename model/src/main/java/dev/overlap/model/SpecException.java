package dev.overlap.model;

import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A model specification or state that violates the model's conventions. Its message is one sentence
 * that names the offending input, suitable to show a user as is. An error about parameters names them by
 * their library names ({@code lr_per_width}, {@code N}, {@code escape_fraction}, …; {@link #parameter()} is
 * the first), and {@link #message(UnaryOperator)} writes the same sentence with a front end's names for them
 * (the CLI writes its flags: {@code --lr-per-width must be …}).
 */
public final class SpecException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** A parameter in a sentence: {@code {name}}, or {@code {name value}} for the parameter set to a value. */
    private static final Pattern MENTION = Pattern.compile("\\{([A-Za-z0-9_]+)(?: ([^{}]*))?\\}");

    private final String parameter;
    private final String subject;
    private final String sentence;

    public SpecException(String message) {
        this(message, (Throwable) null);
    }

    public SpecException(String message, Throwable cause) {
        super(message, cause);
        this.parameter = null;
        this.subject = null;
        this.sentence = null;
    }

    /**
     * An error about one parameter, the subject of its sentence: the message is {@code subject + " " + detail}.
     *
     * @param parameter the parameter's name (snake case, as in the JSON outputs where it appears there)
     * @param subject   how the library names it in a sentence, e.g. "the learning rate" (or the name itself)
     * @param detail    the rest of the sentence, e.g. "must be a finite number &gt; 0 (got η = 0.0)"
     */
    public SpecException(String parameter, String subject, String detail) {
        super(subject + " " + render(detail, SpecException::libraryName));
        this.parameter = parameter;
        this.subject = subject;
        this.sentence = "{" + parameter + "} " + detail;
    }

    private SpecException(String template, Throwable cause, boolean templated) {
        super(render(template, SpecException::libraryName), cause);
        Matcher m = MENTION.matcher(template);
        this.parameter = m.find() ? m.group(1) : null;
        this.subject = null;
        this.sentence = template;
    }

    /**
     * An error about one parameter, named in the message by its name.
     *
     * @return the error with message {@code parameter + " " + detail}
     */
    public static SpecException of(String parameter, String detail) {
        return new SpecException(parameter, parameter, detail);
    }

    /**
     * An error whose remedy is to change one parameter, which the sentence does not start with: the message is
     * {@code sentence + " (" + parameter + ")"}.
     *
     * @return the error
     */
    public static SpecException pointingTo(String parameter, String sentence) {
        return new SpecException(sentence + " ({" + parameter + "})", null, true);
    }

    /**
     * An error whose sentence mentions parameters: {@code {name}} for a parameter, {@code {name value}} for it
     * set to a value (written {@code name = value} in the message, {@code --name value} by the CLI), e.g.
     * {@code "the weights engine needs {init random}; use {engine overlaps} or fewer {threads}"}.
     *
     * @param cause the underlying error, or null
     * @return the error
     */
    public static SpecException mentioning(String sentence, Throwable cause) {
        return new SpecException(sentence, cause, true);
    }

    /**
     * The (first) parameter this error is about, if it is about one.
     *
     * @return its name, or empty for an error about the specification as a whole
     */
    public Optional<String> parameter() {
        return Optional.ofNullable(parameter);
    }

    /**
     * The message with the parameters named the front end's way, each followed by its value if the sentence
     * sets one: {@code name + " " + detail} for an error about one parameter; the message itself for an error
     * about the specification as a whole.
     *
     * @param nameOf the front end's name of a parameter, e.g. its command-line flag
     * @return the message in the front end's words
     */
    public String message(UnaryOperator<String> nameOf) {
        if (sentence == null) {
            return getMessage();
        }
        return render(sentence, (name, value) -> value == null ? nameOf.apply(name) : nameOf.apply(name) + " " + value);
    }

    /**
     * The message without the subject of an error about one parameter (what follows it), else the message.
     *
     * @return the message without its subject
     */
    public String detail() {
        return subject == null ? getMessage() : getMessage().substring(subject.length() + 1);
    }

    /** A parameter as the library writes it: its name, or {@code name = value}. */
    private static String libraryName(String name, String value) {
        return value == null ? name : name + " = " + value;
    }

    private interface Mention {
        String write(String name, String value);
    }

    private static String render(String template, Mention mention) {
        Matcher m = MENTION.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(mention.write(m.group(1), m.group(2))));
        }
        return m.appendTail(out).toString();
    }
}
