package org.socketserver4j.samples;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;

/**
 * {@code compare --quick}: the smoke test of {@code compare}. The default run's workloads (every
 * one but held, whose idle connections scale holds too), every server asked for, the event
 * style, a few connections and short windows: it says whether every server serves every
 * workload with every reply right, in under a minute on two cores (its held and scale rows share
 * their server's JVM too). Its figures are not for comparing: the windows are too short
 * to be steady. An option given on the command line wins over the preset's value.
 */
final class QuickPreset {

    /** The preset's values, by option name, typed as the options' fields are. */
    static final Map<String, Object> VALUES = values();

    private QuickPreset() {}

    private static Map<String, Object> values() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("--workloads", Arrays.stream(CompareCommand.DEFAULT_WORKLOADS.split(","))
                .map(new Workload.Converter()::convert).toList());
        values.put("--styles", List.of(Style.EVENT));
        values.put("--connections", 4);
        // Every connection has had its first reply before the warm-up (SelectorLoad.awaitFirstReplies).
        values.put("--warmup", Duration.ofMillis(100));
        values.put("--duration", Duration.ofMillis(200));
        values.put("--redo-disturbed", 0);
        values.put("--large-connections", 2);
        values.put("--large-size", 65_536);
        values.put("--held", 500);
        values.put("--held-busy", 0);
        values.put("--scale-busy", 4);
        values.put("--churn-connections", 4);
        values.put("--chat-lines", 500);
        values.put("--chat-time-limit", Duration.ofSeconds(30));
        values.put("--udp-senders", 2);
        values.put("--udp-window", 4);
        values.put("--tls-echo-connections", 2);
        values.put("--tls-http-connections", 4);
        return Map.copyOf(values);
    }

    /** Sets every preset option of {@code spec} that its command line did not give. */
    static void apply(CommandSpec spec) {
        ParseResult given = spec.commandLine().getParseResult();
        VALUES.forEach((name, value) -> {
            if (given == null || !given.hasMatchedOption(name)) {
                spec.findOption(name).setValue(value);
            }
        });
    }
}
