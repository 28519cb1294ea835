package org.socketserver4j.samples;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The load of {@code compare}'s tls-http workload: one run of {@code wrk} (HTTP/1.1 keep-alive
 * GETs, each connection one request in flight; over TLS for an {@code https} URL, through
 * OpenSSL) for a whole number of seconds, its summary read from a line its Lua {@code done}
 * hook prints: requests, duration, errors by kind and latency percentiles. Bounded in time: a
 * {@code wrk} that has not exited {@link #EXIT_WAIT} after its duration is killed.
 */
final class WrkLoad {

    /** How long past its duration {@code wrk} may take to exit. */
    static final Duration EXIT_WAIT = Duration.ofSeconds(30);
    /** A response slower than this is one of wrk's timeout errors. */
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    private static final String SUMMARY = "wrk-summary";
    private static final List<String> ERROR_KINDS = List.of("connect", "read", "write", "status", "timeout");
    private static final String SCRIPT = """
            done = function(summary, latency, requests)
              local e = summary.errors
              io.write(string.format("%s requests=%d duration_us=%d connect=%d read=%d write=%d status=%d"
                .. " timeout=%d p50_us=%d p99_us=%d p999_us=%d\\n", "wrk-summary", summary.requests,
                summary.duration, e.connect, e.read, e.write, e.status, e.timeout, latency:percentile(50),
                latency:percentile(99), latency:percentile(99.9)))
            end
            """;

    private WrkLoad() {}

    /**
     * What one run saw.
     *
     * @param requests responses received
     * @param duration how long wrk ran, by its own clock
     * @param errors errors by wrk's kind: connect, read, write, status (responses with a status of
     *     400 or more: wrk's "Non-2xx or 3xx responses"), timeout
     * @param p50Nanos median latency
     * @param p99Nanos 99th percentile latency
     * @param p999Nanos 99.9th percentile latency
     */
    record Result(long requests, Duration duration, Map<String, Long> errors, double p50Nanos, double p99Nanos,
            double p999Nanos) {

        /** All errors together. */
        long errorCount() {
            return errors.values().stream().mapToLong(Long::longValue).sum();
        }

        /** The errors of each kind that had any, e.g. {@code read 3, timeout 1}, or {@code none}. */
        String describeErrors() {
            StringBuilder text = new StringBuilder();
            for (String kind : ERROR_KINDS) {
                long count = errors.getOrDefault(kind, 0L);
                if (count > 0) {
                    text.append(text.isEmpty() ? "" : ", ").append(kind).append(' ').append(count);
                }
            }
            return text.isEmpty() ? "none" : text.toString();
        }
    }

    /** The shortest run of wrk: it counts its duration in whole seconds. */
    static final Duration SHORTEST = Duration.ofSeconds(1);

    /**
     * Runs {@code wrk} against {@code url} with {@code connections} connections on
     * {@code threads} threads for {@code duration}, rounded up to whole seconds.
     *
     * @throws IOException if wrk cannot start, exits with an error or prints no summary
     */
    static Result run(URI url, int connections, int threads, Duration duration)
            throws IOException, InterruptedException {
        long seconds = Math.max(SHORTEST.toSeconds(), (duration.toMillis() + 999) / 1000);
        Path script = Files.createTempFile("socketserver4j-wrk", ".lua");
        Path output = Files.createTempFile("socketserver4j-wrk", ".out");
        Process wrk = null;
        try {
            Files.writeString(script, SCRIPT, StandardCharsets.UTF_8);
            wrk = new ProcessBuilder("wrk", "-t" + threads, "-c" + connections, "-d" + seconds + "s",
                    "--timeout", TIMEOUT.toSeconds() + "s", "-s", script.toString(), url.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
            wrk.getOutputStream().close();
            if (!wrk.waitFor(seconds + EXIT_WAIT.toSeconds(), TimeUnit.SECONDS)) {
                throw new IOException("wrk did not exit " + DurationConverter.format(EXIT_WAIT) + " after its "
                        + seconds + " s");
            }
            String printed = Files.readString(output, StandardCharsets.UTF_8);
            if (wrk.exitValue() != 0) {
                throw new IOException("wrk exited with " + wrk.exitValue() + ": " + printed.strip());
            }
            return parse(printed);
        } finally {
            if (wrk != null && wrk.isAlive()) {
                wrk.destroyForcibly();
                wrk.waitFor(10, TimeUnit.SECONDS);
            }
            Files.deleteIfExists(script);
            Files.deleteIfExists(output);
        }
    }

    /**
     * Reads the summary line from what wrk printed.
     *
     * @throws IOException if there is none
     */
    static Result parse(String printed) throws IOException {
        for (String line : printed.lines().toList()) {
            if (!line.startsWith(SUMMARY + " ")) {
                continue;
            }
            Map<String, Long> fields = new HashMap<>();
            for (String field : line.substring(SUMMARY.length() + 1).trim().split(" ")) {
                int equals = field.indexOf('=');
                fields.put(field.substring(0, equals), Long.parseLong(field.substring(equals + 1)));
            }
            Map<String, Long> errors = new HashMap<>();
            for (String kind : ERROR_KINDS) {
                errors.put(kind, fields.get(kind));
            }
            return new Result(fields.get("requests"), Duration.ofNanos(fields.get("duration_us") * 1000), errors,
                    fields.get("p50_us") * 1e3, fields.get("p99_us") * 1e3, fields.get("p999_us") * 1e3);
        }
        throw new IOException("wrk printed no summary: " + printed.strip());
    }
}
