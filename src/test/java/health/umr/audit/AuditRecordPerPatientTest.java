package health.umr.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** A request's access is recorded once for each patient it named, or once when it named none. */
class AuditRecordPerPatientTest {

    private static final AuditRecord READ = new AuditRecord(
            Instant.parse("2026-12-02T10:00:00Z"),
            'R',
            "search-type",
            "GET /fhir/MedicationStatement",
            null,
            null,
            "portal",
            "dr-a",
            "127.0.0.1",
            200,
            null);

    @Test
    void onceForEachPatientNamed_inTheCollectionsOrder() {
        List<AuditRecord> events = READ.perPatient(new TreeSet<>(Set.of("9990001049", "9990001030")));

        assertEquals(List.of(READ.forPatient("9990001030"), READ.forPatient("9990001049")), events);
        assertEquals("9990001030", events.get(0).nhsNumber());
    }

    @Test
    void aloneWhenItNamedNone() {
        assertEquals(List.of(READ), READ.perPatient(Set.of()));
        assertEquals(List.of(READ), READ.perPatient(null));
    }
}
