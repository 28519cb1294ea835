package org.socketserver4j.core.datagram;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads the kernel's count of datagrams dropped on a full receive buffer: the last column
 * ({@code drops}) of {@code /proc/net/udp} and {@code /proc/net/udp6}, summed over the
 * sockets bound to one local port (a HybridServer binds several).
 */
final class KernelDrops {

    private KernelDrops() {}

    /** Drops on sockets bound to {@code port}; -1 where {@code /proc/net/udp} cannot be read. */
    static long forPort(int port) {
        long sum = 0;
        boolean read = false;
        for (String table : List.of("/proc/net/udp", "/proc/net/udp6")) {
            List<String> lines;
            try {
                lines = Files.readAllLines(Path.of(table));
            } catch (IOException | SecurityException e) {
                continue;
            }
            read = true;
            for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
                String[] cols = line.trim().split("\\s+");
                if (cols.length < 13) {
                    continue;
                }
                String local = cols[1];
                int colon = local.lastIndexOf(':');
                if (colon > 0 && Integer.parseInt(local.substring(colon + 1), 16) == port) {
                    sum += Long.parseLong(cols[cols.length - 1]);
                }
            }
        }
        return read ? sum : -1;
    }
}
