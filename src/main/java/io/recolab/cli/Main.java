package io.recolab.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code java -jar recolab.jar <command>}. Exit status (CONTRACT §1): 0 success, 2 usage error,
 * 1 failure at run time, reported as one line on stderr (the stack trace only with --verbose).
 */
@Command(name = "recolab", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "A/B experimentation platform for recommendation algorithms.",
        subcommands = {ServeCommand.class, ProcessCommand.class, EvaluateCommand.class, SimulateCommand.class, UserCommand.class, ExportCommand.class,
                CommandLine.HelpCommand.class})
public final class Main {
    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true"); // the server draws charts (jfreechart) without a display
        System.exit(run(args));
    }

    public static int run(String... args) {
        CommandLine cli = new CommandLine(new Main());
        // Usage errors: one line naming the problem and where help is, not the whole usage text.
        cli.setParameterExceptionHandler((e, args1) -> {
            CommandLine failed = e.getCommandLine();
            failed.getErr().println("error: " + oneLine(e) + " (see '" + failed.getCommandSpec().qualifiedName() + " --help')");
            return CommandLine.ExitCode.USAGE;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof UsageException) {
                // A value that parsed but makes no sense (checked by the command): still a usage error.
                commandLine.getErr().println("error: " + oneLine(e));
                return CommandLine.ExitCode.USAGE;
            }
            boolean verbose = verbose(parseResult);
            commandLine.getErr().println("error: " + oneLine(e));
            if (verbose) {
                e.printStackTrace(commandLine.getErr());
            }
            return CommandLine.ExitCode.SOFTWARE;
        });
        return cli.execute(args);
    }

    /** --verbose anywhere on the line, also on a sub-subcommand ({@code user add --verbose}). */
    private static boolean verbose(CommandLine.ParseResult result) {
        return result.hasMatchedOption("--verbose") || result.subcommands().stream().anyMatch(Main::verbose);
    }

    static String oneLine(Throwable e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            message = e.getClass().getSimpleName();
        }
        return message.lines().findFirst().orElse(message);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"recolab " + (v == null ? "dev" : v)};
        }
    }
}
