/**
 * A line-based multi-user chat: the worked example of messaging across connections. A message
 * from a connection on one worker reactor reaches connections on the others through
 * {@link org.socketserver4j.core.handler.Connection#write}, which never blocks and is safe from
 * any thread: no lock on the I/O path. A member that falls behind slows the senders down (their
 * reading pauses, for the hold period at most) rather than being dropped at once; one that makes
 * no progress for the soft period, or whose backlog passes the hard cap, is disconnected with a
 * reason, so it can neither hold up the others for long nor make the server buffer without
 * bound (see
 * {@link org.socketserver4j.handlers.chat.ChatHandler}).
 */
package org.socketserver4j.handlers.chat;
