package io.recolab.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.recolab.testing.Person;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * Metric roles, guardrails, the family correction and slices in the web UI (issue 22.6 and 22.8),
 * in a real headless Chromium against a real server: the form sets role, harm, autoPause and
 * slices; the results page lists every metric's role, shows a breached guardrail above everything
 * else, the correction across metrics, and the results by slice with their SRM checks.
 */
class RolesAndSlicesUiTest extends UiTestBase {
    private static final String PASSWORD = "olivia's long password";
    private static final String DEFINITION = """
            {"key":"sliced","unit":"customer","exposurePercent":100,"slices":["device"],
             "treatments":[{"name":"C","weight":50,"recommender":"bestseller"},
                           {"name":"T1","weight":50,"recommender":"item-to-item"}],
             "metrics":[{"name":"purchase","type":"binomial","role":"primary"},
                        {"name":"clicks","type":"binomial","role":"secondary"},
                        {"name":"bounce","type":"binomial","role":"guardrail","harm":"increase"}]}""";

    @BeforeEach
    void people() {
        Person.create(server, "olivia", "owner", PASSWORD);
    }

    @Test
    void theFormSetsRolesAndSlicesAndTheResultsPageShowsThem() {
        driver.get(server.baseUrl() + "/");
        signIn("olivia", PASSWORD);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "Experiments"));

        // The form: a guardrail with its harm, autoPause, and slices.
        visible(By.id("new-experiment")).click();
        visible(By.id("def-key")).sendKeys("formed");
        driver.findElement(By.id("add-metric")).click();
        List<WebElement> names = driver.findElements(By.cssSelector("#metrics input[name=name]"));
        names.get(1).sendKeys("bounce");
        List<WebElement> roles = driver.findElements(By.cssSelector("#metrics select[name=role]"));
        new Select(roles.get(0)).selectByValue("primary");
        new Select(roles.get(1)).selectByValue("guardrail");
        new Select(driver.findElements(By.cssSelector("#metrics select[name=harm]")).get(1)).selectByValue("increase");
        driver.findElement(By.id("def-autopause")).click();
        driver.findElement(By.id("def-slices")).sendKeys("device, country");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("definition-check"), "accepts"));
        assertThat(js("return [...document.querySelectorAll('main input, main select, main textarea')]"
                + ".filter(e => e.labels.length === 0).map(e => e.outerHTML)")).as("form controls without a label").isEqualTo(List.of());
        Browser.screenshot(driver, "roles-01-form");
        driver.findElement(By.id("save")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "formed"));
        JsonNode saved = server.get("/api/v1/experiments/formed").json().get("definition");
        assertThat(saved.at("/metrics/0/role").asText()).isEqualTo("primary");
        assertThat(saved.at("/metrics/1/role").asText()).isEqualTo("guardrail");
        assertThat(saved.at("/metrics/1/harm").asText()).isEqualTo("increase");
        assertThat(saved.get("autoPause").asBoolean()).isTrue();
        assertThat(saved.get("slices").toString()).isEqualTo("[\"device\",\"country\"]");

        // The results page of an experiment with a breached guardrail and a slice dimension.
        assertThat(server.post("/api/v1/experiments", DEFINITION).status()).isEqualTo(201);
        assertThat(server.post("/api/v1/experiments/sliced/start", null).status()).isEqualTo(200);
        sendTraffic();
        driver.get(server.baseUrl() + "/#/experiments/sliced/results");
        WebElement breach = visible(By.id("guardrail-breach"));
        assertThat(breach.getText()).contains("Guardrail breached: bounce (T1)").contains("does not pause itself");
        assertThat(js("const main = document.getElementById('main');"
                + " return main.children[1].id")).as("the breach comes first, under the title").isEqualTo("guardrail-breach");
        assertThat(visible(By.id("metric-roles")).getText()).contains("purchase: primary (shown)")
                .contains("clicks: secondary").contains("bounce: guardrail (harm: increase)");
        assertThat(visible(By.id("guardrails-table")).getText()).contains("bounce (T1)").contains("breached");
        WebElement family = visible(By.id("family-table"));
        assertThat(family.getText()).contains("purchase (primary), T1 vs control").contains("clicks (secondary), T1 vs control")
                .doesNotContain("bounce");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("slices-table")));
        WebElement mobile = driver.findElement(By.cssSelector("#slices-table tr[data-slice='mobile']"));
        assertThat(mobile.getText()).contains("mobile").contains("120 /").contains("ok (p =");
        WebElement tablet = driver.findElement(By.cssSelector("#slices-table tr[data-slice='tablet']"));
        assertThat(tablet.getText()).contains("mismatch");
        assertThat(driver.findElements(By.cssSelector("#slices-table tr[data-slice='(none)']"))).hasSize(1);
        // The forest plot of the slices under their table, drawn by the server from the same report.
        assertThat(Browser.loadedChart(driver, wait, "chart-slices")).isEqualTo(1600);
        assertThat(driver.findElement(By.cssSelector("#chart-slices figcaption")).getText()).contains("by device").contains("[SRM]");
        assertThat(driver.findElement(By.cssSelector("#chart-slices img")).getAttribute("alt")).contains("by device");
        Browser.screenshot(driver, "roles-02-results");
        // The printable report, opened as the link opens it (the session cookie, no key): every metric and the slices.
        String report = driver.findElement(By.id("report-link")).getAttribute("href");
        assertThat(report).contains("/api/v1/experiments/sliced/report.html?metric=purchase");
        driver.get(report);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("body"), "Metric purchase by device"));
        assertThat(driver.findElement(By.tagName("body")).getText()).contains("Metric clicks (binomial")
                .contains("Metric bounce (binomial").contains("mismatch");
        assertThat(driver.findElements(By.cssSelector("figure svg"))).hasSizeGreaterThanOrEqualTo(13);
        driver.navigate().back();

        // Another metric from the roles list: its own results, the guardrail still shown first.
        visible(By.cssSelector("#metric-roles li[data-metric='clicks'] a")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("metric-roles"), "clicks: secondary (shown)"));
        assertThat(visible(By.id("guardrail-breach")).isDisplayed()).isTrue();
    }

    /** mobile 120 per arm, tablet 60 vs 10 (an SRM in that slice), 10 per arm without a device; bounce 5% vs 40%. */
    private void sendTraffic() {
        StringBuilder ids = new StringBuilder();
        for (int i = 0; i < 600; i++) {
            ids.append(i == 0 ? "" : ",").append("\"s").append(i).append('"');
        }
        List<String> c = new ArrayList<>();
        List<String> t = new ArrayList<>();
        for (JsonNode a : server.post("/api/v1/assignments", "{\"units\":[" + ids + "],\"experiments\":[\"sliced\"]}")
                .json().get("assignments")) {
            (a.get("treatment").asText().equals("C") ? c : t).add(a.get("unit").asText());
        }
        Instant at = Instant.now().minusSeconds(60);
        List<String> events = new ArrayList<>();
        add(events, c.subList(0, 120), "mobile", 20, at);
        add(events, t.subList(0, 120), "mobile", 2, at);
        add(events, c.subList(120, 180), "tablet", 20, at);
        add(events, t.subList(120, 130), "tablet", 2, at);
        add(events, c.subList(180, 190), null, 20, at);
        add(events, t.subList(130, 140), null, 2, at);
        for (int from = 0; from < events.size(); from += 500) {
            var r = server.post("/api/v1/events", "{\"events\":[" + String.join(",",
                    events.subList(from, Math.min(events.size(), from + 500))) + "]}");
            assertThat(r.status()).as(r.body()).isEqualTo(200);
        }
    }

    private static void add(List<String> events, List<String> units, String device, int bounceEvery, Instant at) {
        for (int i = 0; i < units.size(); i++) {
            String u = units.get(i);
            events.add("{\"id\":\"x" + u + "\",\"type\":\"exposure\",\"experiment\":\"sliced\",\"unit\":\"" + u
                    + "\",\"timestamp\":\"" + at + "\"" + (device == null ? "" : ",\"attributes\":{\"device\":\"" + device + "\"}")
                    + "}");
            if (i % 4 == 0) {
                events.add(conversion("p" + u, u, "purchase", at));
            }
            if (i % 3 == 0) {
                events.add(conversion("k" + u, u, "clicks", at));
            }
            if (i % bounceEvery == 0 || (bounceEvery == 2 && i % 5 == 0)) {
                events.add(conversion("b" + u, u, "bounce", at));
            }
        }
    }

    private static String conversion(String id, String unit, String metric, Instant at) {
        return "{\"id\":\"" + id + "\",\"type\":\"conversion\",\"experiment\":\"sliced\",\"unit\":\"" + unit
                + "\",\"metric\":\"" + metric + "\",\"timestamp\":\"" + at.plusSeconds(5) + "\"}";
    }
}
