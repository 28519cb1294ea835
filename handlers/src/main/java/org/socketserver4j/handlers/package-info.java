/**
 * Ready-made handlers, built only on core's public handler API, each a worked example of
 * writing one well. Every handler here runs under every server.
 */
package org.socketserver4j.handlers;
