package org.socketserver4j.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Reading a process's memory and threads. */
class ProcessMemoryTest {

    @Test
    void readsRssAndThreadsFromProcStatus() {
        assertThat(ProcessMemory.parseStatus(List.of("Name:\tjava", "VmPeak:\t 9000 kB", "VmRSS:\t   75900 kB",
                "RssAnon:\t 5000 kB", "Threads:\t25", "SigQ:\t0/1")))
                .contains(new ProcessMemory.Status(75_900L * 1024, 25));
        assertThat(ProcessMemory.parseStatus(List.of("Name:\tzombie", "Threads:\t1"))).isEmpty();
    }

    @Test
    void readsTheWholeHeapsUseFromGcHeapInfo() {
        String g1 = """
                12345:
                 garbage-first heap   total reserved 6160384K, committed 65536K, used 5017K [0x0000000680000000, 0x0000000800000000)
                  region size 4096K, 1 young (4096K), 0 survivors (0K)
                 Metaspace       used 1234K, committed 1408K, reserved 1114112K
                """;
        assertThat(ProcessMemory.parseHeapUsed(g1)).isEqualTo(OptionalLong.of(5017L * 1024));
        assertThat(ProcessMemory.parseHeapUsed("12345:\nCommand executed successfully\n")).isEmpty();
    }

    @Test
    void readsThisProcessAndAsksThisJvmForAGcAndItsHeap() throws Exception {
        long pid = ProcessHandle.current().pid();
        org.junit.jupiter.api.Assumptions.assumeTrue(ProcessMemory.status(pid).isPresent(), "no /proc");

        assertThat(ProcessMemory.settledStatus(pid)).hasValueSatisfying(status -> {
            assertThat(status.rssBytes()).isPositive();
            assertThat(status.threads()).isPositive();
        });
        if (ProcessMemory.jcmd().isPresent()) {
            assertThat(ProcessMemory.fullGc(pid)).isTrue();
            assertThat(ProcessMemory.heapUsedBytes(pid).orElse(0)).isPositive();
        }
    }
}
