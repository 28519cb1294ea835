/**
 * The process-per-connection engine. Java has no {@code fork()}, and the JDK cannot hand a
 * socket to a child process, so the parent keeps the socket and relays its bytes to a child
 * JVM's stdin and from its stdout ("inetd nowait over pipes"). The child runs
 * {@link org.socketserver4j.core.fork.ChildMain}: it loads and warms up its handler class,
 * says it is ready (one byte on stdout), reads a one-line header naming the handler class and
 * the addresses, then serves its stdin/stdout as the connection. At most {@code maxSpawning}
 * children start at once; connections wait in order for the next ready one.
 */
package org.socketserver4j.core.fork;
