package health.umr.ops;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.health.api.AsyncHealthCheck;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.junit.jupiter.api.Test;

/**
 * The liveness probe's checks only read state the monitors keep, so they answer on the thread that asks
 * (Vert.x's event loop for /q/health/live) instead of being handed to a worker thread per check per probe,
 * which Quarkus does for every plain {@link HealthCheck}; and the probe's answer keeps its shape.
 */
@QuarkusTest
class LivenessChecksTest {

    @Inject
    @Liveness
    @Any
    Instance<AsyncHealthCheck> asyncChecks;

    @Inject
    @Liveness
    @Any
    Instance<HealthCheck> blockingChecks;

    @Test
    void everyLivenessCheck_answersOnTheCallingThread_atOnce() {
        List<String> names = new ArrayList<>();
        for (AsyncHealthCheck check : asyncChecks) {
            AtomicReference<Thread> answeredOn = new AtomicReference<>();
            AtomicReference<HealthCheckResponse> answer = new AtomicReference<>();
            check.call().subscribe().with(response -> {
                answeredOn.set(Thread.currentThread());
                answer.set(response);
            });
            // set before subscribe() returned: no executor, no other thread
            assertSame(
                    Thread.currentThread(), answeredOn.get(), check.getClass().getName());
            assertEquals(
                    HealthCheckResponse.Status.UP,
                    answer.get().getStatus(),
                    answer.get().getName());
            names.add(answer.get().getName());
        }
        assertTrue(names.contains("database server"), names.toString());
        assertTrue(names.contains("Kafka consumers"), names.toString());
        assertFalse(blockingChecks.iterator().hasNext(), "a liveness check that would need a worker thread");
    }

    @Test
    void liveProbe_keepsItsAnswer() {
        given().get("/q/health/live")
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'database server' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'Kafka consumers' }.status", equalTo("UP"));
    }
}
