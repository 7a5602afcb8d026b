package health.umr.audit;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import health.umr.store.AuditEventRepository;
import health.umr.support.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The audit trail's group commit against the real PostgreSQL: many events per INSERT, each request
 * still answered only once its own event is stored, and a stop that writes what is queued.
 */
@QuarkusTest
class AuditGroupCommitTest {

    private static final String NHS = "9990001030";

    @Inject
    DataSource dataSource;

    @Inject
    AuditEventRepository repository;

    @Inject
    AuditEvents events;

    /** One row of audit_event, as stored. */
    private record Stored(
            long id,
            UUID eventId,
            Instant recorded,
            String nhs,
            String client,
            String user,
            String action,
            String outcome,
            AuditRecord record) {}

    @Test
    void concurrentReads_eachLeaveTheirOwnEvent_withTheirOwnFields() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        int n = 16;
        Map<String, Integer> statusByUser = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        List<java.util.concurrent.Future<?>> calls = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String user = "dr-gc-" + run + "-" + i;
            String token = TestTokens.user("portal", user, "user/*.read");
            calls.add(pool.submit(() -> {
                go.await();
                int status = given().header(TestTokens.bearer(token))
                        .get("/api/patients/" + NHS + "/medications?n=" + user)
                        .statusCode();
                statusByUser.put(user, status);
                return null;
            }));
        }
        go.countDown();
        for (var call : calls) {
            call.get(120, TimeUnit.SECONDS);
        }
        pool.shutdown();

        List<Stored> rows = stored("user_id LIKE ?", "dr-gc-" + run + "-%");
        assertEquals(n, rows.size(), "one event per read");
        Set<UUID> eventIds = new HashSet<>();
        for (Stored row : rows) {
            assertTrue(eventIds.add(row.eventId()), "event ids are distinct");
            int status = statusByUser.get(row.user());
            assertEquals(NHS, row.nhs());
            assertEquals("portal", row.client());
            assertEquals("R", row.action());
            assertEquals(status < 400 ? "0" : "4", row.outcome());
            assertEquals(
                    "GET /api/patients/" + NHS + "/medications?n=" + row.user(),
                    row.record().request());
            assertEquals(row.user(), row.record().user());
            assertEquals(status, row.record().status());
            assertEquals(row.record().recorded().plusNanos(500).truncatedTo(ChronoUnit.MICROS), row.recorded());
        }
        assertEquals(
                statusByUser.keySet(), rows.stream().map(Stored::user).collect(java.util.stream.Collectors.toSet()));
    }

    @Test
    void oneAppendOfManyRows_storesEachExactly_inTheirOrder() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        List<AuditEventRepository.Row> rows = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            AuditRecord record = new AuditRecord(
                    now.minusMillis(i),
                    i % 2 == 0 ? 'R' : 'C',
                    "read",
                    "GET /x/" + i,
                    null,
                    i == 3 ? null : NHS,
                    "c-" + run,
                    i == 5 ? null : "u-" + run + "-" + i,
                    null,
                    i == 6 ? 403 : 200,
                    i == 6 ? "refused \"quoted\" 'text' \\ {}" : null);
            rows.add(AuditTrail.row(record));
        }
        repository.append(rows);

        List<Stored> stored = stored("client_id = ?", "c-" + run);
        assertEquals(rows.size(), stored.size());
        for (int i = 0; i < rows.size(); i++) {
            AuditEventRepository.Row row = rows.get(i);
            Stored back = stored.get(i); // ordered by id: the order they were given in
            assertEquals(row.id(), back.eventId());
            assertEquals(row.recorded(), back.recorded());
            assertEquals(row.nhsNumber(), back.nhs());
            assertEquals(row.user(), back.user());
            assertEquals(String.valueOf(row.action()), back.action());
            assertEquals(row.outcome(), back.outcome());
            assertEquals(AuditRecordJson.read(row.json()), back.record());
        }
    }

    @Test
    void aStoppingTrail_writesWhatIsQueued_andNoRequestIsAnsweredWithoutItsEvent() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        AuditTrail trail = new AuditTrail(repository, events);
        trail.start();
        int n = 40;
        Map<String, Boolean> servedByUser = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try (Connection lock = dataSource.getConnection()) {
            // the writer's INSERT waits on this lock, so events queue up behind it while the trail stops
            lock.setAutoCommit(false);
            lock.createStatement().execute("LOCK TABLE audit_event IN EXCLUSIVE MODE");
            for (int i = 0; i < n; i++) {
                String user = "stop-" + run + "-" + i;
                pool.submit(() -> {
                    boolean served;
                    try {
                        trail.record(new AuditRecord(
                                Instant.now(), 'R', "read", "GET /x", null, NHS, "c-" + run, user, null, 200, null));
                        served = true;
                    } catch (IllegalStateException refused) {
                        served = false;
                    }
                    servedByUser.put(user, served);
                });
            }
            while (!writerWaitsOnTheLock()) {
                Thread.sleep(20);
            }
            Thread stopper = new Thread(() -> trail.stop(null));
            stopper.start();
            while (stopper.getState() != Thread.State.TIMED_WAITING && stopper.isAlive()) {
                Thread.sleep(5); // stop() has said stop and waits for the writer
            }
            lock.commit();
            stopper.join();
        }
        pool.shutdown();
        assertTrue(pool.awaitTermination(120, TimeUnit.SECONDS), "every request had its answer");

        Set<String> stored = new HashSet<>();
        stored("client_id = ?", "c-" + run).forEach(row -> stored.add(row.user()));
        assertEquals(n, servedByUser.size());
        servedByUser.forEach((user, served) -> assertEquals(
                served,
                stored.contains(user),
                user + (served ? " was served without its event" : " failed yet stored")));
        assertFalse(stored.isEmpty(), "the INSERT under way when the trail stopped was committed, its requests served");
    }

    private boolean writerWaitsOnTheLock() throws SQLException {
        try (Connection connection = dataSource.getConnection();
                ResultSet row = connection
                        .createStatement()
                        .executeQuery("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                                + " AND query LIKE 'INSERT INTO audit_event%'")) {
            row.next();
            return row.getLong(1) > 0;
        }
    }

    private List<Stored> stored(String where, String value) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT id, event_id, recorded, nhs_number, client_id, user_id, action, outcome, resource"
                                + " FROM audit_event WHERE " + where + " ORDER BY id")) {
            select.setString(1, value);
            List<Stored> rows = new ArrayList<>();
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    rows.add(new Stored(
                            row.getLong(1),
                            row.getObject(2, UUID.class),
                            row.getTimestamp(3).toInstant(),
                            row.getString(4),
                            row.getString(5),
                            row.getString(6),
                            row.getString(7),
                            row.getString(8),
                            AuditRecordJson.read(row.getString(9))));
                }
            }
            return rows;
        }
    }
}
