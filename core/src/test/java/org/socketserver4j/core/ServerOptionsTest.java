package org.socketserver4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.socketserver4j.core.engine.EngineSettings;

/** The option values on their own: defaults, the checks of each setter, the engine settings. */
class ServerOptionsTest {

    private final ServerOptions options = new ServerOptions(() -> "test");

    @Test
    void defaultsReachTheEngineSettings() {
        EngineSettings settings = options.engineSettings("name");

        assertThat(settings.name()).isEqualTo("name");
        assertThat(settings.idleTimeout()).isEqualTo(BaseServer.DEFAULT_IDLE_TIMEOUT);
        assertThat(settings.readTimeout()).isZero();
        assertThat(settings.writeTimeout()).isZero();
        assertThat(settings.maxConnections()).isZero();
        assertThat(settings.tcpNoDelay()).isTrue();
        assertThat(settings.lowWatermark()).isEqualTo(32 * 1024);
        assertThat(settings.highWatermark()).isEqualTo(64 * 1024);
        assertThat(settings.maxOutboundBytes()).isEqualTo(BaseServer.DEFAULT_MAX_OUTBOUND_BYTES);
        assertThat(settings.inboundCapacity()).isEqualTo(256 * 1024);
        assertThat(options.gracePeriod()).isEqualTo(BaseServer.DEFAULT_GRACE_PERIOD);
        assertThat(options.timeout()).isNull();
        assertThat(options.allowReuseAddress()).isTrue();
        assertThat(options.allowReusePort()).isFalse();
    }

    @Test
    void theDefaultHandlerExecutorNamesItsThreadsByThePrefix() throws Exception {
        ExecutorService executor = options.engineSettings("name").handlerExecutor().get();
        try {
            assertThat(executor.submit(() -> Thread.currentThread().getName()).get())
                    .startsWith("test-handler-");
        } finally {
            executor.shutdown();
        }
    }

    @Test
    void setValuesReachTheEngineSettings() {
        options.setIdleTimeout(Duration.ZERO);
        options.setReadTimeout(Duration.ofSeconds(1));
        options.setWriteTimeout(Duration.ofSeconds(2));
        options.setMaxConnections(3);
        options.setMaxConnectionsPerAddress(4);
        options.setTcpNoDelay(false);
        options.setWriteBufferWatermarks(10, 20);
        options.setMaxOutboundBytes(20);
        options.setInboundCapacity(5);

        EngineSettings settings = options.engineSettings("name");

        assertThat(settings).isEqualTo(new EngineSettings("name", Duration.ZERO,
                Duration.ofSeconds(1), Duration.ofSeconds(2), 3, 4, false, 20, 10, 20, 5,
                settings.handlerExecutor(), null));
    }

    @Test
    void badValuesAreRefusedAndLeaveTheOldOnes() {
        assertThatThrownBy(() -> options.setRequestQueueSize(-1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> options.setTimeout(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> options.setIdleTimeout(null))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> options.setGracePeriod(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> options.setMaxConnectionsPerAddress(-1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> options.setWriteBufferWatermarks(10, 10))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> options.setWriteBufferWatermarks(0, Integer.MAX_VALUE))
                .hasMessageContaining("maxOutboundBytes");
        assertThatThrownBy(() -> options.setMaxOutboundBytes(64 * 1024 - 1))
                .hasMessageContaining("high watermark");
        assertThatThrownBy(() -> options.setInboundCapacity(0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> options.setHandlerExecutor(null))
                .isInstanceOf(NullPointerException.class);

        assertThat(options.requestQueueSize()).isZero();
        assertThat(options.timeout()).isNull();
        assertThat(options.gracePeriod()).isEqualTo(BaseServer.DEFAULT_GRACE_PERIOD);
        assertThat(options.maxOutboundBytes()).isEqualTo(BaseServer.DEFAULT_MAX_OUTBOUND_BYTES);
    }

    @Test
    void theBacklogIsTheQueueSizeOrTheSystemMaximum() {
        assertThat(options.backlog()).isEqualTo(ServerOptions.osMaxBacklog()).isPositive();
        options.setRequestQueueSize(7);
        assertThat(options.backlog()).isEqualTo(7);
    }

    @Test
    void anExecutorGivenIsUsed() {
        Supplier<ExecutorService> mine = Executors::newSingleThreadExecutor;
        options.setHandlerExecutor(mine);
        assertThat(options.engineSettings("name").handlerExecutor()).isSameAs(mine);
    }
}
