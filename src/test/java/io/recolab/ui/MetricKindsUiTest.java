package io.recolab.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.recolab.http.MetricKindsFixture;
import io.recolab.testing.Person;
import java.util.Locale;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * The metric kinds on the results page (issue 22.7) in a real headless Chromium: a capped, CUPED-adjusted
 * revenue metric shows its cap and the variance reduction CUPED achieved (the API's figure); a ratio
 * metric shows its parts, its delta-method intervals, and no power plan it cannot make.
 */
class MetricKindsUiTest extends UiTestBase {
    private static final String PASSWORD = "an owner's passphrase";

    @BeforeEach
    void people() {
        Person.create(server, "owner", "owner", PASSWORD);
    }

    @Test
    void theResultsPageShowsTheKindCapAndVarianceReduction() {
        MetricKindsFixture.send(server, 400);
        JsonNode api = server.get("/api/v1/experiments/kinds/results?metric=revenue").json();
        double reduction = api.at("/kind/cuped/comparisons/0/varianceReduction").asDouble();

        driver.get(server.baseUrl() + "/");
        signIn("owner", PASSWORD);
        driver.get(server.baseUrl() + "/#/experiments/kinds/results?metric=revenue");

        assertThat(visible(By.id("kind-badge")).getText()).isEqualTo("mean");
        assertThat(driver.findElement(By.id("kind-text")).getText()).contains("Mean value per unit");
        WebElement cap = driver.findElement(By.cssSelector("#metric-kind p.cap[data-metric='revenue']"));
        assertThat(cap.getText()).contains("90th percentile").contains(api.at("/kind/caps/0/cappedUnits").asText() + " unit");
        assertThat(driver.findElement(By.id("cuped")).getText()).contains("CUPED").contains("14 days before");
        assertThat(driver.findElement(By.cssSelector("#cuped-table tr[data-treatment='T1'] .variance-reduction")).getText())
                .isEqualTo(String.format(Locale.ROOT, "%.1f%%", 100 * reduction));
        assertThat(reduction).isGreaterThan(0.05);
        // The effect chart of a CUPED metric: plain and adjusted intervals side by side, drawn by the server.
        assertThat(Browser.loadedChart(driver, wait, "chart-intervals")).isEqualTo(1600);
        assertThat(driver.findElement(By.cssSelector("#chart-intervals figcaption")).getText())
                .contains("plain (grey) and CUPED-adjusted");
        Browser.screenshot(driver, "20-results-capped-cuped");

        new Select(driver.findElement(By.id("metric"))).selectByValue("items-per-exposure");
        wait.until(ExpectedConditions.textToBe(By.id("kind-badge"), "ratio"));
        assertThat(driver.findElement(By.id("kind-text")).getText()).contains("sum of items over the sum of the unit's exposures");
        assertThat(driver.findElement(By.cssSelector("#treatments-table thead")).getText())
                .contains("items per exposure").contains("delta method");
        assertThat(visible(By.id("power-unavailable")).getText()).contains("ratio");
        assertThat(driver.findElements(By.id("cuped-table"))).isEmpty();
        assertThat(Browser.loadedChart(driver, wait, "chart-intervals")).isEqualTo(1600);
        assertThat(driver.findElement(By.cssSelector("#chart-intervals figcaption")).getText()).contains("(ratio)");
        Browser.screenshot(driver, "21-results-ratio");

        // The experiment page lists each metric with its kind.
        driver.get(server.baseUrl() + "/#/experiments/kinds");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("main"), "items / exposures"));
        assertThat(driver.findElement(By.tagName("main")).getText())
                .contains("mean, capped at p90, CUPED on conversions before exposure")
                .contains("binomial, CUPED on interactions before exposure");
    }

    /**
     * The definition form shows and keeps every metric kind: a draft with a capped, a CUPED and a ratio
     * metric saved from the form keeps them (the form once sent only name, type and window, so a ratio
     * became binomial and caps and CUPED vanished); the history names a change of them.
     */
    @Test
    void theFormKeepsRatioCapAndCupedMetrics() {
        String definition = """
                {"key":"kinds-form","treatments":[{"name":"C","weight":1,"recommender":"bestseller"},
                 {"name":"T1","weight":1,"recommender":"item-to-item"}],
                 "metrics":[{"name":"items","type":"mean","windowDays":14,"cap":{"percentile":99}},
                            {"name":"revenue","type":"mean","windowDays":14,"cuped":"interactions"},
                            {"name":"per-exposure","type":"ratio","numerator":"items","denominator":"exposures","windowDays":14}]}""";
        assertThat(server.post("/api/v1/experiments", definition).status()).isEqualTo(201);
        JsonNode before = server.get("/api/v1/experiments/kinds-form").json().get("definition").get("metrics");

        driver.get(server.baseUrl() + "/");
        signIn("owner", PASSWORD);
        driver.get(server.baseUrl() + "/#/experiments/kinds-form/edit");
        WebElement description = visible(By.id("def-description"));
        var rows = driver.findElements(By.cssSelector("#metrics .metric"));
        assertThat(rows).hasSize(3);
        assertThat(new Select(rows.get(2).findElement(By.name("type"))).getFirstSelectedOption().getText()).isEqualTo("ratio");
        assertThat(rows.get(2).findElement(By.name("numerator")).getAttribute("value")).isEqualTo("items");
        assertThat(rows.get(0).findElement(By.name("capPercentile")).getAttribute("value")).isEqualTo("99");
        assertThat(rows.get(0).findElement(By.name("numerator")).isDisplayed()).isFalse();
        description.sendKeys("typo fixed");
        driver.findElement(By.id("save")).click();
        wait.until(ExpectedConditions.urlToBe(server.baseUrl() + "/#/experiments/kinds-form"));
        JsonNode saved = server.get("/api/v1/experiments/kinds-form").json();
        assertThat(saved.at("/definition/description").asText()).isEqualTo("typo fixed");
        assertThat(saved.get("definition").get("metrics")).isEqualTo(before);

        // A cap removed in the form is a change the history names.
        driver.get(server.baseUrl() + "/#/experiments/kinds-form/edit");
        WebElement cap = visible(By.cssSelector("#metrics .metric input[name=capPercentile]"));
        cap.clear();
        driver.findElement(By.id("save")).click();
        wait.until(ExpectedConditions.urlToBe(server.baseUrl() + "/#/experiments/kinds-form"));
        assertThat(server.get("/api/v1/experiments/kinds-form").json().at("/definition/metrics/0/cap").isMissingNode()).isTrue();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("main"), "capped at p99"));
        assertThat(driver.findElement(By.tagName("main")).getText()).contains("items (mean, capped at p99, 14d)")
                .doesNotContain("saved without changes")
                // An absent description once printed "null" on every experiment page (the DOM's append).
                .doesNotContain("null");
    }
}
