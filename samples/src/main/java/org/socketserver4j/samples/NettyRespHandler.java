package org.socketserver4j.samples;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.redis.ArrayRedisMessage;
import io.netty.handler.codec.redis.ErrorRedisMessage;
import io.netty.handler.codec.redis.FullBulkStringRedisMessage;
import io.netty.handler.codec.redis.RedisMessage;
import io.netty.handler.codec.redis.SimpleStringRedisMessage;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Netty reference of {@code compare}'s resp workload, behind netty-codec-redis's
 * {@code RedisDecoder}, aggregators and {@code RedisEncoder}: an in-memory store shared by every
 * connection answering {@code PING} ({@code +PONG}, or its argument), {@code SET key value}
 * ({@code +OK}) and {@code GET key} (the value, or a null bulk string); anything else gets a
 * Redis-style error and the connection goes on. Write on each command, flush when the read
 * batch ends, as the other Netty references.
 */
@Sharable
final class NettyRespHandler extends NettyEchoServer.FlushPerReadBatch {

    private static final RedisMessage PONG = new SimpleStringRedisMessage("PONG");
    private static final RedisMessage OK = new SimpleStringRedisMessage("OK");

    private final Map<String, byte[]> store = new ConcurrentHashMap<>();

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            ctx.write(reply(msg), ctx.voidPromise());
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private RedisMessage reply(Object msg) {
        if (!(msg instanceof ArrayRedisMessage array) || array.isNull() || array.children().isEmpty()
                || !array.children().stream().allMatch(FullBulkStringRedisMessage.class::isInstance)) {
            return new ErrorRedisMessage("ERR expected a command: an array of bulk strings");
        }
        List<RedisMessage> words = array.children();
        String name = text(words.get(0)).toUpperCase(Locale.ROOT);
        int arguments = words.size() - 1;
        return switch (name) {
            case "PING" -> arguments == 0 ? PONG
                    : arguments == 1 ? bulk(bytes(words.get(1))) : wrongArguments(name);
            case "SET" -> {
                if (arguments != 2) {
                    yield wrongArguments(name);
                }
                store.put(text(words.get(1)), bytes(words.get(2)));
                yield OK;
            }
            case "GET" -> {
                if (arguments != 1) {
                    yield wrongArguments(name);
                }
                byte[] value = store.get(text(words.get(1)));
                yield value == null ? FullBulkStringRedisMessage.NULL_INSTANCE : bulk(value);
            }
            default -> new ErrorRedisMessage("ERR unknown command '" + name + "'");
        };
    }

    private static RedisMessage wrongArguments(String name) {
        return new ErrorRedisMessage("ERR wrong number of arguments for '" + name.toLowerCase(Locale.ROOT)
                + "' command");
    }

    private static RedisMessage bulk(byte[] value) {
        return new FullBulkStringRedisMessage(Unpooled.wrappedBuffer(value));
    }

    private static String text(RedisMessage word) {
        return ((FullBulkStringRedisMessage) word).content().toString(StandardCharsets.UTF_8);
    }

    private static byte[] bytes(RedisMessage word) {
        ByteBuf content = ((FullBulkStringRedisMessage) word).content();
        return ByteBufUtil.getBytes(content);
    }
}
