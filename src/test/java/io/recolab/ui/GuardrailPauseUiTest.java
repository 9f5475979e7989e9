package io.recolab.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.recolab.testing.GuardrailBreach;
import io.recolab.testing.Person;
import io.recolab.testing.Stores;
import io.recolab.testing.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The guardrail banner (issue 22.6) in a real headless Chromium against a server whose guardrail watch
 * runs every 200 ms, on the breach of the shared fixture ({@link GuardrailBreach}): when the watch paused
 * the experiment, both pages say so first (when, which metric and treatment, that resuming is the owner's
 * call), then who resumed it; without autoPause they say breached, not paused. The same pages show each
 * metric's role, the automatic pause setting, the slices, the test the power plan is for, and open the
 * results on the primary metric.
 */
class GuardrailPauseUiTest extends UiTestBase {
    private static final String PASSWORD = "olivia's long password";

    @Override
    TestServer startServer(Path data) {
        return TestServer.withGuardrailWatch(Stores.Kind.H2, data, Duration.ofMillis(200));
    }

    @BeforeEach
    void people() {
        Person.create(server, "olivia", "owner", PASSWORD);
    }

    @Test
    void anAutomaticPauseIsShownFirstThenWhoResumedIt() {
        GuardrailBreach.create(server, "watched", true);
        GuardrailBreach.startAndBreach(server, "watched");
        wait.until(d -> server.get("/api/v1/experiments/watched").json().get("status").asText().equals("paused"));
        var history = server.get("/api/v1/experiments/watched").json().get("history");
        String pausedAt = history.get(history.size() - 1).get("at").asText();

        driver.get(server.baseUrl() + "/#/experiments/watched");
        signIn("olivia", PASSWORD);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#guardrail-slot[data-loaded]")));
        WebElement banner = visible(By.id("guardrail-breach"));
        assertThat(banner.getAttribute("data-state")).isEqualTo("paused");
        assertThat(banner.getText()).contains("Paused automatically: guardrail breached: bounce (T1)")
                .contains("paused this experiment on " + pausedAt.substring(0, 16).replace('T', ' ') + " UTC")
                .contains("bounce rose under T1").contains("Resuming is the owner's call");
        assertThat(js("return document.getElementById('main').children[1].id")).as("first, under the title")
                .isEqualTo("guardrail-slot");
        assertThat(visible(By.id("autopause-value")).getText()).startsWith("on");
        assertThat(driver.findElement(By.cssSelector("#metrics-table tr[data-metric='bounce']")).getText())
                .contains("guardrail (harm: increase)");
        assertThat(driver.findElement(By.cssSelector("#metrics-table tr[data-metric='purchase']")).getText()).contains("primary");
        assertThat(driver.findElement(By.id("history")).getText()).contains("running → paused (guardrail breached: bounce (T1))");
        Browser.screenshot(driver, "guardrail-01-paused");

        // The owner resumes through the page: the banner now names who resumed, and it is not paused again.
        visible(By.id("action-resume")).click();
        visible(By.id("confirm-yes")).click();
        wait.until(d -> js("const b = document.getElementById('guardrail-breach');"
                + " return document.querySelector('#guardrail-slot[data-loaded]') !== null && b !== null && b.dataset.state === 'resumed'")
                .equals(Boolean.TRUE));
        assertThat(textOf(By.id("guardrail-resumed"))).startsWith("Resumed by user:olivia on ")
                .contains("Still breached now: bounce (T1).");
        assertThat(textOf(By.id("guardrail-breach"))).contains("paused automatically, resumed by user:olivia");

        // The results page: the same banner first, above the verdict; the report says it too.
        visible(By.id("results-link")).click();
        wait.until(d -> "guardrail-breach".equals(js("var m = document.getElementById('main');"
                + " return m && m.children.length > 1 ? m.children[1].id : null")));
        assertThat(textOf(By.id("guardrail-breach"))).contains("resumed by user:olivia").contains("bounce (T1)");
        Browser.screenshot(driver, "guardrail-02-resumed-results");
        driver.get(server.baseUrl() + "/api/v1/experiments/watched/report.html");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("body"), "Paused automatically by the guardrail watch"));
        assertThat(driver.findElement(By.tagName("body")).getText()).contains("Resumed by user:olivia").contains("automatic pause on");
    }

    @Test
    void aBreachWithoutAutoPauseSaysBreachedNotPausedAndTheResultsOpenOnThePrimaryMetric() {
        GuardrailBreach.create(server, "unwatched", false);
        GuardrailBreach.startAndBreach(server, "unwatched");
        // A definition listing its guardrail first: the results still open on the primary metric.
        assertThat(server.post("/api/v1/experiments", """
                {"key":"ordered","unit":"customer","exposurePercent":100,"slices":["device","country"],
                 "treatments":[{"name":"C","weight":50,"recommender":"bestseller"},{"name":"T1","weight":50,"recommender":"item-to-item"}],
                 "metrics":[{"name":"bounce","type":"binomial","role":"guardrail","harm":"increase"},
                            {"name":"clicks","type":"binomial","role":"secondary"},
                            {"name":"purchase","type":"binomial","role":"primary"}]}""").status()).isEqualTo(201);

        driver.get(server.baseUrl() + "/#/experiments/unwatched/results");
        signIn("olivia", PASSWORD);
        WebElement banner = visible(By.id("guardrail-breach"));
        assertThat(banner.getAttribute("data-state")).isEqualTo("breached");
        assertThat(banner.getText()).contains("Guardrail breached: bounce (T1)").contains("Breached, not paused")
                .contains("autoPause is off").doesNotContain("Paused automatically");
        // The power box names the test it plans for, and follows the chosen one (on bounce: purchase has no conversions).
        driver.get(server.baseUrl() + "/#/experiments/unwatched/results?metric=bounce");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("power-test"), "fixed-horizon test"));
        driver.get(server.baseUrl() + "/#/experiments/unwatched/results?metric=bounce&test=sequential");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("power-test"), "sequential test"));
        assertThat(textOf(By.id("guardrail-breach"))).contains("Breached, not paused");
        assertNoBrokenText();

        // The experiment page: the same banner once the results are read, the setting, the slices (none).
        driver.get(server.baseUrl() + "/#/experiments/unwatched");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#guardrail-slot[data-loaded]")));
        assertThat(textOf(By.id("guardrail-breach"))).contains("Breached, not paused");
        assertThat(visible(By.id("autopause-value")).getText()).startsWith("off");
        assertThat(visible(By.id("slices-value")).getText()).isEqualTo("none");
        assertNoBrokenText();
        Browser.screenshot(driver, "guardrail-03-breached-not-paused");

        // The list, where an owner scans every experiment, flags the breach beside the best lift.
        driver.get(server.baseUrl() + "/#/experiments");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("tr[data-key='unwatched']"),
                "guardrail breached"));

        driver.get(server.baseUrl() + "/#/experiments/ordered");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "ordered"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#guardrail-slot[data-loaded]")));
        assertThat(visible(By.id("slices-value")).getText()).isEqualTo("device, country");
        assertThat(driver.findElement(By.cssSelector("#metrics-table tr[data-metric='purchase']")).getText()).contains("primary");
        assertThat(driver.findElement(By.cssSelector("#metrics-table tr[data-metric='clicks']")).getText()).contains("secondary");
        assertThat(driver.findElements(By.id("guardrail-breach"))).isEmpty();
        assertNoBrokenText();
        visible(By.id("results-link")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("metric-roles"), "purchase: primary (shown)"));
        assertThat(driver.findElement(By.id("metric")).getAttribute("value")).isEqualTo("purchase");
        assertNoBrokenText();
    }

    /** No value rendered as "null", "undefined" or "NaN" anywhere on the page. */
    private void assertNoBrokenText() {
        String text = driver.findElement(By.id("main")).getText();
        assertThat(text).doesNotContainPattern("\\bnull\\b|\\bundefined\\b|\\bNaN\\b");
    }
}
