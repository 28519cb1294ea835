/**
 * The report of one {@code compare} run, beside its Markdown tables: an immutable model
 * ({@link org.socketserver4j.samples.report.RunReport}, a
 * {@link org.socketserver4j.samples.report.WorkloadReport} per workload, a
 * {@link org.socketserver4j.samples.report.ReportRow} per server), made from the rows
 * {@code compare} measures by {@link org.socketserver4j.samples.report.ReportRows} and collected
 * as each workload ends by {@link org.socketserver4j.samples.report.ReportCollector}; its writers,
 * {@link org.socketserver4j.samples.report.JsonReport} ({@code --json}) and
 * {@link org.socketserver4j.samples.report.HtmlReport} ({@code --html}: one self-contained page
 * with SVG charts drawn here); and {@link org.socketserver4j.samples.report.ReportScreenshot},
 * which renders such a page in headless Chromium, counts the charts that rendered and takes a PNG.
 */
package org.socketserver4j.samples.report;
