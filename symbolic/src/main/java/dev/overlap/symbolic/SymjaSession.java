package dev.overlap.symbolic;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.matheclipse.core.basic.Config;
import org.matheclipse.core.eval.EvalEngine;
import org.matheclipse.core.eval.ExprEvaluator;
import org.matheclipse.core.expression.F;
import org.matheclipse.core.interfaces.IExpr;
import org.matheclipse.parser.client.ParserConfig;

/**
 * One Symja (matheclipse-core) engine for the JVM, in strict Mathematica syntax ({@code Expand[…]}),
 * case-sensitive ({@code Q} ≠ {@code q}), without helper threads. Starting it costs about 2 s, so it is
 * created lazily, once. Symja reports most errors as printed messages rather than exceptions: every
 * evaluation here captures the engine's output and fails loudly if anything was printed or the result is
 * unevaluated.
 */
public final class SymjaSession {

    private static SymjaSession instance;

    private final ExprEvaluator evaluator;
    private final ByteArrayOutputStream messages = new ByteArrayOutputStream();

    private SymjaSession() {
        System.setProperty("log4j2.loggerContextFactory", "org.apache.logging.log4j.simple.SimpleLoggerContextFactory");
        System.setProperty("org.apache.logging.log4j.simplelog.StatusLogger.level", "OFF");
        System.setProperty("org.apache.logging.log4j.level", "OFF");
        ParserConfig.PARSER_USE_LOWERCASE_SYMBOLS = false;
        Config.JAS_NO_THREADS = true;
        Config.FILESYSTEM_ENABLED = false;
        F.initSymbols();
        PrintStream capture = new PrintStream(messages, true, StandardCharsets.UTF_8);
        EvalEngine engine = new EvalEngine("overlap", 512, 10_000, capture, capture, false);
        EvalEngine.set(engine);
        this.evaluator = new ExprEvaluator(engine, true, (short) 0);
    }

    /**
     * The shared session (created on first use).
     *
     * @return the one session of this JVM
     */
    public static synchronized SymjaSession get() {
        if (instance == null) {
            instance = new SymjaSession();
        }
        return instance;
    }

    /**
     * Evaluates Mathematica-syntax input.
     *
     * @return the evaluated expression
     * @throws SymbolicException if Symja printed a message or failed
     */
    public synchronized IExpr eval(String input) {
        messages.reset();
        IExpr result;
        try {
            EvalEngine.set(evaluator.getEvalEngine());
            result = evaluator.eval(input);
        } catch (RuntimeException e) {
            throw new SymbolicException("Symja failed on " + abbreviate(input) + ": " + e.getMessage(), e);
        }
        String printed = messages.toString(StandardCharsets.UTF_8).trim();
        if (!printed.isEmpty()) {
            throw new SymbolicException("Symja reported \"" + abbreviate(printed) + "\" on " + abbreviate(input));
        }
        if (result == null || !result.isPresent()) {
            throw new SymbolicException("Symja returned no result for " + abbreviate(input));
        }
        return result;
    }

    /**
     * Evaluates {@code head[expr]} and checks that the head was applied (the result is not unevaluated).
     *
     * @return the evaluated {@code head[expr]}
     */
    public IExpr apply(String head, String expr) {
        IExpr r = eval(head + "[" + expr + "]");
        if (r.isAST() && r.head().toString().equals(head)) {
            throw new SymbolicException(head + " stayed unevaluated on " + abbreviate(expr));
        }
        return r;
    }

    /**
     * Strict (Mathematica) input form on one line: Symja's {@code toString} wraps long output at 80 columns,
     * even inside symbols, so exports use this instead.
     *
     * @return the expression in input form, without line breaks
     */
    public synchronized String inputForm(IExpr expr) {
        StringBuilder sb = new StringBuilder();
        org.matheclipse.core.form.output.OutputFormFactory form = org.matheclipse.core.form.output.OutputFormFactory.get(false);
        form.setIgnoreNewLine(true);
        form.setInputForm(true);
        if (!form.convert(sb, expr)) {
            throw new SymbolicException("Symja could not print " + abbreviate(expr.fullFormString()));
        }
        return sb.toString();
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "…";
    }
}
