package io.recolab.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.recolab.testing.Person;
import io.recolab.testing.Stores;
import io.recolab.testing.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/** The results page of an interleaving experiment (issue 24) in a real headless Chromium against a real server. */
class InterleavingUiTest extends UiTestBase {
    private static final String PASSWORD = "olivia's long password";
    private static final String DEFINITION = """
            {"key":"il-ui","design":"interleaving",
             "treatments":[{"name":"A","weight":1,"recommender":"item-to-item"},
                           {"name":"B","weight":1,"recommender":"bestseller"}],
             "metrics":[{"name":"purchase","type":"binomial","windowDays":14}]}""";

    @Override
    TestServer startServer(Path data) {
        return TestServer.start(Stores.Kind.H2, data, null, "synthetic:customers=600,items=200,days=120,seed=5");
    }

    @BeforeEach
    void people() {
        Person.create(server, "olivia", "viewer", PASSWORD);
    }

    @Test
    void theResultsPageShowsThePreferencesAndTheSignTest() {
        assertThat(server.post("/api/v1/experiments", DEFINITION).status()).isEqualTo(201);
        assertThat(server.post("/api/v1/experiments/il-ui/start", null).status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(60)).until(() -> server.get(
                "/api/v1/recommendations?experiment=il-ui&unit=u0&requestId=r0").json().get("interleaved").asBoolean());
        // Units u0..u2 each take an item side A showed them; u3 is shown a list and takes nothing.
        for (int u = 0; u < 4; u++) {
            JsonNode list = server.get("/api/v1/recommendations?experiment=il-ui&unit=u" + u + "&requestId=r" + u).json();
            if (u == 3) {
                continue;
            }
            for (JsonNode i : list.get("items")) {
                if (i.get("side").asText().equals("A")) {
                    server.post("/api/v1/interactions", "{\"customer\":\"u" + u + "\",\"item\":\"" + i.get("item").asText()
                            + "\",\"timestamp\":\"" + Instant.now() + "\"}");
                    break;
                }
            }
        }
        driver.get(server.baseUrl() + "/");
        signIn("olivia", PASSWORD);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "Experiments"));
        driver.get(server.baseUrl() + "/#/experiments/il-ui/results");
        WebElement a = visible(By.cssSelector("#interleaving-table tr[data-side=A]"));
        assertThat(a.getText()).contains("item-to-item").contains("3").contains("100.0%");
        assertThat(driver.findElement(By.cssSelector("#interleaving-table tr[data-side=B]")).getText()).contains("bestseller");
        assertThat(driver.findElement(By.id("interleaving-table")).getText()).contains("Preferences of 4 units (1 ties)");
        // 3 of 3 non-tied units prefer A: the exact sign test gives p = 0.25, no verdict yet.
        assertThat(driver.findElement(By.id("interleaving-verdict")).getText()).contains("No preference detected")
                .contains("p = 0.2500");
    }

    /** The definition form's design choice writes {@code "sharedItems": "neutral"}; the results page says what it means. */
    @Test
    void theFormCreatesAnInterleavingExperimentWhoseSharedItemsCreditNobody() {
        Person.create(server, "oscar", "owner", PASSWORD);
        driver.get(server.baseUrl() + "/");
        signIn("oscar", PASSWORD);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "Experiments"));
        driver.get(server.baseUrl() + "/#/experiments/new");
        visible(By.id("def-key")).sendKeys("il-neutral");
        var recommenders = driver.findElements(By.cssSelector("#treatments .treatment select[name=recommender]"));
        new Select(recommenders.get(0)).selectByValue("item-to-item");
        new Select(recommenders.get(1)).selectByValue("bestseller");
        new Select(driver.findElement(By.id("def-design"))).selectByValue("interleaving-neutral");
        driver.findElement(By.id("save")).click();
        wait.until(ExpectedConditions.urlContains("#/experiments/il-neutral"));
        JsonNode definition = server.get("/api/v1/experiments/il-neutral").json().get("definition");
        assertThat(definition.get("design").asText()).isEqualTo("interleaving");
        assertThat(definition.get("sharedItems").asText()).isEqualTo("neutral");
        driver.get(server.baseUrl() + "/#/experiments/il-neutral/edit");
        wait.until(d -> "interleaving-neutral".equals(d.findElement(By.id("def-design")).getAttribute("value")));
        driver.get(server.baseUrl() + "/#/experiments/il-neutral/results");
        assertThat(visible(By.id("interleaving-credit")).getText()).contains("except items both lists held, which credit nobody");

        // An imported value the design choice cannot show is sent as given, so the server names it.
        driver.get(server.baseUrl() + "/#/experiments/new");
        visible(By.id("def-key"));
        driver.findElement(By.cssSelector("#import summary")).click();
        visible(By.id("import-json")).sendKeys("{\"key\":\"il-typo\",\"design\":\"interleaving\",\"sharedItems\":\"Neutral\","
                + "\"treatments\":[{\"name\":\"A\",\"weight\":1,\"recommender\":\"item-to-item\"},"
                + "{\"name\":\"B\",\"weight\":1,\"recommender\":\"bestseller\"}]}");
        driver.findElement(By.id("import-button")).click();
        driver.findElement(By.id("save")).click();
        assertThat(visible(By.id("save-error")).getText()).contains("sharedItems must be one of [picker, neutral], got \"Neutral\"");
        assertThat(server.get("/api/v1/experiments/il-typo").status()).isEqualTo(404);
    }
}
