/** Tests of the reactor engine's parts: the event loop and its spin detection. */
package org.socketserver4j.core.reactor;
