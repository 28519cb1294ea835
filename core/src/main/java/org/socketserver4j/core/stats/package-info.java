/** Live counters of a server, readable from any thread. */
package org.socketserver4j.core.stats;
