package health.umr.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import health.umr.alerts.ClinicalAlerts;
import health.umr.alerts.ReferenceLists;
import health.umr.dmd.Dmd;
import health.umr.domain.Admission;
import health.umr.domain.Gender;
import health.umr.domain.PatientFacts;
import health.umr.domain.PatientRecord;
import health.umr.domain.ReferenceTime;
import health.umr.domain.SourceRecord;
import health.umr.domain.UnifiedRecord;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Speed work on the fingerprint (the canonical text and its SHA-256) must not change one: a stored
 * fingerprint that no longer matches makes every record a new version on the next rebuild. The
 * fingerprints of {@link ReconcileGoldenTest}'s generated feeds, as unified records and as whole
 * records (admission, alerts at a fixed reference time, notes, facts), are taken into one SHA-256,
 * which must equal the one the code gave before the speed work (5e536e2).
 */
class FingerprintGoldenTest {

    /** The digest at 5e536e2, before the indent strings. */
    static final String EXPECTED = "f4c57fe416033ce8821c76ce9cc5adbf2982e76bd0a915ae92adc47b3495a818";

    static String digest() throws Exception {
        Reconciler reconciler = new Reconciler();
        Dmd dmd = TestDmd.get();
        ClinicalAlerts alerts = new ClinicalAlerts(ReferenceLists.fromClasspath());
        ReferenceTime at = ReferenceTime.at(Instant.parse("2026-12-01T12:00:00Z"));
        Optional<PatientFacts> facts = Optional.of(new PatientFacts(
                Records.PATIENT, Gender.FEMALE, LocalDate.parse("1941-03-02"), Instant.parse("2026-01-01T00:00:00Z")));
        Admission admission = Admissions.of(List.of(), id -> Optional.ofNullable(Records.SOURCES.get(id)));
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (List<SourceRecord> feed : ReconcileGoldenTest.feeds()) {
            UnifiedRecord unified = reconciler.reconcile(Records.PATIENT, feed, Records.SOURCES, dmd);
            ClinicalAlerts.Evaluation evaluation = alerts.evaluate(unified, admission, facts, at);
            PatientRecord record = new PatientRecord(
                    unified,
                    admission,
                    evaluation.alerts(),
                    evaluation.acbScore(),
                    evaluation.notes(),
                    Map.of("k", "MedicationStatement/1"),
                    facts.get());
            sha.update((unified.fingerprint() + " " + record.fingerprint() + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    @Test
    void theFingerprintsOfGeneratedRecordsAreThoseBeforeTheSpeedWork() throws Exception {
        assertEquals(EXPECTED, digest());
    }
}
