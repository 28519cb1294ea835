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
 * <p>Commands: PING, ECHO, SET (EX, PX, NX, XX, KEEPTTL), GET, DEL, EXISTS, TYPE, INCR, INCRBY,
 * DECR, DECRBY, MGET, MSET, EXPIRE, TTL, PTTL; lists: LPUSH, RPUSH, LPOP and RPOP (with an
 * optional count), LLEN, LRANGE; sets: SADD, SPOP (a random member, an optional count),
 * SMEMBERS, SCARD, SISMEMBER; hashes: HSET, HGET, HGETALL, HDEL; sorted sets: ZADD (NX, XX,
 * GT, LT, CH, INCR), ZSCORE, ZPOPMIN (an optional count), ZRANGE by rank (WITHSCORES), ZCARD;
 * streams: XADD ({@code *}, {@code ms-*} or an explicit id greater than the last; NOMKSTREAM,
 * MAXLEN), XLEN; DBSIZE, FLUSHALL, FLUSHDB, SELECT 0, COMMAND (COUNT, INFO, LIST; DOCS
 * answers an empty list, so redis-cli starts without hints), CONFIG GET (the few parameters
 * redis-benchmark asks for) and QUIT. That is every command of redis-benchmark's default test
 * list. A key holds one type; a command on a key of another type gets {@code -WRONGTYPE}; an
 * emptied list, set, hash or sorted set is deleted; every type can expire. There is one
 * database, no persistence, no eviction and no authentication; memory holds only what clients
 * stored, each element within {@link org.socketserver4j.handlers.resp.RespLimits} (see
 * {@link org.socketserver4j.handlers.resp.RespStore}).
 *
 * <p>The store of the no-argument handler is per process: under {@code ForkingServer}, which
 * runs each connection in a child JVM, each connection has a store of its own.
 */
package org.socketserver4j.handlers.resp;
