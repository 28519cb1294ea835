package org.socketserver4j.samples;

import java.util.Objects;

/**
 * One row of the {@code scale} workload: one server on one selector, its busy connections'
 * closed-loop echo measured alone and again beside many idle connections, and what it held
 * then. The three parts carry the server, style and selector; a row fails when a part failed.
 *
 * @param alone the busy connections' echo with no idle connection open
 * @param beside the same busy echo while the idle connections are held
 * @param held what the server held (RSS, threads, heap: idle, and with every connection open)
 */
public record ScaleMeasurement(Measurement alone, Measurement beside, HeldMeasurement held) {

    /** Checks the arguments. */
    public ScaleMeasurement {
        Objects.requireNonNull(alone, "alone");
        Objects.requireNonNull(beside, "beside");
        Objects.requireNonNull(held, "held");
    }

    /** A row that could not be measured, and why. */
    public static ScaleMeasurement failed(CompareCommand.Run run, int held, String failure) {
        Measurement busy = Measurement.failed(run.contender(), run.style(), failure).withSelector(run.selector());
        return new ScaleMeasurement(busy, busy,
                HeldMeasurement.failed(run.contender(), run.style(), held, failure).withSelector(run.selector()));
    }

    /** The row of a server that did not take part, and why: not a failure. */
    public static ScaleMeasurement notRun(Contender contender, Style style, int held, String why) {
        Measurement busy = Measurement.notRun(contender, style, why);
        return new ScaleMeasurement(busy, busy, HeldMeasurement.notRun(contender, style, held, why));
    }

    /** The server. */
    public Contender contender() {
        return alone.contender();
    }

    /** Its handler style. */
    public Style style() {
        return alone.style();
    }

    /** The selector its connections waited on. */
    public SelectorChoice selector() {
        return alone.selector();
    }

    /** Whether every part was measured. */
    public boolean ok() {
        return alone.ok() && beside.ok() && held.ok();
    }

    /** Whether a part failed. */
    public boolean failed() {
        return alone.failed() || beside.failed() || held.failed();
    }

    /** What a row that is not {@link #ok()} says: the first part's {@code failed: ...} or {@code not run: ...}. */
    public String describeNotOk() {
        return !alone.ok() ? alone.describeNotOk() : !beside.ok() ? beside.describeNotOk() : held.describeNotOk();
    }

    /** Busy requests/s beside the idle connections over those alone (below 1: the idle ones cost). */
    public double throughputKept() {
        return beside.requestsPerSecond() / alone.requestsPerSecond();
    }
}
