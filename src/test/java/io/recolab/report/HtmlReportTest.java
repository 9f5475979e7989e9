package io.recolab.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every text of the HTML reports is escaped; only chart SVG goes in as markup. */
class HtmlReportTest {
    private static final String HOSTILE = "<script>alert('x')</script> & \"quoted\"";

    @Test
    void escapesEveryText() {
        String html = new HtmlPage(HOSTILE).paragraph(HOSTILE).list(List.of(HOSTILE)).warning(HOSTILE)
                .table(List.of(HOSTILE), List.of(List.of(HOSTILE), List.of("12.5%"))).render();
        assertThat(html).doesNotContain("<script>").contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quoted&quot;")
                .contains("<td class=\"n\">12.5%</td>").contains("Content-Security-Policy");
    }

    @Test
    void aChartMustBeAnSvgElement() {
        assertThatThrownBy(() -> new HtmlPage("t").chart("<img src=x onerror=alert(1)>", "c"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void markdownBecomesTheSamePage() {
        String md = """
                # Offline evaluation

                ## Data

                | | |
                |---|---|
                | source | `movielens:<u.data>` |

                - first `point` <b>
                - second

                Some text
                over two lines.

                ![hit@6 per recommender](hit-rate.png)
                ![missing](other.png)
                """;
        String html = MarkdownHtml.page(md, Map.of("hit-rate.png", "<svg width='1'></svg>"));
        assertThat(html).contains("<title>Offline evaluation</title>", "<h1>Offline evaluation</h1>", "<h2>Data</h2>",
                "<td>source</td><td>movielens:&lt;u.data&gt;</td>", "<li>first <code>point</code> &lt;b&gt;</li>",
                "<p>Some text over two lines.</p>", "<svg width='1'></svg><figcaption>hit@6 per recommender</figcaption>",
                "[image other.png not embedded]");
        assertThat(html.split("<h1>", -1)).hasSize(2);
    }
}
