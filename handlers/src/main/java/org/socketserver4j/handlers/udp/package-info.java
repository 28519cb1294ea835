/**
 * The ready-made services over UDP: echo (RFC 862) and daytime (RFC 867), each in both
 * datagram handler families. Give a server one of them through
 * {@link org.socketserver4j.core.datagram.DatagramHandlerFactory#of(Class)}.
 */
package org.socketserver4j.handlers.udp;
