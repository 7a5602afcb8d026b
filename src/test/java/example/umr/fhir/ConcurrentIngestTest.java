package example.umr.fhir;

import example.umr.support.DatabaseState;
import example.umr.support.Feeds;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static example.umr.support.Feeds.FHIR_JSON;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
                    return given().contentType(FHIR_JSON).body(body).post("/fhir/MedicationStatement").statusCode();
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
        assertEquals(1, database.count("SELECT count(*) FROM inbound_message WHERE convert_from(body, 'UTF8') LIKE '%concurrent-1%'"));
    }
}
