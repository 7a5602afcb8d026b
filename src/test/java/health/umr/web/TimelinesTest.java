package health.umr.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import health.umr.domain.ClinicalRecord;
import health.umr.domain.EncounterRecord;
import health.umr.domain.NhsNumber;
import health.umr.domain.RecordKey;
import health.umr.domain.RecordKind;
import health.umr.domain.Source;
import health.umr.domain.SourceRecord;
import health.umr.domain.SourceSetting;
import health.umr.domain.UnifiedRecord;
import health.umr.domain.VersionStamp;
import health.umr.reconcile.Reconciler;
import health.umr.reconcile.Records;
import health.umr.support.DmdFixtures;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The timeline's layout from real reconciled items and the dates the sources sent. Plain Java. */
class TimelinesTest {

    private static final NhsNumber PATIENT = NhsNumber.parse("9449306680");
    private static final Source GP =
            new Source("gp-t", SourceSetting.GP, "Castle Street Surgery", "https://gp-t", null);
    private static final Source ACUTE =
            new Source("acute-t", SourceSetting.ACUTE, "Royal Infirmary", "https://acute-t", null);
    private static final Map<String, Source> SOURCES = Map.of(GP.id(), GP, ACUTE.id(), ACUTE);
    private static final String COAMILOFRUSE_5_40 = "318136009";
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    private final List<SourceRecord> medicines = List.of(
            Records.statement(GP, "gp-1")
                    .dmd(COAMILOFRUSE_5_40)
                    .started("2026-03-02")
                    .updated("2026-11-20T09:00:00Z")
                    .build(),
            Records.request(ACUTE, "ac-1", "order")
                    .dmd(COAMILOFRUSE_5_40)
                    .category("inpatient")
                    .status("stopped")
                    .started("2026-11-28T16:00:00Z")
                    .ended("2026-11-30T08:00:00Z")
                    .updated("2026-11-30T08:00:00Z")
                    .build());

    private final List<ClinicalRecord> encounters = List.of(
            encounter("stay-june", "finished", "2026-06-10T11:00:00Z", "2026-06-14T16:00:00Z"),
            encounter("stay-now", "in-progress", "2026-11-28T14:20:00Z", null));

    @Test
    void aBarPerSourceFromStartToStop_andHospitalStaysAsBands() {
        Timeline timeline = draw(NOW, TimelineSpan.YEAR);

        assertEquals(1, timeline.rows().size(), "one medicine");
        List<Timeline.Bar> bars = timeline.rows().get(0).bars();
        assertEquals(2, bars.size(), "a bar per source");
        Timeline.Bar hospital = bars.stream()
                .filter(b -> b.label().startsWith("Hospital"))
                .findFirst()
                .orElseThrow();
        Timeline.Bar gp = bars.stream()
                .filter(b -> b.label().startsWith("GP"))
                .findFirst()
                .orElseThrow();
        assertTrue(gp.ongoing() && !gp.startsEarlier(), "the GP's course began in March and goes on");
        assertEquals(Timelines.PLOT_RIGHT, gp.endX(), 0.2, "to the edge");
        assertTrue(hospital.ended() && !hospital.ongoing(), "the hospital stopped it");
        assertTrue(hospital.x() > gp.x() && hospital.endX() < Timelines.PLOT_RIGHT);
        assertEquals("GP · Castle Street Surgery", gp.label(), "the source in words, beside its colour");

        assertEquals(2, timeline.bands().size());
        assertTrue(timeline.bands().get(0).discharged(), "June: admitted and discharged");
        assertFalse(timeline.bands().get(1).discharged(), "still in hospital");
        assertEquals(Timelines.PLOT_RIGHT, timeline.bands().get(1).endX(), 0.2);
        assertTrue(timeline.table().stream().anyMatch(r -> r.to().equals("continuing")));
    }

    @Test
    void aShortSpanMarksCoursesThatBeganEarlier_andLeavesOutStaysBeforeIt() {
        Timeline timeline = draw(NOW, TimelineSpan.MONTH);

        Timeline.Bar gp = timeline.rows().get(0).bars().stream()
                .filter(b -> b.label().startsWith("GP"))
                .findFirst()
                .orElseThrow();
        assertTrue(gp.startsEarlier());
        assertEquals(Timelines.PLOT_LEFT, gp.x(), 0.2);
        assertEquals(1, timeline.bands().size(), "June's stay is outside the month");
    }

    @Test
    void asAtAnEarlierInstant_laterFactsAreNotDrawn() {
        Timeline timeline = draw(Instant.parse("2026-11-01T00:00:00Z"), TimelineSpan.YEAR);

        assertEquals(1, timeline.bands().size(), "the admission of 28 November had not happened");
        Timeline.Bar hospital = timeline.rows().get(0).bars().stream()
                .filter(b -> b.label().startsWith("Hospital"))
                .findFirst()
                .orElseThrow();
        assertEquals(Timelines.PLOT_RIGHT, hospital.x(), 0.2, "a later course sits at the edge, not beyond it");
    }

    private Timeline draw(Instant end, TimelineSpan span) {
        UnifiedRecord record = new Reconciler().reconcile(PATIENT, medicines, SOURCES, DmdFixtures.testRelease());
        Map<String, ClinicalRecord> byKey = new LinkedHashMap<>();
        List<ClinicalRecord> all = new ArrayList<>(medicines);
        all.addAll(encounters);
        all.forEach(r -> byKey.put(r.key().text(), r));
        return Timelines.of(record.allItems(), byKey, SOURCES, end, span);
    }

    private static EncounterRecord encounter(String id, String status, String start, String end) {
        return new EncounterRecord(
                new RecordKey(ACUTE.id(), RecordKind.ENCOUNTER, "id:" + id),
                id,
                PATIENT,
                "IMP",
                status,
                start,
                end,
                List.of(),
                new VersionStamp(Instant.parse("2026-11-30T08:00:00Z"), null, 1));
    }
}
