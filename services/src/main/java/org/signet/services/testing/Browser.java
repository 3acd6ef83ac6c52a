package org.signet.services.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven through its own chromedriver: nothing is downloaded at run time. Where the
 * browser is not installed the browser tests are skipped, unless {@code SIGNET_REQUIRE_BROWSER=1} (CI sets it, and
 * installs the packages) makes its absence a failure.
 */
public final class Browser implements AutoCloseable {

    public static final String CHROMIUM = System.getenv().getOrDefault("SIGNET_CHROMIUM", "/usr/bin/chromium");
    public static final String CHROMEDRIVER = System.getenv().getOrDefault("SIGNET_CHROMEDRIVER", "/usr/bin/chromedriver");

    public final ChromeDriver driver;
    private final Path profile;

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    public static Browser open() throws IOException {
        boolean installed = new File(CHROMIUM).canExecute() && new File(CHROMEDRIVER).canExecute();
        if (!installed && "1".equals(System.getenv("SIGNET_REQUIRE_BROWSER"))) {
            throw new IllegalStateException("Chromium and chromedriver are required (" + CHROMIUM + ", " + CHROMEDRIVER
                    + "): apt-get install chromium chromium-driver");
        }
        Assumptions.assumeTrue(installed, "browser tests need Debian's chromium and chromium-driver");
        Path profile = Files.createTempDirectory("signet-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        // This machine's network is closed: without the background-networking switches Chromium keeps dialling out.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1280,1100", "--user-data-dir=" + profile);
        Path downloads = Files.createDirectories(profile.resolve("downloads"));
        options.setExperimentalOption("prefs", java.util.Map.of("download.default_directory", downloads.toString(),
                "download.prompt_for_download", false));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        return new Browser(driver, profile);
    }

    /** Opens the UI and signs in on Keycloak's own login page, as a person would. */
    public Browser signIn(String baseUrl, String user) {
        driver.get(baseUrl);
        until(d -> d.findElements(By.id("username")).isEmpty() ? null : true);
        driver.findElement(By.id("username")).sendKeys(user);
        driver.findElement(By.id("password")).sendKeys(BackingServices.keycloak().userPassword());
        driver.findElement(By.id("kc-login")).click();
        until(d -> d.getCurrentUrl().startsWith(baseUrl) && !d.findElement(By.id("who")).getText().isBlank()
                ? true : null);
        return this;
    }

    /** Waits for the condition; a page that re-renders (or reloads) under a probe just means probing again. */
    public <T> T until(ExpectedCondition<T> condition) {
        return new WebDriverWait(driver, Duration.ofSeconds(30)).ignoring(StaleElementReferenceException.class)
                .until(condition);
    }

    /**
     * Clicks the element when it is there, and again if the page re-rendered it between finding and clicking: Chrome
     * then answers "Node with given id does not belong to the document", which is no stale-element exception.
     */
    public void click(By locator) {
        until(d -> {
            try {
                d.findElement(locator).click();
                return true;
            } catch (StaleElementReferenceException | NoSuchElementException e) {
                return null;
            } catch (WebDriverException e) {
                if (e.getMessage() != null && e.getMessage().contains("does not belong to the document")) {
                    return null;
                }
                throw e;
            }
        });
    }

    public WebElement waitFor(By locator) {
        return until(d -> d.findElements(locator).stream().filter(WebElement::isDisplayed).findFirst().orElse(null));
    }

    public WebElement waitForText(By locator, String text) {
        return until(d -> d.findElements(locator).stream().filter(e -> e.getText().contains(text)).findFirst()
                .orElse(null));
    }

    public Object script(String javascript) {
        return ((JavascriptExecutor) driver).executeScript(javascript);
    }

    /** The file the browser downloaded whose name ends with {@code suffix}, once it is complete. */
    public Path download(String suffix) {
        Path downloads = profile.resolve("downloads");
        return until(d -> {
            try (var files = Files.list(downloads)) {
                return files.filter(f -> f.getFileName().toString().endsWith(suffix)).findFirst().orElse(null);
            } catch (IOException e) {
                return null;
            }
        });
    }

    /** Saves what the page shows now under target/screenshots, for reviewers. */
    public Path screenshot(String name) throws IOException {
        Path target = Path.of("target", "screenshots", name + ".png");
        Files.createDirectories(target.getParent());
        Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), target, StandardCopyOption.REPLACE_EXISTING);
        return target;
    }

    @Override
    public void close() throws IOException {
        try {
            driver.quit();
        } finally {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
