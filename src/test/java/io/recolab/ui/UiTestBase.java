package io.recolab.ui;

import io.recolab.testing.Stores;
import io.recolab.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * What every browser test of the UI starts with: a fresh headless Chromium ({@link Browser}, its own
 * profile and download folder) against a fresh server on the H2 store, both under the test's temporary
 * folder and both closed after each test; signing in through the form; waiting for an element.
 * A subclass's own {@code @BeforeEach} (creating its people, say) runs after this one's.
 */
abstract class UiTestBase {
    @TempDir
    Path tmp;
    TestServer server;
    ChromeDriver driver;
    WebDriverWait wait;

    @BeforeEach
    final void startBrowserAndServer() throws Exception {
        driver = Browser.start(Files.createDirectories(tmp.resolve("profile")), Files.createDirectories(tmp.resolve("dl")));
        server = startServer(tmp.resolve("data"));
        wait = new WebDriverWait(driver, Duration.ofSeconds(20));
    }

    /** The server under test, on H2 in {@code data}; a test that needs a catalog or data set starts its own. */
    TestServer startServer(Path data) {
        return TestServer.start(Stores.Kind.H2, data, null);
    }

    @AfterEach
    final void stopBrowserAndServer() {
        if (driver != null) {
            driver.quit();
        }
        if (server != null) {
            server.close();
        }
    }

    /** Signs in through the sign-in form on the current page and waits until the account link shows. */
    void signIn(String username, String password) {
        visible(By.id("username")).sendKeys(username);
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.id("signin-button")).click();
        visible(By.id("account-link"));
    }

    WebElement visible(By by) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    /** The element's text once it is shown, read again if the page re-renders it meanwhile (stale element). */
    String textOf(By by) {
        return wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(d -> {
            WebElement element = d.findElement(by);
            return element.isDisplayed() ? element.getText() : null;
        });
    }

    Object js(String script, Object... args) {
        return driver.executeScript(script, args);
    }
}
