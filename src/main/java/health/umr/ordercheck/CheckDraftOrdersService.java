package health.umr.ordercheck;

import health.umr.alerts.DraftOrder;
import health.umr.alerts.DraftOrderCheck;
import health.umr.alerts.OrderFinding;
import health.umr.dmd.Dmd;
import health.umr.domain.MedicationCode;
import health.umr.domain.NhsNumber;
import health.umr.domain.PatientFacts;
import health.umr.domain.ReferenceTime;
import health.umr.domain.Source;
import health.umr.records.RecordQueryService;
import health.umr.sources.SourceRegistry;
import health.umr.store.PatientRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Checks a prescriber's draft orders against the patient's current unified record (CDS Hooks).
 * Reads only: the stored current version, the patient's stored facts, the registered sources.
 */
@ApplicationScoped
public class CheckDraftOrdersService {

    /** What the check found, with each source id it names mapped to the source's registered name. */
    public record Review(List<OrderFinding> findings, Map<String, String> sourceNames) {}

    private final RecordQueryService records;
    private final PatientRepository patients;
    private final SourceRegistry sources;
    private final Dmd dmd;
    private final DraftOrderCheck check;

    public CheckDraftOrdersService(
            RecordQueryService records, PatientRepository patients, SourceRegistry sources, Dmd dmd) {
        this.records = records;
        this.patients = patients;
        this.sources = sources;
        this.dmd = dmd;
        // The record's own rules, so a card and a DetectedIssue always agree.
        this.check = new DraftOrderCheck(records.rules());
    }

    /** The service's "now", the reference time of a check. */
    public java.time.Instant now() {
        return records.now();
    }

    /** A draft's medicine resolved in the loaded dm+d release. */
    public DraftOrder resolve(String reference, MedicationCode medication) {
        return DraftOrder.resolve(reference, medication, dmd);
    }

    /**
     * Empty when UMR has never seen the patient: there is nothing to check against.
     *
     * @param prefetched the sex and birth date the client's Patient gives; preferred to UMR's stored
     *                   facts where it has both, since the client's demographics are the current ones
     */
    public Optional<Review> check(
            NhsNumber patient,
            Optional<PatientFacts> prefetched,
            ReferenceTime at,
            List<DraftOrder> checked,
            List<DraftOrder> all) {
        return records.findUnifiedRecord(patient, Optional.empty()).map(version -> {
            Optional<PatientFacts> facts = prefetched
                    .filter(f -> f.gender() != null && f.birthDate() != null)
                    .or(() -> patients.find(patient))
                    .or(() -> prefetched);
            List<OrderFinding> findings = check.check(version.record(), facts, at, checked, all);
            Map<String, String> names = new TreeMap<>();
            findings.forEach(f -> f.sourceIds()
                    .forEach(id ->
                            names.put(id, sources.findById(id).map(Source::name).orElse(id))));
            return new Review(findings, names);
        });
    }
}
