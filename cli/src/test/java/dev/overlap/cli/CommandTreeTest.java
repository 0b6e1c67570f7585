package dev.overlap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The one-command tree that {@link Main#commandTree} builds for {@code overlap COMMAND ...} behaves as the
 * full tree of every command: same help, same errors, same exit codes, for every command Main lists.
 */
class CommandTreeTest {

    /** Exit code, stdout and stderr of one run. */
    record Run(int code, String out, String err) {
    }

    private static Run on(CommandLine tree, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(tree, args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    /** The names of the commands Main lists, except {@code help}. */
    private static List<String> commandNames() {
        List<String> names = new ArrayList<>();
        for (Class<?> c : Main.class.getAnnotation(Command.class).subcommands()) {
            if (c != CommandLine.HelpCommand.class) {
                names.add(c.getAnnotation(Command.class).name());
            }
        }
        return names;
    }

    @Test
    void everyCommandGetsATreeWithOnlyItself() {
        List<String> names = commandNames();
        assertTrue(names.contains("solve") && names.size() >= 8, names.toString());
        for (String name : names) {
            CommandLine tree = Main.commandTree(new String[] {name, "--help"});
            assertEquals(List.of(name), List.copyOf(tree.getSubcommands().keySet()), name);
            assertEquals("overlap " + name, tree.getSubcommands().get(name).getCommandSpec().qualifiedName());
        }
        for (String[] args : new String[][] {{}, {"help", "solve"}, {"--help"}, {"--version", "solve"}, {"nosuch"}}) {
            CommandLine full = Main.commandTree(args);
            assertEquals(names.size() + 1, full.getSubcommands().size(), String.join(" ", args));
            assertNotNull(full.getSubcommands().get("help"));
        }
    }

    @Test
    void helpErrorsAndExitCodesAreThoseOfTheFullTree() {
        for (String name : commandNames()) {
            for (String[] args : new String[][] {{name, "--help"}, {name, "-h"}, {name, "--version"},
                {name, "--no-such-option"}, {name, "--p"}}) {
                Run full = on(new CommandLine(Main.class), args);
                Run one = on(Main.commandTree(args), args);
                String what = String.join(" ", args);
                assertEquals(full, one, what);
                assertFalse(full.out().isEmpty() && full.err().isEmpty() && !args[1].equals("--version"), what);
            }
        }
        Run help = on(Main.commandTree(new String[] {"solve", "--help"}), "solve", "--help");
        assertTrue(help.out().contains(System.lineSeparator() + "Usage: overlap solve "), help.out());
        Run bad = on(Main.commandTree(new String[] {"solve", "--no-such-option"}), "solve", "--no-such-option");
        assertEquals(Main.EXIT_USAGE, bad.code());
        assertEquals("overlap: error: Unknown option: '--no-such-option' (see 'overlap solve --help')", bad.err().strip());
    }

    @Test
    void theTopLevelStillListsEveryCommand() {
        Run usage = on(Main.commandTree(new String[0]));
        assertEquals(Main.EXIT_USAGE, usage.code());
        for (String name : commandNames()) {
            assertTrue(usage.out().contains("  " + name + " "), name + " missing from\n" + usage.out());
        }
        assertNull(Main.commandTree(new String[] {"nosuch"}).getSubcommands().get("nosuch"));
    }
}
