/**
 * What every engine stands on: {@link org.socketserver4j.core.loop.Reactor}, the event loop (a
 * selector, a task queue other threads post to, a deadline heap of timers), the acceptor that
 * runs on one (batches, the connection limit, descriptor back-off), the per-address limit, and
 * {@link org.socketserver4j.core.loop.AcceptorEngine}, the base class of the reactor, thread
 * and fork engines. The engines are siblings above this package; none imports another.
 */
package org.socketserver4j.core.loop;
