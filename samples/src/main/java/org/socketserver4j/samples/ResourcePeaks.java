package org.socketserver4j.samples;

import java.util.List;

/**
 * The most a server process held while it was measured: operating-system threads, Java heap in
 * use and resident set. Unknown numbers are -1.
 *
 * @param threads the most threads seen
 * @param heapUsedBytes the most heap in use seen
 * @param rssBytes the highest resident set
 */
public record ResourcePeaks(long threads, long heapUsedBytes, long rssBytes) {

    /** Nothing known. */
    public static final ResourcePeaks UNKNOWN = new ResourcePeaks(-1, -1, -1);

    /** The highest of each number over {@code peaks} (rounds of one server); -1 where none knows it. */
    public static ResourcePeaks highest(List<ResourcePeaks> peaks) {
        return new ResourcePeaks(peaks.stream().mapToLong(ResourcePeaks::threads).max().orElse(-1),
                peaks.stream().mapToLong(ResourcePeaks::heapUsedBytes).max().orElse(-1),
                peaks.stream().mapToLong(ResourcePeaks::rssBytes).max().orElse(-1));
    }

    /** Whether any number is known. */
    public boolean known() {
        return threads >= 0 || heapUsedBytes >= 0 || rssBytes >= 0;
    }
}
