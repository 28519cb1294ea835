package org.socketserver4j.samples;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** The samples command line in-process, its standard output and error captured as text. */
final class CapturedCommandLine {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final CommandLine commandLine = Main.commandLine()
            .setOut(new PrintWriter(out, true))
            .setErr(new PrintWriter(err, true));

    /** Runs {@code args} to the end, as {@code main} would; returns the exit code. */
    int execute(String... args) {
        return commandLine.execute(args);
    }

    /** Parses {@code args} (a {@code serve} command line) and starts serving; the caller closes it. */
    Serving serve(String... args) throws IOException {
        commandLine.parseArgs(args);
        ServeCommand serve = commandLine.getSubcommands().get("serve").getCommand();
        return serve.start(commandLine.getOut());
    }

    /** Stops what {@link #serve} started, if anything; the {@code serve} command's own stop. */
    void stopServing() {
        ServeCommand serve = commandLine.getSubcommands().get("serve").getCommand();
        serve.stop();
    }

    /** Forgets what was printed on standard output so far. */
    void clearOut() {
        out.getBuffer().setLength(0);
    }

    /** What was printed on standard output. */
    String out() {
        return out.toString();
    }

    /** What was printed on standard error. */
    String err() {
        return err.toString();
    }
}
