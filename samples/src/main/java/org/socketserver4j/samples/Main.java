package org.socketserver4j.samples;

import java.util.Arrays;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code socketserver4j-samples}, the samples command line. Exit codes: 0 success, 1 an
 * error (reported in one line on standard error), 2 bad usage.
 */
@Command(name = "socketserver4j-samples", mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class, subcommands = {ServeCommand.class, CompareCommand.class, ForkCostsCommand.class,
            TlsSelfSignedCommand.class, LoadCommand.class, ScreenshotCommand.class},
        description = "Runs socketserver4j's handlers under its strategies.")
public final class Main implements Runnable {

    @Spec
    private CommandSpec spec;

    /** Makes the top-level command. */
    public Main() {}

    /** Runs the command line and exits with its exit code. */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /**
     * The command line, ready to {@code execute}; set its out and err writers to capture
     * output. Choices ({@link Strategy}, {@link HandlerChoice}, {@link Style},
     * {@link Contender}) are read by their lower-case names, case-insensitively.
     */
    public static CommandLine commandLine() {
        return registerChoices(new CommandLine(new Main()).setExecutionExceptionHandler(Main::reportError));
    }

    /**
     * Makes {@code commandLine} (and its subcommands) read the choices ({@link Strategy},
     * {@link HandlerChoice}, {@link Style}, {@link Contender}) by their lower-case names,
     * case-insensitively; returns it.
     */
    static CommandLine registerChoices(CommandLine commandLine) {
        registerChoice(commandLine, Strategy.class);
        registerChoice(commandLine, HandlerChoice.class);
        registerChoice(commandLine, Style.class);
        registerChoice(commandLine, Contender.class);
        return commandLine;
    }

    private static <E extends Enum<E>> void registerChoice(CommandLine commandLine, Class<E> type) {
        E[] choices = type.getEnumConstants();
        commandLine.registerConverter(type, value -> Arrays.stream(choices)
                .filter(choice -> choice.toString().equalsIgnoreCase(value))
                .findFirst()
                .orElseThrow(() -> new TypeConversionException("expected one of "
                        + Arrays.stream(choices).map(E::toString).collect(Collectors.joining(", "))
                        + " but was '" + value + "'")));
    }

    /** Without a subcommand: a usage error. */
    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing required subcommand");
    }

    private static int reportError(Exception error, CommandLine command, ParseResult parsed) {
        String message = error.getMessage() != null ? error.getMessage() : error.toString();
        command.getErr().println(spec(command).root().name() + ": " + message.replaceAll("\\s*\\R\\s*", " "));
        command.getErr().flush();
        return spec(command).exitCodeOnExecutionException();
    }

    private static CommandSpec spec(CommandLine command) {
        return command.getCommandSpec();
    }

    /** The version: the jar manifest's Implementation-Version. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[] {"socketserver4j-samples " + (version != null ? version : "(development build)")};
        }
    }
}
