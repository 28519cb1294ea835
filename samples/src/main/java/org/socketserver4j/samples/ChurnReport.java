package org.socketserver4j.samples;

import java.util.List;
import java.util.Locale;

/**
 * The Markdown table of the {@code churn} workload: a new connection per request, so
 * connections served per second, latency from connect to verified reply and server CPU per
 * connection, with ratios to Netty's.
 */
public final class ChurnReport {

    private ChurnReport() {}

    /**
     * The report: a header (command, machine, load), the table and a reading note, ending with a
     * newline. {@code settings.connections()} is the churn workload's concurrent clients.
     */
    public static String markdown(MachineInfo machine, CompareReport.Settings settings, List<Measurement> rows) {
        StringBuilder md = CompareReport.header(machine, settings);
        md.append("Workload churn: ").append(settings.connections())
                .append(settings.connections() == 1 ? " client" : " clients")
                .append(String.format(Locale.ROOT, " to 127.0.0.1, each a loop of: connect, send one %,d-byte echo"
                        + " request, read and check its reply, close (a normal close); at once again; ",
                        settings.messageSize()))
                .append(CompareReport.runDescription(settings))
                .append(String.format(Locale.ROOT, " ForkingServer keeps serve's spare pool of warm children (%d to"
                        + " start with, growing to %d, at most %d children; the other workloads run it with"
                        + " --prespawn=0 --max-spare=0).%n%n", ServeCommand.CLI_SPARE_CHILDREN,
                        ServeCommand.CLI_SPARE_CHILDREN, ServeCommand.CLI_MAX_CHILDREN));
        md.append(CompareReport.table(settings, rows, "connections/s", "connection"));
        md.append(CompareReport.cautions(rows));
        md.append("\nconnections/s: connections that connected, were answered (checked byte for byte) and were"
                + " closed, per second; latency: from the start of the connect to the last byte of the checked"
                + " reply; server CPU µs/connection: CPU time of the server's process (every thread, user and"
                + " system; ForkingServer's children included) per connection. A refused connect, a reset or a"
                + " wrong byte fails the row. vs Netty: this row / Netty's row of the same run. "
                + CompareReport.SELECTOR_NOTE + "\n");
        return md.toString();
    }
}
