package org.socketserver4j.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The peaks of a child JVM under a little load, and of a process that is no JVM. */
class PeakSamplerTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final StringWriter err = new StringWriter();
    private final Closer cleanup = new Closer();

    @AfterEach
    void closeEverything() throws Exception {
        cleanup.closeAll();
        ThreadsLeft.awaitNoneNamed(WAIT, "compare-peaks-", "compare-load-");
    }

    @Test
    void keepsTheMostThreadsHeapAndResidentSetOfAJvmUnderLoad() throws Exception {
        ServerProcess server = cleanup.add(ServerProcess.start(PerfDataTest.childJvm("-Xmx64m"), WAIT));
        PeakSampler sampler = cleanup.add(PeakSampler.start(server.pid(), Duration.ofMillis(20),
                new PrintWriter(err, true)));
        LoadGenerator load = cleanup.add(LoadGenerator.open(server.address(), 4, 64, 1, WAIT));
        load.start();
        load.awaitUnlessFailed(Duration.ofMillis(200));

        ProcessMemory.Status before = ProcessMemory.status(server.pid()).orElseThrow();

        ResourcePeaks peaks = sampler.stop();

        assertThat(peaks.threads()).isGreaterThan(5); // a JVM's: main, GC, compilers, the server's
        assertThat(peaks.rssBytes()).isGreaterThanOrEqualTo(before.rssBytes()); // the high-water mark
        assertThat(peaks.heapUsedBytes()).isPositive().isLessThanOrEqualTo(64L << 20);
        assertThat(sampler.stop()).isSameAs(peaks);
        assertThat(err.toString()).isEmpty();
        ThreadsLeft.awaitNoneNamed(WAIT, "compare-peaks-");
    }

    @Test
    void aProcessThatIsNoJvmHasNoHeap() throws Exception {
        ServerProcess server = cleanup.add(ServerProcess.start(List.of("sh", "-c",
                "echo 'listening on 127.0.0.1:7'; exec sleep 60"), WAIT, Duration.ofSeconds(1)));
        PeakSampler sampler = cleanup.add(PeakSampler.start(server.pid(), new PrintWriter(err, true)));

        ResourcePeaks peaks = sampler.stop();

        assertThat(peaks.threads()).isEqualTo(1);
        assertThat(peaks.rssBytes()).isPositive();
        assertThat(peaks.heapUsedBytes()).isEqualTo(-1);
        assertThat(err.toString()).isEmpty();
    }
}
