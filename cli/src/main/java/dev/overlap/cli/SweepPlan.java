package dev.overlap.cli;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import dev.overlap.cli.sweep.SweepAxis;
import dev.overlap.cli.sweep.SweepGrid;
import dev.overlap.cli.sweep.SweepPoint;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * A sweep's arguments read against the swept command's own options: which flags are swept (a list or range
 * where the command takes one value), which are fixed, and the resulting grid; and the store key of each point,
 * a hash of the command's full option values at that point (defaults included).
 */
final class SweepPlan {

    /** Flags the sweep sets itself, or that only change how a run reports: not given per point, not in the key. */
    static final Set<String> OWN_FLAGS = Set.of("--out", "--plot", "--quiet", "--progress", "--per-seed", "--format",
            "--help", "--version");

    /** Flags left out of the key: they change how fast a point runs, not its results. */
    private static final Set<String> NOT_IN_KEY = Set.of("--threads");

    /** Flags whose value is already a list for the command itself: passed as given, never swept. */
    private static final Set<String> NATIVE_LISTS = Set.of("--alphas");

    private static final int KEY_HEX_DIGITS = 20;

    private final String command;
    private final Supplier<Object> factory;
    private final SweepGrid grid;

    private SweepPlan(String command, Supplier<Object> factory, SweepGrid grid) {
        this.command = command;
        this.factory = factory;
        this.grid = grid;
    }

    /** A fresh instance of a command the sweep can run. */
    static Supplier<Object> factory(String command) {
        return switch (command) {
            case "solve" -> SolveCommand::new;
            case "simulate" -> SimulateCommand::new;
            case "compare" -> CompareCommand::new;
            case "escape" -> EscapeCommand::new;
            default -> throw new UserError("a sweep runs solve, simulate, compare or escape (got '" + command + "')");
        };
    }

    /**
     * Reads the command's arguments: a flag given a list or range is swept, anything else is fixed.
     *
     * @throws UserError for an unknown flag, a flag the sweep sets itself, a flag given twice, a missing value,
     *                   or a list or range that does not parse
     */
    static SweepPlan of(String command, List<String> args, boolean zip) {
        Supplier<Object> factory = factory(command);
        CommandLine.Model.CommandSpec spec = new CommandLine(factory.get()).getCommandSpec();
        List<SweepAxis> axes = new ArrayList<>();
        List<String> fixed = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        List<String> tokens = new ArrayList<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            if (a.startsWith("--") && eq > 2) {
                tokens.add(a.substring(0, eq));
                tokens.add(a.substring(eq + 1));
            } else {
                tokens.add(a);
            }
        }
        for (int i = 0; i < tokens.size(); i++) {
            String flag = tokens.get(i);
            OptionSpec opt = flag.startsWith("-") ? spec.findOption(flag) : null;
            if (opt == null) {
                throw new UserError((flag.startsWith("-") ? "unknown flag " + flag : "unexpected value '" + flag + "'")
                        + " for 'overlap " + command + "' (see 'overlap " + command + " --help')");
            }
            String name = opt.longestName();
            if (OWN_FLAGS.contains(name)) {
                throw new UserError(flag + " is not a per-point flag: the sweep writes its own outputs (see"
                        + " 'overlap sweep " + command + " --help')");
            }
            if (!seen.add(name)) {
                throw new UserError(flag + " is given twice");
            }
            if (opt.arity().max() == 0) {
                fixed.add(flag);
                continue;
            }
            if (i + 1 >= tokens.size()) {
                throw new UserError(flag + " needs a value");
            }
            String value = tokens.get(++i);
            SweepAxis.Kind kind = kind(opt);
            try {
                if (!NATIVE_LISTS.contains(name) && SweepAxis.isSweep(value, kind)) {
                    axes.add(SweepAxis.parse(flag, value, kind));
                } else {
                    fixed.add(flag);
                    fixed.add(value);
                }
            } catch (IllegalArgumentException e) {
                throw new UserError(ParameterFlags.message(e), e);
            }
        }
        try {
            return new SweepPlan(command, factory, new SweepGrid(axes, fixed, zip));
        } catch (IllegalArgumentException e) {
            throw new UserError(ParameterFlags.message(e), e);
        }
    }

    private static SweepAxis.Kind kind(OptionSpec opt) {
        if (opt.longestName().equals("--activation")) {
            return SweepAxis.Kind.ACTIVATION;
        }
        Class<?> t = opt.type().isArray() ? opt.type().getComponentType() : opt.type();
        if (t == int.class || t == Integer.class || t == long.class || t == Long.class) {
            return SweepAxis.Kind.INTEGER;
        }
        if (t == double.class || t == Double.class) {
            return SweepAxis.Kind.REAL;
        }
        return SweepAxis.Kind.TEXT;
    }

    /** The swept command. */
    String command() {
        return command;
    }

    /** The grid. */
    SweepGrid grid() {
        return grid;
    }

    /** A fresh instance of the command, to run one point. */
    Object newCommand() {
        return factory.get();
    }

    /**
     * The store key of a point: the first {@value #KEY_HEX_DIGITS} hex digits of the SHA-256 of the command's name
     * and the value of every option (given or default) after parsing the point's arguments, sorted by flag,
     * without {@link #OWN_FLAGS} and {@code --threads}. Two points that run the same computation have the same key,
     * however their flags were written.
     *
     * @throws UserError if the point's arguments do not parse (a value of the wrong type)
     */
    String key(SweepPoint point) {
        CommandLine cl = new CommandLine(factory.get());
        try {
            cl.parseArgs(point.args().toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            throw new UserError("at " + point.label() + ": " + e.getMessage());
        }
        StringBuilder canonical = new StringBuilder("overlap sweep point v1\n").append(command).append('\n');
        List<OptionSpec> options = new ArrayList<>(cl.getCommandSpec().options());
        options.sort(Comparator.comparing(OptionSpec::longestName));
        for (OptionSpec o : options) {
            String name = o.longestName();
            if (OWN_FLAGS.contains(name) || NOT_IN_KEY.contains(name)) {
                continue;
            }
            canonical.append(name).append('=').append(render(o.getValue())).append('\n');
        }
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h).substring(0, KEY_HEX_DIGITS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }

    private static String render(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof Object[] a) {
            return Arrays.deepToString(a);
        }
        if (v instanceof int[] a) {
            return Arrays.toString(a);
        }
        if (v instanceof double[] a) {
            return Arrays.toString(a);
        }
        if (v instanceof long[] a) {
            return Arrays.toString(a);
        }
        return v.toString();
    }
}
