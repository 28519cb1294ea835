package org.socketserver4j.samples;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import java.lang.management.ManagementFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a long-running server JVM started by the samples (ours under {@code serve}, Netty's under
 * {@code NettyEchoServer}) sets up about itself before it serves: the same for every server
 * {@code compare} measures. Each setting is left alone when the command line gave it.
 *
 * <ul>
 *   <li>The heap keeps less free memory after a collection: {@code MinHeapFreeRatio} 10 and
 *       {@code MaxHeapFreeRatio} 30 (the JDK's 40 and 70 suit a batch job that will grow again;
 *       a server whose thousands of connections went idle keeps up to 70% of its heap free and
 *       resident). Both are manageable flags of HotSpot, set through its diagnostic MXBean.</li>
 *   <li>Under HybridServer, virtual threads run on half the cores ({@link
 *       #HYBRID_CARRIERS_PROPERTY}): its reactors take the other half. On 2 cores one carrier
 *       handed blocking handlers their requests for 13.0 to 14.0 µs of CPU each instead of 15.5
 *       to 16.1 (two carriers, woken and parked in turn, each for a short task), at more
 *       requests per second.</li>
 * </ul>
 */
final class ServerJvm {

    /** The JDK's system property for the parallelism of the virtual-thread scheduler. */
    static final String HYBRID_CARRIERS_PROPERTY = "jdk.virtualThreadScheduler.parallelism";
    /** The least heap a collection leaves free, in percent of the heap. */
    static final int MIN_HEAP_FREE_PERCENT = 10;
    /** The most heap a collection leaves free, in percent of the heap. */
    static final int MAX_HEAP_FREE_PERCENT = 30;

    private static final Logger log = LoggerFactory.getLogger(ServerJvm.class);

    private ServerJvm() {}

    /**
     * Sets the heap's free ratios unless the command line gave them; a JVM without HotSpot's
     * diagnostic MXBean keeps its own.
     */
    static void keepLessFreeHeap() {
        HotSpotDiagnosticMXBean hotSpot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        if (hotSpot == null) {
            return;
        }
        // Min first: the JVM refuses a maximum below the minimum (40 by default).
        setIfDefault(hotSpot, "MinHeapFreeRatio", MIN_HEAP_FREE_PERCENT);
        setIfDefault(hotSpot, "MaxHeapFreeRatio", MAX_HEAP_FREE_PERCENT);
    }

    private static void setIfDefault(HotSpotDiagnosticMXBean hotSpot, String flag, int value) {
        try {
            if (hotSpot.getVMOption(flag).getOrigin() == VMOption.Origin.DEFAULT) {
                hotSpot.setVMOption(flag, Integer.toString(value));
            }
        } catch (IllegalArgumentException | UnsupportedOperationException | SecurityException e) {
            log.debug("cannot set {}: {}", flag, e.toString());
        }
    }

    /**
     * Under HybridServer, runs virtual threads on half the cores (at least one) unless the
     * command line chose; takes effect only before the JVM's first virtual thread.
     */
    static void halveCarriers() {
        if (System.getProperty(HYBRID_CARRIERS_PROPERTY) == null) {
            System.setProperty(HYBRID_CARRIERS_PROPERTY, Integer.toString(hybridCarriers()));
        }
    }

    /** Half the cores, at least one. */
    static int hybridCarriers() {
        return Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    }
}
