/**
 * The servers: Python's {@code socketserver} for Java. Pick a concurrency strategy by picking
 * a class: {@link org.socketserver4j.core.SelectServer} (one selector thread) or
 * {@link org.socketserver4j.core.ThreadingServer} (a thread per connection), both built on
 * {@link org.socketserver4j.core.BaseServer}, which holds socketserver's surface
 * ({@code serveForever}, {@code shutdown}, {@code handleRequest}, the request pipeline hooks
 * and {@code close}). The handlers they run are in
 * {@link org.socketserver4j.core.handler}.
 */
package org.socketserver4j.core;
