/** Tests of the reactor engine's parts. */
package org.socketserver4j.core.reactor;
