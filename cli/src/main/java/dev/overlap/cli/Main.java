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

    /** Runs the CLI with the given streams and returns the exit code (used by tests). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = configure(new CommandLine(new Main()), out, err);
        if (args.length == 0) {
            cl.usage(out);
            out.flush();
            return EXIT_USAGE;
        }
        return cl.execute(args);
    }

    /**
     * Runs one sub-command object (a fresh {@code SolveCommand}, …) on its own arguments with the same error
     * handling as {@link #run}: the sweep runs its points this way, without building the whole command tree.
     */
    static int runCommand(Object command, String[] args, PrintWriter out, PrintWriter err) {
        return configure(new CommandLine(command), out, err).execute(args);
    }

    /**
     * The streams, help width and error handling of every {@code overlap} command line: parameter errors and
     * {@link UserError}/{@link SpecException} print one line and give {@link #EXIT_USAGE}; a cancellation gives
     * {@link #EXIT_INTERRUPTED}; anything else is an internal error (exit 1) with its trace.
     */
    static CommandLine configure(CommandLine cl, PrintWriter out, PrintWriter err) {
        cl.setUsageHelpWidth(USAGE_WIDTH);
        cl.setOut(out);
        cl.setErr(err);
        cl.setExitCodeExceptionMapper(e -> e instanceof CommandLine.ParameterException ? EXIT_USAGE : 1);
        cl.setParameterExceptionHandler((ex, a) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("overlap: " + ex.getMessage() + " (see '" + c.getCommandSpec().qualifiedName() + " --help')");
            c.getErr().flush();
            return EXIT_USAGE;
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            Throwable e = ex;
            if (e instanceof UserError || e instanceof SpecException) {
                c.getErr().println("overlap: error: " + e.getMessage());
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

    /** {@code --version}: tool, Java and Hipparchus versions. */
    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"overlap " + Versions.overlap(), "Java " + Versions.java(),
                "Hipparchus " + Versions.hipparchus()};
        }
    }
}
