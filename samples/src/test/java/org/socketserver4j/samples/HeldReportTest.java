package org.socketserver4j.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The held workload's Markdown table, from fixed numbers. */
class HeldReportTest {

    private static final MachineInfo MACHINE = new MachineInfo(2, "AMD EPYC", 3L << 30, "Linux 6.1 amd64",
            "JDK 25 (Eclipse Adoptium)");
    private static final long MIB = 1 << 20;

    private static HeldMeasurement row(Contender contender, Style style, long rssMib, int threads, long heapMib,
            boolean gc) {
        return new HeldMeasurement(contender, style, 10_000, 0, 70 * MIB, 23, rssMib * MIB, threads, 5 * MIB,
                heapMib * MIB, gc, 2_500, 0, null);
    }

    @Test
    void reportsMemoryAndThreadsPerHeldConnectionWithRatiosToNetty() {
        String report = HeldReport.markdown(MACHINE, new HeldReport.Settings("compare --workloads=held", 10_000,
                0, 64, 2), List.of(
                row(Contender.THREADING, Style.BLOCKING, 370, 27, 205, true),
                row(Contender.NETTY, Style.EVENT, 120, 23, 25, true),
                HeldMeasurement.failed(Contender.SELECT, Style.EVENT, 10_000, "refused")));

        assertThat(report).startsWith("""
                Command: `compare --workloads=held`

                Machine: 2 cores, AMD EPYC, 3.0 GiB RAM, Linux 6.1 amd64, JDK 25 (Eclipse Adoptium).
                Workload held: 10,000 idle connections to 127.0.0.1, opened 100 at a time, each after one 64-byte\
                 echo round trip (checked), held silent; each server in a new JVM of its own, read before connecting\
                 and again with all connections open, each time after a full GC (`System.gc()` in the server's\
                 JVM); HybridServer workers and Netty event-loop threads: 2. ForkingServer is not measured: it would start a JVM per\
                 held connection.

                | server | style | selector | held | idle RSS MiB | RSS MiB | RSS KiB/conn | idle threads | threads\
                 | heap used MiB | heap KiB/conn | open s | not echoing after | KiB/conn vs Netty | RSS vs Netty\
                 | threads vs Netty |
                |---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|
                | ThreadingServer | blocking | none | 10,000 | 70.0 | 370.0 | 30.72 | 23 | 27 | 205.0 | 20.48 | 2.5 | 0\
                 | 6.00 | 3.08 | 1.17 |
                | Netty NIO | event | epoll | 10,000 | 70.0 | 120.0 | 5.12 | 23 | 23 | 25.0 | 2.05 | 2.5 | 0 | 1.00\
                 | 1.00 | 1.00 |
                | SelectServer | event | epoll | 10,000 | failed: refused | – | – | – | – | – | – | – | – | – | – | – |
                """);
        assertThat(report).doesNotContain("Caution").endsWith("Netty's row of the same run. " + CompareReport.SELECTOR_NOTE + "\n");
    }

    @Test
    void saysWhenNoGcCouldBeRequestedAndCountsBusyConnectionsPerConnection() {
        HeldMeasurement busy = new HeldMeasurement(Contender.HYBRID, Style.EVENT, 90, 10, 70 * MIB, 23, 80 * MIB,
                25, -1, -1, false, 100, 0, null);

        assertThat(busy.rssBytesPerConnection()).isEqualTo(10 * MIB / 100.0);
        assertThat(busy.heapBytesPerConnection()).isNaN();
        String report = HeldReport.markdown(MACHINE, new HeldReport.Settings("c", 90, 10, 64, 2), List.of(busy));
        assertThat(report)
                .contains("held silent while 10 more connections ran a closed loop of 64-byte echo requests;")
                .contains("| HybridServer | event | epoll | 90 | 70.0 | 80.0 | 102.40 | 23 | 25 | – | – | 0.1 | 0 | – | – | – |")
                .contains("Caution: no full GC could be requested");
    }
}
