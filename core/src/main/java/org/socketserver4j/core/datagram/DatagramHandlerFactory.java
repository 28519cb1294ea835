package org.socketserver4j.core.datagram;

import java.util.Objects;
import java.util.function.Supplier;
import org.socketserver4j.core.handler.HandlerFactory;

/**
 * Makes one datagram handler per datagram, of one of the two families. Giving a server one of
 * these instead of a stream {@link HandlerFactory} makes it serve UDP.
 */
public sealed interface DatagramHandlerFactory {

    /** The handler class when known (always for {@link #of(Class)}), else {@code null}. */
    Class<?> handlerClass();

    /** A factory of blocking datagram handlers. */
    record Blocking(Supplier<? extends DatagramRequestHandler> supplier, Class<?> handlerClass)
            implements DatagramHandlerFactory {
        /** Checks the supplier is present. */
        public Blocking {
            Objects.requireNonNull(supplier, "supplier");
        }

        /** Makes a new handler. */
        public DatagramRequestHandler newHandler() {
            return Objects.requireNonNull(supplier.get(), "handler supplier returned null");
        }
    }

    /** A factory of event datagram handlers. */
    record Event(Supplier<? extends DatagramHandler> supplier, Class<?> handlerClass)
            implements DatagramHandlerFactory {
        /** Checks the supplier is present. */
        public Event {
            Objects.requireNonNull(supplier, "supplier");
        }

        /** Makes a new handler. */
        public DatagramHandler newHandler() {
            return Objects.requireNonNull(supplier.get(), "handler supplier returned null");
        }
    }

    /** Blocking handlers made by {@code supplier}. */
    static DatagramHandlerFactory blocking(Supplier<? extends DatagramRequestHandler> supplier) {
        return new Blocking(supplier, null);
    }

    /** Event handlers made by {@code supplier}. */
    static DatagramHandlerFactory event(Supplier<? extends DatagramHandler> supplier) {
        return new Event(supplier, null);
    }

    /**
     * Handlers of {@code type}, a {@link DatagramRequestHandler} subclass or a
     * {@link DatagramHandler} implementation, made through its public no-argument constructor
     * (checked now, with the same rules and messages as {@link HandlerFactory#of(Class)}).
     *
     * @throws IllegalArgumentException with the reason when the class cannot serve as one
     */
    static DatagramHandlerFactory of(Class<?> type) {
        Objects.requireNonNull(type, "handler class");
        boolean blocking = DatagramRequestHandler.class.isAssignableFrom(type);
        if (!blocking && !DatagramHandler.class.isAssignableFrom(type)) {
            throw new IllegalArgumentException(type.getName() + " is neither a "
                    + DatagramRequestHandler.class.getSimpleName() + " subclass nor a "
                    + DatagramHandler.class.getSimpleName());
        }
        Supplier<Object> make = HandlerFactory.instantiator(type);
        return blocking
                ? new Blocking(() -> (DatagramRequestHandler) make.get(), type)
                : new Event(() -> (DatagramHandler) make.get(), type);
    }
}
