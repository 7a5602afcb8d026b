package health.umr.fhir;

import static health.umr.support.Feeds.FHIR_JSON;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import health.umr.support.DatabaseState;
import health.umr.support.Feeds;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ConcurrentIngestTest {

    private static final int SENDERS = 32;

    @Inject
    DatabaseState database;

    @Test
    void thirtyTwoSimultaneousPostsOfOneResource_leaveOneRecord_andAllSucceed() throws Exception {
        String gp = Feeds.source("gp-concurrent", "gp");
        String body = Feeds.statement(gp, "concurrent-1");
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(SENDERS);
        List<Future<Integer>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < SENDERS; i++) {
                Callable<Integer> send = () -> {
                    start.await();
                    return given().contentType(FHIR_JSON)
                            .body(body)
                            .post("/fhir/MedicationStatement")
                            .statusCode();
                };
                answers.add(pool.submit(send));
            }
            start.countDown();
            for (Future<Integer> answer : answers) {
                int status = answer.get();
                assertTrue(status == 200 || status == 201, "every sender succeeds, got " + status);
            }
        } finally {
            pool.shutdownNow();
        }

        assertEquals(1, database.count("SELECT count(*) FROM source_record WHERE business_key LIKE '%|concurrent-1'"));
        assertEquals(
                1,
                database.count(
                        "SELECT count(*) FROM inbound_message WHERE position(convert_to('concurrent-1', 'UTF8') in body) > 0"));
    }

    /**
     * Feeds that name several patients, sent at once in different orders (an acute trust's stream
     * replayed with several requests in flight): every request succeeds and every record is
     * stored once. (make bench once saw PostgreSQL detect a deadlock here; this test has not
     * reproduced it, so TransientFailureTest covers the retry that answers one.)
     */
    @Test
    void simultaneousFeedsNamingThePatientsInDifferentOrders_allSucceed() throws Exception {
        String acute = Feeds.source("acute-concurrent", "acute");
        List<String> patients = newPatients(40);
        int requests = 6;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(requests);
        List<Future<Integer>> answers = new ArrayList<>();
        try {
            for (int r = 0; r < requests; r++) {
                List<String> order = new ArrayList<>(patients);
                java.util.Collections.shuffle(order, new java.util.Random(r));
                StringBuilder ndjson = new StringBuilder();
                for (String nhs : order) {
                    // one resource a line, as NDJSON wants (Feeds writes them over several lines)
                    // identifiers that sort differently from the NHS numbers, differently in each request
                    String identifier = "multi-" + r + "-" + Integer.toHexString((nhs + r).hashCode());
                    ndjson.append(Feeds.statement(
                                            acute, identifier, nhs, "active", "2026-11-01T10:00:00Z", "10mg at night")
                                    .replace('\n', ' '))
                            .append('\n');
                }
                String body = ndjson.toString();
                Callable<Integer> send = () -> {
                    start.await();
                    return given().contentType("application/fhir+ndjson")
                            .body(body.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                            .post("/fhir/$ingest")
                            .statusCode();
                };
                answers.add(pool.submit(send));
            }
            start.countDown();
            for (Future<Integer> answer : answers) {
                assertEquals(200, answer.get(), "every request succeeds");
            }
        } finally {
            pool.shutdownNow();
        }

        assertEquals(
                patients.size() * requests,
                database.count("SELECT count(*) FROM source_record WHERE source_id = 'acute-concurrent'"));
    }

    /** Valid NHS numbers (999 test range) no other test uses: patients the database has never seen. */
    private static List<String> newPatients(int count) {
        List<String> numbers = new ArrayList<>();
        for (int body = 999_555_000; numbers.size() < count; body++) {
            for (int check = 0; check <= 9; check++) {
                if (health.umr.domain.NhsNumber.isValid(body + String.valueOf(check))) {
                    numbers.add(body + String.valueOf(check));
                }
            }
        }
        return numbers;
    }
}
