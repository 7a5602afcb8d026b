package health.umr.records;

import health.umr.alerts.AlertStates;
import health.umr.alerts.AnswerValidity;
import health.umr.alerts.ClinicalAlerts;
import health.umr.domain.Acknowledgement;
import health.umr.domain.ClinicalRecord;
import health.umr.domain.NhsNumber;
import health.umr.domain.PatientFacts;
import health.umr.domain.PatientRecord;
import health.umr.domain.ReferenceTime;
import health.umr.domain.Source;
import health.umr.sources.SourceRegistry;
import health.umr.store.AcknowledgementRepository;
import health.umr.store.PatientRepository;
import health.umr.store.SourceRecordRepository;
import health.umr.store.UnifiedRecordRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** Reads source records and patients back as they were received. */
@ApplicationScoped
public class RecordQueryService {

    private final SourceRecordRepository records;
    private final PatientRepository patients;
    private final UnifiedRecordRepository unifiedRecords;
    private final PatientRecordBuilder builder;
    private final SourceRegistry sources;
    private final AcknowledgementRepository acknowledgements;
    private final Clock clock;

    public RecordQueryService(
            SourceRecordRepository records,
            PatientRepository patients,
            UnifiedRecordRepository unifiedRecords,
            PatientRecordBuilder builder,
            SourceRegistry sources,
            AcknowledgementRepository acknowledgements,
            Clock clock) {
        this.records = records;
        this.patients = patients;
        this.unifiedRecords = unifiedRecords;
        this.builder = builder;
        this.sources = sources;
        this.acknowledgements = acknowledgements;
        this.clock = clock;
    }

    /** The patient's unified record now, or as it stood at an instant: one indexed read, no recomputation. */
    public Optional<RecordVersion> findUnifiedRecord(NhsNumber nhsNumber, Optional<Instant> at) {
        return (at.isPresent() ? unifiedRecords.at(nhsNumber, at.get()) : unifiedRecords.current(nhsNumber))
                .map(v -> new RecordVersion(v.version(), v.recordedAt(), v.fingerprint(), v.record()));
    }

    /**
     * The patient's record as a reader sees it now, or as it stood at an instant: the stored version with
     * its alerts evaluated at that time (ages today, how long an omission has been open, freshness) and
     * the acknowledgements recorded by then. The reconciliation is not redone.
     */
    public Optional<RecordView> findRecordView(NhsNumber nhsNumber, Optional<Instant> at) {
        return read(nhsNumber, at).map(Reading::view);
    }

    /**
     * A read of the patient's current record now, with what a cache of its answer needs: the instant
     * until which the answer stays the same for the same stored version and acknowledgements ({@link
     * AnswerValidity}), and whether the acknowledgements were read (with no alerts they cannot change it).
     *
     * @param view       the view, exactly as {@link #findRecordView} gives it now
     * @param validUntil the first instant from which the answer may differ
     * @param acksRead   true when the answer depends on the acknowledgements
     */
    public record Reading(RecordView view, Instant validUntil, boolean acksRead, UnifiedRecordRepository.Stamp stamp) {}

    /**
     * {@link #findRecordView} now, as a {@link Reading} with the stamp of the version read (from the
     * same query as the record).
     */
    public Optional<Reading> readNow(NhsNumber nhsNumber) {
        Instant when = clock.instant();
        return unifiedRecords.currentStamped(nhsNumber).map(found -> {
            UnifiedRecordRepository.Version v = found.version();
            return reading(
                    new RecordVersion(v.version(), v.recordedAt(), v.fingerprint(), v.record()),
                    when,
                    found.stamp(),
                    found::acknowledgements);
        });
    }

    /** Package-private for CurrentReadOneQueryTest: the read at an instant is what readNow must equal. */
    Optional<Reading> read(NhsNumber nhsNumber, Optional<Instant> at) {
        Instant when = at.orElseGet(clock::instant);
        return findUnifiedRecord(nhsNumber, at)
                .map(version -> reading(version, when, null, () -> acknowledgements.findByPatient(nhsNumber)));
    }

    /** {@code acknowledgedBy}: the patient's acknowledgements, asked for only when the record has alerts. */
    private Reading reading(
            RecordVersion version,
            Instant when,
            UnifiedRecordRepository.Stamp stamp,
            Supplier<List<Acknowledgement>> acknowledgedBy) {
        ReferenceTime reference = ReferenceTime.at(when);
        PatientRecord record = builder.reevaluate(version.record(), reference);
        // acknowledgements only ever attach to alerts: with none, they cannot change the answer
        // (AlertStates.at gives no states whatever it is given; RecordViewAcknowledgementsTest), so are not used
        // (the read of the current record has them from its one query anyway; the read at an instant does not
        // read them)
        boolean acksRead = !record.alerts().isEmpty();
        List<Acknowledgement> acknowledged = acksRead ? acknowledgedBy.get() : List.of();
        RecordView view =
                new RecordView(version, record, AlertStates.at(record.alerts(), acknowledged, when), reference);
        return new Reading(view, AnswerValidity.until(record, acknowledged, when), acksRead, stamp);
    }

    /** Every acknowledgement of the patient's alerts, oldest first (each alert's history). */
    public List<health.umr.domain.Acknowledgement> findAcknowledgements(NhsNumber nhsNumber) {
        return acknowledgements.findByPatient(nhsNumber);
    }

    /** The service's "now". */
    public Instant now() {
        return clock.instant();
    }

    /** Per-item facts from the reference lists (ACB score, time-critical) for readers. */
    public ClinicalAlerts rules() {
        return builder.alerts();
    }

    public Optional<ReceivedRecord> findRecord(String resourceType, String logicalId) {
        return records.findByLogicalId(resourceType, logicalId).map(ReceivedRecord::of);
    }

    /** The newest Patient resource received for an NHS number. */
    public Optional<String> findPatientResource(NhsNumber nhsNumber) {
        return patients.findResource(nhsNumber);
    }

    /** Every version of the patient's unified record, oldest first: when each was recorded and its alerts. */
    public List<RecordVersionSummary> versions(NhsNumber nhsNumber) {
        return unifiedRecords.versions(nhsNumber).stream()
                .map(v -> new RecordVersionSummary(v.version(), v.recordedAt(), v.alertIds()))
                .toList();
    }

    /** What the newest Patient resource said about the NHS number (sex, birth date), if any arrived. */
    public Optional<PatientFacts> findPatientFacts(NhsNumber nhsNumber) {
        return patients.find(nhsNumber);
    }

    /** The registered sources (names and settings for readers). */
    public List<Source> sources() {
        return sources.list();
    }

    /**
     * The patient's source records as they stand now (medicines and encounters, with the clinical
     * dates the sources sent): what a timeline draws. The unified record's versions hold the
     * reconciled items; these hold the periods behind them.
     */
    public List<ClinicalRecord> sourceRecords(NhsNumber nhsNumber) {
        return records.findByPatient(nhsNumber.value()).stream()
                .map(SourceRecordRepository.Loaded::record)
                .toList();
    }
}
