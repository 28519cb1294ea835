package org.socketserver4j.core.engine;

import java.io.IOException;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import org.socketserver4j.core.handler.Connection;

/**
 * Moves a server's bytes: accepts from its listener and runs handlers under one concurrency
 * strategy. A server owns one engine and drives it through this lifecycle: {@link #start},
 * any number of {@link #setAccepting}/{@link #acceptOne} calls, {@link #stopAccepting}, then
 * {@link #awaitIdle}, {@link #closeAll} and {@link #stop}.
 */
public interface Engine {

    /** Starts the engine's threads on a bound, listening channel; nothing is accepted yet. */
    void start(ServerSocketChannel listener) throws IOException;

    /** Starts or pauses accepting; while paused, the kernel backlog holds new clients. */
    void setAccepting(boolean accepting);

    /**
     * Accepts exactly one connection and hands it to the server, waiting at most
     * {@code timeout} ({@code null}: for ever).
     *
     * @return whether a connection was accepted in time
     */
    boolean acceptOne(Duration timeout) throws InterruptedException;

    /** Stops accepting for good and closes the listener. */
    void stopAccepting();

    /**
     * Runs an accepted connection's handler: the engine's half of {@code processRequest}.
     *
     * @param connection a connection this engine gave the server
     */
    void process(Connection connection);

    /** Waits until no connection is open or {@code timeout} has passed; returns whether idle. */
    boolean awaitIdle(Duration timeout) throws InterruptedException;

    /** Closes every open connection at once; each handler is told through its close path. */
    void closeAll();

    /** Stops the engine's threads, waiting for them at most {@code timeout}. */
    void stop(Duration timeout) throws InterruptedException;
}
