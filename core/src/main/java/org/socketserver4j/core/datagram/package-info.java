/**
 * UDP: the datagram handler families and the engine that serves them under every server.
 *
 * <p>Handlers: {@link org.socketserver4j.core.datagram.DatagramRequestHandler} is socketserver's
 * own ({@code rfile} reads the datagram, {@code wfile} collects the reply, sent only when
 * something was written); {@link org.socketserver4j.core.datagram.DatagramHandler} is the
 * event style ({@code onDatagram(ctx, data)}, replying through the context). A server is given
 * UDP by being constructed with a {@link org.socketserver4j.core.datagram.DatagramHandlerFactory}
 * instead of a stream {@code HandlerFactory}; the server class still picks the concurrency,
 * through one hook, {@code BaseServer.datagramConcurrency}, which returns a
 * {@link org.socketserver4j.core.datagram.DatagramConcurrency}.
 *
 * <p>{@link org.socketserver4j.core.datagram.DatagramEngine} receives into a buffer one byte
 * larger than the maximum datagram size, so a datagram the kernel truncated is detected,
 * counted and reported, never handed to a handler.
 */
package org.socketserver4j.core.datagram;
