/** Tests of the pieces every engine shares: the outbound buffer, the callback lane, the timeouts. */
package org.socketserver4j.core.engine;
