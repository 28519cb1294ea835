/**
 * The samples command line, {@code socketserver4j-samples}: {@code serve} runs any handler
 * under any strategy; {@code compare} measures echo under each strategy and under Netty side
 * by side ({@link org.socketserver4j.samples.CompareCommand}). Each choice lives in a small
 * type of its own ({@link org.socketserver4j.samples.Strategy}, {@link
 * org.socketserver4j.samples.HandlerChoice}, {@link org.socketserver4j.samples.Style}, {@link
 * org.socketserver4j.samples.Contender}) so that new strategies and handlers are one constant
 * each.
 */
package org.socketserver4j.samples;
