package health.umr.reports;

import static health.umr.support.FhirJson.DMD;
import static health.umr.support.SyntheticCodes.AMITRIPTYLINE_10;
import static health.umr.support.SyntheticCodes.CITALOPRAM_20;
import static health.umr.support.SyntheticCodes.COCARELDOPA_25_100;
import static health.umr.support.SyntheticCodes.OXYBUTYNIN_5;
import static health.umr.support.SyntheticCodes.SERTRALINE_50;
import static health.umr.support.SyntheticCodes.VALPROATE_200;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import health.umr.support.DatabaseState;
import health.umr.support.DmdFixtures;
import health.umr.support.Feeds;
import health.umr.support.FhirJson;
import health.umr.support.TestClock;
import health.umr.support.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The population reports over a population built through the FHIR API: who is in, who is out,
 * CSV parsed back, paging, the practice filter. Other tests' patients share the database, so
 * whole-population checks page through everything and look only at this test's NHS numbers.
 */
@QuarkusTest
class ReportsApiTest {

    private static final String PRACTICE_A = "RPT16A";
    private static final String PRACTICE_B = "RPT16B";
    private static final List<String> NHS = Feeds.validNhsNumbers("9731", 16);
    // valproate
    private static final String WOMAN_30 = NHS.get(0);
    private static final String MAN_30 = NHS.get(1);
    private static final String WOMAN_76 = NHS.get(2);
    private static final String STOPPED = NHS.get(3);
    private static final String WOMAN_40_B = NHS.get(4);
    // anticholinergic burden
    private static final String ACB_4 = NHS.get(5);
    private static final String ACB_2 = NHS.get(6);
    private static final String ACB_3 = NHS.get(7);
    private static final String ACB_6_B = NHS.get(8);
    // critical omissions
    private static final String OMITTED_FIRST = NHS.get(9);
    private static final String OMITTED_SECOND = NHS.get(10);
    private static final String NOT_ADMITTED = NHS.get(11);
    private static final String ORDERED = NHS.get(12);

    private static boolean built;

    @Inject
    TestClock clock;

    @Inject
    DatabaseState database;

    @Inject
    SummaryBackfill backfill;

    private static String gpA;
    private static String gpB;
    private static String acute;

    @BeforeEach
    void population() {
        if (built) {
            return;
        }
        DmdFixtures.loadSynthetic();
        gpA = source("rp-gp-a", "gp", PRACTICE_A);
        gpB = source("rp-gp-b", "gp", PRACTICE_B);
        acute = source("rp-acute", "acute", "RPT16H");

        patient(WOMAN_30, "female", "1996-05-01");
        patient(MAN_30, "male", "1996-05-01");
        patient(WOMAN_76, "female", "1950-03-01");
        patient(STOPPED, "female", "1996-05-01");
        patient(WOMAN_40_B, "female", "1986-02-01");
        statement(gpA, "v1", WOMAN_30, VALPROATE_200, "Sodium valproate 200mg gastro-resistant tablets", "active");
        statement(gpA, "v2", MAN_30, VALPROATE_200, "Sodium valproate 200mg gastro-resistant tablets", "active");
        statement(gpA, "v3", WOMAN_76, VALPROATE_200, "Sodium valproate 200mg gastro-resistant tablets", "active");
        statement(gpA, "v4", STOPPED, VALPROATE_200, "Sodium valproate 200mg gastro-resistant tablets", "stopped");
        statement(gpB, "v5", WOMAN_40_B, VALPROATE_200, "Sodium valproate 200mg gastro-resistant tablets", "active");

        statement(gpA, "a1", ACB_4, AMITRIPTYLINE_10, "Amitriptyline 10mg tablets", "active");
        statement(gpA, "a2", ACB_4, CITALOPRAM_20, "Citalopram 20mg tablets", "active");
        statement(gpA, "a3", ACB_2, CITALOPRAM_20, "Citalopram 20mg tablets", "active");
        statement(gpA, "a4", ACB_2, SERTRALINE_50, "Sertraline 50mg tablets", "active");
        statement(gpA, "a5", ACB_3, AMITRIPTYLINE_10, "Amitriptyline 10mg tablets", "active");
        statement(gpB, "a6", ACB_6_B, AMITRIPTYLINE_10, "Amitriptyline 10mg tablets", "active");
        statement(gpB, "a7", ACB_6_B, OXYBUTYNIN_5, "Oxybutynin 5mg tablets", "active");

        for (String nhs : List.of(OMITTED_FIRST, OMITTED_SECOND, NOT_ADMITTED, ORDERED)) {
            statement(gpA, "c-" + nhs, nhs, COCARELDOPA_25_100, "Co-careldopa 25mg/100mg tablets", "active");
        }
        admit(OMITTED_FIRST);
        admit(ORDERED);
        admit(OMITTED_SECOND);
        FhirJson.post(FhirJson.request(
                acute,
                "ip-" + ORDERED,
                ORDERED,
                COCARELDOPA_25_100,
                "Co-careldopa 25mg/100mg tablets",
                "active",
                "order",
                "inpatient",
                "2026-11-20T09:00:00Z",
                "one four times a day",
                null));
        built = true;
    }

    // --- valproate ---------------------------------------------------------------------------------

    @Test
    void valproate_womenAged12To54OnActiveValproate_notTheManTheWomanOf76OrTheStoppedOne() {
        Map<String, Map<String, Object>> rows = everyRow("/api/reports/valproate?_count=1000");

        assertTrue(rows.containsKey(WOMAN_30), () -> "woman of 30: " + rows.keySet());
        assertTrue(rows.containsKey(WOMAN_40_B));
        assertFalse(rows.containsKey(MAN_30), "the man");
        assertFalse(rows.containsKey(WOMAN_76), "the woman of 76");
        assertFalse(rows.containsKey(STOPPED), "the stopped valproate");
        Map<String, Object> woman = rows.get(WOMAN_30);
        assertEquals(30, woman.get("age"));
        assertEquals(PRACTICE_A, woman.get("practice"));
        assertEquals(List.of("rp-gp-a"), woman.get("sources"));
        assertEquals(true, woman.get("alertActive"));
        assertNotNull(woman.get("alertSince"));
    }

    @Test
    void valproate_byPractice() {
        JsonPath a = get("/api/reports/valproate?practice=" + PRACTICE_A);
        assertEquals(List.of(WOMAN_30), a.getList("patients.nhsNumber"));
        assertEquals(1, a.getInt("total"));
        assertEquals(
                List.of(WOMAN_40_B),
                get("/api/reports/valproate?practice=" + PRACTICE_B).getList("patients.nhsNumber"));
        assertEquals(List.of(), get("/api/reports/valproate?practice=NOSUCH").getList("patients.nhsNumber"));
    }

    @Test
    void valproate_theAgeIsToday_soTheWomanOf30IsOutWhenShe_isPast54() {
        clock.aheadBy(
                Duration.ofDays(365L * 25 + 10),
                () -> assertEquals(
                        List.of(),
                        get("/api/reports/valproate?practice=" + PRACTICE_A).getList("patients.nhsNumber")));
    }

    // --- anticholinergic burden --------------------------------------------------------------------

    @Test
    void acb_atLeastMin_highestFirst_withTheMedicines_notTheOneWithAcb2() {
        JsonPath a = get("/api/reports/acb?min=3&practice=" + PRACTICE_A);
        assertEquals(List.of(ACB_4, ACB_3), a.getList("patients.nhsNumber"));
        assertEquals(List.of(4, 3), a.getList("patients.acbTotal"));
        assertEquals(List.of("Amitriptyline", "Citalopram"), a.getList("patients[0].medicines.name"));
        assertEquals(List.of(3, 1), a.getList("patients[0].medicines.acb"));
        assertTrue(get("/api/reports/acb?min=2&practice=" + PRACTICE_A)
                .getList("patients.nhsNumber")
                .contains(ACB_2));
        assertEquals(
                List.of(ACB_6_B),
                get("/api/reports/acb?min=3&practice=" + PRACTICE_B).getList("patients.nhsNumber"));
    }

    @Test
    void acb_pagesAcrossPages() {
        JsonPath first = get("/api/reports/acb?min=3&_count=1&practice=" + PRACTICE_A);
        assertEquals(List.of(ACB_4), first.getList("patients.nhsNumber"));
        assertEquals(2, first.getInt("total"));
        String next = first.getString("next");
        assertNotNull(next);
        JsonPath second = get(next);
        assertEquals(List.of(ACB_3), second.getList("patients.nhsNumber"));
        assertNull(second.getString("next"));
    }

    @Test
    void acb_asCsv_parsesBack() throws IOException {
        Response answer = given().accept("text/csv").get("/api/reports/acb?min=3&practice=" + PRACTICE_A);
        assertEquals(200, answer.statusCode());
        assertTrue(answer.contentType().startsWith("text/csv"), answer.contentType());
        List<CSVRecord> rows = parseCsv(answer.asString());
        assertEquals(2, rows.size());
        assertEquals(ACB_4, rows.get(0).get("nhs_number"));
        assertEquals(PRACTICE_A, rows.get(0).get("practice"));
        assertEquals("4", rows.get(0).get("acb_total"));
        assertEquals("Amitriptyline (3); Citalopram (1)", rows.get(0).get("medicines"));
        assertEquals(ACB_3, rows.get(1).get("nhs_number"));
    }

    // --- critical omissions ------------------------------------------------------------------------

    @Test
    void criticalOmissions_admittedWithAnOmission_longestStandingFirst() {
        List<String> order = new ArrayList<>(
                everyRow("/api/reports/critical-omissions?_count=1000").keySet());
        assertTrue(order.contains(OMITTED_FIRST) && order.contains(OMITTED_SECOND), order::toString);
        assertTrue(order.indexOf(OMITTED_FIRST) < order.indexOf(OMITTED_SECOND), "longest-standing first");
        assertFalse(order.contains(NOT_ADMITTED), "not admitted");
        assertFalse(order.contains(ORDERED), "an inpatient order was written");

        JsonPath mine = get("/api/reports/critical-omissions?practice=" + PRACTICE_A);
        assertEquals(List.of(OMITTED_FIRST, OMITTED_SECOND), mine.getList("patients.nhsNumber"));
        assertEquals("rp-acute", mine.getString("patients[0].admittingSource"));
        assertEquals(List.of("Co-careldopa 25mg/100mg tablets"), mine.getList("patients[0].omissions[0].medicines"));
        clock.aheadBy(Duration.ofHours(3), () -> {
            JsonPath later = get("/api/reports/critical-omissions?practice=" + PRACTICE_A);
            assertTrue(later.getLong("patients[0].activeMinutes") >= 180, later.prettify());
            assertTrue(later.getString("patients[0].activeFor").startsWith("PT3H"), later.prettify());
        });
    }

    @Test
    void criticalOmissions_asCsv() throws IOException {
        List<CSVRecord> rows = parseCsv(given().accept("text/csv")
                .get("/api/reports/critical-omissions?practice=" + PRACTICE_A)
                .then()
                .statusCode(200)
                .extract()
                .asString());
        assertEquals(
                List.of(OMITTED_FIRST, OMITTED_SECOND),
                rows.stream().map(r -> r.get("nhs_number")).toList());
        assertEquals("Co-careldopa 25mg/100mg tablets", rows.get(0).get("medicines"));
    }

    // --- summaries, bad parameters -----------------------------------------------------------------

    @Test
    void aMissingSummaryRow_isFilledByTheBackfill() {
        database.execute("DELETE FROM patient_summary WHERE nhs_number = '" + ACB_3 + "'");
        assertEquals(
                List.of(ACB_4),
                get("/api/reports/acb?min=3&practice=" + PRACTICE_A).getList("patients.nhsNumber"));

        assertTrue(backfill.fill() >= 1);

        assertEquals(
                List.of(ACB_4, ACB_3),
                get("/api/reports/acb?min=3&practice=" + PRACTICE_A).getList("patients.nhsNumber"));
    }

    @Test
    void badParameters_are400WithAJsonError() {
        for (String url : List.of(
                "/api/reports/acb?min=0",
                "/api/reports/acb?min=3&_count=0",
                "/api/reports/valproate?_count=100000",
                "/api/reports/valproate?cursor=not-a-cursor",
                "/api/reports/critical-omissions?cursor=" + PageRequest.cursorOf("acb", "3", WOMAN_30))) {
            given().get(url)
                    .then()
                    .statusCode(400)
                    .contentType(ContentType.JSON)
                    .body("error", org.hamcrest.Matchers.equalTo("UMR-0015"));
        }
    }

    // --- scopes ------------------------------------------------------------------------------------

    @Test
    void reports_needUmrReportsOrAdmin() {
        List<String> urls = List.of(
                "/api/reports/valproate",
                "/api/reports/acb?min=3",
                "/api/reports/critical-omissions",
                "/api/sources/rp-gp-a/quality");
        String reader = TestTokens.user("rp-portal", "rp-clinician", "user/*.read");
        String reports = TestTokens.system("rp-ics", "umr.reports");
        for (String url : urls) {
            given().header(TestTokens.none())
                    .get(url)
                    .then()
                    .statusCode(401)
                    .header("WWW-Authenticate", org.hamcrest.Matchers.startsWith("Bearer"));
            given().header(TestTokens.bearer(reader)).get(url).then().statusCode(403);
            given().header(TestTokens.bearer(reports)).get(url).then().statusCode(200);
        }
    }

    // --- helpers -----------------------------------------------------------------------------------

    /** Every row of a report, by NHS number in report order, following each page's next. */
    private static Map<String, Map<String, Object>> everyRow(String url) {
        Map<String, Map<String, Object>> rows = new java.util.LinkedHashMap<>();
        String next = url;
        while (next != null) {
            JsonPath page = get(next);
            List<Map<String, Object>> patients = page.getList("patients");
            patients.forEach(row -> rows.put((String) row.get("nhsNumber"), row));
            next = page.getString("next");
        }
        return rows;
    }

    private static JsonPath get(String url) {
        return given().get(url).then().statusCode(200).extract().jsonPath();
    }

    private static List<CSVRecord> parseCsv(String text) throws IOException {
        try (CSVParser parser = CSVFormat.RFC4180
                .builder()
                .setHeader()
                .setSkipHeaderRecord(true)
                .get()
                .parse(new StringReader(text))) {
            return parser.getRecords();
        }
    }

    private static String source(String id, String setting, String ods) {
        String system = "https://fhir." + id + ".health/umr-test";
        given().contentType(ContentType.JSON)
                .body("{\"setting\":\"" + setting + "\",\"name\":\"" + id + "\",\"system\":\"" + system
                        + "\",\"ods\":\"" + ods + "\"}")
                .put("/api/sources/" + id)
                .then()
                .statusCode(org.hamcrest.Matchers.anyOf(org.hamcrest.Matchers.is(200), org.hamcrest.Matchers.is(201)));
        return system;
    }

    private static void patient(String nhs, String gender, String birthDate) {
        FhirJson.post(FhirJson.patient(nhs, gender, birthDate, "2026-11-01T09:00:00Z"));
    }

    private static void statement(String source, String id, String nhs, String vmp, String display, String status) {
        String updated = "stopped".equals(status) ? "2026-11-10T09:00:00Z" : "2026-11-01T09:00:00Z";
        FhirJson.post(FhirJson.statement(source, id, nhs, DMD, vmp, display, status, updated, "one daily", null));
    }

    private static void admit(String nhs) {
        FhirJson.post(FhirJson.encounter(
                acute, "enc-" + nhs, nhs, "IMP", "in-progress", "2026-11-20T08:00:00Z", "2026-11-20T08:00:00Z"));
    }
}
