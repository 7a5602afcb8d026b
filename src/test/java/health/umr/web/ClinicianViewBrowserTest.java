package health.umr.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import health.umr.support.FhirJson;
import health.umr.support.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The clinician view in a real browser (headless Debian Chromium): the example feed of
 * docs/example, for a patient of its own, ingested through the FHIR API in two steps (the GP and
 * mental health records, then the hospital admission), then read as a clinician would. One browser
 * session for the whole class; screenshots and an A4 print under target/screenshots/.
 */
@QuarkusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClinicianViewBrowserTest {

    static final String NHS = "9449315019";
    /** What the example's link carries: a clinician's token that reads records and acknowledges alerts. */
    static final String CLINICIAN =
            TestTokens.user("umr-web", "test.clinician", "user/*.read user/DetectedIssue.write");

    private static Browser browser;
    private static Instant beforeAdmission;

    @TestHTTPResource("/")
    URL base;

    @BeforeEach
    void exampleFeedIngestedOnce() throws IOException {
        if (browser != null) {
            return;
        }
        register("web-gp", "gp", "Example GP", "https://fhir.web-gp.health/umr-test");
        register("web-mh", "mental-health", "Example Mental Health Trust", "https://fhir.web-mh.health/umr-test");
        register("web-acute", "acute", "Example Hospital", "https://fhir.web-acute.health/umr-test");
        ingest("gp.ndjson");
        ingest("mental-health.ndjson");
        beforeAdmission = Instant.now();
        ingest("hospital.ndjson");
        browser = new Browser();
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.close();
            browser = null;
        }
    }

    @Test
    @Order(1)
    void theRecordPageShowsMedicinesSourcesAcbAlertsAndTimeline() {
        browser.driver.get(base + "patients/" + NHS + "#access_token=" + CLINICIAN);
        signedIn();
        assertFalse(browser.driver.getCurrentUrl().contains("access_token"), "the token leaves the address bar");
        String main = text("main");
        assertTrue(main.contains("EXAMPLE, Ada"), "the patient's name");
        assertTrue(main.contains("944 931 5019"), "the NHS number as people read it");
        assertTrue(main.contains("In hospital"), "admitted");

        List<String> alertTitles = texts("#alerts .umr-alert h3");
        assertTrue(alertTitles.get(0).startsWith("High"), "highest severity first: " + alertTitles);
        assertTrue(alertTitles.get(0).contains("Time-critical medicine not prescribed since admission"));
        assertTrue(alertTitles.stream().anyMatch(t -> t.contains("Sources disagree on the dose")));
        assertTrue(text("#alerts").contains("Co-careldopa"), "the medicine the alert concerns");

        assertEquals("12", text(".umr-acb-total__value"), "ACB total");
        List<String> acbRows = texts(".umr-acb-table tbody tr");
        assertTrue(acbRows.contains("Amitriptyline 3"), "each medicine's contribution: " + acbRows);
        assertTrue(acbRows.contains("Oxybutynin 3"), acbRows.toString());

        WebElement amlodipine = itemNamed("Amlodipine");
        String card = amlodipine.getText();
        assertTrue(card.contains("Dose differs"), card);
        assertTrue(card.contains("10mg once daily") && card.contains("5mg once daily"), "both versions side by side");
        assertTrue(card.contains("Hospital") && card.contains("Example Hospital"), "a badge per source, in words");
        assertTrue(card.contains("GP") && card.contains("Example GP"), card);
        // every line traceable to its source: each source row names its record, which /fhir serves as sent
        List<String> records = amlodipine.findElements(By.cssSelector(".umr-source__record code")).stream()
                .map(WebElement::getText)
                .toList();
        assertEquals(2, records.size(), "one record per source: " + records);
        for (String reference : records) {
            String sent = given().get("/fhir/" + reference)
                    .then()
                    .statusCode(200)
                    .extract()
                    .asString();
            assertTrue(sent.toLowerCase().contains("amlodipine"), reference + " is the source's amlodipine record");
        }
        assertTrue(itemNamed("Co-careldopa").getText().contains("Time-critical"));
        assertTrue(itemNamed("Epimax cream").getText().contains("Not in dm+d"), "unmapped marked");

        WebElement folded = browser.driver.findElement(By.cssSelector("details.umr-folded"));
        assertFalse(folded.getAttribute("open") != null, "stopped medicines folded away");
        assertTrue(folded.getText().contains("Stopped and historic medicines (1)"));

        List<WebElement> bars = browser.driver.findElements(By.cssSelector("svg.umr-timeline__svg .umr-bar"));
        assertEquals(12, bars.size(), "a bar per source per medicine (9 current + 1 stopped medicines, 12 sources)");
        assertEquals(1, stays(), "in hospital: the last 3 months, with this stay");
        browser.element("record-1280-timeline-3-months", "#timeline");
        browser.driver.findElement(By.linkText("1 year")).click();
        waitFor(() -> stays() == 2, "over a year, the earlier stay too");
        assertEquals(12, browser.driver.findElements(By.cssSelector(".umr-bar")).size());

        browser.size(1280, 800);
        browser.screenshot("record-1280x800");
        browser.element("record-1280-timeline", "#timeline");
        browser.element("record-1280-amlodipine", "#" + itemNamed("Amlodipine").getAttribute("id"));
        browser.printA4("record-a4");
        browser.phone();
        browser.screenshot("record-390");
        Long overflow = (Long) browser.driver.executeScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth");
        assertEquals(0L, overflow, "nothing but the timeline scrolls sideways at 390 px");
        browser.size(1280, 800);
    }

    @Test
    @Order(2)
    void atAnEarlierInstantShowsTheRecordAsItStood() {
        open("patients/" + NHS + "?at=" + beforeAdmission);
        String main = text("main");
        assertTrue(main.contains("As it stood"), "says it is a past record");
        assertFalse(main.contains("In hospital"), "not yet admitted then");
        assertFalse(main.contains("Time-critical medicine not prescribed since admission"));
        assertFalse(main.contains("Sources disagree on the dose"));
        assertEquals(
                "5mg once daily",
                itemNamed("Amlodipine")
                        .findElement(By.cssSelector(".umr-item__facts dd"))
                        .getText());

        // the version control moves forward to the latest record
        browser.driver.findElement(By.linkText("Latest record")).click();
        waitFor(() -> text("main").contains("In hospital"), "the latest record, admitted");
    }

    @Test
    @Order(3)
    void theKeyboardAloneReachesEveryControl() {
        open("patients/" + NHS);
        List<String> controls = idsOf("a[href], button, input, select, textarea, summary, [tabindex='0']", true);
        browser.driver.findElement(By.tagName("body")).click();
        Set<String> reached = new LinkedHashSet<>();
        Actions keys = new Actions(browser.driver);
        for (int i = 0; i < controls.size() + 5; i++) {
            keys.sendKeys(Keys.TAB).perform();
            reached.add(describeActive());
        }
        List<String> missed = new ArrayList<>(controls);
        missed.removeAll(reached);
        assertTrue(missed.isEmpty(), "not reached by Tab: " + missed);

        // the timeline is one tab stop; arrow keys move between its bars and show each source's record
        WebElement first = browser.driver.findElement(By.cssSelector(".umr-bar[tabindex='0']"));
        first.sendKeys("");
        browser.driver.executeScript("arguments[0].focus()", first);
        String shown = text("#timeline-focus");
        new Actions(browser.driver).sendKeys(Keys.ARROW_DOWN).perform();
        String next = text("#timeline-focus");
        assertFalse(shown.isBlank(), "focus shows the source's record");
        assertNotEquals(shown, next, "the arrow key moved to the next bar");

        // a skip link first, then the search page's form works by keyboard too
        open("");
        new Actions(browser.driver).sendKeys(Keys.TAB).perform();
        assertEquals(
                "Skip to main content",
                browser.driver.switchTo().activeElement().getText());
    }

    @Test
    @Order(4)
    void withoutAToken_orWithOneForAnotherPatient_noRecordIsShown_andTheViewIsAudited() {
        browser.driver.executeScript("sessionStorage.clear()");
        browser.driver.get(base + "patients/" + NHS);
        waitFor(() -> browser.driver.findElement(By.id("token")).isDisplayed(), "the sign-in form");
        assertFalse(browser.driver.getPageSource().contains("Co-careldopa"), "no patient data before sign-in");
        browser.screenshot("signin-1280x800");

        WebElement field = browser.driver.findElement(By.id("token"));
        field.sendKeys(TestTokens.patient("portal", "9449315027", "patient/*.read"));
        field.sendKeys(Keys.ENTER);
        waitFor(
                () -> text("#signin-status").contains("does not open NHS number " + NHS),
                () -> "refused: " + text("main"));
        assertFalse(browser.driver.getPageSource().contains("Co-careldopa"));

        browser.driver.findElement(By.id("token")).clear();
        browser.driver.findElement(By.id("token")).sendKeys(CLINICIAN, Keys.ENTER);
        signedIn();
        assertTrue(text("main").contains("Co-careldopa"));

        String audit = given().get("/fhir/AuditEvent?patient:identifier=https://fhir.nhs.uk/Id/nhs-number|" + NHS)
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertTrue(audit.contains("GET /patients/" + NHS), "each page view is an AuditEvent, as any read is");
        assertTrue(audit.contains("test.clinician"), "naming the user");
    }

    @Test
    @Order(5)
    void openIdConnectSignIn_isTheAuthorizationCodeFlowWithPkce() throws Exception {
        try (FakeIssuer issuer = new FakeIssuer(() -> CLINICIAN)) {
            browser.driver.executeScript("sessionStorage.clear()");
            // With UMR_AUTH_ISSUER set, the sign-in page names the issuer's endpoints and its
            // Content-Security-Policy lets the page post to the token endpoint (SignInTest). This
            // service trusts only its local issuer, so the page is pointed at the local fake issuer
            // by hand, and the policy set aside for that one host.
            browser.driver.executeCdpCommand("Page.setBypassCSP", Map.of("enabled", true));
            try {
                browser.driver.get(base + "patients/" + NHS + "?span=1y");
                waitFor(() -> browser.driver.findElement(By.id("token")).isDisplayed(), "the sign-in page");
                browser.driver.executeScript("""
                        var panel = document.getElementById('signin');
                        panel.setAttribute('data-authorization-endpoint', arguments[0] + '/authorize');
                        panel.setAttribute('data-token-endpoint', arguments[0] + '/token');
                        document.getElementById('signin-oidc').hidden = false;""", issuer.url());
                browser.driver.findElement(By.id("signin-oidc-button")).click();
                signedIn();
            } finally {
                browser.driver.executeCdpCommand("Page.setBypassCSP", Map.of("enabled", false));
            }
            assertEquals(1, issuer.tokensIssued, "one code, exchanged once, with its verifier: " + issuer.lastRefusal);
            assertTrue(
                    browser.driver.getCurrentUrl().endsWith("/patients/" + NHS + "?span=1y"),
                    "back on the page sign-in began from: " + browser.driver.getCurrentUrl());
            assertTrue(text("main").contains("Co-careldopa"));
        }
    }

    @Test
    @Order(6)
    void theSearchPageChecksTheNhsNumberAsYouType() {
        open("");
        WebElement input = browser.driver.findElement(By.id("nhs"));
        input.sendKeys("944 931 501");
        assertEquals("9 of 10 digits", text("#nhs-check"));
        input.sendKeys("8");
        assertTrue(text("#nhs-check").startsWith("Not a valid NHS number"), text("#nhs-check"));
        input.sendKeys(Keys.BACK_SPACE, "9");
        assertEquals("Valid NHS number", text("#nhs-check"));
        input.sendKeys(Keys.ENTER);
        signedIn();
        assertTrue(browser.driver.getCurrentUrl().endsWith("/patients/" + NHS), browser.driver.getCurrentUrl());
        browser.screenshot("record-from-search-1280x800");
    }

    @Test
    @Order(7)
    void axeFindsNoSeriousOrCriticalViolations() {
        List<String> serious = new ArrayList<>();
        for (String page : List.of("?nhs=123", "patients/" + NHS, "patients/" + NHS + "?at=" + beforeAdmission)) {
            for (int width : page.equals("patients/" + NHS) ? new int[] {1280, 390} : new int[] {1280}) {
                browser.size(1280, 800);
                if (width == 390) {
                    browser.phone();
                }
                open(page);
                browser.driver.executeScript("document.querySelectorAll('details').forEach(d => d.open = true)");
                for (JsonNode violation : browser.axeViolations()) {
                    String impact = violation.path("impact").asText();
                    String line = "/" + page + " @" + width + "px: " + impact + " "
                            + violation.path("id").asText() + " ("
                            + violation.path("nodes").size() + "): "
                            + violation.path("help").asText();
                    System.out.println("axe " + line);
                    if (impact.equals("serious") || impact.equals("critical")) {
                        serious.add(line);
                    }
                }
            }
        }
        browser.size(1280, 800);
        browser.driver.executeScript("sessionStorage.clear()");
        browser.driver.get(base + "patients/" + NHS);
        waitFor(() -> browser.driver.findElement(By.id("token")).isDisplayed(), "the sign-in form");
        for (JsonNode violation : browser.axeViolations()) {
            String impact = violation.path("impact").asText();
            System.out.println(
                    "axe sign-in page: " + impact + " " + violation.path("id").asText());
            if (impact.equals("serious") || impact.equals("critical")) {
                serious.add("sign-in page: " + violation.path("id").asText());
            }
        }
        assertTrue(serious.isEmpty(), "axe-core: " + serious);
    }

    @Test
    @Order(8)
    void anAlertIsAcknowledgedWithAReason_byKeyboard_andShowsWhoDecidedWhatAndWhy() {
        browser.driver.get(base + "patients/" + NHS + "#access_token=" + CLINICIAN);
        signedIn();
        WebElement card = browser.driver.findElements(By.cssSelector("#alerts .umr-alert")).stream()
                .filter(c -> c.getText().contains("Sources disagree on the dose"))
                .findFirst()
                .orElseThrow();
        String id = card.getAttribute("id");
        String alertId = card.getAttribute("data-alert-id");
        assertEquals("active", card.getAttribute("data-status"));

        // keyboard only: open the form, try without a reason, then decide
        WebElement summary = card.findElement(By.cssSelector(".umr-ack summary"));
        browser.driver.executeScript("arguments[0].focus()", summary);
        new Actions(browser.driver).sendKeys(Keys.ENTER).perform();
        WebElement form = card.findElement(By.cssSelector("form[data-acknowledge]"));
        waitFor(form::isDisplayed, "the acknowledgement form opens by keyboard");
        form.findElement(By.cssSelector("button")).sendKeys(Keys.ENTER);
        waitFor(
                () -> form.findElement(By.cssSelector(".umr-ack__error"))
                        .getText()
                        .contains("Enter a reason"),
                "a reason is asked for");
        assertEquals(
                "active",
                browser.driver.findElement(By.id(id)).getAttribute("data-status"),
                "nothing recorded without a reason");
        form.findElement(By.cssSelector("input[value='overridden']")).sendKeys(Keys.SPACE);
        form.findElement(By.cssSelector("textarea"))
                .sendKeys("Hospital dose is the intended one; GP to be told at discharge");
        form.findElement(By.cssSelector("button")).sendKeys(Keys.ENTER);

        waitFor(
                () -> "acknowledged"
                        .equals(browser.driver.findElement(By.id(id)).getAttribute("data-status")),
                () -> "the alert acknowledged: " + text("#alerts"));
        String shown = browser.driver.findElement(By.id(id)).getText();
        assertTrue(shown.contains("Acknowledged"), shown);
        assertTrue(shown.contains("Overridden by test.clinician"), "who decided what: " + shown);
        assertTrue(shown.contains("Hospital dose is the intended one"), "and why: " + shown);
        assertEquals(id, browser.driver.switchTo().activeElement().getAttribute("id"), "focus stays on the alert");
        List<String> statuses = browser.driver.findElements(By.cssSelector("#alerts .umr-alert")).stream()
                .map(c -> c.getAttribute("data-status"))
                .toList();
        assertEquals("acknowledged", statuses.get(statuses.size() - 1), "open alerts first: " + statuses);
        browser.element("record-1280-alert-acknowledged", "#" + id);

        // the API holds the same decision
        String json = given().get("/api/patients/" + NHS + "/medications")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertTrue(json.contains("Hospital dose is the intended one"), "the portal JSON has the acknowledgement");

        // a clinician who may read but not decide is told so, and nothing is recorded; a link with their
        // token to the page already open changes only its fragment, and the page signs in again with it
        browser.driver.executeScript("document.body.removeAttribute('data-signed-in')");
        browser.driver.get(
                base + "patients/" + NHS + "#access_token=" + TestTokens.user("umr-web", "read.only", "user/*.read"));
        signedIn();
        WebElement other = browser.driver
                .findElements(By.cssSelector("#alerts .umr-alert[data-status='active']"))
                .get(0);
        other.findElement(By.cssSelector(".umr-ack summary")).click();
        other.findElement(By.cssSelector("textarea")).sendKeys("trying");
        other.findElement(By.cssSelector("form[data-acknowledge] button")).click();
        waitFor(
                () -> other.findElement(By.cssSelector(".umr-ack__error"))
                        .getText()
                        .startsWith("Not recorded"),
                () -> "the refusal shown: " + other.getText());
        assertEquals("active", other.getAttribute("data-status"));
        assertFalse(
                given().get("/api/patients/" + NHS + "/alerts/" + other.getAttribute("data-alert-id")
                                + "/acknowledgements")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString()
                        .contains("trying"),
                "nothing stored for the refused decision");
        assertNotEquals(alertId, other.getAttribute("data-alert-id"));
    }

    @Test
    @Order(9)
    void aMedicineRecognisedByItsNameOnly_isMarkedOnItsAlertAndOnTheMedicine() {
        String nhs = "9449304734";
        FhirJson.post(FhirJson.patient(nhs, "female", "1996-05-01", "2026-11-01T09:00:00Z"));
        FhirJson.post(FhirJson.statement(
                "https://fhir.web-mh.health/umr-test",
                "web-vt-1",
                nhs,
                null,
                null,
                "Epilim Chrono 500mg",
                "active",
                Instant.now().toString(),
                "1 bd",
                null));
        browser.driver.get(base + "patients/" + nhs + "#access_token=" + CLINICIAN);
        signedIn();
        String alerts = text("#alerts");
        assertTrue(alerts.contains("Valproate: pregnancy prevention"), alerts);
        assertTrue(alerts.contains("Matched by name"), "the alert says the medicine was recognised by name: " + alerts);
        String item = itemNamed("Epilim Chrono 500mg").getText();
        assertTrue(item.contains("Matched by name") && item.contains("Not in dm+d"), item);
        browser.element("record-1280-matched-by-name", "#alerts");
    }

    // --- helpers -------------------------------------------------------------------------------

    /** Goes to a page; a record page signs in with this tab's token (the sign-in page fetches it again). */
    private void open(String path) {
        browser.driver.get(base + path);
        if (path.startsWith("patients/")) {
            signedIn();
        }
    }

    private static void signedIn() {
        try {
            new WebDriverWait(browser.driver, Duration.ofSeconds(20))
                    .until(d -> "true".equals(d.findElement(By.tagName("body")).getAttribute("data-signed-in")));
        } catch (org.openqa.selenium.TimeoutException e) {
            // what the page shows is read only now: mid sign-in the browser may be on the issuer's page
            throw new AssertionError("never happened: signed in, the record in place of the sign-in page: "
                    + browser.driver.findElement(By.tagName("body")).getText());
        }
    }

    /** Waits for what the page's script does next (a fetch); fails with what the page shows instead. */
    private static void waitFor(java.util.function.BooleanSupplier condition, String what) {
        waitFor(condition, () -> what);
    }

    /**
     * Waits for the condition; an element the page re-rendered meanwhile (stale) is looked at again,
     * and the description is worked out only when the wait fails (the page may be mid-render before).
     */
    private static void waitFor(
            java.util.function.BooleanSupplier condition, java.util.function.Supplier<String> what) {
        try {
            new WebDriverWait(browser.driver, Duration.ofSeconds(20))
                    .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                    .until(d -> condition.getAsBoolean());
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("never happened: " + what.get());
        }
    }

    private static int stays() {
        return browser.driver.findElements(By.cssSelector("svg .umr-stay")).size();
    }

    private static String text(String css) {
        return browser.driver.findElement(By.cssSelector(css)).getText().strip();
    }

    private static List<String> texts(String css) {
        return browser.driver.findElements(By.cssSelector(css)).stream()
                .map(e -> e.getText().strip().replaceAll("\\s+", " "))
                .toList();
    }

    private static WebElement itemNamed(String name) {
        return browser.driver.findElements(By.cssSelector("article.umr-item")).stream()
                .filter(e -> e.findElement(By.cssSelector(".umr-item__name"))
                        .getText()
                        .equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no medicine named " + name));
    }

    /** Describes each visible, enabled element matching the selector the way {@link #describeActive()} does. */
    @SuppressWarnings("unchecked")
    private static List<String> idsOf(String css, boolean visibleOnly) {
        return (List<String>) browser.driver.executeScript("""
                return Array.from(document.querySelectorAll(arguments[0]))
                  .filter(e => !e.disabled && (!arguments[1] || e.getClientRects().length > 0))
                  .filter(e => !e.closest('details:not([open]) > :not(summary)'))
                  .map(e => window.__umrDescribe ? window.__umrDescribe(e) : (
                      window.__umrDescribe = function (x) {
                        var all = Array.from(document.querySelectorAll('*'));
                        return x.tagName.toLowerCase() + '#' + all.indexOf(x) + ' ' + (x.textContent || x.name || '').trim().slice(0, 30);
                      })(e));""", css, visibleOnly);
    }

    private static String describeActive() {
        return (String) browser.driver.executeScript("return window.__umrDescribe(document.activeElement)");
    }

    private static void register(String id, String setting, String name, String system) {
        given().contentType(ContentType.JSON)
                .body("{\"setting\":\"" + setting + "\",\"name\":\"" + name + "\",\"system\":\"" + system + "\"}")
                .put("/api/sources/" + id)
                .then()
                .statusCode(anyOf(is(200), is(201)));
    }

    /** One file of docs/example, for this test's own patient and sources, through POST /fhir/$ingest. */
    private static void ingest(String file) throws IOException {
        String ndjson = Files.readString(Path.of("docs", "example", file))
                .replace("9449306680", NHS)
                .replace("https://fhir.gp.example/practice/A81001", "https://fhir.web-gp.health/umr-test")
                .replace("https://fhir.mh.example/ehr", "https://fhir.web-mh.health/umr-test")
                .replace("https://fhir.hospital.example/epma", "https://fhir.web-acute.health/umr-test");
        given().contentType("application/fhir+ndjson")
                .body(ndjson.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .post("/fhir/$ingest")
                .then()
                .statusCode(200);
    }
}
