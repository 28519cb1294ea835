package org.socketserver4j.core.engine;

import java.io.IOException;
import java.net.SocketOption;
import java.nio.channels.NetworkChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Socket options set where the transport has them (TCP has TCP_NODELAY, Unix sockets do not). */
public final class ChannelOptions {

    private static final Logger log = LoggerFactory.getLogger(ChannelOptions.class);

    private ChannelOptions() {}

    /**
     * Sets {@code option} on {@code channel} if the channel supports it; a failure is logged at
     * debug level and otherwise ignored, as an option is a hint.
     */
    public static <T> void setIfSupported(NetworkChannel channel, SocketOption<T> option, T value) {
        try {
            if (channel.supportedOptions().contains(option)) {
                channel.setOption(option, value);
            }
        } catch (IOException e) {
            log.debug("cannot set {} on {}: {}", option, channel, e.toString());
        }
    }
}
