package io.recolab.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.recolab.assign.HoldoutRule;
import io.recolab.testing.Person;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** Issue 23.3 in a real headless Chromium: the Holdouts page shows a running holdout's comparison. */
class HoldoutsUiTest extends UiTestBase {
    @Test
    void aViewerSeesTheHoldoutAndItsComparison() {
        Person.create(server, "vera", "viewer", "vera's long password");
        assertThat(server.post("/api/v1/experiments", """
                {"key":"hero","treatments":[{"name":"C","weight":1,"recommender":"bestseller"},
                                            {"name":"T","weight":1,"recommender":"bestseller"}]}""").status()).isEqualTo(201);
        assertThat(server.post("/api/v1/experiments/hero/start", null).status()).isEqualTo(200);
        assertThat(server.post("/api/v1/holdouts", """
                {"key":"global","description":"every experiment this quarter","percent":10,
                 "metrics":[{"name":"bought","type":"binomial","windowDays":14}]}""").status()).isEqualTo(201);
        List<String> units = IntStream.range(0, 200).mapToObj(i -> "u" + i).toList();
        assertThat(server.post("/api/v1/assignments", "{\"units\":" + units.stream().map(u -> "\"" + u + "\"")
                .collect(Collectors.joining(",", "[", "]")) + ",\"experiments\":[\"hero\"]}").status()).isEqualTo(200);
        HoldoutRule rule = new HoldoutRule("global", 1000, null);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < units.size(); i++) {
            String u = units.get(i);
            // Held-out units buy less often (1 in 10) than everyone else (1 in 2).
            if (rule.holds(u) ? i % 10 == 0 : i % 2 == 0) {
                lines.add("{\"customer\":\"" + u + "\",\"item\":\"i1\"}");
            }
        }
        assertThat(server.post("/api/v1/interactions", "{\"interactions\":[" + String.join(",", lines) + "]}").status())
                .isEqualTo(200);
        long held = units.stream().filter(rule::holds).count();

        driver.get(server.baseUrl() + "/");
        signIn("vera", "vera's long password");
        driver.get(server.baseUrl() + "/#/holdouts");
        WebElement card = visible(By.id("holdout-global"));
        assertThat(card.findElement(By.tagName("h2")).getText()).isEqualTo("global (running)");
        assertThat(card.findElement(By.cssSelector("p.holdout-scope")).getText())
                .contains("10% of units kept out of every experiment").contains(held + " held out")
                .contains((200 - held) + " in scope");
        WebElement row = card.findElement(By.cssSelector("tr[data-metric='bought']"));
        assertThat(row.getText()).contains("bought (binomial, 14 days)").contains("lift +").containsPattern("p [<=] 0");
        Browser.screenshot(driver, "32-holdouts");
    }
}
