package org.socketserver4j.samples;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import org.socketserver4j.handlers.http.HttpDate;
import org.socketserver4j.handlers.http.HttpHandler;

/**
 * The Netty reference of {@code compare}'s HTTP workloads (http, http-pipelined and, over TLS,
 * tls-http), behind {@code HttpServerCodec}:
 * answers {@code /plaintext} with {@value HttpHandler#PLAINTEXT} and the header fields
 * {@code HttpHandler} sends with it ({@code Server}, {@code Date}, {@code Content-Length},
 * {@code Content-Type: text/plain}; the same bytes, so both encrypt as much), anything else with
 * 404. Written as Netty's TechEmpower entry is: write on each request, flush when the read batch
 * ends; closes after the response when the request asks to.
 */
final class NettyPlaintextHandler extends NettyEchoServer.FlushPerReadBatch {

    /** {@code HttpHandler}'s {@code Server} value. */
    static final String SERVER = "socketserver4j";
    // Capitalised as HttpHandler writes them (Netty's own names are lower case).
    private static final AsciiString SERVER_NAME = AsciiString.cached("Server");
    private static final AsciiString DATE_NAME = AsciiString.cached("Date");
    private static final AsciiString CONTENT_LENGTH_NAME = AsciiString.cached("Content-Length");
    private static final AsciiString CONTENT_TYPE_NAME = AsciiString.cached("Content-Type");
    private static final AsciiString TEXT_PLAIN = AsciiString.cached("text/plain");
    private static final ByteBuf BODY = Unpooled.unreleasableBuffer(
            Unpooled.directBuffer().writeBytes(HttpHandler.PLAINTEXT.getBytes(StandardCharsets.US_ASCII)))
            .asReadOnly();

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (!(msg instanceof HttpRequest request)) {
                return;
            }
            boolean plaintext = request.uri().equals("/plaintext");
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                    plaintext ? HttpResponseStatus.OK : HttpResponseStatus.NOT_FOUND,
                    plaintext ? BODY.duplicate() : Unpooled.EMPTY_BUFFER, false);
            HttpHeaders headers = response.headers();
            headers.set(SERVER_NAME, SERVER);
            headers.set(DATE_NAME, HttpDate.now());
            headers.set(CONTENT_LENGTH_NAME, response.content().readableBytes());
            if (plaintext) {
                headers.set(CONTENT_TYPE_NAME, TEXT_PLAIN);
            }
            if (HttpUtil.isKeepAlive(request)) {
                ctx.write(response, ctx.voidPromise());
            } else {
                ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }
}
