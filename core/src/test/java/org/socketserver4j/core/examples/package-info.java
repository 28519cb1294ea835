/** Examples from the README, compiled and run by the tests. */
package org.socketserver4j.core.examples;
