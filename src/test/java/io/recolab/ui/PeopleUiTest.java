package io.recolab.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.recolab.testing.Person;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * People in a real headless Chromium: an admin signs in with a password and manages users and
 * API keys through the UI (every change carries the CSRF token; a forged call without it is
 * refused), changes their own password; a viewer sees no button they may not use.
 */
class PeopleUiTest extends UiTestBase {
    private static final String ROOT_PASSWORD = "the admin's passphrase";

    @BeforeEach
    void people() {
        Person.create(server, "root", "admin", ROOT_PASSWORD);
    }

    @Test
    void anAdminManagesUsersAndKeysThroughTheUi() {
        driver.get(server.baseUrl() + "/");
        signIn("root", ROOT_PASSWORD);
        visible(By.cssSelector("nav a[href='#/users']")).click();

        // Add a user: the server's message on a weak password, then the user in the table.
        visible(By.id("new-username")).sendKeys("vera");
        new Select(driver.findElement(By.id("new-role"))).selectByValue("viewer");
        driver.findElement(By.id("new-user-password")).sendKeys("short");
        driver.findElement(By.id("create-user-button")).click();
        assertThat(visible(By.id("create-user-error")).getText()).contains("Not added").contains("12..256");
        driver.findElement(By.id("new-username")).clear();
        driver.findElement(By.id("new-username")).sendKeys("vera");
        driver.findElement(By.id("new-user-password")).sendKeys("vera's first password");
        driver.findElement(By.id("create-user-button")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#users tr[data-username='vera']")));
        assertThat(server.get("/api/v1/users").json().get("users")).anySatisfy(u -> {
            assertThat(u.get("username").asText()).isEqualTo("vera");
            assertThat(u.get("role").asText()).isEqualTo("viewer");
        });
        // Own row: role and disabling are locked.
        assertThat(driver.findElement(By.id("role-root")).isEnabled()).isFalse();
        Browser.screenshot(driver, "11-users");

        // A forged call from this page without the CSRF token is refused, even with the cookie.
        Object forged = ((JavascriptExecutor) driver).executeAsyncScript("const done = arguments[0];"
                + "fetch('/api/v1/users', {method: 'POST', headers: {'Content-Type': 'application/json'},"
                + " body: JSON.stringify({username: 'mallory', role: 'admin', password: 'mallory password'})})"
                + ".then(r => r.json().then(b => done(r.status + ' ' + b.error)));");
        assertThat((String) forged).startsWith("403 ").contains("CSRF");

        // Issue a key: shown once, works as a bearer key; find it by label; revoke it.
        driver.findElement(By.cssSelector("nav a[href='#/keys']")).click();
        visible(By.id("key-label")).sendKeys("Reporting <script>alert(1)</script>");
        driver.findElement(By.id("create-key-button")).click();
        String key = visible(By.id("new-key")).getAttribute("value");
        assertThat(key).startsWith("rlk_");
        assertThat(server.send("GET", "/api/v1/experiments", null, key).status()).isEqualTo(200);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("keys"), "Reporting <script>"));
        assertThat(driver.findElements(By.cssSelector("#keys script"))).as("labels are text, not markup").isEmpty();
        visible(By.id("filter-label")).sendKeys("reporting");
        driver.findElement(By.cssSelector("#key-filter button")).click();
        wait.until(ExpectedConditions.urlContains("label=reporting"));
        wait.until(d -> d.findElements(By.cssSelector("#keys tbody tr")).size() == 1);
        Browser.screenshot(driver, "12-keys");
        driver.findElement(By.cssSelector("#keys tbody button.danger")).click();
        visible(By.id("confirm-yes")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("keys"), "revoked"));
        assertThat(server.send("GET", "/api/v1/experiments", null, key).status()).isEqualTo(401);

        // Own password: other sessions end, this one goes on with a fresh cookie.
        Person elsewhere = Person.signIn(server, "root", ROOT_PASSWORD);
        driver.findElement(By.id("account-link")).click();
        visible(By.id("current-password")).sendKeys(ROOT_PASSWORD);
        driver.findElement(By.id("new-password")).sendKeys("a newer admin passphrase");
        driver.findElement(By.id("repeat-password")).sendKeys("a newer admin passphrase");
        driver.findElement(By.id("password-button")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("notice"), "Password changed"));
        assertThat(elsewhere.get("/api/v1/session").status()).isEqualTo(401);
        driver.findElement(By.cssSelector("nav a[href='#/users']")).click();
        visible(By.cssSelector("#users tr[data-username='vera']"));
    }

    @Test
    void aViewerSeesNoButtonTheyMayNotUse() {
        Person.create(server, "vera", "viewer", "vera's first password");
        assertThat(server.post("/api/v1/experiments", """
                {"key":"homepage","treatments":[{"name":"C","weight":1,"recommender":"bestseller"},
                 {"name":"T1","weight":1,"recommender":"item-to-item"}]}""").status()).isEqualTo(201);
        driver.get(server.baseUrl() + "/");
        signIn("vera", "vera's first password");
        visible(By.id("experiments"));
        assertThat(driver.findElements(By.id("new-experiment"))).isEmpty();
        assertThat(driver.findElements(By.cssSelector("nav a[href='#/users'], nav a[href='#/keys'], nav a[href='#/experiments/new']")))
                .isEmpty();
        driver.get(server.baseUrl() + "/#/experiments/homepage");
        assertThat(visible(By.id("read-only")).getText()).contains("changing it needs an owner or admin");
        assertThat(driver.findElements(By.cssSelector("[id^=action-], #edit-link"))).isEmpty();
        // Typed into the address bar, an admin page says at once that the role cannot use it (no form to fill in vain);
        // the server refuses the calls anyway.
        driver.get(server.baseUrl() + "/#/users");
        assertThat(visible(By.id("not-allowed")).getText()).contains("Your role (viewer) cannot manage users");
        assertThat(driver.findElements(By.id("create-user"))).isEmpty();
        assertThat(server.request("GET", "/api/v1/session", null,
                Map.of("Cookie", "recolab_session=" + driver.manage().getCookieNamed("recolab_session").getValue()))
                .json().get("role").asText()).isEqualTo("viewer");
    }
}
