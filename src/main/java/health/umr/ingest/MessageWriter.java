package health.umr.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import health.umr.domain.InvalidInputException;
import health.umr.domain.NhsNumber;
import health.umr.domain.Sha256;
import health.umr.store.InboundLog;
import health.umr.store.PatientRepository;
import health.umr.store.SourceRecordRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jboss.logging.Logger;

/**
 * Writes one read message in the caller's transaction: appends it to the inbound log and upserts
 * what it asserts (patients first, then records, in one global lock order). Reached only through
 * {@link IngestService}, the one way in.
 */
@ApplicationScoped
public class MessageWriter {

    private static final Logger LOG = Logger.getLogger(MessageWriter.class);

    private final InboundLog inboundLog;
    private final SourceRecordRepository records;
    private final PatientRepository patients;
    private final ObjectMapper json;
    private final IngestMetrics metrics;
    private final SourceActivity activity;
    private final MessageReader reader;

    public MessageWriter(
            InboundLog inboundLog,
            SourceRecordRepository records,
            PatientRepository patients,
            ObjectMapper json,
            IngestMetrics metrics,
            SourceActivity activity,
            MessageReader reader) {
        this.reader = reader;
        this.activity = activity;
        this.inboundLog = inboundLog;
        this.records = records;
        this.patients = patients;
        this.json = json;
        this.metrics = metrics;
    }

    /** A message as read, ready to be written. */
    record Read(InboundMessage message, List<Entry> entries) {}

    /**
     * Logs the message and stores its entries, without recomputing unified records.
     *
     * @param rebuild re-derive held versions from the log too (see RebuildService)
     */
    @Transactional(Transactional.TxType.MANDATORY)
    IngestOutcome store(InboundMessage message, List<Entry> entries, boolean rebuild) {
        return storeAll(List.of(new Read(message, entries)), rebuild).get(0);
    }

    /**
     * Logs the messages and stores their entries as {@link #store} would one after the other, in a
     * few statements for the whole batch: the log's sequence numbers (earlier copies found, new ones
     * drawn), the patients (known and locked first, in NHS-number order), the Patient facts, the
     * records, then the log's new entries written once, with their outcomes; one statement each (see
     * the repositories' {@code upsertAll} for the rare batch that holds a record twice).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    List<IngestOutcome> storeAll(List<Read> batch, boolean rebuild) {
        List<Read> toLog = new ArrayList<>();
        List<InboundLog.Entry> logEntries = new ArrayList<>();
        Set<NhsNumber> batchPatients = new TreeSet<>();
        for (Read read : batch) {
            if (read.entries().stream().anyMatch(MessageWriter::stored)) {
                toLog.add(read);
                InboundMessage message = read.message();
                logEntries.add(new InboundLog.Entry(
                        message.sourceHint(),
                        message.transport().name().toLowerCase(java.util.Locale.ROOT),
                        message.interaction().code(),
                        message.target(),
                        message.contentType(),
                        message.receivedAt(),
                        Sha256.hex(message.body()),
                        message.body()));
                read.entries().stream().filter(MessageWriter::stored).forEach(e -> batchPatients.add(patientOf(e)));
            }
        }
        Map<Read, IngestOutcome> outcomes = new IdentityHashMap<>();
        if (!toLog.isEmpty()) {
            // the log's entries are written last, with their outcomes: here only their sequence numbers
            List<InboundLog.Appended> logged = inboundLog.reserve(logEntries);
            List<PatientRepository.Upsert> patientUpserts = new ArrayList<>();
            List<Entry.OfPatient> patientEntries = new ArrayList<>();
            List<SourceRecordRepository.Upsert> recordUpserts = new ArrayList<>();
            List<Entry.OfRecord> recordEntries = new ArrayList<>();
            for (int m = 0; m < toLog.size(); m++) {
                long sequence = logged.get(m).sequence();
                for (Entry entry : toLog.get(m).entries()) {
                    if (entry instanceof Entry.OfPatient patient) {
                        patientEntries.add(patient);
                        patientUpserts.add(
                                new PatientRepository.Upsert(patient.facts(), patient.resourceJson(), sequence));
                    } else if (entry instanceof Entry.OfRecord taken) {
                        recordEntries.add(taken);
                        recordUpserts.add(
                                new SourceRecordRepository.Upsert(taken.record(), taken.resourceJson(), sequence));
                    }
                }
            }
            // every patient of the batch is known and locked first, in NHS-number order (a new one with
            // its first facts), before any record is written
            List<Boolean> keptPatients = patients.ensureKnownLockAndUpsert(batchPatients, patientUpserts);
            List<SourceRecordRepository.Stored> storedRecords = records.upsertAll(recordUpserts, rebuild);
            Map<Entry, EntryOutcome> byEntry = new IdentityHashMap<>();
            // a record a resend moved to another patient: the patient it left changes too
            Map<Entry, NhsNumber> movedFrom = new IdentityHashMap<>();
            for (int i = 0; i < patientEntries.size(); i++) {
                Entry.OfPatient patient = patientEntries.get(i);
                byEntry.put(
                        patient,
                        new EntryOutcome(
                                patient.index(),
                                "Patient",
                                keptPatients.get(i) ? EntryOutcome.Result.UPDATED : EntryOutcome.Result.UNCHANGED,
                                patient.facts().nhsNumber().value(),
                                1,
                                null));
            }
            for (int i = 0; i < recordEntries.size(); i++) {
                Entry.OfRecord taken = recordEntries.get(i);
                SourceRecordRepository.Stored result = storedRecords.get(i);
                if (result.movedFrom() != null) {
                    movedFrom.put(taken, NhsNumber.parse(result.movedFrom()));
                }
                byEntry.put(
                        taken,
                        new EntryOutcome(
                                taken.index(),
                                taken.resourceType(),
                                EntryOutcome.Result.valueOf(result.change().name()),
                                result.logicalId(),
                                result.version(),
                                null));
            }
            Map<Long, String> firstOutcomes = new LinkedHashMap<>();
            for (int m = 0; m < toLog.size(); m++) {
                Read read = toLog.get(m);
                InboundLog.Appended appended = logged.get(m);
                List<EntryOutcome> entryOutcomes = new ArrayList<>();
                Set<NhsNumber> changed = new TreeSet<>();
                Set<String> sourceIds = new HashSet<>();
                for (Entry entry : read.entries()) {
                    EntryOutcome outcome = byEntry.get(entry);
                    if (outcome == null) {
                        entryOutcomes.add(notStored(entry));
                        continue;
                    }
                    entryOutcomes.add(outcome);
                    if (outcome.result() != EntryOutcome.Result.UNCHANGED) {
                        changed.add(patientOf(entry));
                    }
                    NhsNumber left = movedFrom.get(entry);
                    if (left != null) {
                        changed.add(left);
                    }
                    if (entry instanceof Entry.OfRecord taken) {
                        sourceIds.add(taken.record().key().sourceId());
                    }
                }
                IngestOutcome outcome = new IngestOutcome(appended.sequence(), entryOutcomes, changed);
                outcomes.put(read, outcome);
                if (!rebuild) {
                    metrics.taken(read.message().transport(), outcome);
                    activity.taken(sourceIds, read.message().receivedAt());
                }
                if (appended.firstTime()) {
                    firstOutcomes.put(appended.sequence(), summarise(outcome));
                }
                LOG.debugf(
                        "message %d (%s): %d taken, %d refused",
                        appended.sequence(),
                        read.message().interaction().code(),
                        outcome.taken(),
                        outcome.refused().size());
            }
            inboundLog.appendReserved(logEntries, logged, firstOutcomes, reader.derivation());
        }
        List<IngestOutcome> result = new ArrayList<>(batch.size());
        for (Read read : batch) {
            IngestOutcome outcome = outcomes.get(read);
            result.add(
                    outcome != null
                            ? outcome
                            : new IngestOutcome(
                                    0,
                                    read.entries().stream()
                                            .map(MessageWriter::notStored)
                                            .toList(),
                                    Set.of()));
        }
        return result;
    }

    private static boolean stored(Entry entry) {
        return entry instanceof Entry.OfRecord || entry instanceof Entry.OfPatient;
    }

    private static NhsNumber patientOf(Entry entry) {
        return entry instanceof Entry.OfRecord taken
                ? taken.record().nhsNumber()
                : ((Entry.OfPatient) entry).facts().nhsNumber();
    }

    private static EntryOutcome notStored(Entry entry) {
        InvalidInputException reason = entry instanceof Entry.Refusal refusal ? refusal.reason() : null;
        EntryOutcome.Result result = reason == null ? EntryOutcome.Result.CONTEXT : EntryOutcome.Result.REFUSED;
        return new EntryOutcome(entry.index(), entry.resourceType(), result, null, 0, reason);
    }

    private String summarise(IngestOutcome outcome) {
        Map<String, Object> summary = new LinkedHashMap<>();
        for (EntryOutcome.Result result : EntryOutcome.Result.values()) {
            summary.put(result.name().toLowerCase(java.util.Locale.ROOT), outcome.count(result));
        }
        summary.put(
                "refusals",
                outcome.refused().stream()
                        .map(r -> Map.of(
                                "index",
                                r.index(),
                                "code",
                                r.refusal().code().code(),
                                "reason",
                                r.refusal().getMessage()))
                        .toList());
        try {
            return json.writeValueAsString(summary);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of numbers and strings always serialises", e);
        }
    }
}
