package org.socketserver4j.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading a child JVM's PerfData in place, as {@code jcmd PID PerfCounter.print} shows it, and refusing what is not PerfData. */
class PerfDataTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private static ServerProcess child;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startAChildJvm() throws Exception {
        child = ServerProcess.start(childJvm("-Xmx64m"), WAIT);
    }

    @AfterAll
    static void endIt() {
        child.close();
    }

    /** A child JVM serving echo on a port of its own, until its standard input closes. */
    static List<String> childJvm(String... jvmOptions) {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(Arrays.asList(jvmOptions));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "serve",
                "--strategy=select", "--handler=echo", "--host=127.0.0.1", "--port=0", "--stop-on-stdin-eof"));
        return command;
    }

    @Test
    void readsTheCountersOfARunningJvmAsJcmdShowsThem() throws Exception {
        PerfData perfData = PerfData.ofProcess(child.pid()).orElseThrow();

        Map<String, Object> counters = perfData.counters();
        String jcmd = jcmd(child.pid(), "PerfCounter.print");
        assertThat(counters.get("sun.gc.policy.name")).isEqualTo("GarbageFirst");
        assertThat(jcmd).contains("sun.gc.policy.name=\"GarbageFirst\"");
        long vmStart = perfData.longCounter("sun.rt.createVmBeginTime").orElseThrow();
        assertThat(jcmd).contains("sun.rt.createVmBeginTime=" + vmStart + "\n");
        assertThat(perfData.longCounter("sun.gc.policy.name")).isEmpty(); // a string, not a long
        assertThat(perfData.longCounter("no.such.counter")).isEmpty();
        long heap = perfData.heapUsedBytes();
        assertThat(heap).isPositive().isLessThanOrEqualTo(64L << 20);
        assertThat(counters).containsKey("sun.gc.generation.1.space.0.used");
    }

    @Test
    void findsTheFileAJvmMapsAndNoneForOtherProcesses() throws Exception {
        assertThat(PerfData.ofProcess(child.pid())).hasValueSatisfying(perfData ->
                assertThat(perfData.file().toString()).endsWith("/hsperfdata_" + System.getProperty("user.name")
                        + "/" + child.pid()));
        assertThat(PerfData.perfDataFile(List.of(
                "7f1c2c000000-7f1c2c008000 rw-s 00000000 00:1f 1234   /tmp/hsperfdata_alice/4242",
                "7f1c2d000000-7f1c2d001000 r--p 00000000 00:1f 99     /usr/lib/libc.so.6"), 4242))
                .contains(Path.of("/tmp/hsperfdata_alice/4242"));
        assertThat(PerfData.perfDataFile(List.of(
                "7f1c2c000000-7f1c2c008000 rw-s 00000000 00:1f 1234   /tmp/hsperfdata_alice/4243"), 4242)).isEmpty();
        Process sleep = new ProcessBuilder("sleep", "30").start();
        try {
            assertThat(PerfData.ofProcess(sleep.pid())).isEmpty();
        } finally {
            sleep.destroyForcibly().waitFor();
        }
    }

    @Test
    void aFileThatIsNotPerfDataOrIsCutShortIsAClearError() throws Exception {
        byte[] real = Files.readAllBytes(PerfData.ofProcess(child.pid()).orElseThrow().file());

        Path tiny = Files.write(tmp.resolve("tiny"), new byte[10]);
        assertThatThrownBy(() -> PerfData.open(tiny)).isInstanceOf(IOException.class)
                .hasMessageContaining("10 bytes, too short for a PerfData prologue");

        byte[] text = "not PerfData at all, just some text that is long enough".getBytes(StandardCharsets.US_ASCII);
        Path other = Files.write(tmp.resolve("other"), text);
        assertThatThrownBy(() -> PerfData.open(other)).isInstanceOf(IOException.class)
                .hasMessageContaining("not a PerfData file (magic 0x6e6f7420, not 0xcafec0c0)");

        Path cut = Files.write(tmp.resolve("cut"), Arrays.copyOf(real, 2000));
        assertThatThrownBy(() -> PerfData.open(cut)).isInstanceOf(IOException.class)
                .hasMessageMatching(".*/cut: entry \\d+ at \\d+ (is|has length \\d+,) outside the 2000 bytes used");

        byte[] badLength = real.clone();
        ByteBuffer buffer = ByteBuffer.wrap(badLength).order(real[4] == 0 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(buffer.getInt(24), 3); // the first entry's length, below an entry header
        Path broken = Files.write(tmp.resolve("broken"), badLength);
        assertThatThrownBy(() -> PerfData.open(broken)).isInstanceOf(IOException.class)
                .hasMessageContaining("entry 0 at " + buffer.getInt(24) + " has length 3, outside the");

        Path copy = Files.write(tmp.resolve("copy"), real);
        PerfData fine = PerfData.open(copy);
        assertThat(fine.heapUsedBytes()).isPositive();
        Files.write(copy, Arrays.copyOf(real, 4096)); // cut to its first page: the heap's counters lie beyond
        assertThatThrownBy(fine::heapUsedBytes).isInstanceOf(IOException.class)
                .hasMessageEndingWith("/copy: cut short while read");
        Files.write(copy, text); // rewritten in place
        assertThatThrownBy(fine::heapUsedBytes).isInstanceOf(IOException.class)
                .hasMessageContaining("/copy: not a PerfData file");
    }

    /** {@code jcmd PID COMMAND}'s output. */
    private static String jcmd(long pid, String command) throws Exception {
        Path jcmd = ProcessMemory.jcmd().orElseThrow();
        Process process = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command)
                .redirectErrorStream(true).start();
        try {
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as(output).isZero();
            return output;
        } finally {
            process.destroyForcibly().waitFor();
        }
    }
}
