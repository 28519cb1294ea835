/** Tests of the event loop every engine stands on, and of its spin detection. */
package org.socketserver4j.core.loop;
