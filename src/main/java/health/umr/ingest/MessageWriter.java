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
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
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

    public MessageWriter(
            InboundLog inboundLog,
            SourceRecordRepository records,
            PatientRepository patients,
            ObjectMapper json,
            IngestMetrics metrics,
            SourceActivity activity) {
        this.activity = activity;
        this.inboundLog = inboundLog;
        this.records = records;
        this.patients = patients;
        this.json = json;
        this.metrics = metrics;
    }

    /**
     * Logs the message and stores its entries, without recomputing unified records.
     *
     * @param rebuild re-derive held versions from the log too (see RebuildService)
     */
    @Transactional(Transactional.TxType.MANDATORY)
    IngestOutcome store(InboundMessage message, List<Entry> entries, boolean rebuild) {
        List<Entry> toStore = entries.stream()
                .filter(e -> e instanceof Entry.OfRecord || e instanceof Entry.OfPatient)
                .sorted(Comparator.comparing(MessageWriter::lockOrder))
                .toList();
        if (toStore.isEmpty()) {
            return new IngestOutcome(
                    0, entries.stream().map(MessageWriter::notStored).toList(), Set.of());
        }
        InboundLog.Appended logged = inboundLog.append(new InboundLog.Entry(
                message.sourceHint(),
                message.transport().name().toLowerCase(java.util.Locale.ROOT),
                message.interaction().code(),
                message.target(),
                message.contentType(),
                message.receivedAt(),
                Sha256.hex(message.body()),
                message.body()));
        // each patient once per message, in NHS-number order (the order patient rows are locked in)
        toStore.stream()
                .filter(e -> e instanceof Entry.OfRecord)
                .map(MessageWriter::patientOf)
                .collect(Collectors.toCollection(TreeSet::new))
                .forEach(patients::ensureKnown);
        Map<Integer, EntryOutcome> stored = new LinkedHashMap<>();
        Set<NhsNumber> changed = new TreeSet<>();
        for (Entry entry : toStore) {
            EntryOutcome outcome = store(entry, logged.sequence(), rebuild, changed);
            stored.put(entry.index(), outcome);
            if (outcome.result() != EntryOutcome.Result.UNCHANGED) {
                changed.add(patientOf(entry));
            }
        }
        List<EntryOutcome> outcomes = new ArrayList<>();
        for (Entry entry : entries) {
            outcomes.add(stored.getOrDefault(entry.index(), notStored(entry)));
        }
        IngestOutcome outcome = new IngestOutcome(logged.sequence(), outcomes, changed);
        if (!rebuild) {
            metrics.taken(message.transport(), outcome);
            activity.taken(
                    toStore.stream()
                            .filter(e -> e instanceof Entry.OfRecord)
                            .map(e -> ((Entry.OfRecord) e).record().key().sourceId())
                            .collect(Collectors.toSet()),
                    message.receivedAt());
        }
        if (logged.firstTime()) {
            inboundLog.recordOutcome(logged.sequence(), summarise(outcome));
        }
        LOG.debugf(
                "message %d (%s): %d taken, %d refused",
                logged.sequence(),
                message.interaction().code(),
                outcome.taken(),
                outcome.refused().size());
        return outcome;
    }

    /** Stores one entry; a record moved to another patient adds the patient it left to {@code changed}. */
    private EntryOutcome store(Entry entry, long sequence, boolean rebuild, Set<NhsNumber> changed) {
        if (entry instanceof Entry.OfPatient patient) {
            boolean newer = patients.upsert(patient.facts(), patient.resourceJson(), sequence);
            return new EntryOutcome(
                    entry.index(),
                    "Patient",
                    newer ? EntryOutcome.Result.UPDATED : EntryOutcome.Result.UNCHANGED,
                    patient.facts().nhsNumber().value(),
                    1,
                    null);
        }
        Entry.OfRecord taken = (Entry.OfRecord) entry;
        SourceRecordRepository.Stored result = records.upsert(taken.record(), taken.resourceJson(), sequence, rebuild);
        if (result.movedFrom() != null) {
            changed.add(NhsNumber.parse(result.movedFrom()));
        }
        return new EntryOutcome(
                entry.index(),
                entry.resourceType(),
                EntryOutcome.Result.valueOf(result.change().name()),
                result.logicalId(),
                result.version(),
                null);
    }

    private static NhsNumber patientOf(Entry entry) {
        return entry instanceof Entry.OfRecord taken
                ? taken.record().nhsNumber()
                : ((Entry.OfPatient) entry).facts().nhsNumber();
    }

    /** Rows are locked in one global order, so two messages touching the same records cannot deadlock. */
    private static String lockOrder(Entry entry) {
        if (entry instanceof Entry.OfRecord taken) {
            return "1" + taken.record().key().kind() + "|"
                    + taken.record().key().sourceId() + "|"
                    + taken.record().key().businessKey();
        }
        return "0" + ((Entry.OfPatient) entry).facts().nhsNumber().value();
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
