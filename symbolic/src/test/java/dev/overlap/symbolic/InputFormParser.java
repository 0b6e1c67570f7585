package dev.overlap.symbolic;

import java.math.BigInteger;
import java.util.Map;

import org.hipparchus.fraction.BigFraction;

/**
 * A small independent recursive-descent parser for the input form of the exports, as "another program" would
 * write it: integers, {@code + - * / ^}, parentheses, and symbols {@code name} or {@code name[i,j]}. Powers bind
 * tighter than unary minus ({@code -x^2 = -(x^2)}) and are right-associative. The result is a tree evaluated
 * exactly (integer powers only) or in floating point.
 */
final class InputFormParser {

    /** A parsed expression. */
    interface Node {
        BigFraction exact(Map<String, BigFraction> env);

        double approx(Map<String, Double> env);
    }

    private final String s;
    private int pos;

    private InputFormParser(String s) {
        this.s = s;
    }

    static Node parse(String text) {
        InputFormParser p = new InputFormParser(text);
        Node n = p.expression();
        p.skip();
        if (p.pos != text.length()) {
            throw new IllegalArgumentException("trailing input at " + p.pos + ": " + text.substring(p.pos));
        }
        return n;
    }

    private void skip() {
        while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
            pos++;
        }
    }

    private boolean eat(char c) {
        skip();
        if (pos < s.length() && s.charAt(pos) == c) {
            pos++;
            return true;
        }
        return false;
    }

    private Node expression() {
        Node left = term();
        while (true) {
            if (eat('+')) {
                Node a = left;
                Node b = term();
                left = node((e) -> a.exact(e).add(b.exact(e)), (e) -> a.approx(e) + b.approx(e));
            } else if (eat('-')) {
                Node a = left;
                Node b = term();
                left = node((e) -> a.exact(e).subtract(b.exact(e)), (e) -> a.approx(e) - b.approx(e));
            } else {
                return left;
            }
        }
    }

    private Node term() {
        Node left = unary();
        while (true) {
            if (eat('*')) {
                Node a = left;
                Node b = unary();
                left = node((e) -> a.exact(e).multiply(b.exact(e)), (e) -> a.approx(e) * b.approx(e));
            } else if (eat('/')) {
                Node a = left;
                Node b = unary();
                left = node((e) -> a.exact(e).divide(b.exact(e)), (e) -> a.approx(e) / b.approx(e));
            } else {
                return left;
            }
        }
    }

    private Node unary() {
        if (eat('-')) {
            Node a = unary();
            return node((e) -> a.exact(e).negate(), (e) -> -a.approx(e));
        }
        if (eat('+')) {
            return unary();
        }
        return power();
    }

    private Node power() {
        Node base = atom();
        if (eat('^')) {
            Node exp = unary();
            return node((e) -> {
                BigFraction x = exp.exact(e);
                if (!x.getDenominator().equals(BigInteger.ONE)) {
                    throw new ArithmeticException("non-integer power " + x + " has no exact value");
                }
                int k = x.getNumerator().intValueExact();
                BigFraction b = base.exact(e);
                return k >= 0 ? b.pow(k) : BigFraction.ONE.divide(b.pow(-k));
            }, (e) -> Math.pow(base.approx(e), exp.approx(e)));
        }
        return base;
    }

    private Node atom() {
        skip();
        if (eat('(')) {
            Node inner = expression();
            if (!eat(')')) {
                throw new IllegalArgumentException("missing ) at " + pos + " in " + s);
            }
            return inner;
        }
        int start = pos;
        if (pos < s.length() && Character.isDigit(s.charAt(pos))) {
            while (pos < s.length() && Character.isDigit(s.charAt(pos))) {
                pos++;
            }
            BigFraction v = new BigFraction(new BigInteger(s.substring(start, pos)));
            double d = v.doubleValue();
            return node((e) -> v, (e) -> d);
        }
        while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '_')) {
            pos++;
        }
        if (start == pos) {
            throw new IllegalArgumentException("unexpected '" + (pos < s.length() ? s.charAt(pos) : "end") + "' at "
                    + pos + " in " + s);
        }
        StringBuilder name = new StringBuilder(s.substring(start, pos));
        if (pos < s.length() && s.charAt(pos) == '[') {
            int close = s.indexOf(']', pos);
            if (close < 0) {
                throw new IllegalArgumentException("missing ] in " + s);
            }
            String[] idx = s.substring(pos + 1, close).split(",");
            if (idx.length != 2) {
                throw new IllegalArgumentException("a symbol takes two indices: " + s.substring(start, close + 1));
            }
            name.append('[').append(Integer.parseInt(idx[0].trim())).append(',').append(Integer.parseInt(idx[1].trim()))
                    .append(']');
            pos = close + 1;
        }
        String key = name.toString();
        return node((e) -> lookup(e, key), (e) -> lookup(e, key));
    }

    private static <T> T lookup(Map<String, T> env, String key) {
        T v = env.get(key);
        if (v == null) {
            throw new IllegalArgumentException("unknown symbol " + key);
        }
        return v;
    }

    private static Node node(java.util.function.Function<Map<String, BigFraction>, BigFraction> exact,
            java.util.function.ToDoubleFunction<Map<String, Double>> approx) {
        return new Node() {
            @Override
            public BigFraction exact(Map<String, BigFraction> env) {
                return exact.apply(env);
            }

            @Override
            public double approx(Map<String, Double> env) {
                return approx.applyAsDouble(env);
            }
        };
    }
}
