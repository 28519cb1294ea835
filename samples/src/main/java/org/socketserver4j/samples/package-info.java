/**
 * The samples command line, {@code socketserver4j-samples}: {@code serve} runs any handler
 * under any strategy. Each choice lives in a small type of its own ({@link
 * org.socketserver4j.samples.Strategy}, {@link org.socketserver4j.samples.HandlerChoice},
 * {@link org.socketserver4j.samples.Style}) so that new strategies and handlers are one
 * constant each.
 */
package org.socketserver4j.samples;
