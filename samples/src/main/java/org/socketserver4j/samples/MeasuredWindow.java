package org.socketserver4j.samples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * A measured window of {@code compare}: the wall time, the server's CPU time, the load
 * generator's (this JVM's, plus that of child processes it waited for in the window, such as
 * {@code wrk}) and the whole machine's busy processors, read at {@link #open} and at
 * {@link #close}.
 */
final class MeasuredWindow {

    /** Linux reports a process's times in {@code /proc} in these ticks per second (USER_HZ). */
    private static final long USER_HZ = 100;
    private static final Path SELF_STAT = Path.of("/proc/self/stat");

    private final ServerUnderTest server;
    private final Optional<Duration> serverCpu;
    private final Optional<Duration> clientCpu;
    private final Optional<Duration> childrenCpu;
    private final Optional<MachineLoad> machine;
    private final long start;

    private MeasuredWindow(ServerUnderTest server) {
        this.server = server;
        this.serverCpu = server.cpuTime();
        this.clientCpu = ProcessHandle.current().info().totalCpuDuration();
        this.childrenCpu = waitedChildrenCpu();
        this.machine = MachineLoad.read();
        this.start = System.nanoTime();
    }

    /**
     * What was read at the end, as differences: the window, and the CPU times (or {@code null}
     * where unknown).
     */
    record Readings(Duration window, Duration serverCpu, Duration clientCpu, double machineCores) {}

    /** Takes the first readings of a window over {@code server}. */
    static MeasuredWindow open(ServerUnderTest server) {
        return new MeasuredWindow(server);
    }

    /** Takes the last readings. */
    Readings close() {
        long end = System.nanoTime();
        Optional<Duration> serverCpu1 = server.cpuTime();
        Optional<Duration> clientCpu1 = ProcessHandle.current().info().totalCpuDuration();
        Optional<Duration> childrenCpu1 = waitedChildrenCpu();
        Optional<MachineLoad> machine1 = MachineLoad.read();
        Duration client = difference(clientCpu, clientCpu1);
        Duration children = difference(childrenCpu, childrenCpu1);
        return new Readings(Duration.ofNanos(end - start), difference(serverCpu, serverCpu1),
                client == null ? null : children == null ? client : client.plus(children),
                machine.isPresent() && machine1.isPresent()
                        ? machine1.get().busyProcessorsSince(machine.get()) : Double.NaN);
    }

    /**
     * The CPU time of this JVM's child processes that ended and were waited for, user and system
     * ({@code cutime} and {@code cstime} of {@code /proc/self/stat}), if the OS tells.
     */
    static Optional<Duration> waitedChildrenCpu() {
        return waitedChildrenCpu(SELF_STAT);
    }

    /**
     * The CPU time of the child processes that ended and were waited for of the process whose
     * {@code /proc/PID/stat} is {@code statFile}, user and system, if the OS tells.
     */
    static Optional<Duration> waitedChildrenCpu(Path statFile) {
        try {
            String stat = Files.readString(statFile);
            // Fields after the command name, which is in parentheses and may hold spaces.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[13]) + Long.parseLong(fields[14]);
            return Optional.of(Duration.ofMillis(ticks * 1000 / USER_HZ));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Duration difference(Optional<Duration> before, Optional<Duration> after) {
        return before.isPresent() && after.isPresent() ? after.get().minus(before.get()) : null;
    }
}
