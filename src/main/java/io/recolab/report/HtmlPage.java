package io.recolab.report;

import java.util.List;

/**
 * A self-contained HTML report (one file: styles inline, charts as inline SVG, no script, nothing
 * fetched), for offline reading and mailing. Every piece of text passes {@link #escape}; only
 * chart SVG produced by JFreeSVG (which escapes its own text) goes in raw.
 */
public final class HtmlPage {
    private static final String STYLE = "body{font:15px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;max-width:1100px;"
            + "margin:2em auto;padding:0 1em;color:#1b1b1b}h1{font-size:1.6em}h2{margin-top:1.8em;border-bottom:1px solid #ddd}"
            + "table{border-collapse:collapse;margin:1em 0;font-variant-numeric:tabular-nums}th,td{border:1px solid #ccc;"
            + "padding:.3em .6em;text-align:left}th{background:#f3f3f3}td.n{text-align:right}code{background:#f3f3f3;"
            + "padding:0 .2em}figure{margin:1em 0}figure svg{max-width:100%;height:auto}figcaption{color:#555;font-size:.9em}"
            + ".warn{background:#fff3cd;border:1px solid #e0c068;padding:.6em}";

    private final String title;
    private final StringBuilder body = new StringBuilder();

    public HtmlPage(String title) {
        this.title = title;
        heading(1, title);
    }

    public HtmlPage heading(int level, String text) {
        body.append("<h").append(level).append('>').append(escape(text)).append("</h").append(level).append(">\n");
        return this;
    }

    public HtmlPage paragraph(String text) {
        body.append("<p>").append(escape(text)).append("</p>\n");
        return this;
    }

    public HtmlPage warning(String text) {
        body.append("<p class=\"warn\" role=\"alert\">").append(escape(text)).append("</p>\n");
        return this;
    }

    /** Already-escaped inline HTML (from {@link MarkdownHtml}); package-private on purpose. */
    HtmlPage raw(String html) {
        body.append(html);
        return this;
    }

    public HtmlPage list(List<String> items) {
        body.append("<ul>\n");
        items.forEach(i -> body.append("<li>").append(escape(i)).append("</li>\n"));
        body.append("</ul>\n");
        return this;
    }

    /** Cells that look like numbers are right-aligned. */
    public HtmlPage table(List<String> header, List<List<String>> rows) {
        body.append("<table>\n<thead><tr>");
        header.forEach(h -> body.append("<th>").append(escape(h)).append("</th>"));
        body.append("</tr></thead>\n<tbody>\n");
        for (List<String> row : rows) {
            body.append("<tr>");
            for (String cell : row) {
                body.append(numeric(cell) ? "<td class=\"n\">" : "<td>").append(escape(cell)).append("</td>");
            }
            body.append("</tr>\n");
        }
        body.append("</tbody>\n</table>\n");
        return this;
    }

    /** A chart: an {@code <svg>} element drawn by JFreeSVG, and its caption. */
    public HtmlPage chart(String svgElement, String caption) {
        if (!svgElement.startsWith("<svg")) {
            throw new IllegalArgumentException("not an <svg> element");
        }
        body.append("<figure role=\"img\" aria-label=\"").append(escape(caption)).append("\">").append(svgElement)
                .append("<figcaption>").append(escape(caption)).append("</figcaption></figure>\n");
        return this;
    }

    public String render() {
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                // The file is data, never a program: no script may run in it even if text slipped through.
                + "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n"
                + "<title>" + escape(title) + "</title>\n<style>" + STYLE + "</style>\n</head>\n<body>\n" + body
                + "</body>\n</html>\n";
    }

    public static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean numeric(String s) {
        return s != null && s.matches("[-+]?[\\d.,]+(e-?\\d+)?%?");
    }
}
