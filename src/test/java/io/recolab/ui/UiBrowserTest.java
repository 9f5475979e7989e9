package io.recolab.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.recolab.testing.Person;
import io.recolab.testing.Stores;
import io.recolab.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The experiment owner's path through the web UI in a real headless Chromium against a real
 * server: sign in with a password, create an experiment through the form (a rejected one first, with the
 * server's message), start and ramp it, traffic through the API, the results page with its
 * tables and charts, an SRM warning, a CSV download, the list, the models page, a phone-sized
 * screen, sign out. Screenshots of each page go to target/screenshots/.
 */
class UiBrowserTest {
    private static final int WIDTH = 1280;
    private static final String PASSWORD = "olivia's long password";

    @TempDir
    Path tmp;

    private TestServer server;
    private ChromeDriver driver;
    private WebDriverWait wait;
    private Path downloads;

    @BeforeEach
    void start() throws Exception {
        downloads = Files.createDirectories(tmp.resolve("downloads"));
        driver = Browser.start(Files.createDirectories(tmp.resolve("profile")), downloads);
        server = TestServer.start(Stores.Kind.H2, tmp.resolve("data"), null);
        wait = new WebDriverWait(driver, Duration.ofSeconds(20));
        Person.create(server, "olivia", "owner", PASSWORD);
    }

    @AfterEach
    void stop() {
        if (driver != null) {
            driver.quit();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void anOwnerRunsAnExperimentThroughTheUi() throws Exception {
        // Sign in: a wrong password is refused, the right one opens the list. The session cookie is
        // HttpOnly (no script sees it) and nothing is kept in the browser's storage.
        driver.get(server.baseUrl() + "/");
        watchCspViolations();
        signIn("olivia", "not the password");
        assertThat(visible(By.id("signin-error")).getText()).contains("wrong username or password");
        screenshot("01-signin");
        signIn("olivia", PASSWORD);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "Experiments"));
        assertThat(driver.findElement(By.id("account-link")).getText()).isEqualTo("olivia (owner)");
        assertThat(driver.manage().getCookieNamed("recolab_session").isHttpOnly()).isTrue();
        assertThat(driver.manage().getCookieNamed("recolab_session").getSameSite()).isEqualTo("Strict");
        assertThat((String) js("return document.cookie")).doesNotContain("recolab_session");
        assertThat(js("return sessionStorage.length + localStorage.length")).isEqualTo(0L);
        assertThat(driver.findElements(By.cssSelector("nav a[href='#/users'], nav a[href='#/keys']"))).as("owners manage no access").isEmpty();

        // Create: an invalid key is rejected live and on save with the server's own message.
        visible(By.id("new-experiment")).click();
        WebElement defKey = visible(By.id("def-key"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("definition-check"), "must"));
        assertThat(js("return [...document.querySelectorAll('main input, main select, main textarea')]"
                + ".filter(e => e.labels.length === 0).map(e => e.outerHTML)")).as("form controls without a label").isEqualTo(List.of());
        defKey.sendKeys("Bad Key!");
        WebElement description = driver.findElement(By.id("def-description"));
        description.sendKeys("Homepage row <b>bold</b> & <img src=x>");
        setValue(By.id("def-exposure"), "50");
        List<WebElement> recommenders = driver.findElements(By.cssSelector("#treatments select[name=recommender]"));
        assertThat(recommenders).hasSize(2);
        new Select(recommenders.get(0)).selectByValue("bestseller");
        new Select(recommenders.get(1)).selectByValue("item-to-item");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("definition-check"), "key must match"));
        driver.findElement(By.id("save")).click();
        WebElement saveError = visible(By.id("save-error"));
        assertThat(saveError.getText()).contains("Not saved").contains("key must match").contains("Bad Key!");
        fullPage("02-create-rejected");
        defKey.clear();
        defKey.sendKeys("homepage-row");
        // Targeting: a bad condition is named by its JSON path as the owner types; emptied, every unit may enter.
        setValue(By.id("def-targeting"), "{\"country\": {\"gt\": true}}");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("definition-check"),
                "targeting.country.gt: must be a number or string"));
        driver.findElement(By.id("def-targeting")).clear();
        js("document.getElementById('def-targeting').dispatchEvent(new Event('input', {bubbles: true}))");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("definition-check"), "The server accepts"));
        driver.findElement(By.id("save")).click();

        // The experiment page: escaped description, start with confirmation, ramp upwards only.
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "homepage-row"));
        assertThat(driver.findElement(By.cssSelector("main .lead")).getText()).isEqualTo("Homepage row <b>bold</b> & <img src=x>");
        assertThat(driver.findElements(By.cssSelector("main .lead b, main .lead img"))).isEmpty();
        assertThat(driver.findElement(By.id("targeting-value")).getText()).isEqualTo("every unit");
        assertThat(driver.findElement(By.id("history")).getText()).contains("create").contains("created as a draft")
                .contains("user:olivia");
        // Keyboard: Escape cancels the confirmation and nothing happens; then confirm for real.
        visible(By.id("action-start")).click();
        visible(By.id("confirm-dialog")).sendKeys(org.openqa.selenium.Keys.ESCAPE);
        wait.until(ExpectedConditions.numberOfElementsToBe(By.id("confirm-dialog"), 0));
        assertThat(server.get("/api/v1/experiments/homepage-row").json().get("status").asText()).isEqualTo("draft");
        driver.findElement(By.id("action-start")).click();
        visible(By.id("confirm-dialog"));
        screenshot("03-confirm-start");
        driver.findElement(By.id("confirm-yes")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("history"), "draft → running"));
        assertThat(driver.findElement(By.cssSelector("h1 .badge")).getText()).isEqualTo("running");
        setValue(By.id("ramp-percent"), "40");
        driver.findElement(By.id("ramp-button")).click();
        assertThat(visible(By.id("ramp-error")).getText()).contains("above 50");
        setValue(By.id("ramp-percent"), "80");
        driver.findElement(By.id("ramp-button")).click();
        visible(By.id("confirm-yes")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("exposure-value"), "80% of units"));
        assertThat(driver.findElement(By.id("history")).getText()).contains("exposurePercent 50 → 80");
        fullPage("04-experiment");

        // Traffic through the API, the way services send it.
        Traffic.send(server, "homepage-row", "purchase", Map.of("C", 500, "T1", 500), Map.of("C", 0.10, "T1", 0.16), 5);

        // Results: tables, verdicts, charts, power, and the switch of test.
        driver.get(server.baseUrl() + "/#/experiments/homepage-row/results");
        WebElement treatments = visible(By.id("treatments-table"));
        assertThat(treatments.getText()).contains("C (control)").contains("bestseller").contains("500").contains("10.00%");
        WebElement comparisons = visible(By.id("comparisons-table"));
        assertThat(comparisons.getText()).contains("T1 vs control").contains("+60.0%").contains("significantly better");
        assertThat(driver.findElements(By.cssSelector("#comparisons-table svg.lift-bar rect.bar"))).hasSize(1);
        assertThat(driver.findElement(By.id("verdicts")).getText()).contains("T1 is better than the control");
        assertThat(driver.findElement(By.id("srm-ok")).getText()).contains("passed");
        assertThat(visible(By.id("days-left")).getText()).matches("(?s).*(more day|planned sample is reached).*");
        waitForCharts();
        fullPage("05-results");
        new Select(driver.findElement(By.id("test"))).selectByValue("bayesian");
        wait.until(ExpectedConditions.urlContains("test=bayesian"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("comparisons-table"), "credible interval"));
        waitForCharts();

        // CSV download: fetched with the key, saved by the browser.
        driver.findElement(By.id("download-results")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("download-status"), "Downloaded"));
        Path csv = downloads.resolve("homepage-row-results.csv");
        wait.until(d -> Files.exists(csv) && size(csv) > 0);
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines.get(0)).startsWith("experiment,metric,treatment,recommender,units");
        assertThat(lines).hasSize(3);
        assertThat(lines.get(2)).startsWith("homepage-row,purchase,T1,item-to-item,500,80,");

        // A skewed experiment shows the SRM warning first thing.
        assertThat(server.post("/api/v1/experiments", """
                {"key":"skewed","description":"logging drops T1","treatments":[
                  {"name":"C","weight":50,"recommender":"bestseller"},{"name":"T1","weight":50,"recommender":"user-based"}],
                 "metrics":[{"name":"purchase","type":"binomial","windowDays":14}]}""").status()).isEqualTo(201);
        assertThat(server.post("/api/v1/experiments/skewed/start", "").status()).isEqualTo(200);
        Traffic.send(server, "skewed", "purchase", Map.of("C", 600, "T1", 350), Map.of("C", 0.1, "T1", 0.1), 3);
        driver.get(server.baseUrl() + "/#/experiments/skewed/results");
        WebElement srm = visible(By.id("srm-warning"));
        assertThat(srm.getText()).contains("Sample ratio mismatch").contains("do not trust");
        assertThat(srm.getAttribute("role")).isEqualTo("alert");
        waitForCharts();
        fullPage("06-results-srm");

        // The list: status, treatments, units, days, best lift; filter by status.
        driver.get(server.baseUrl() + "/#/experiments");
        WebElement list = visible(By.id("experiments"));
        wait.until(d -> !list.getText().contains("…"));
        List<WebElement> rows = list.findElements(By.cssSelector("tbody tr"));
        assertThat(rows).extracting(r -> r.getAttribute("data-key")).containsExactly("skewed", "homepage-row");
        assertThat(rows.get(1).getText()).contains("running").contains("C (control): bestseller").contains("1,000")
                .contains("T1 +60.0% on purchase").contains("significantly better");
        assertThat(rows.get(0).getText()).contains("SRM");
        screenshot("07-list");
        server.post("/api/v1/experiments", """
                {"key":"later","treatments":[{"name":"C","weight":1,"recommender":"bestseller"},
                 {"name":"T1","weight":1,"recommender":"user-based"}]}""");
        new Select(driver.findElement(By.id("status-filter"))).selectByValue("draft");
        wait.until(ExpectedConditions.urlContains("status=draft"));
        wait.until(d -> d.findElements(By.cssSelector("#experiments tbody tr")).size() == 1);
        assertThat(driver.findElement(By.cssSelector("#experiments tbody tr")).getAttribute("data-key")).isEqualTo("later");

        // Import JSON into the form, edit the draft.
        driver.get(server.baseUrl() + "/#/experiments/new");
        visible(By.id("def-key"));
        driver.findElement(By.cssSelector("#import summary")).click();
        visible(By.id("import-json")).sendKeys("{\"key\":\"imported\",\"description\":\"from JSON\",\"treatments\":["
                + "{\"name\":\"C\",\"weight\":70,\"recommender\":\"bestseller\"},{\"name\":\"T1\",\"weight\":30,\"recommender\":\"user-based\"}],"
                + "\"metrics\":[{\"name\":\"watch\",\"type\":\"binomial\",\"windowDays\":7}]}");
        driver.findElement(By.id("import-button")).click();
        assertThat(driver.findElement(By.id("def-key")).getAttribute("value")).isEqualTo("imported");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("definition-check"), "The server accepts"));
        driver.findElement(By.id("save")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "imported"));
        assertThat(server.get("/api/v1/experiments/imported").json().at("/definition/treatments/0/weight").asInt()).isEqualTo(70);

        // Models.
        driver.get(server.baseUrl() + "/#/models");
        assertThat(visible(By.id("recommenders")).getText()).contains("bestseller").contains("item-to-item");
        assertThat(driver.findElement(By.id("no-models")).getText()).contains("No model loaded");
        screenshot("08-models");

        // A phone: the page fits the screen width; wide tables scroll inside their own box.
        driver.manage().window().setSize(new Dimension(390, 844));
        driver.get(server.baseUrl() + "/#/experiments/homepage-row/results");
        visible(By.id("comparisons-table"));
        waitForCharts();
        assertThat((Long) js("return document.documentElement.scrollWidth - window.innerWidth")).isLessThanOrEqualTo(0L);
        screenshot("09-phone-results");
        driver.manage().window().setSize(new Dimension(WIDTH, 900));

        assertThat(cspViolations()).isEmpty();

        // Sign out ends the session on the server: the old cookie no longer works.
        String cookie = driver.manage().getCookieNamed("recolab_session").getValue();
        visible(By.id("signout")).click();
        visible(By.id("username"));
        assertThat(driver.findElement(By.id("notice")).getText()).contains("Signed out");
        assertThat(server.request("GET", "/api/v1/session", null, Map.of("Cookie", "recolab_session=" + cookie)).status())
                .isEqualTo(401);
    }

    @Test
    void errorsAreShownAndAnEndedSessionReturnsToSignIn() {
        driver.get(server.baseUrl() + "/");
        signIn("olivia", PASSWORD);
        visible(By.id("new-experiment"));
        driver.get(server.baseUrl() + "/#/experiments/missing");
        assertThat(visible(By.id("notice")).getText()).contains("no experiment 'missing'");
        // A reload keeps the session (the cookie), asking the server who is signed in.
        driver.navigate().refresh();
        visible(By.id("account-link"));
        // An admin resets the password meanwhile: the next call sends the owner back to sign in, saying why.
        assertThat(server.send("PATCH", "/api/v1/users/olivia", "{\"password\":\"reset by an admin\"}", TestServer.ADMIN_KEY)
                .status()).isEqualTo(200);
        driver.get(server.baseUrl() + "/#/models");
        visible(By.id("username"));
        assertThat(driver.findElement(By.id("notice")).getText()).contains("Please sign in again");
        screenshot("10-signin-again");
        signIn("olivia", "reset by an admin");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "Models"));
    }

    private void signIn(String username, String password) {
        WebElement name = visible(By.id("username"));
        name.clear();
        name.sendKeys(username);
        WebElement pw = driver.findElement(By.id("password"));
        pw.clear();
        pw.sendKeys(password);
        driver.findElement(By.id("signin-button")).click();
    }

    private void watchCspViolations() {
        js("window.__csp = []; document.addEventListener('securitypolicyviolation', e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));");
    }

    @SuppressWarnings("unchecked")
    private List<Object> cspViolations() {
        return (List<Object>) js("return window.__csp || []");
    }

    /** Every chart image (three over time, the effect intervals) loaded from its blob URL at 2x (1600 pixels wide). */
    private void waitForCharts() {
        wait.until(d -> {
            List<WebElement> images = d.findElements(By.cssSelector("figure.chart img"));
            return images.size() == 4 && images.stream().allMatch(i -> {
                Object w = ((JavascriptExecutor) d).executeScript("return arguments[0].complete ? arguments[0].naturalWidth : 0", i);
                return ((Number) w).longValue() == 1600;
            });
        });
        assertThat(driver.findElements(By.cssSelector("figure.chart img"))).allSatisfy(
                i -> assertThat(i.getAttribute("src")).startsWith("blob:"));
    }

    private WebElement visible(By by) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    private void setValue(By by, String value) {
        WebElement input = visible(by);
        input.clear();
        input.sendKeys(value);
    }

    private Object js(String script) {
        return ((JavascriptExecutor) driver).executeScript(script);
    }

    private void screenshot(String name) {
        Browser.screenshot(driver, name);
    }

    /** The whole page, by making the window as tall as the document for the shot. */
    private void fullPage(String name) {
        long height = (Long) js("return document.documentElement.scrollHeight");
        driver.manage().window().setSize(new Dimension(WIDTH, (int) Math.min(6000, height + 20)));
        screenshot(name);
        driver.manage().window().setSize(new Dimension(WIDTH, 900));
    }

    private static long size(Path p) {
        try (Stream<Path> s = Stream.of(p)) {
            return Files.size(s.findFirst().orElseThrow());
        } catch (Exception e) {
            return 0;
        }
    }
}
