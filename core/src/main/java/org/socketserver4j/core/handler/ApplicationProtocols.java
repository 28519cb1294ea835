package org.socketserver4j.core.handler;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The application protocols a handler class speaks, in the order it prefers them, offered by
 * ALPN when the server serves TLS (the HTTP handler declares {@code http/1.1}). Read from the
 * factory's {@link HandlerFactory#handlerClass()}; protocols set on the TLS context win.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface ApplicationProtocols {
    /** The protocol names, such as {@code http/1.1}, most preferred first. */
    String[] value();
}
