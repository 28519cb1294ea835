/**
 * The contract between a server and the engine that moves its bytes: {@link
 * org.socketserver4j.core.engine.Engine} (what every engine does), {@link
 * org.socketserver4j.core.engine.ServerHooks} (what an engine asks of its server), the
 * settings an engine runs with and the registry of open connections that graceful close waits
 * on. Engines live in sibling packages; none of them imports a server class.
 */
package org.socketserver4j.core.engine;
