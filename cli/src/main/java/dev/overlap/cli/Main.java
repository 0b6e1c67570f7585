package dev.overlap.cli;

import java.io.PrintWriter;

import dev.overlap.model.SpecException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code overlap} command line. */
@Command(name = "overlap", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
        description = {
            "Exact high-dimensional (N → ∞) theory of one-pass SGD in teacher–student two-layer networks.",
            "Run 'overlap demo' for a first look, 'overlap COMMAND --help' for details."},
        subcommands = {SolveCommand.class, DeriveCommand.class, SimulateCommand.class, CompareCommand.class, EscapeCommand.class,
            HessianCommand.class, SweepCommand.class, ReproduceCommand.class, DemoCommand.class, BenchCommand.class,
            CommandLine.HelpCommand.class})
public final class Main {

    /** Exit code of a run whose overlaps diverged. */
    static final int EXIT_DIVERGED = 3;
    /** Exit code of invalid input. */
    static final int EXIT_USAGE = 2;
    /** Exit code of an interrupted run (as a shell reports SIGINT). */
    static final int EXIT_INTERRUPTED = 130;

    /** Width of the help text: the command and part lists are written for it. */
    static final int USAGE_WIDTH = 100;

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /**
     * Runs the CLI with the given streams and returns the exit code (used by tests).
     *
     * @return the exit code of the command (0 on success, 2 on bad input; the others are listed in the help)
     */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        if (isVersionRequest(args)) {
            return printVersion(out);
        }
        return execute(commandTree(args), args, out, err);
    }

    /**
     * Runs one sub-command object (a fresh {@code SolveCommand}, …) on its own arguments with the same error
     * handling as {@link #run}: the sweep runs its points this way, without building the whole command tree.
     */
    static int runCommand(Object command, String[] args, PrintWriter out, PrintWriter err) {
        return configure(new CommandLine(command), out, err).execute(args);
    }

    /** Runs the arguments on a command tree with the CLI's output streams, error handling and exit codes. */
    static int execute(CommandLine cl, String[] args, PrintWriter out, PrintWriter err) {
        configure(cl, out, err);
        if (args.length == 0) {
            cl.usage(out);
            out.flush();
            return EXIT_USAGE;
        }
        return cl.execute(args);
    }

    /**
     * The streams, help width and error handling of every {@code overlap} command line: parameter errors and
     * {@link UserError}/{@link SpecException} print one line (a library error with its parameters written as flags,
     * {@link ParameterFlags}) and give {@link #EXIT_USAGE}; a cancellation gives
     * {@link #EXIT_INTERRUPTED}; anything else is an internal error (exit 1) with its trace.
     */
    static CommandLine configure(CommandLine cl, PrintWriter out, PrintWriter err) {
        CommandLine reproduce = cl.getCommandSpec().name().equals("reproduce") ? cl : cl.getSubcommands().get("reproduce");
        if (reproduce != null) {
            ReproduceCommand.addCatalogueToHelp(reproduce);
        }
        cl.setUsageHelpWidth(USAGE_WIDTH);
        cl.setOut(out);
        cl.setErr(err);
        cl.setExitCodeExceptionMapper(e -> e instanceof CommandLine.ParameterException ? EXIT_USAGE : 1);
        cl.setParameterExceptionHandler((ex, a) -> {
            CommandLine c = ex.getCommandLine();
            String refused = refusedValue(ex);
            if (refused != null) {
                c.getErr().println("overlap: error: " + refused);
                c.getErr().flush();
                return EXIT_USAGE;
            }
            c.getErr().println("overlap: error: " + ex.getMessage() + " (see '" + c.getCommandSpec().qualifiedName()
                    + " --help')");
            c.getErr().flush();
            return EXIT_USAGE;
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            Throwable e = ex;
            if (e instanceof UserError || e instanceof SpecException) {
                c.getErr().println("overlap: error: " + ParameterFlags.message(e));
                c.getErr().flush();
                return EXIT_USAGE;
            }
            if (e instanceof java.util.concurrent.CancellationException) {
                c.getErr().println("overlap: interrupted; no output written");
                c.getErr().flush();
                return EXIT_INTERRUPTED;
            }
            c.getErr().println("overlap: internal error: " + e);
            e.printStackTrace(c.getErr());
            c.getErr().flush();
            return 1;
        });
        return cl;
    }

    /**
     * The line for a flag value that a converter refused: {@code unknown --format 'xml': use csv or json} for a
     * value that is none of a flag's spellings ({@link SpellingConverter}), a library error's message (flags
     * named, {@link ParameterFlags}) for a value the library refused; null for any other parameter error.
     */
    static String refusedValue(CommandLine.ParameterException ex) {
        Throwable cause = ex.getCause();
        if (cause instanceof SpellingConverter.UnknownValue && ex.getArgSpec() instanceof CommandLine.Model.OptionSpec o) {
            return "unknown " + o.longestName() + " '" + ex.getValue() + "': " + cause.getMessage();
        }
        return cause instanceof SpecException ? ParameterFlags.message(cause) : null;
    }

    /**
     * The command tree that parses these arguments. Building a command's model (picocli's reflection over its
     * options, mixins and argument groups) is a large part of a run's start, so {@code overlap COMMAND ...}
     * gets a tree with only that command under the top-level command {@code overlap}; anything else (no
     * arguments, {@code help}, options of {@code overlap} itself) gets the full tree of every command.
     */
    static CommandLine commandTree(String[] args) {
        Command top = Main.class.getAnnotation(Command.class);
        Class<?> only = args.length == 0 ? null : subcommandNamed(top, args[0]);
        if (only == null) {
            return new CommandLine(new Main());
        }
        CommandLine.Model.CommandSpec spec = CommandLine.Model.CommandSpec.wrapWithoutInspection(new Main());
        spec.name(top.name());
        spec.mixinStandardHelpOptions(top.mixinStandardHelpOptions());
        spec.versionProvider(new VersionProvider());
        spec.usageMessage().description(top.description());
        CommandLine cl = new CommandLine(spec);
        cl.addSubcommand(new CommandLine(only));
        return cl;
    }

    /** The subcommand of {@code top} with this name or alias ({@code help} excluded), or null. */
    private static Class<?> subcommandNamed(Command top, String name) {
        for (Class<?> c : top.subcommands()) {
            Command sub = c.getAnnotation(Command.class);
            if (c != CommandLine.HelpCommand.class && sub != null
                    && (sub.name().equals(name) || java.util.Arrays.asList(sub.aliases()).contains(name))) {
                return c;
            }
        }
        return null;
    }

    /**
     * True for exactly {@code overlap --version} or {@code overlap -V}, the one request that needs none of the
     * subcommands: it is answered without building the command tree, whose reflection over every command
     * and option costs more than the rest of the JVM's start.
     */
    static boolean isVersionRequest(String[] args) {
        return args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"));
    }

    /**
     * Prints the version lines as {@code --version} on the full command tree does (picocli prints each line of
     * the version provider as it is; the lines carry no format specifiers or markup), without picocli's set-up.
     */
    static int printVersion(PrintWriter out) {
        for (String line : new VersionProvider().getVersion()) {
            out.println(line);
        }
        out.flush();
        return 0;
    }

    /** {@code --version}: tool, Java and Hipparchus versions. */
    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"overlap " + Versions.overlap(), "Java " + Versions.java(),
                "Hipparchus " + Versions.hipparchus()};
        }
    }
}
