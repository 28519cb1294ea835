/**
 * The contract between a server and the engine that moves its bytes: {@link
 * org.socketserver4j.core.engine.Engine} (what every engine does), {@link
 * org.socketserver4j.core.engine.ServerHooks} (what an engine asks of its server), the
 * settings an engine runs with and the registry of open connections that graceful close waits
 * on; and the pieces every engine's connection is made of: {@link
 * org.socketserver4j.core.engine.EngineConnection} (its addresses and server), the outbound
 * buffer, the timeouts and their watchdog, the callback lane, and {@link
 * org.socketserver4j.core.engine.StreamConnection}, the connection on a thread of its own.
 * Engines live in sibling packages; none of them imports a server class.
 */
package org.socketserver4j.core.engine;
