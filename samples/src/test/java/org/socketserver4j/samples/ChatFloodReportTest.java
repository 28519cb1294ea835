package org.socketserver4j.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The chat-flood table and verdicts, from fixed results. */
class ChatFloodReportTest {

    private static final MachineInfo MACHINE = new MachineInfo(2, "AMD EPYC", 3L << 30, "Linux 6.1 amd64",
            "JDK 25 (Eclipse Adoptium)");

    private static final ChatFlood.Result WELL = new ChatFlood.Result(10_000, 10_000, 75, 10_000, true, false,
            false, 900, true, true, 3_946_000);
    private static final ChatFlood.Result STALLED = new ChatFlood.Result(10_000, 7_004, 19_577, 3_845, true,
            false, false, 400, false, false, 10_060_000);
    private static final ChatFlood.Result CUT_OFF = new ChatFlood.Result(10_000, 10_000, 102, 200, true, true,
            true, 50, true, true, 4_046_000);

    @Test
    void verdicts() {
        assertThat(WELL.ok()).isTrue();
        assertThat(STALLED.aStalled()).isTrue();
        assertThat(STALLED.bGotAll()).isFalse();
        assertThat(STALLED.ok()).isFalse();
        assertThat(CUT_OFF.aStalled()).isFalse();
        assertThat(CUT_OFF.ok()).isFalse();
        ChatFlood.Result slowWrite = new ChatFlood.Result(10, 10, 1000, 10, true, false, false, 1, true, true, 0);
        assertThat(slowWrite.aStalled()).as("one write blocked a second").isTrue();
        ChatFlood.Result outOfOrder = new ChatFlood.Result(10, 10, 1, 10, false, false, false, 1, true, true, 0);
        assertThat(outOfOrder.bGotAll()).isFalse();
    }

    @Test
    void reportsEachServersOutcomeHonestly() {
        String report = ChatFloodReport.markdown(MACHINE, new ChatFloodReport.Settings("compare --workloads=chat-flood",
                10_000, Duration.ofSeconds(60)), List.of(
                new ChatFloodReport.Row(Contender.SELECT, WELL, 145L << 20, null),
                new ChatFloodReport.Row(Contender.THREADING, STALLED, 144L << 20, null),
                new ChatFloodReport.Row(Contender.HYBRID, CUT_OFF, -1, null),
                new ChatFloodReport.Row(Contender.NETTY, null, -1, "no | chat")));

        assertThat(report)
                .startsWith("Command: `compare --workloads=chat-flood`\n\nMachine: 2 cores, AMD EPYC,")
                .contains("member A joins and sends 10,000 lines of 1,000 bytes", "at most 1m per server",
                        "Netty serves no chat, and ForkingServer gives every connection a room of its own")
                .contains("| SelectServer | event | epoll | 10,000 of 10,000 | yes | no | 0.9 | 10,000 | 75 | no | yes | yes"
                        + " | 3,853 | 145.0 | yes |")
                .contains("| ThreadingServer | event | none | 3,845 of 10,000 | yes | no | 0.4 | 7,004 | 19,577 | yes | no"
                        + " | no | 9,824 | 144.0 | **no** |")
                .contains("| HybridServer | event | epoll | 200 of 10,000 | yes | yes, told: too slow | 0.1 | 10,000 | 102 | no"
                        + " | yes | yes | 3,951 | – | **no** |")
                .contains("| Netty NIO | event | epoll | failed: no \\| chat | – | – | – | – | – | – | – | – | – | – | – |")
                .endsWith("and C was disconnected. " + CompareReport.SELECTOR_NOTE + "\n");
    }
}
