package org.socketserver4j.handlers.resp;

import java.util.List;
import java.util.Objects;

/**
 * What {@link RespParser#next()} found: more bytes are needed, a complete command, or a
 * protocol error after which the connection cannot be trusted to be in frame again.
 */
public sealed interface ParseResult {

    /** The one {@link NeedMore} instance. */
    NeedMore NEED_MORE = new NeedMore();

    /** The buffered bytes hold no complete command yet: feed more. */
    record NeedMore() implements ParseResult {}

    /**
     * A complete command: its name and arguments, as sent (binary-safe).
     *
     * @param arguments the command name first, then its arguments; never empty
     */
    record Command(List<byte[]> arguments) implements ParseResult {
        /** Checks there is at least a name and keeps an unmodifiable view. */
        public Command {
            Objects.requireNonNull(arguments, "arguments");
            if (arguments.isEmpty()) {
                throw new IllegalArgumentException("a command has at least a name");
            }
            arguments = java.util.Collections.unmodifiableList(arguments);
        }

        /** How many arguments, the name included (Redis's {@code argc}). */
        public int argc() {
            return arguments.size();
        }

        /** The argument at {@code index}; 0 is the command name. */
        public byte[] argument(int index) {
            return arguments.get(index);
        }
    }

    /**
     * The input broke the protocol. Every later call of {@link RespParser#next()} returns
     * the same error: reply with it and close, as Redis does.
     *
     * @param message the error text without the {@code -} type byte, for example
     *     {@code "ERR Protocol error: invalid bulk length"}
     */
    record ProtocolError(String message) implements ParseResult {
        /** Checks the message is present. */
        public ProtocolError {
            Objects.requireNonNull(message, "message");
        }
    }
}
