/**
 * A line-based multi-user chat: the worked example of messaging across connections. A message
 * from a connection on one worker reactor reaches connections on the others through
 * {@link org.socketserver4j.core.handler.Connection#write}, which hands the bytes to the owning
 * reactor's lock-free queue: no lock on the I/O path, and a slow reader's backlog is bounded
 * (over it, the reader is disconnected with a reason) so it cannot hold up anyone else.
 */
package org.socketserver4j.handlers.chat;
