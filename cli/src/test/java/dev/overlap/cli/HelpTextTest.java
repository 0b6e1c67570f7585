package dev.overlap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The help of every command and subcommand of the tree (found by walking it, so a new command is covered): it
 * renders without picocli warnings, fits 100 columns, lists the exit codes, wraps without stray fragments, names the
 * same things with the same flags, and lists the activations the command accepts.
 */
class HelpTextTest {

    /** The qualified names (e.g. "sweep merge") of every command in the tree except picocli's help, and its spec. */
    private static Map<String, CommandSpec> commands() {
        Map<String, CommandSpec> out = new LinkedHashMap<>();
        walk(new CommandLine(Main.class), out);
        return out;
    }

    private static void walk(CommandLine cl, Map<String, CommandSpec> out) {
        for (CommandLine sub : cl.getSubcommands().values()) {
            if (sub.getCommand() instanceof CommandLine.HelpCommand) {
                continue;
            }
            out.put(sub.getCommandSpec().qualifiedName().substring("overlap ".length()), sub.getCommandSpec());
            walk(sub, out);
        }
    }

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(Main.commandTree(args), args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    private static Run help(String qualifiedName) {
        List<String> args = new ArrayList<>(List.of(qualifiedName.split(" ")));
        args.add("--help");
        return run(args.toArray(String[]::new));
    }

    /** Display columns: code points, combining marks (the tilde of η̃) taking none. */
    static int columns(String line) {
        return (int) line.stripTrailing().codePoints().filter(c -> Character.getType(c) != Character.NON_SPACING_MARK)
                .count();
    }

    @Test
    void theWalkFindsTheNestedCommands() {
        Map<String, CommandSpec> all = commands();
        for (String name : List.of("solve", "simulate", "compare", "escape", "hessian", "derive", "demo", "bench",
            "reproduce", "sweep", "sweep solve", "sweep merge")) {
            assertTrue(all.containsKey(name), name + " in " + all.keySet());
        }
    }

    @Test
    void everyHelpRendersCleanlyFitsOneHundredColumnsAndListsItsExitCodes() {
        PrintStream saved = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            for (String name : commands().keySet()) {
                Run r = help(name);
                assertEquals(0, r.code(), name);
                assertEquals("", r.err(), name);
                assertTrue(r.out().contains("Usage: overlap " + name), name);
                assertTrue(r.out().contains("Exit codes: 0 "), "overlap " + name + " --help lists its exit codes");
                String[] lines = r.out().split("\\R", -1);
                for (int i = 0; i < lines.length; i++) {
                    assertTrue(columns(lines[i]) <= Main.USAGE_WIDTH,
                            "overlap " + name + " --help, line over 100 columns: " + lines[i]);
                    if (i > 0 && i + 1 < lines.length) {
                        assertFalse(strayFragment(lines[i - 1], lines[i], lines[i + 1]),
                                "overlap " + name + " --help wraps a line into a fragment: '" + lines[i - 1] + "' / '"
                                        + lines[i] + "'");
                    }
                }
            }
        } finally {
            System.setErr(saved);
        }
        assertEquals("", captured.toString(StandardCharsets.UTF_8), "picocli warnings");
    }

    /**
     * A line of prose cut by a hard line break just past the width: a short unindented fragment that does not end a
     * sentence, between a full line and a line that goes on.
     */
    static boolean strayFragment(String before, String line, String after) {
        return columns(before) >= 90 && !line.isBlank() && !line.startsWith(" ") && columns(line) < 25
                && !after.isBlank() && !line.endsWith(".");
    }

    @Test
    void theFragmentRuleCatchesTheWrapOfALineJustPastTheWidth() {
        String full = "x".repeat(95);
        assertTrue(strayFragment(full, "drawn at", "N = 10000) to α = 1000"));
        assertFalse(strayFragment(full, "  text   one equation", "more"));
        assertFalse(strayFragment("short", "drawn at", "more"));
        assertTrue(strayFragment(full, "(measured:", "1.5 s at p = p* = 2"));
        assertFalse(strayFragment(full, "seed 1, to α = 200.", "Writes demo.csv"));
        assertFalse(strayFragment("", "Formats:", "more"));
    }

    @Test
    void theSameThingHasTheSameFlagEverywhere() {
        for (Map.Entry<String, CommandSpec> c : commands().entrySet()) {
            CommandSpec spec = c.getValue();
            OptionSpec quiet = spec.findOption("--quiet");
            if (quiet != null || spec.findOption("-q") != null) {
                assertTrue(quiet != null && List.of(quiet.names()).contains("-q"), c.getKey() + ": -q, --quiet");
            }
            for (OptionSpec o : spec.options()) {
                for (String n : o.names()) {
                    assertFalse(List.of("--output", "-o", "--png", "--fmt", "--silent", "--quite").contains(n),
                            c.getKey() + " names " + n + " (the CLI says --out, --plot, --format, -q)");
                }
                String label = o.paramLabel();
                if (label.endsWith(".png")) {
                    assertEquals("--plot", o.longestName(), c.getKey() + ": a PNG option is --plot");
                }
                if (o.longestName().equals("--format")) {
                    assertTrue(label.contains("|"), c.getKey() + ": --format lists its formats: " + label);
                }
            }
        }
    }

    private static String activationHelp(String command) {
        return String.join(" ", commands().get(command).findOption("--activation").description());
    }

    /** The --activation help lists what the command accepts, and a rejected name only as rejected. */
    @Test
    void theActivationHelpOfEachCommandListsWhatItAccepts() {
        String simulate = activationHelp("simulate");
        for (String name : List.of("quadratic", "poly:", "erf", "relu", "abs")) {
            assertTrue(simulate.contains(name), "simulate --help names " + name + ": " + simulate);
        }
        Run relu = run("simulate", "--activation", "relu", "--N", "50", "--seeds", "2", "--alphas", "0.1", "-q",
                "--out", "-");
        assertEquals(0, relu.code(), relu.err());
        for (String command : List.of("solve", "compare", "escape")) {
            String help = activationHelp(command);
            for (String name : List.of("quadratic", "poly:", "erf")) {
                assertTrue(help.contains(name), command + " --help names " + name + ": " + help);
            }
            assertTrue(help.contains("(relu and abs have no overlap ODEs: 'overlap simulate' runs them.)"), help);
            Run r = run(command, "--activation", "relu", "--N", "50", "-q", "--out",
                    System.getProperty("java.io.tmpdir") + "/overlap-help-test-never-written");
            assertEquals(2, r.code(), command + " refuses relu");
            assertTrue(r.err().contains("no ODE theory for activation 'relu'"), r.err());
        }
        assertTrue(String.join(" ", commands().get("hessian").findOption("--activation").description())
                .startsWith("quadratic (σ(z) = z², default) or erf"));
    }

    /** --N: one value for solve and simulate, a list for compare and escape, as each command parses it. */
    @Test
    void theNHelpSaysWhetherAListIsTaken() {
        for (String command : List.of("solve", "simulate")) {
            String help = String.join(" ", commands().get(command).findOption("--N").description());
            assertTrue(help.contains("(one value; default: 2000)"), command + ": " + help);
        }
        Run solve = run("solve", "--N", "500,2000", "-q", "--out", "-");
        assertEquals(2, solve.code());
        assertTrue(solve.err().contains("--N takes a single value here"), solve.err());
        for (String command : List.of("compare", "escape")) {
            String help = String.join(" ", commands().get(command).findOption("--N").description());
            assertTrue(help.contains("comma-separated list"), command + ": " + help);
        }
    }

    @Test
    void benchListsEveryTarget() {
        Run r = help("bench");
        String target = String.join(" ", commands().get("bench").positionalParameters().get(0).description());
        for (String t : List.of("ode", "symbolic", "sgd")) {
            assertTrue(target.contains(t), target);
            assertTrue(r.out().contains("Target '" + t + "'"), t);
        }
        Run bad = run("bench", "nosuch");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("available: ode, sgd, symbolic"), bad.err());
    }
}
