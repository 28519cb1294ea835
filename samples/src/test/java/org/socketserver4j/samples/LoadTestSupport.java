package org.socketserver4j.samples;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;

/**
 * What the load generators' tests share: a {@link Closer} for the servers and loads each test
 * opens, and the check, after each test, that no load or fake-server thread is left.
 */
abstract class LoadTestSupport {

    /** The longest a test waits for a connection, a result or a thread to end. */
    static final Duration WAIT = Duration.ofSeconds(10);

    /** Closes what the test opened, in reverse order. */
    final Closer cleanup = new Closer();

    @AfterEach
    void closeEverythingAndLeaveNoThread() throws Exception {
        cleanup.closeAll();
        ThreadsLeft.awaitNoneNamed(WAIT, "compare-load-", "fake-server");
    }
}
