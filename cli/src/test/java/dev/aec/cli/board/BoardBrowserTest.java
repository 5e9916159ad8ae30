package dev.aec.cli.board;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.aec.runtime.run.RunDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The board's page in a real browser: headless Chromium driven by Selenium, with Debian's
 * `chromium` and `chromium-driver` (skipped, saying so, where they are not installed). Both
 * programs are named outright, so Selenium never looks for, or downloads, a browser or a driver.
 * `-Daec.boardScreenshot=FILE` keeps the page's screenshot.
 */
class BoardBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    /** Selenium's own log is about itself (no DevTools version to match, and so on), not about the page. */
    private static final Logger SELENIUM_LOG = Logger.getLogger("org.openqa.selenium");

    @TempDir
    Path tmp;

    private Board board;
    private WebDriver browser;
    private RunDirectory training;

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (board != null) {
            board.close();
        }
        if (training != null) {
            training.close();
        }
    }

    @Test
    void thePageListsTheRunsDrawsTheirCurvesAndGrowsAfterAnEpochWithoutAReload() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "no headless browser to drive: install Debian's chromium and chromium-driver (" + CHROMIUM + ", "
                        + CHROMEDRIVER + ")");
        Path runs = Files.createDirectories(tmp.resolve("runs"));
        Path dense = SyntheticRuns.write(runs.resolve("dense-20261201-100000"), "DenseAutoencoder", "finished", 6,
                "2026-12-01T10:00:00Z", 0.262, 0.171, 0.139, 0.121, 0.112, 0.106);
        Path conv = SyntheticRuns.write(runs.resolve("conv-20261201-110000"), "ConvAutoencoder", "running", 8,
                "2026-12-01T11:00:00Z", 0.215, 0.128, 0.101);
        for (int epoch = 1; epoch <= 3; epoch++) {
            SyntheticRuns.picture(conv, epoch);
        }
        // Held as a training process holds it, so the page shows the run as training.
        training = RunDirectory.openToTrain(conv, stale -> { });
        board = Board.start(runs, "runs", Board.DEFAULT_HOST, 0);
        browser = chromium();
        browser.get(board.url().toString());
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(10), Duration.ofMillis(100));

        wait.until(b -> b.findElements(By.cssSelector("#runs tbody tr")).size() == 2);
        List<String> names = browser.findElements(By.cssSelector("#runs tbody tr")).stream()
                .map(row -> row.getDomAttribute("data-run")).toList();
        assertThat(names).containsExactly("dense-20261201-100000", "conv-20261201-110000");
        assertThat(row("conv-20261201-110000").getText()).contains("ConvAutoencoder").contains("training")
                .contains("3 / 8");
        assertThat(row("dense-20261201-100000").getText()).contains("finished").contains("6 / 6")
                .contains("0.116 (epoch 6)");

        // The newest run is drawn first: three epochs, each with a training and a validation point.
        WebElement chart = browser.findElement(By.id("chart"));
        wait.until(b -> "6".equals(chart.getDomAttribute("data-points")));
        row("dense-20261201-100000").findElement(By.cssSelector("input[type=checkbox]")).click();
        wait.until(b -> "18".equals(chart.getDomAttribute("data-points")));
        assertThat(chart.getDomAttribute("data-epochs")).isEqualTo("6");
        assertThat(browser.findElements(By.cssSelector("#chart canvas"))).isNotEmpty();
        assertThat(browser.findElement(By.id("epoch-label")).getText()).isEqualTo("3 of 8");

        ((JavascriptExecutor) browser).executeScript("window.sameDocument = 'yes';");
        SyntheticRuns.addEpoch(conv, 0.093);
        wait.until(b -> "20".equals(chart.getDomAttribute("data-points")));
        assertThat(((JavascriptExecutor) browser).executeScript("return window.sameDocument;"))
                .as("the page was not reloaded").isEqualTo("yes");
        wait.until(b -> b.findElement(By.id("epoch-label")).getText().equals("4 of 8"));
        assertThat(browser.findElement(By.id("epoch-picture")).getDomAttribute("src")).contains("epochs/epoch-004.png");
        assertThat(row("conv-20261201-110000").getText()).contains("4 / 8");
        assertThat(browser.findElement(By.id("status")).getText()).isEmpty();

        byte[] screenshot = ((ChromeDriver) browser).getScreenshotAs(OutputType.BYTES);
        assertThat(screenshot).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
        String keep = System.getProperty("aec.boardScreenshot", "");
        if (!keep.isBlank() && !keep.startsWith("$")) {
            Files.write(Path.of(keep), screenshot);
        }

        // The ticked runs and the focus are in the address: opened again, it shows the same view.
        assertThat(browser.getCurrentUrl()).contains("run=dense-20261201-100000").contains("run=conv-20261201-110000")
                .contains("focus=conv-20261201-110000");
        browser.get("about:blank");
        browser.get(board.url() + "#run=" + dense.getFileName());
        WebElement reopened = browser.findElement(By.id("chart"));
        wait.until(b -> "12".equals(reopened.getDomAttribute("data-points")));
    }

    private WebElement row(String run) {
        return browser.findElement(By.cssSelector("#runs tbody tr[data-run='" + run + "']"));
    }

    private static WebDriver chromium() {
        SELENIUM_LOG.setLevel(Level.SEVERE);
        System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, CHROMEDRIVER.toString());
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1280,1200", "--hide-scrollbars");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }
}
