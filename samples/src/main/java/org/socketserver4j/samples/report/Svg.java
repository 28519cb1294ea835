package org.socketserver4j.samples.report;

import java.util.List;
import java.util.Locale;

/**
 * An SVG chart being written: {@code <svg class="chart" data-chart="KIND">} and its shapes, in
 * a coordinate space of {@code width × height} that scales with the page. Shapes that show data
 * carry the class {@code mark}, which the page's check looks for.
 */
final class Svg {

    private final StringBuilder out = new StringBuilder();

    /** Starts a chart of {@code kind} (e.g. {@code throughput}), described by {@code label} for screen readers. */
    Svg(String kind, int width, int height, String label) {
        out.append("<svg class=\"chart\" data-chart=\"").append(Html.escape(kind)).append("\" viewBox=\"0 0 ")
                .append(width).append(' ').append(height).append("\" width=\"").append(width)
                .append("\" height=\"").append(height).append("\" role=\"img\" aria-label=\"")
                .append(Html.escape(label)).append("\">\n");
    }

    /** A rectangle filled with {@code colour} at {@code opacity}, {@code title} shown on hover. */
    Svg rect(double x, double y, double width, double height, String colour, double opacity, String cssClass,
            String title) {
        out.append("<rect class=\"").append(cssClass).append("\" x=\"").append(n(x)).append("\" y=\"").append(n(y))
                .append("\" width=\"").append(n(width)).append("\" height=\"").append(n(height))
                .append("\" fill=\"").append(Html.escape(colour)).append('"');
        if (opacity < 1) {
            out.append(" fill-opacity=\"").append(n(opacity)).append('"');
        }
        return titled(title, "rect");
    }

    /** A line. */
    Svg line(double x1, double y1, double x2, double y2, String cssClass) {
        out.append("<line class=\"").append(cssClass).append("\" x1=\"").append(n(x1)).append("\" y1=\"")
                .append(n(y1)).append("\" x2=\"").append(n(x2)).append("\" y2=\"").append(n(y2)).append("\"/>\n");
        return this;
    }

    /** A line of {@code colour} through {@code points} ({x, y} each). */
    Svg polyline(List<double[]> points, String colour, String cssClass, String title) {
        out.append("<polyline class=\"").append(cssClass).append("\" fill=\"none\" stroke=\"")
                .append(Html.escape(colour)).append("\" points=\"");
        for (double[] point : points) {
            out.append(n(point[0])).append(',').append(n(point[1])).append(' ');
        }
        out.append('"');
        return titled(title, "polyline");
    }

    /** A dot of {@code colour}. */
    Svg circle(double x, double y, double radius, String colour, String cssClass, String title) {
        out.append("<circle class=\"").append(cssClass).append("\" cx=\"").append(n(x)).append("\" cy=\"")
                .append(n(y)).append("\" r=\"").append(n(radius)).append("\" fill=\"").append(Html.escape(colour))
                .append('"');
        return titled(title, "circle");
    }

    /** Text anchored at {@code anchor} ({@code start}, {@code middle} or {@code end}), escaped. */
    Svg text(double x, double y, String anchor, String cssClass, String text) {
        out.append("<text class=\"").append(cssClass).append("\" x=\"").append(n(x)).append("\" y=\"").append(n(y))
                .append("\" text-anchor=\"").append(anchor).append("\">").append(Html.escape(text))
                .append("</text>\n");
        return this;
    }

    /** Text turned a quarter anticlockwise about its anchor, centred there (a vertical axis title). */
    Svg verticalText(double x, double y, String cssClass, String text) {
        out.append("<text class=\"").append(cssClass).append("\" x=\"").append(n(x)).append("\" y=\"").append(n(y))
                .append("\" text-anchor=\"middle\" transform=\"rotate(-90 ").append(n(x)).append(' ').append(n(y))
                .append(")\">").append(Html.escape(text)).append("</text>\n");
        return this;
    }

    /** The finished element. */
    @Override
    public String toString() {
        return out + "</svg>\n";
    }

    private Svg titled(String title, String element) {
        if (title == null) {
            out.append("/>\n");
        } else {
            out.append("><title>").append(Html.escape(title)).append("</title></").append(element).append(">\n");
        }
        return this;
    }

    private static String n(double value) {
        String text = String.format(Locale.ROOT, "%.1f", value);
        return text.endsWith(".0") ? text.substring(0, text.length() - 2) : text;
    }
}
