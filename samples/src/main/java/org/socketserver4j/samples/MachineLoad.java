package org.socketserver4j.samples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The whole machine's CPU counters ({@code /proc/stat}, Linux): how busy all processors were
 * between two readings, whoever kept them busy (the server, the load generator, the kernel's
 * network work in softirq threads, or something else running at the same time).
 *
 * @param busyTicks time not idle (nor waiting for I/O), summed over the processors
 * @param totalTicks all time, summed over the processors
 * @param processors how many processors the counters cover
 */
public record MachineLoad(long busyTicks, long totalTicks, int processors) {

    private static final Path PROC_STAT = Path.of("/proc/stat");

    /** The counters now, if this OS has {@code /proc/stat}. */
    public static Optional<MachineLoad> read() {
        try {
            List<String> lines = Files.readAllLines(PROC_STAT);
            int processors = (int) lines.stream().filter(line -> line.matches("cpu\\d+ .*")).count();
            for (String line : lines) {
                if (line.startsWith("cpu ")) {
                    return Optional.of(parse(line, Math.max(1, processors)));
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or not readable
        }
        return Optional.empty();
    }

    /** Parses the {@code cpu} line: user nice system idle iowait irq softirq steal ... (guest is in user). */
    static MachineLoad parse(String cpuLine, int processors) {
        String[] fields = cpuLine.trim().split("\\s+");
        long total = 0;
        long idle = 0;
        // fields[1..8]: user nice system idle iowait irq softirq steal; guest and guest_nice are in user/nice
        for (int i = 1; i <= 8 && i < fields.length; i++) {
            long ticks = Long.parseLong(fields[i]);
            total += ticks;
            if (i == 4 || i == 5) {
                idle += ticks;
            }
        }
        return new MachineLoad(total - idle, total, processors);
    }

    /** Processors kept busy on average from {@code before} to this reading. */
    public double busyProcessorsSince(MachineLoad before) {
        long total = totalTicks - before.totalTicks;
        return total <= 0 ? Double.NaN : processors * (double) (busyTicks - before.busyTicks) / total;
    }
}
