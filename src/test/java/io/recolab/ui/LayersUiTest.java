package io.recolab.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.recolab.testing.Person;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * Issue 23 in a real headless Chromium: choosing a layer on the definition form (an overlap refused
 * with the holder named), the layer map, and the forced-treatments editor on the experiment page.
 */
class LayersUiTest extends UiTestBase {
    private static final String HERO_A = """
            {"key":"hero-a","treatments":[{"name":"C","weight":1,"recommender":"bestseller"},
                                          {"name":"T","weight":1,"recommender":"bestseller"}],
             "layer":{"name":"home-row","buckets":[0,5000]}}""";

    @Test
    void anOwnerPlacesAnExperimentInALayerSeesTheMapAndForcesATreatment() {
        Person.create(server, "olivia", "owner", "olivia's long password");
        assertThat(server.post("/api/v1/experiments", HERO_A).status()).isEqualTo(201);
        assertThat(server.post("/api/v1/experiments/hero-a/start", null).status()).isEqualTo(200);
        driver.get(server.baseUrl() + "/");
        signIn("olivia", "olivia's long password");

        driver.get(server.baseUrl() + "/#/experiments/new");
        visible(By.id("def-key")).sendKeys("hero-b");
        driver.findElement(By.id("def-layer-name")).sendKeys("home-row");
        WebElement from = driver.findElement(By.id("def-layer-from"));
        from.clear();
        from.sendKeys("4000");
        WebElement to = driver.findElement(By.id("def-layer-to"));
        to.clear();
        to.sendKeys("6000");
        driver.findElement(By.id("save")).click();
        assertThat(visible(By.id("save-error")).getText()).contains("held by experiment 'hero-a'");
        from.clear();
        from.sendKeys("5000");
        driver.findElement(By.id("save")).click();
        wait.until(ExpectedConditions.urlContains("#/experiments/hero-b"));
        assertThat(visible(By.id("layer-value")).getText()).contains("home-row").contains("[5000, 6000)");

        driver.get(server.baseUrl() + "/#/layers");
        WebElement layer = visible(By.id("layer-home-row"));
        assertThat(layer.findElement(By.cssSelector("tr[data-experiment='hero-a']")).getText()).contains("running").contains("50%");
        assertThat(layer.findElement(By.cssSelector("tr[data-experiment='hero-b']")).getText()).contains("draft");
        assertThat(layer.findElement(By.cssSelector("p.free")).getText()).isEqualTo("Free: [6000, 10000)");
        assertThat(layer.findElements(By.cssSelector("svg.layer-bar g.layer-segment"))).hasSize(2);
        Browser.screenshot(driver, "30-layer-map");

        driver.get(server.baseUrl() + "/#/experiments/hero-a");
        assertThat(visible(By.id("overrides-none")).getText()).isEqualTo("No forced units.");
        WebElement text = driver.findElement(By.id("overrides-text"));
        text.sendKeys("qa-alice T");
        driver.findElement(By.id("overrides-save")).click();
        assertThat(visible(By.id("overrides-error")).getText()).contains("is not \"unit = treatment\"");
        text.clear();
        text.sendKeys("qa-alice = T9");
        driver.findElement(By.id("overrides-save")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("overrides-error"), "\"T9\" is not a treatment"));
        text.clear();
        text.sendKeys("qa-alice = T");
        driver.findElement(By.id("overrides-save")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("overrides-list"), "qa-alice sees T"));
        assertThat(visible(By.id("history")).getText()).contains("forced treatments none → qa-alice=T");
        assertThat(server.get("/api/v1/experiments/hero-a/assignment?unit=qa-alice").json().get("reason").asText())
                .isEqualTo("forced");
        Browser.screenshot(driver, "31-forced-treatments");
    }
}
