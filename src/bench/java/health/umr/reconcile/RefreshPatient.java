package health.umr.reconcile;

import health.umr.dmd.Dmd;
import health.umr.domain.ClinicalRecord;
import health.umr.domain.EncounterRecord;
import health.umr.domain.Gender;
import health.umr.domain.NhsNumber;
import health.umr.domain.PatientFacts;
import health.umr.domain.RecordKey;
import health.umr.domain.RecordKind;
import health.umr.domain.Source;
import health.umr.domain.SourceRecord;
import health.umr.domain.VersionStamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The benchmarks' patient: 50 medication records (ten medicines
 * held by GP, acute, mental health and homecare) plus an acute admission still in progress and an
 * earlier finished one, and the patient's sex and birth date, so the admission, the omission,
 * burden, duplication, discrepancy and unmapped rules all have work.
 */
public final class RefreshPatient {

    private static final String[][] MEDICINES = {
        {Codes.AMITRIPTYLINE_10MG_TABLETS, "10mg at night"},
        {Codes.CO_CARELDOPA_25_100_TABLETS, "1 tablet four times a day"},
        {Codes.APIXABAN_5MG_TABLETS, "5mg twice a day"},
        {Codes.SERTRALINE_50MG_TABLETS, "50mg once a day"},
        {Codes.OMEPRAZOLE_20MG_CAPSULES, "20mg once a day"},
        {Codes.INSULIN_GLARGINE_PREFILLED, "20 units at night"},
        {Codes.CO_AMILOFRUSE_5_40_TABLETS, "1 tablet in the morning"},
        {Codes.CO_CARELDOPA_RETIRED, "as directed"},
        {Codes.APIXABAN_RETIRED, "5mg twice a day"},
        {null, "Herbal remedy, as needed"}
    };

    private RefreshPatient() {}

    public static NhsNumber nhsNumber() {
        return Records.PATIENT;
    }

    public static Map<String, Source> sources() {
        return Records.SOURCES;
    }

    public static Dmd dmd() {
        return TestDmd.get();
    }

    public static PatientFacts facts() {
        return new PatientFacts(
                Records.PATIENT, Gender.FEMALE, LocalDate.parse("1948-03-14"), Instant.parse("2026-01-01T00:00:00Z"));
    }

    /** The patient's 52 source records: the 50 medication records, then two encounters. */
    public static List<ClinicalRecord> records() {
        List<ClinicalRecord> records = new ArrayList<>(medicationRecords());
        records.add(encounter("enc-1", "finished", "2026-03-02T10:00:00Z", "2026-03-05T16:00:00Z"));
        records.add(encounter("enc-2", "in-progress", "2026-11-28T08:30:00Z", null));
        return records;
    }

    /**
     * The 50 medication records {@link ReconcileBench} reconciles: for each medicine a GP statement,
     * repeat plan and three issued orders (GP Connect shape), an acute inpatient order for most (one
     * at another dose, one stopped), and a few mental health and homecare records.
     */
    public static List<SourceRecord> medicationRecords() {
        List<SourceRecord> records = new ArrayList<>();
        for (int m = 0; m < MEDICINES.length; m++) {
            String code = MEDICINES[m][0];
            String dose = MEDICINES[m][1];
            String day = String.format("2026-%02d-01", 1 + m);
            records.add(medication(Records.statement(Records.GP, "gp-ms-" + m), code, dose)
                    .status("active")
                    .started(day)
                    .updated(day + "T09:00:00Z")
                    .build());
            records.add(medication(Records.request(Records.GP, "gp-plan-" + m, "plan"), code, dose)
                    .status("active")
                    .started(day)
                    .updated(day + "T09:00:00Z")
                    .build());
            for (int o = 0; o < 2; o++) {
                records.add(medication(Records.request(Records.GP, "gp-order-" + m + "-" + o, "order"), code, dose)
                        .status("completed")
                        .basedOn("MedicationRequest/gp-plan-" + m)
                        .started(day)
                        .updated(day + "T1" + o + ":00:00Z")
                        .build());
            }
            if (m < 7) {
                String acuteDose = m == 2 ? "2.5mg twice a day" : dose;
                records.add(medication(Records.request(Records.ACUTE, "acute-" + m, "order"), code, acuteDose)
                        .status(m == 4 ? "stopped" : "active")
                        .started(day)
                        .updated(day + "T12:00:00Z")
                        .build());
            }
        }
        records.add(medication(
                        Records.statement(Records.MENTAL_HEALTH, "mh-1"),
                        Codes.SERTRALINE_50MG_TABLETS,
                        "50mg once a day")
                .status("active")
                .updated("2026-06-01T09:00:00Z")
                .build());
        records.add(medication(Records.statement(Records.MENTAL_HEALTH, "mh-2"), Codes.AMITRIPTYLINE, "10mg at night")
                .status("active")
                .updated("2026-06-01T09:00:00Z")
                .build());
        records.add(medication(Records.request(Records.HOMECARE, "hc-1", "order"), Codes.NUTRISON_LIQUID, "500ml daily")
                .status("active")
                .updated("2026-07-01T09:00:00Z")
                .build());
        if (records.size() != 50) {
            throw new IllegalStateException("the patient should hold 50 medication records, not " + records.size());
        }
        return records;
    }

    private static EncounterRecord encounter(String id, String status, String start, String end) {
        return new EncounterRecord(
                new RecordKey(Records.ACUTE.id(), RecordKind.ENCOUNTER, RecordKey.ofResourceId(id)),
                id,
                Records.PATIENT,
                "IMP",
                status,
                start,
                end,
                List.of(),
                new VersionStamp(Instant.parse(start), null, 0));
    }

    private static Records medication(Records record, String code, String dose) {
        Records coded = code == null ? record.text(dose) : record.dmd(code);
        return coded.dosageText(dose).patient(Records.PATIENT);
    }
}
