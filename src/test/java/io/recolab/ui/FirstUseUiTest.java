package io.recolab.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.recolab.testing.Person;
import io.recolab.testing.TestServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * What a new user trips over (issue 17), in a real headless Chromium against a real server: a
 * page the role cannot use says so at once; only the lifecycle steps that can be done are offered;
 * the new-experiment form does not make an A/A test without a word; a stopped experiment's power
 * box promises no days; the list truncates long descriptions, searches, and archives.
 */
class FirstUseUiTest extends UiTestBase {
    private static final String DEFINITION = """
            {"key":"KEY","description":"DESCRIPTION","exposurePercent":EXPOSURE,
             "treatments":[{"name":"C","weight":1,"recommender":"bestseller"},{"name":"T1","weight":1,"recommender":"item-to-item"}],
             "metrics":[{"name":"purchase","type":"binomial","windowDays":14}]}""";
    private static final int WIDTH = 1280;

    @BeforeEach
    void people() {
        Person.create(server, "vera", "viewer", "vera's first password");
        Person.create(server, "olivia", "owner", "olivia's long password");
    }

    @Test
    void aPageTheRoleCannotUseSaysSoAtOnce() {
        driver.get(server.baseUrl() + "/");
        signIn("vera", "vera's first password");
        for (String[] page : List.of(new String[] {"#/experiments/new", "create or edit experiments"},
                new String[] {"#/users", "manage users"}, new String[] {"#/keys", "manage API keys"})) {
            driver.get(server.baseUrl() + "/" + page[0]);
            assertThat(visible(By.id("not-allowed")).getText()).as(page[0])
                    .contains("Your role (viewer) cannot " + page[1]);
            assertThat(driver.findElements(By.cssSelector("main form"))).as(page[0] + ": no form to fill in vain").isEmpty();
        }
        Browser.screenshot(driver, "20-viewer-not-allowed");
        // An owner may create experiments but not manage people.
        driver.findElement(By.id("signout")).click();
        signIn("olivia", "olivia's long password");
        driver.get(server.baseUrl() + "/#/users");
        assertThat(visible(By.id("not-allowed")).getText()).contains("Your role (owner) cannot manage users");
        driver.get(server.baseUrl() + "/#/experiments/new");
        visible(By.id("definition-form"));
        assertThat(driver.findElements(By.id("not-allowed"))).isEmpty();
    }

    @Test
    void onlyWhatCanBeDoneIsOfferedAndTheFormSaysWhenItIsAnAaTest() {
        create("paused-one", "paused after some traffic", 100);
        ok(server.post("/api/v1/experiments/paused-one/start", null));
        Traffic.send(server, "paused-one", "purchase", Map.of("C", 200, "T1", 200), Map.of("C", 0.1, "T1", 0.12), 3);
        ok(server.post("/api/v1/experiments/paused-one/pause", null));
        create("half", "half exposed", 50);
        ok(server.post("/api/v1/experiments/half/start", null));

        driver.get(server.baseUrl() + "/");
        signIn("olivia", "olivia's long password");

        // Paused: resume and stop, not also start; at 100% exposure there is nothing to ramp.
        driver.get(server.baseUrl() + "/#/experiments/paused-one");
        visible(By.id("action-resume"));
        assertThat(driver.findElements(By.id("action-start"))).as("start would only resume").isEmpty();
        assertThat(driver.findElements(By.id("action-stop"))).hasSize(1);
        assertThat(driver.findElements(By.id("ramp-form"))).as("no ramp above 100%").isEmpty();
        driver.get(server.baseUrl() + "/#/experiments/half");
        assertThat(visible(By.id("ramp-form")).getText()).contains("Now 50%");

        // A paused experiment's power box counts days from the resume, saying so.
        driver.get(server.baseUrl() + "/#/experiments/paused-one/results");
        assertThat(visible(By.id("days-left")).getText()).contains("paused").contains("After resuming");

        // The new form starts with two different recommenders, and says so when they are made equal.
        driver.get(server.baseUrl() + "/#/experiments/new");
        visible(By.id("def-key"));
        List<WebElement> selects = driver.findElements(By.cssSelector("#treatments select[name=recommender]"));
        String control = selects.get(0).getAttribute("value");
        assertThat(control).isNotEmpty();
        assertThat(selects.get(1).getAttribute("value")).as("not an A/A test by default").isNotEqualTo(control);
        assertThat(driver.findElement(By.id("aa-note")).isDisplayed()).isFalse();
        new Select(selects.get(1)).selectByValue(control);
        assertThat(visible(By.id("aa-note")).getText()).contains("This is an A/A test").contains(control);
        Browser.screenshot(driver, "21-aa-note");
        driver.findElement(By.id("add-treatment")).click();
        List<WebElement> three = driver.findElements(By.cssSelector("#treatments select[name=recommender]"));
        assertThat(three.get(2).getAttribute("value")).as("a new treatment gets an unused recommender").isNotEqualTo(control);
        wait.until(d -> !d.findElement(By.id("aa-note")).isDisplayed());
    }

    @Test
    void theListTruncatesSearchesAndArchivesAndAStoppedExperimentPromisesNoDays() {
        String longDescription = ("Homepage row experiment with a very thorough description that goes on and on, "
                + "supercalifragilisticexpialidocious-words and a URL https://example.com/" + "x".repeat(200) + " ").repeat(7).substring(0, 1900);
        create("long-description-experiment", longDescription, 100);
        create("finished", "ran and stopped", 100);
        ok(server.post("/api/v1/experiments/finished/start", null));
        Traffic.send(server, "finished", "purchase", Map.of("C", 300, "T1", 300), Map.of("C", 0.1, "T1", 0.12), 4);
        ok(server.post("/api/v1/experiments/finished/stop", null));
        create("running-one", "still running", 100);
        ok(server.post("/api/v1/experiments/running-one/start", null));

        driver.get(server.baseUrl() + "/");
        signIn("olivia", "olivia's long password");

        // A stopped experiment: how far it got, never days left.
        driver.get(server.baseUrl() + "/#/experiments/finished/results");
        String answer = visible(By.id("days-left")).getText();
        assertThat(answer).contains("stopped").doesNotContain("more day").doesNotContain("days to");
        assertThat(driver.findElement(By.id("power-result")).getText()).doesNotContain("more day");
        wait.until(d -> d.findElements(By.cssSelector("figure.chart img")).size() == 4); // 3 over time, the effect
        fullPage("22-results-stopped");

        // The list: a long description is cut (whole text in the tooltip), the row stays short.
        driver.get(server.baseUrl() + "/#/experiments");
        WebElement list = visible(By.id("experiments"));
        wait.until(d -> Boolean.FALSE.equals(((JavascriptExecutor) d).executeScript(
                "return [...document.querySelectorAll('#experiments td')].some(td => td.textContent === '…')")));
        screenshot("23-list");
        WebElement row = list.findElement(By.cssSelector("tr[data-key='long-description-experiment']"));
        WebElement description = row.findElement(By.cssSelector("td.description"));
        assertThat(description.getText()).hasSizeLessThanOrEqualTo(140).endsWith("…");
        assertThat(description.getAttribute("title")).isEqualTo(longDescription);
        assertThat(row.getSize().getHeight()).as("row height in pixels").isLessThan(160);
        // A key breaks at its dashes only, never inside a word.
        assertThat(((JavascriptExecutor) driver).executeScript("const s = getComputedStyle(document.querySelector("
                + "\"tr[data-key='long-description-experiment'] th.key\")); return s.overflowWrap + ' ' + s.wordBreak"))
                .isEqualTo("normal normal");
        assertThat((Long) ((JavascriptExecutor) driver).executeScript("const w = document.querySelector('.table-wrap');"
                + " return w.scrollWidth - w.clientWidth")).as("the table fits a 1280-pixel screen").isLessThanOrEqualTo(0L);

        // Search filters in place and keeps the words in the address.
        WebElement search = visible(By.id("search"));
        search.sendKeys("stopped");
        wait.until(d -> visibleKeys().equals(List.of("finished")));
        assertThat(driver.findElement(By.id("search-count")).getText()).isEqualTo("1 of 3 shown");
        assertThat(driver.getCurrentUrl()).contains("q=stopped");
        screenshot("24-list-search");
        search.clear();
        search.sendKeys("nothing like this");
        visible(By.id("no-match"));
        search.clear();
        search.sendKeys(" ");
        wait.until(d -> visibleKeys().size() == 3);

        // Archive: only drafts and stopped ones offer it; confirmed, the row leaves the list.
        assertThat(driver.findElements(By.id("archive-running-one"))).isEmpty();
        driver.findElement(By.id("archive-finished")).click();
        visible(By.id("confirm-yes")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("notice"), "finished archived"));
        wait.until(d -> visibleKeys().size() == 2 && !visibleKeys().contains("finished"));
        assertThat(server.get("/api/v1/experiments/finished").json().get("archived").asBoolean()).isTrue();
        new Select(driver.findElement(By.id("archived-filter"))).selectByValue("true");
        wait.until(ExpectedConditions.urlContains("archived=true"));
        wait.until(d -> visibleKeys().equals(List.of("finished")));
        assertThat(driver.findElement(By.cssSelector("tr[data-key='finished']")).getText()).contains("archived");
        visible(By.id("unarchive-finished"));

        // The archived experiment's page: read-only, unarchive offered, history says who archived it.
        driver.get(server.baseUrl() + "/#/experiments/finished");
        assertThat(visible(By.id("archived-note")).getText()).contains("read-only");
        assertThat(driver.findElements(By.cssSelector("[id^=action-]"))).extracting(e -> e.getAttribute("id"))
                .containsExactly("action-unarchive");
        assertThat(driver.findElement(By.id("history")).getText()).contains("archive").contains("user:olivia");
        driver.findElement(By.id("action-unarchive")).click();
        visible(By.id("confirm-yes")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("history"), "unarchived"));
        assertThat(driver.findElements(By.id("archived-note"))).isEmpty();
        visible(By.id("action-archive"));
    }

    private List<String> visibleKeys() {
        return driver.findElements(By.cssSelector("#experiments tbody tr")).stream()
                .filter(WebElement::isDisplayed).map(r -> r.getAttribute("data-key")).toList();
    }

    private void create(String key, String description, int exposure) {
        var r = server.post("/api/v1/experiments", DEFINITION.replace("KEY", key).replace("DESCRIPTION", description)
                .replace("EXPOSURE", String.valueOf(exposure)));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }

    private static void ok(TestServer.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    private void screenshot(String name) {
        Browser.screenshot(driver, name);
    }

    private void fullPage(String name) {
        long height = (Long) ((JavascriptExecutor) driver).executeScript("return document.documentElement.scrollHeight");
        driver.manage().window().setSize(new Dimension(WIDTH, (int) Math.min(6000, height + 20)));
        screenshot(name);
        driver.manage().window().setSize(new Dimension(WIDTH, 900));
    }
}
