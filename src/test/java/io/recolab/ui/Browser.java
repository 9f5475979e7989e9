package io.recolab.ui;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A real headless Chromium driven by WebDriver: the system's {@code chromium} and
 * {@code chromedriver} (Debian packages; {@code .ci/run} installs them), never a downloaded one.
 * Without them the calling test is skipped, saying what is missing.
 */
public final class Browser {
    public static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final Path CHROMIUM = Path.of(System.getProperty("recolab.test.chromium", "/usr/bin/chromium"));
    private static final Path CHROMEDRIVER = Path.of(System.getProperty("recolab.test.chromedriver", "/usr/bin/chromedriver"));

    // The CDP version warnings (a newer browser than this Selenium knows) are noise: no test uses CDP.
    // Held in a field: java.util.logging keeps loggers weakly, and a collected one forgets its level.
    private static final java.util.logging.Logger SELENIUM_LOG = java.util.logging.Logger.getLogger("org.openqa.selenium");

    private Browser() {
    }

    /** A fresh browser (its own profile) that downloads into {@code downloads} without asking. */
    public static ChromeDriver start(Path profile, Path downloads) {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "browser tests need " + CHROMIUM + " and " + CHROMEDRIVER
                        + " (apt-get install chromium chromium-driver; .ci/run does it); skipping");
        // The driver is given explicitly, so Selenium Manager has nothing to look up or download.
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        SELENIUM_LOG.setLevel(java.util.logging.Level.SEVERE);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-default-apps", "--disable-extensions", "--window-size=1280,900", "--force-device-scale-factor=1",
                "--user-data-dir=" + profile.toAbsolutePath());
        options.setExperimentalOption("prefs", Map.of(
                "download.default_directory", downloads.toAbsolutePath().toString(),
                "download.prompt_for_download", false,
                "safebrowsing.enabled", false));
        options.setExperimentalOption("excludeSwitches", List.of("enable-automation"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .withTimeout(Duration.ofSeconds(60))
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
        return driver;
    }

    /**
     * Waits until the chart figure {@code id} shows its image, loaded from a blob URL (the server's PNG,
     * fetched with the page's credentials), and returns the image's natural width in pixels.
     */
    public static long loadedChart(ChromeDriver driver, org.openqa.selenium.support.ui.WebDriverWait wait, String id) {
        return wait.until(d -> {
            Object w = driver.executeScript("const i = document.querySelector('#' + arguments[0] + ' img');"
                    + " return i && i.complete && i.src.startsWith('blob:') ? i.naturalWidth : 0", id);
            long width = ((Number) w).longValue();
            return width > 0 ? width : null;
        });
    }

    /** Saves the visible page as {@code target/screenshots/NAME.png}; returns the file. */
    public static Path screenshot(ChromeDriver driver, String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(name + ".png");
            Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
