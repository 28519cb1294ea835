/**
 * The thread-per-connection engine: an acceptor reactor hands each connection, in blocking
 * mode, to a thread of its own (virtual by default). A blocking handler reads and writes the
 * socket directly; an event handler is driven by a read loop on that thread.
 */
package org.socketserver4j.core.threading;
