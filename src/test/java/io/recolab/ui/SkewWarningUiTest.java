package io.recolab.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.recolab.http.UnequalArmsFixture;
import io.recolab.testing.Person;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * Issue 22.2 on the results page, in a real headless Chromium: with 20 control units against 2,000
 * treated ones the page shows the lift and p-value but, in the verdict's place, why there is none.
 */
class SkewWarningUiTest extends UiTestBase {
    @Test
    void veryUnequalArmsShowTheReasonInsteadOfAVerdict() {
        Person.create(server, "olivia", "owner", "olivia's long password");
        UnequalArmsFixture.send(server);
        String message = server.get("/api/v1/experiments/ev/results").json().at("/comparisons/0/message").asText();
        driver.get(server.baseUrl() + "/");
        signIn("olivia", "olivia's long password");
        driver.get(server.baseUrl() + "/#/experiments/" + UnequalArmsFixture.KEY + "/results");
        WebElement row = visible(By.cssSelector("#comparisons-table tr[data-treatment='T1']"));
        assertThat(row.getText()).contains("no verdict (see why)").doesNotContain("significantly");
        assertThat(driver.findElement(By.id("verdicts")).getText()).isEqualTo(message).startsWith("No verdict: too few units")
                .contains("C has 20 units");
        Browser.screenshot(driver, "25-results-no-verdict");
    }
}
