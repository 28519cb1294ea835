package org.socketserver4j.samples;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A server running in a {@link ServerHost} JVM ({@link ServerHosts#start}): its address is its
 * own; its process, CPU time and log are the host's, which runs no other server while it does.
 * {@link #close()} asks the host to stop it and waits until it has.
 */
final class HostedServer implements ServerUnderTest {

    private final ServerHosts.Control control;
    private final ServerProcess host;
    private final String id;
    private final InetSocketAddress address;
    private volatile boolean closed;

    HostedServer(ServerHosts.Control control, ServerProcess host, String id, InetSocketAddress address) {
        this.control = control;
        this.host = host;
        this.id = id;
        this.address = address;
    }

    @Override
    public InetSocketAddress address() {
        return address;
    }

    @Override
    public long pid() {
        return host.pid();
    }

    @Override
    public boolean isAlive() {
        return !closed && host.isAlive();
    }

    @Override
    public Optional<Duration> cpuTime() {
        return host.cpuTime();
    }

    /** Asks the host for a full GC ({@code System.gc()}, as {@code jcmd GC.run} does) and its heap in use after it. */
    @Override
    public OptionalLong fullGc() throws InterruptedException {
        return control.fullGc(id);
    }

    @Override
    public String log() {
        return host.log();
    }

    @Override
    public String logTail() {
        return host.logTail();
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            control.stop(id);
        }
    }
}
