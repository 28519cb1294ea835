/**
 * The reactor engine of SelectServer and HybridServer: {@link
 * org.socketserver4j.core.reactor.ReactorEngine} places each connection on a reactor of {@link
 * org.socketserver4j.core.loop}, a {@code ReactorConnection} does non-blocking reads and
 * gathering writes with watermarks on it, and a {@code BlockingBridge} runs a blocking handler
 * on a pool thread over bounded queues.
 */
package org.socketserver4j.core.reactor;
