package dev.overlap.cli.sweep;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One swept flag and its values, parsed from what the user typed after the flag:
 * <ul>
 * <li>a list {@code a,b,c};</li>
 * <li>a linear range {@code lo:hi:n}: v_i = lo + i (hi − lo)/(n − 1), i = 0 … n − 1;</li>
 * <li>a log range {@code lo:hi:n:log}: v_i = lo (hi/lo)^{i/(n − 1)}, lo, hi &gt; 0.</li>
 * </ul>
 * Range values are rounded to {@value #DIGITS} significant digits and written without trailing zeros, so the
 * value passed to the command is the value shown in the table (0.01:0.1:10 gives 0.01, 0.02, …, 0.1). Integer
 * flags need integer values: a linear range must hit integers; a log range is rounded to the nearest integer
 * and repeats are dropped (2:100:6:log gives 2, 4, 10, 21, 46, 100).
 *
 * @param flag   the flag as typed, e.g. {@code --lr-per-width}
 * @param text   what followed it, e.g. {@code 0.01:0.1:10}
 * @param values the values in order, as strings the command parses
 * @param log    whether the values came from a log range (the plot uses a log axis for them)
 */
public record SweepAxis(String flag, String text, List<String> values, boolean log) {

    /** Significant digits of range values. */
    public static final int DIGITS = 12;

    /** Largest number of values one axis may have. */
    public static final int MAX_VALUES = 100_000;

    /** What kind of value a flag takes, which decides how its text is split. */
    public enum Kind {
        /** Whole numbers: lists and ranges, integer values only. */
        INTEGER,
        /** Real numbers: lists and ranges. */
        REAL,
        /** Words (norm, init, engine, …): comma lists only; a colon is part of the value. */
        TEXT,
        /**
         * {@code --activation}: comma lists, where the coefficients of {@code poly:c0,c1,…} stay with their
         * {@code poly:} (so {@code quadratic,poly:0,1,0.5,erf} is three activations).
         */
        ACTIVATION
    }

    public SweepAxis {
        values = List.copyOf(values);
    }

    /** The table column of this flag: the flag without its dashes, with '-' as '_' ({@code --lr-per-width} → lr_per_width). */
    public String column() {
        return column(flag);
    }

    /** The table column of a flag (see {@link #column()}). */
    public static String column(String flag) {
        return flag.replaceFirst("^-+", "").replace('-', '_');
    }

    /** Whether {@code text} asks for more than one value of a flag of this kind. */
    public static boolean isSweep(String text, Kind kind) {
        return switch (kind) {
            case INTEGER, REAL -> text.contains(",") || text.contains(":");
            case TEXT -> text.contains(",");
            case ACTIVATION -> splitActivations(text).size() > 1;
        };
    }

    /**
     * Parses the values of {@code flag} from {@code text}.
     *
     * @throws IllegalArgumentException with a one-line reason naming the flag, if the text is not a list or
     *                                  range of values of this kind
     */
    public static SweepAxis parse(String flag, String text, Kind kind) {
        String t = text.trim();
        if (t.isEmpty()) {
            throw new IllegalArgumentException(flag + " has an empty value");
        }
        if ((kind == Kind.INTEGER || kind == Kind.REAL) && t.contains(":")) {
            return range(flag, t, kind);
        }
        List<String> items = kind == Kind.ACTIVATION ? splitActivations(t) : List.of(t.split(",", -1));
        List<String> values = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (String raw : items) {
            String v = raw.trim();
            if (v.isEmpty()) {
                throw new IllegalArgumentException(flag + " " + text + ": empty item in the list");
            }
            if (kind == Kind.INTEGER || kind == Kind.REAL) {
                checkNumber(flag, v, kind);
            }
            if (!seen.add(v)) {
                throw new IllegalArgumentException(flag + " " + text + ": lists " + v + " twice");
            }
            values.add(v);
        }
        return new SweepAxis(flag, text, values, false);
    }

    private static SweepAxis range(String flag, String text, Kind kind) {
        String[] parts = text.split(":", -1);
        boolean log = parts.length == 4 && parts[3].trim().toLowerCase(Locale.ROOT).equals("log");
        if (parts.length != 3 && !log) {
            throw new IllegalArgumentException(flag + " " + text + ": a range is lo:hi:n or lo:hi:n:log");
        }
        BigDecimal lo = decimal(flag, text, parts[0]);
        BigDecimal hi = decimal(flag, text, parts[1]);
        int n;
        try {
            n = Integer.parseInt(parts[2].trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " " + text + ": the number of values n must be a whole number");
        }
        if (n < 2 || n > MAX_VALUES) {
            throw new IllegalArgumentException(flag + " " + text + ": the number of values n must be 2 to " + MAX_VALUES
                    + " (got " + n + ")");
        }
        if (lo.compareTo(hi) == 0) {
            throw new IllegalArgumentException(flag + " " + text + ": lo and hi are equal");
        }
        if (log && (lo.signum() <= 0 || hi.signum() <= 0)) {
            throw new IllegalArgumentException(flag + " " + text + ": a log range needs lo > 0 and hi > 0");
        }
        MathContext mc = new MathContext(DIGITS, RoundingMode.HALF_EVEN);
        List<BigDecimal> raw = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            BigDecimal v;
            if (i == 0) {
                v = lo;
            } else if (i == n - 1) {
                v = hi;
            } else if (log) {
                double x = lo.doubleValue() * Math.pow(hi.doubleValue() / lo.doubleValue(), (double) i / (n - 1));
                v = new BigDecimal(x).round(mc);
            } else {
                v = lo.add(hi.subtract(lo).multiply(BigDecimal.valueOf(i)).divide(BigDecimal.valueOf(n - 1L), mc)).round(mc);
            }
            raw.add(v);
        }
        List<String> values = new ArrayList<>(n);
        if (kind == Kind.INTEGER) {
            Set<String> seen = new LinkedHashSet<>();
            for (BigDecimal v : raw) {
                BigDecimal whole = v.setScale(0, RoundingMode.HALF_EVEN);
                if (!log && whole.compareTo(v) != 0) {
                    throw new IllegalArgumentException(flag + " " + text + " gives " + plain(v)
                            + ", not a whole number: choose lo, hi and n so that the step is whole, or give a list");
                }
                checkNumber(flag, plain(whole), kind);
                if (seen.add(plain(whole))) {
                    values.add(plain(whole));
                }
            }
        } else {
            for (BigDecimal v : raw) {
                values.add(plain(v));
            }
        }
        return new SweepAxis(flag, text, values, log);
    }

    private static BigDecimal decimal(String flag, String text, String part) {
        try {
            BigDecimal v = new BigDecimal(part.trim());
            if (v.abs().compareTo(new BigDecimal("1e300")) > 0) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " " + text + ": '" + part.trim() + "' is not a number");
        }
    }

    /** A decimal without trailing zeros: plain notation from 1e-6 to 1e15, scientific with a lower-case exponent (1e-8) outside. */
    static String plain(BigDecimal v) {
        BigDecimal s = v.stripTrailingZeros();
        if (s.signum() == 0) {
            return "0";
        }
        double a = s.abs().doubleValue();
        return a >= 1e-6 && a < 1e15 ? s.toPlainString() : s.toString().replace('E', 'e');
    }

    private static void checkNumber(String flag, String v, Kind kind) {
        try {
            if (kind == Kind.INTEGER) {
                Long.parseLong(v);
            } else {
                double d = Double.parseDouble(v);
                if (!Double.isFinite(d)) {
                    throw new NumberFormatException();
                }
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + ": '" + v + "' is not "
                    + (kind == Kind.INTEGER ? "a whole number" : "a finite number"));
        }
    }

    /** Splits an activation list, keeping the coefficients of {@code poly:} with it. */
    static List<String> splitActivations(String text) {
        List<String> out = new ArrayList<>();
        for (String piece : text.split(",", -1)) {
            String p = piece.trim();
            boolean coefficient = p.matches("[-+]?[0-9.]+([eE][-+]?[0-9]+)?(/[0-9]+)?");
            if (coefficient && !out.isEmpty() && out.get(out.size() - 1).startsWith("poly:")) {
                out.set(out.size() - 1, out.get(out.size() - 1) + "," + p);
            } else {
                out.add(p);
            }
        }
        return out;
    }
}
