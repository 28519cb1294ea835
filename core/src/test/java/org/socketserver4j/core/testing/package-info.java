/**
 * Test support shared by every module's tests: the server kinds and handler families the
 * conformance suite runs over, a running-server fixture and a line client.
 */
package org.socketserver4j.core.testing;
