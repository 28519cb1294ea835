package org.socketserver4j.core.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.socketserver4j.core.testing.FakeConnection;

/** A handler class is checked when the server is built, with a message that says why. */
class HandlerFactoryTest {

    /** A usable blocking handler. */
    public static class Good extends StreamRequestHandler {
        /** Makes it. */
        public Good() {}

        @Override
        public void handle() {}
    }

    /** A usable event handler. */
    public static class GoodEvent implements EventHandler {
        /** Makes it. */
        public GoodEvent() {}

        @Override
        public void onData(Connection connection, ByteBuffer data) {}
    }

    /** No no-argument constructor. */
    public static class NeedsArgument extends StreamRequestHandler {
        /** Makes it with an argument. */
        public NeedsArgument(String ignored) {}

        @Override
        public void handle() {}
    }

    static class NotPublic extends StreamRequestHandler {
        @Override
        public void handle() {}
    }

    /** Abstract. */
    public abstract static class Abstract extends StreamRequestHandler {}

    /** Not static. */
    public class Inner extends StreamRequestHandler {
        @Override
        public void handle() {}
    }

    @Test
    void classesOfEitherFamilyAreAccepted() {
        assertThat(HandlerFactory.of(Good.class)).isInstanceOf(HandlerFactory.Blocking.class);
        assertThat(((HandlerFactory.Blocking) HandlerFactory.of(Good.class)).newHandler()).isInstanceOf(Good.class);
        assertThat(HandlerFactory.of(GoodEvent.class)).isInstanceOf(HandlerFactory.Event.class);
        assertThat(HandlerFactory.of(Good.class).handlerClass()).isEqualTo(Good.class);
    }

    @Test
    void unusableClassesAreRefusedWithTheReason() {
        assertThatThrownBy(() -> HandlerFactory.of(String.class))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("neither");
        assertThatThrownBy(() -> HandlerFactory.of(NeedsArgument.class))
                .hasMessageContaining("no public no-argument constructor");
        assertThatThrownBy(() -> HandlerFactory.of(NotPublic.class)).hasMessageContaining("not public");
        assertThatThrownBy(() -> HandlerFactory.of(Abstract.class)).hasMessageContaining("abstract");
        assertThatThrownBy(() -> HandlerFactory.of(Inner.class)).hasMessageContaining("inner class");
    }

    @Test
    void aHandlerInstanceServesOneRequestOnly() throws Exception {
        Good handler = new Good();
        assertThatThrownBy(() -> {
            handler.run(new FakeConnection(), null, null);
            handler.run(new FakeConnection(), null, null);
        }).isInstanceOf(IllegalStateException.class).hasMessageContaining("one request");
    }
}
