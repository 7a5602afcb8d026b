package health.umr.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * One headless Debian Chromium, driven by Debian's chromedriver (never a downloaded browser), with
 * the flags this machine needs: no sandbox as root, no background networking on a closed network,
 * a fresh profile. {@code make test} installs both packages when they are missing.
 */
final class Browser implements AutoCloseable {

    static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("UMR_CHROMIUM", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getenv().getOrDefault("UMR_CHROMEDRIVER", "/usr/bin/chromedriver"));
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private static final ObjectMapper JSON = new ObjectMapper();

    final ChromeDriver driver;
    private final Path profile;

    Browser() {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new IllegalStateException("the browser tests need Debian's chromium and chromium-driver ("
                    + CHROMIUM + ", " + CHROMEDRIVER + "): `make test` installs them, or run"
                    + " `apt-get install -y chromium chromium-driver` as root");
        }
        try {
            profile = Files.createTempDirectory("umr-chromium-");
            Files.createDirectories(SCREENSHOTS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--lang=en-GB",
                "--user-data-dir=" + profile,
                "--window-size=1280,800");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        driver = new ChromeDriver(service, options);
    }

    void size(int width, int height) {
        driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        driver.manage().window().setSize(new Dimension(width, height));
    }

    /** A 390 x 844 CSS-pixel phone screen (overlay scrollbars, as phones have). */
    void phone() {
        driver.executeCdpCommand(
                "Emulation.setDeviceMetricsOverride",
                Map.of("width", 390, "height", 844, "deviceScaleFactor", 1, "mobile", true));
    }

    /** The viewport as a PNG under target/screenshots/. */
    Path screenshot(String name) {
        return write(name + ".png", driver.getScreenshotAs(OutputType.BYTES));
    }

    /** One element, as a PNG under target/screenshots/. */
    Path element(String name, String css) {
        return write(
                name + ".png",
                driver.findElement(org.openqa.selenium.By.cssSelector(css)).getScreenshotAs(OutputType.BYTES));
    }

    /** The page as print media lays it out at A4 width (794 CSS px), as a PNG: for looking at, beside the PDF. */
    Path printPreview(String name) {
        driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", "print"));
        try {
            size(794, 1123);
            return fullPage(name);
        } finally {
            driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", ""));
        }
    }

    /** The whole page, beyond the viewport, as a PNG under target/screenshots/. */
    Path fullPage(String name) {
        Map<String, Object> shot = driver.executeCdpCommand(
                "Page.captureScreenshot", Map.of("captureBeyondViewport", true, "fromSurface", true));
        return write(name + ".png", Base64.getDecoder().decode((String) shot.get("data")));
    }

    /** The page printed on A4, as Chromium's print would lay it out. */
    Path printA4(String name) {
        Map<String, Object> pdf = driver.executeCdpCommand(
                "Page.printToPDF",
                Map.of("paperWidth", 8.27, "paperHeight", 11.69, "printBackground", true, "preferCSSPageSize", true));
        return write(name + ".pdf", Base64.getDecoder().decode((String) pdf.get("data")));
    }

    /** Runs axe-core (vendored under src/test/resources/axe-core) in the page: its WCAG 2.1 A/AA violations. */
    List<JsonNode> axeViolations() {
        Object loaded = driver.executeScript("return typeof window.axe");
        if (!"object".equals(loaded)) {
            driver.executeScript(axeSource());
        }
        Object result = driver.executeAsyncScript("""
                var done = arguments[arguments.length - 1];
                axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},
                                   resultTypes: ['violations']})
                   .then(function (r) { done(JSON.stringify({passes: r.passes.length, violations: r.violations})); })
                   .catch(function (e) { done('error: ' + e); });""");
        String text = String.valueOf(result);
        if (text.startsWith("error:")) {
            throw new IllegalStateException("axe-core failed in the page: " + text);
        }
        try {
            JsonNode answer = JSON.readTree(text);
            if (answer.path("passes").asInt() == 0) {
                throw new IllegalStateException("axe-core checked nothing in the page");
            }
            List<JsonNode> violations = new ArrayList<>();
            answer.path("violations").forEach(violations::add);
            return violations;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String axe;

    private static synchronized String axeSource() {
        if (axe == null) {
            try (InputStream in = Browser.class.getResourceAsStream("/axe-core/axe.min.js")) {
                axe = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return axe;
    }

    private static Path write(String name, byte[] bytes) {
        try {
            return Files.write(SCREENSHOTS.resolve(name), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp profile left behind is harmless
        }
    }
}
