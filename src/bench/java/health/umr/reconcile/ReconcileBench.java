package health.umr.reconcile;

import health.umr.dmd.Dmd;
import health.umr.domain.SourceRecord;
import health.umr.domain.UnifiedRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Reconcile of one 50-record patient: ten medicines held by GP, acute, mental health and homecare,
 * as statements, plans and orders, with a dose discrepancy, a stop, text-only and retired codes, so
 * every stage of the reconciler (grouping, dates, doses, discrepancies) does real work.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ReconcileBench {

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

    private final Reconciler reconciler = new Reconciler();
    private List<SourceRecord> records;
    private Dmd dmd;

    @Setup
    public void setUp() {
        dmd = TestDmd.get();
        records = new ArrayList<>();
        for (int m = 0; m < MEDICINES.length; m++) {
            String code = MEDICINES[m][0];
            String dose = MEDICINES[m][1];
            String day = String.format("2026-%02d-01", 1 + m);
            // GP: a statement, the repeat plan and three issued orders (GP Connect shape)
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
            // Acute: an inpatient order for most, one of them at another dose, one stopped
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
            throw new IllegalStateException("the patient should hold 50 records, not " + records.size());
        }
    }

    private static Records medication(Records record, String code, String dose) {
        Records coded = code == null ? record.text(dose) : record.dmd(code);
        return coded.dosageText(dose).patient(Records.PATIENT);
    }

    @Benchmark
    public UnifiedRecord reconcileFiftyRecords() {
        return reconciler.reconcile(Records.PATIENT, records, Records.SOURCES, dmd);
    }
}
