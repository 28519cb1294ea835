package org.socketserver4j.core.handler;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Makes one handler per connection, of one of the two families. Build it from a class with
 * {@link #of(Class)} (checked at once: a public, concrete class with a public no-argument
 * constructor) or from a supplier with {@link #blocking(Supplier)} or {@link #event(Supplier)}.
 */
public sealed interface HandlerFactory {

    /** The handler class when known (always for {@link #of(Class)}), else {@code null}. */
    Class<?> handlerClass();

    /** A factory of blocking handlers. */
    record Blocking(Supplier<? extends RequestHandler> supplier, Class<?> handlerClass)
            implements HandlerFactory {
        /** Checks the supplier is present. */
        public Blocking {
            Objects.requireNonNull(supplier, "supplier");
        }

        /** Makes a new handler. */
        public RequestHandler newHandler() {
            return Objects.requireNonNull(supplier.get(), "handler supplier returned null");
        }
    }

    /** A factory of event handlers. */
    record Event(Supplier<? extends EventHandler> supplier, Class<?> handlerClass)
            implements HandlerFactory {
        /** Checks the supplier is present. */
        public Event {
            Objects.requireNonNull(supplier, "supplier");
        }

        /** Makes a new handler. */
        public EventHandler newHandler() {
            return Objects.requireNonNull(supplier.get(), "handler supplier returned null");
        }
    }

    /** Blocking handlers made by {@code supplier}. */
    static HandlerFactory blocking(Supplier<? extends RequestHandler> supplier) {
        return new Blocking(supplier, null);
    }

    /** Event handlers made by {@code supplier}. */
    static HandlerFactory event(Supplier<? extends EventHandler> supplier) {
        return new Event(supplier, null);
    }

    /**
     * Event handlers of class {@code type} made by {@code supplier}: the class is known, so
     * what it declares (its {@link ApplicationProtocols}) is too.
     */
    static <H extends EventHandler> HandlerFactory event(Class<H> type, Supplier<? extends H> supplier) {
        return new Event(supplier, Objects.requireNonNull(type, "handler class"));
    }

    /**
     * The application protocols the handler class declares ({@link ApplicationProtocols}),
     * most preferred first; empty when it declares none or the class is not known.
     */
    default java.util.List<String> applicationProtocols() {
        Class<?> type = handlerClass();
        ApplicationProtocols declared = type == null ? null : type.getAnnotation(ApplicationProtocols.class);
        return declared == null ? java.util.List.of() : java.util.List.of(declared.value());
    }

    /**
     * Handlers of {@code type}, a {@link RequestHandler} subclass or an {@link EventHandler}
     * implementation, made through its public no-argument constructor.
     *
     * @throws IllegalArgumentException with the reason when the class cannot serve as one
     */
    static HandlerFactory of(Class<?> type) {
        Objects.requireNonNull(type, "handler class");
        boolean blocking = RequestHandler.class.isAssignableFrom(type);
        if (!blocking && !EventHandler.class.isAssignableFrom(type)) {
            throw new IllegalArgumentException(type.getName() + " is neither a "
                    + RequestHandler.class.getSimpleName() + " subclass nor an "
                    + EventHandler.class.getSimpleName());
        }
        Constructor<?> constructor = publicNoArgConstructor(type);
        Supplier<Object> make = () -> instantiate(constructor);
        return blocking
                ? new Blocking(() -> (RequestHandler) make.get(), type)
                : new Event(() -> (EventHandler) make.get(), type);
    }

    /**
     * Checks that {@code type} can be made as a handler (public, concrete, static when nested,
     * with a public no-argument constructor) and returns a supplier of new instances; shared
     * with the datagram handler factory.
     *
     * @throws IllegalArgumentException with the reason when it cannot
     */
    static Supplier<Object> instantiator(Class<?> type) {
        Constructor<?> constructor = publicNoArgConstructor(type);
        return () -> instantiate(constructor);
    }

    private static Constructor<?> publicNoArgConstructor(Class<?> type) {
        String name = type.getName();
        if (type.isInterface() || Modifier.isAbstract(type.getModifiers())) {
            throw new IllegalArgumentException(name + " is abstract: give a concrete handler class");
        }
        if (!Modifier.isPublic(type.getModifiers())) {
            throw new IllegalArgumentException(name + " is not public: make the class public");
        }
        if (type.isMemberClass() && !Modifier.isStatic(type.getModifiers())) {
            throw new IllegalArgumentException(name
                    + " is an inner class: make it static so it can be made without an outer instance");
        }
        try {
            return type.getConstructor();
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException(name
                    + " has no public no-argument constructor: add one, or pass a factory", e);
        }
    }

    private static Object instantiate(Constructor<?> constructor) {
        try {
            return constructor.newInstance();
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException("constructor of "
                    + constructor.getDeclaringClass().getName() + " failed", cause);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot make "
                    + constructor.getDeclaringClass().getName(), e);
        }
    }
}
