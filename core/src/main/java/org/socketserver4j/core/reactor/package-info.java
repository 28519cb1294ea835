/**
 * The reactor engine: one {@link org.socketserver4j.core.reactor.Reactor} class is the event
 * loop (a selector, a task queue other threads post to, a deadline heap for timeouts), an
 * {@link org.socketserver4j.core.reactor.Acceptor} accepts in batches with a connection limit
 * and back-off on descriptor exhaustion, {@link org.socketserver4j.core.reactor.ReactorConnection}
 * does non-blocking reads and gathering writes with watermarks, and
 * {@link org.socketserver4j.core.reactor.BlockingBridge} runs a blocking handler on a pool
 * thread over bounded queues.
 */
package org.socketserver4j.core.reactor;
