package org.socketserver4j.samples.report;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The HTML writers' text helpers: escaping, and a small template whose {@code {{name}}}
 * placeholders take text (escaped) and {@code {{{name}}}} placeholders HTML made here.
 */
final class Html {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\{(\\w+)}}}|\\{\\{(\\w+)}}");
    private static final Pattern CODE = Pattern.compile("`([^`]+)`");

    private Html() {}

    /** {@code text} safe in an element's content and in a quoted attribute value. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** {@code text} escaped, its Markdown {@code `code`} spans as {@code <code>} elements. */
    static String withCode(String text) {
        return CODE.matcher(escape(text)).replaceAll("<code>$1</code>");
    }

    /**
     * {@code template} with each placeholder replaced: {@code {{name}}} by the value escaped,
     * {@code {{{name}}}} by the value as it is (HTML).
     *
     * @throws IllegalArgumentException if a placeholder has no value
     */
    static String fill(String template, Map<String, String> values) {
        Matcher placeholder = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder(template.length() * 2);
        while (placeholder.find()) {
            boolean raw = placeholder.group(1) != null;
            String name = raw ? placeholder.group(1) : placeholder.group(2);
            String value = values.get(name);
            if (value == null) {
                throw new IllegalArgumentException("no value for {{" + name + "}}");
            }
            placeholder.appendReplacement(out, Matcher.quoteReplacement(raw ? value : escape(value)));
        }
        placeholder.appendTail(out);
        return out.toString();
    }
}
