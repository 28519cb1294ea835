/**
 * The handler API: the ground floor every server builds on.
 *
 * <p>Two handler families live here. The blocking family is Python's {@code socketserver}:
 * subclass {@link org.socketserver4j.core.handler.StreamRequestHandler} and implement
 * {@code handle()} with {@code rfile}/{@code wfile}. The event family is reactor-native:
 * implement {@link org.socketserver4j.core.handler.EventHandler}, get called with the bytes
 * that arrived and write without blocking. Both see the connection only through
 * {@link org.socketserver4j.core.handler.Connection} (and its blocking view
 * {@link org.socketserver4j.core.handler.Request}); nothing in this package knows a selector,
 * a thread or a process, which is what lets one handler run under every server.
 */
package org.socketserver4j.core.handler;
