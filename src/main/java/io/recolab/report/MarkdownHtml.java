package io.recolab.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The markdown recolab writes itself (headings, paragraphs, "- " lists, pipe tables, inline
 * {@code `code`}, {@code ![alt](file)} images) as a self-contained HTML page, so that
 * {@code report.html} says exactly what {@code report.md} says. Not a general markdown parser:
 * anything else is kept as escaped text. Images are replaced by inline SVG given by file name.
 */
public final class MarkdownHtml {
    private static final Pattern IMAGE = Pattern.compile("!\\[([^\\]]*)]\\(([^)]+)\\)");
    private static final Pattern CODE = Pattern.compile("`([^`]*)`");

    private MarkdownHtml() {
    }

    /** @param svgByImage inline {@code <svg>} elements by the image file name the markdown links to */
    public static String page(String markdown, Map<String, String> svgByImage) {
        List<String> lines = markdown.lines().toList();
        String title = lines.stream().filter(l -> l.startsWith("# ")).findFirst().map(l -> l.substring(2)).orElse("report");
        HtmlPage page = new HtmlPage(title);
        List<String> paragraph = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                flush(page, paragraph);
            } else if (line.startsWith("# ") && line.substring(2).equals(title)) {
                flush(page, paragraph); // the page's own title, already shown
            } else if (line.startsWith("#")) {
                flush(page, paragraph);
                int level = (int) line.chars().takeWhile(c -> c == '#').count();
                page.heading(Math.min(6, level), line.substring(level).trim());
            } else if (line.startsWith("|")) {
                flush(page, paragraph);
                List<List<String>> rows = new ArrayList<>();
                while (i < lines.size() && lines.get(i).startsWith("|")) {
                    if (!lines.get(i).matches("\\|[ :]*-[-|: ]*\\|")) { // the separator row
                        rows.add(cells(lines.get(i)));
                    }
                    i++;
                }
                i--;
                table(page, rows);
            } else if (line.startsWith("- ")) {
                flush(page, paragraph);
                StringBuilder list = new StringBuilder("<ul>\n");
                while (i < lines.size() && lines.get(i).startsWith("- ")) {
                    list.append("<li>").append(inline(lines.get(i).substring(2))).append("</li>\n");
                    i++;
                }
                i--;
                page.raw(list.append("</ul>\n").toString());
            } else if (IMAGE.matcher(line.trim()).matches()) {
                flush(page, paragraph);
                Matcher m = IMAGE.matcher(line.trim());
                m.matches();
                String svg = svgByImage.get(m.group(2));
                if (svg != null) {
                    page.chart(svg, m.group(1));
                } else {
                    page.paragraph("[image " + m.group(2) + " not embedded]");
                }
            } else {
                paragraph.add(line);
            }
        }
        flush(page, paragraph);
        return page.render();
    }

    private static void flush(HtmlPage page, List<String> paragraph) {
        if (!paragraph.isEmpty()) {
            page.raw("<p>" + inline(String.join(" ", paragraph)) + "</p>\n");
            paragraph.clear();
        }
    }

    private static void table(HtmlPage page, List<List<String>> rows) {
        if (rows.isEmpty()) {
            return;
        }
        List<String> header = rows.get(0);
        boolean blankHeader = header.stream().allMatch(String::isBlank);
        page.table(blankHeader ? List.of("", "") : header.stream().map(MarkdownHtml::plain).toList(),
                rows.subList(1, rows.size()).stream().map(r -> r.stream().map(MarkdownHtml::plain).toList()).toList());
    }

    private static List<String> cells(String line) {
        String inner = line.substring(1, line.endsWith("|") ? line.length() - 1 : line.length());
        List<String> out = new ArrayList<>();
        for (String cell : inner.split("\\|", -1)) {
            out.add(cell.trim());
        }
        return out;
    }

    /** Table cells are escaped by the table; code ticks are dropped there. */
    private static String plain(String cell) {
        return CODE.matcher(cell).replaceAll("$1");
    }

    private static String inline(String text) {
        StringBuilder out = new StringBuilder();
        Matcher m = CODE.matcher(text);
        int last = 0;
        while (m.find()) {
            out.append(HtmlPage.escape(text.substring(last, m.start()))).append("<code>")
                    .append(HtmlPage.escape(m.group(1))).append("</code>");
            last = m.end();
        }
        return out.append(HtmlPage.escape(text.substring(last))).toString();
    }
}
