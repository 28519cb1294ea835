package org.socketserver4j.core.testing;

import org.socketserver4j.core.handler.HandlerFactory;

/** The two handler families, each with the same line protocol ({@link LineCommands}). */
public enum Family {
    /** {@link org.socketserver4j.core.handler.StreamRequestHandler} on rfile/wfile. */
    BLOCKING {
        @Override
        public HandlerFactory lineHandler() {
            return HandlerFactory.of(BlockingLineHandler.class);
        }
    },
    /** {@link org.socketserver4j.core.handler.EventHandler} on the I/O thread. */
    EVENT {
        @Override
        public HandlerFactory lineHandler() {
            return HandlerFactory.of(EventLineHandler.class);
        }
    };

    /** A factory of handlers speaking {@link LineCommands}. */
    public abstract HandlerFactory lineHandler();
}
