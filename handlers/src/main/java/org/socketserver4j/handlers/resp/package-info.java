/**
 * A Redis-compatible in-memory key-value server: RESP2, the Redis protocol, as an event
 * handler, good enough for {@code redis-cli} and {@code redis-benchmark}.
 *
 * <p>{@link org.socketserver4j.handlers.resp.RespHandler} is the handler; it runs under every
 * server. Its parts each do one job: {@link org.socketserver4j.handlers.resp.RespParser}
 * turns bytes into commands (arrays of bulk strings and inline commands, incrementally,
 * within {@link org.socketserver4j.handlers.resp.RespLimits}),
 * {@link org.socketserver4j.handlers.resp.RespCommands} runs them on a thread-safe
 * {@link org.socketserver4j.handlers.resp.RespStore}, and
 * {@link org.socketserver4j.handlers.resp.RespWriter} encodes the replies.
 *
 * <pre>{@code
 * try (var server = new HybridServer(new InetSocketAddress("127.0.0.1", 6379), RespHandler.class)) {
 *     server.serveForever();   // then: redis-cli -p 6379 SET greeting hello
 * }
 * }</pre>
 *
 * <p>Commands: PING, ECHO, SET (EX, PX, NX, XX, KEEPTTL), GET, DEL, EXISTS, INCR, INCRBY,
 * DECR, DECRBY, MGET, MSET, EXPIRE, TTL, PTTL, DBSIZE, FLUSHALL, FLUSHDB, SELECT 0, COMMAND
 * (COUNT, INFO, LIST; DOCS answers an empty list, so redis-cli starts without hints),
 * CONFIG GET (the few parameters redis-benchmark asks for) and QUIT. Values are strings
 * only; there is one database, no persistence, no eviction and no authentication.
 *
 * <p>The store of the no-argument handler is per process: under {@code ForkingServer}, which
 * runs each connection in a child JVM, each connection has a store of its own.
 */
package org.socketserver4j.handlers.resp;
