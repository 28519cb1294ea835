package org.socketserver4j.samples.report;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import org.socketserver4j.samples.MachineInfo;

/**
 * One {@code compare} run: what was run, where, when, and each workload's rows.
 *
 * @param command the command line that reproduces the run, every option spelled out
 * @param machine the machine it ran on
 * @param date when it started
 * @param workloads the workloads, in the order they ran
 */
public record RunReport(String command, MachineInfo machine, OffsetDateTime date, List<WorkloadReport> workloads) {

    /** Checks the arguments and copies the list. */
    public RunReport {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(machine, "machine");
        Objects.requireNonNull(date, "date");
        workloads = List.copyOf(workloads);
    }
}
