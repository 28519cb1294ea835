package org.socketserver4j.samples;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The machine a comparison ran on, for its report.
 *
 * @param cores the processors the JVM may use
 * @param cpuModel the CPU's model name ({@code /proc/cpuinfo}), or the architecture
 * @param memoryBytes the machine's physical memory, or 0 if unknown
 * @param os the operating system, its version and architecture
 * @param jdk the JDK's version and vendor: the servers' too, which run on the same {@code java}
 */
public record MachineInfo(int cores, String cpuModel, long memoryBytes, String os, String jdk) {

    /** This machine and JVM. */
    public static MachineInfo current() {
        return new MachineInfo(Runtime.getRuntime().availableProcessors(), readCpuModel(), readMemoryBytes(),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"),
                "JDK " + Runtime.version() + " (" + System.getProperty("java.vm.vendor") + ")");
    }

    /** One line, e.g. {@code 2 cores, AMD EPYC, 23.4 GiB RAM, Linux 6.1 amd64, JDK 25 (Eclipse Adoptium)}. */
    public String describe() {
        String memory = memoryBytes > 0
                ? String.format(Locale.ROOT, "%.1f GiB RAM", memoryBytes / (double) (1L << 30))
                : "RAM unknown";
        return cores + (cores == 1 ? " core, " : " cores, ") + cpuModel + ", " + memory + ", " + os + ", " + jdk;
    }

    private static String readCpuModel() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(line -> line.startsWith("model name"))
                    .map(line -> line.substring(line.indexOf(':') + 1).trim())
                    .filter(name -> !name.isEmpty())
                    .findFirst()
                    .orElseGet(MachineInfo::arch);
        } catch (IOException | RuntimeException e) {
            return arch();
        }
    }

    private static String arch() {
        return "CPU model unknown (" + System.getProperty("os.arch") + ")";
    }

    private static long readMemoryBytes() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getTotalMemorySize();
        }
        return 0;
    }
}
