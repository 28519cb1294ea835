package org.socketserver4j.samples;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * What a TCP request/response load speaks ({@link LoadGenerator}'s {@link Exchange}) and what the
 * server under it serves: {@code serve}'s handler, or the Netty reference's flag.
 */
enum Protocol {
    /** Echo: every byte back ({@code --handler=echo}; Netty's echo). */
    ECHO(HandlerChoice.ECHO, null),
    /** HTTP/1.1 {@code GET /plaintext} ({@code --handler=http}; Netty's {@code HttpServerCodec}, {@code --http}). */
    HTTP(HandlerChoice.HTTP, "--http"),
    /** RESP {@code PING}/{@code SET}/{@code GET} ({@code --handler=resp}; Netty's redis codec, {@code --resp}). */
    RESP(HandlerChoice.RESP, "--resp");

    private final HandlerChoice handler;
    private final String nettyFlag;

    Protocol(HandlerChoice handler, String nettyFlag) {
        this.handler = handler;
        this.nettyFlag = nettyFlag;
    }

    /**
     * The protocol of a request/response workload: echo and large speak echo, http and
     * http-pipelined HTTP, resp RESP.
     *
     * @throws IllegalArgumentException for any other workload
     */
    static Protocol of(Workload workload) {
        return switch (workload) {
            case ECHO, LARGE -> ECHO;
            case HTTP, HTTP_PIPELINED -> HTTP;
            case RESP -> RESP;
            default -> throw new IllegalArgumentException(workload + " is no request/response workload over TCP");
        };
    }

    /** The handler {@code serve} serves it with. */
    HandlerChoice handler() {
        return handler;
    }

    /**
     * The connections' exchanges against {@code target}: echo of {@code messageSize} bytes; HTTP
     * with {@code pipeline} requests written at once; RESP (neither applies).
     */
    Exchange.Factory exchanges(InetSocketAddress target, int messageSize, int pipeline) {
        return switch (this) {
            case ECHO -> EchoExchange.factory(messageSize);
            case HTTP -> HttpExchange.factory(target, pipeline);
            case RESP -> RespExchange.factory();
        };
    }

    /**
     * The command line of a server of this protocol, from {@code echoCommand}, the same server's
     * echo command line: {@code serve}'s {@code --handler=echo} becomes this handler, and
     * {@link NettyEchoServer} ({@code netty}) gets its flag.
     */
    List<String> serverCommand(List<String> echoCommand, boolean netty) {
        List<String> command = new ArrayList<>(echoCommand);
        if (netty && nettyFlag != null) {
            command.add(nettyFlag);
        } else if (!netty) {
            command.replaceAll(arg -> arg.equals("--handler=" + HandlerChoice.ECHO) ? "--handler=" + handler : arg);
        }
        return command;
    }
}
