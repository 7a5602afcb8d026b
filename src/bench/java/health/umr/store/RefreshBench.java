package health.umr.store;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import health.umr.domain.ClinicalRecord;
import health.umr.domain.EncounterRecord;
import health.umr.domain.NhsNumber;
import health.umr.domain.PatientFacts;
import health.umr.domain.PatientRecord;
import health.umr.domain.PatientSummary;
import health.umr.domain.RecordChange;
import health.umr.domain.RecordText;
import health.umr.domain.ReferenceTime;
import health.umr.domain.Sha256;
import health.umr.domain.Source;
import health.umr.domain.SourceRecord;
import health.umr.reconcile.RefreshPatient;
import health.umr.records.PatientRecordBuilder;
import health.umr.reports.PatientSummaries;
import health.umr.sources.SourceRegistry;
import java.lang.reflect.Proxy;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The Java work of refreshing one patient's unified record, without the database: from the patient's
 * source-record rows as the store reads them ({@link SourceRecordRepository#toLoaded}) to the record
 * (reconcile, admission, alerts), its fingerprint and the summary row's fingerprint. That is what a
 * rebuild does per patient when the record has not changed; {@link #refreshChanged} adds what a
 * changed record costs besides: the previous version read back, the record-changed event, and the
 * JSON of the new version and of the summary row. The patient is {@link RefreshPatient} (50
 * medication records and 2 encounters).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RefreshBench {

    private static final TypeReference<List<PatientSummary.AlertSince>> ALERTS = new TypeReference<>() {};
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    /** Stands in for Quarkus's ObjectMapper (the store's column JSON and the record-changed event). */
    private final ObjectMapper json = new ObjectMapper()
            .findAndRegisterModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private List<Map<String, Object>> rows;
    private Map<String, Object> current;
    private final ResultSet resultSet = resultSet();
    private SourceRecordRepository store;
    private PatientRecordBuilder builder;
    private PatientSummaries summariser;
    private NhsNumber nhsNumber;
    private Optional<PatientFacts> facts;
    private ReferenceTime at;
    private PatientRecord built;
    private String storedFingerprint;
    private String storedContent;
    private String storedSummarySha;
    private String storedSummaryAlerts;

    @Setup
    public void setUp() throws Exception {
        Map<String, Source> sources = RefreshPatient.sources();
        SourceRegistry registry = new SourceRegistry(null) {
            @Override
            public Optional<Source> findById(String id) {
                return Optional.ofNullable(sources.get(id));
            }
        };
        builder = new PatientRecordBuilder(null, null, registry, RefreshPatient.dmd());
        summariser = new PatientSummaries(builder.alerts());
        store = new SourceRecordRepository(null, json);
        nhsNumber = RefreshPatient.nhsNumber();
        facts = Optional.of(RefreshPatient.facts());
        at = ReferenceTime.at(NOW);
        rows = new ArrayList<>();
        long sequence = 1;
        for (ClinicalRecord record : RefreshPatient.records()) {
            rows.add(row(record, sequence++));
        }
        PatientRecord record = build();
        built = record;
        storedFingerprint = record.fingerprint();
        storedContent = RecordJson.write(record);
        PatientSummary summary = summariser.summarise(
                record, Map.of(), NOW, "female", facts.get().birthDate());
        storedSummarySha = Sha256.hex(RecordText.of(summary));
        storedSummaryAlerts = RecordJson.write(summary.alerts());
        if (record.alerts().isEmpty() || !record.admission().admitted()) {
            throw new IllegalStateException("the bench patient should be admitted and have alerts: " + record);
        }
    }

    /** A rebuild of an unchanged patient: the record and the summary are computed and compared, nothing written. */
    @Benchmark
    public String rebuildUnchanged() throws SQLException {
        PatientRecord record = build();
        if (!record.fingerprint().equals(storedFingerprint)) {
            throw new IllegalStateException("the record changed");
        }
        PatientSummary summary = summary(record);
        String sha = Sha256.hex(RecordText.of(summary));
        if (!sha.equals(storedSummarySha)) {
            throw new IllegalStateException("the summary changed");
        }
        return sha;
    }

    /** A refresh that writes: as {@link #rebuildUnchanged}, then the new version, its event and the summary row. */
    @Benchmark
    public int refreshChanged() throws Exception {
        PatientRecord record = build();
        String fingerprint = record.fingerprint();
        PatientSummary summary = summary(record);
        String sha = Sha256.hex(RecordText.of(summary));
        PatientRecord before = RecordJson.readRecord(storedContent);
        String event = json.writeValueAsString(RecordChange.between(before, record, 2, NOW));
        String content = RecordJson.write(record);
        String acb = RecordJson.write(summary.acbMedicines());
        String alerts = RecordJson.write(summary.alerts());
        return fingerprint.length() + sha.length() + event.length() + content.length() + acb.length() + alerts.length();
    }

    /** Part of {@link #rebuildUnchanged}: the rows read into source records. */
    @Benchmark
    public List<SourceRecordRepository.Loaded> partLoad() throws SQLException {
        return load();
    }

    /** Part of {@link #rebuildUnchanged}: the alert rules on the reconciled record. */
    @Benchmark
    public Object partAlerts() {
        return builder.alerts().evaluate(built.unified(), built.admission(), facts, at);
    }

    /** Part of {@link #rebuildUnchanged}: the record's fingerprint. */
    @Benchmark
    public String partFingerprint() {
        return built.fingerprint();
    }

    /** Part of {@link #rebuildUnchanged}: the summary row and its fingerprint, from the stored row's alerts. */
    @Benchmark
    public String partSummary() {
        return Sha256.hex(RecordText.of(summary(built)));
    }

    /**
     * Outside JMH, on a shared box: each benchmark's thread CPU time per operation (which other
     * processes' load inflates far less than wall time), after {@code args[0]} warm-up seconds (then only the benchmarks named, if any); or,
     * with {@code --dump}, everything the refresh writes for the patient, to compare before and
     * after a change.
     */
    public static void main(String[] args) throws Exception {
        RefreshBench bench = new RefreshBench();
        bench.setUp();
        if (args.length > 0 && args[0].equals("--dump")) {
            PatientRecord record = bench.build();
            PatientSummary summary = bench.summary(record);
            PatientRecord before = RecordJson.read(bench.storedContent, PatientRecord.class);
            System.out.println(record.fingerprint());
            System.out.println(RecordJson.write(record));
            System.out.println(summary);
            System.out.println(RecordJson.write(summary.acbMedicines()));
            System.out.println(RecordJson.write(summary.alerts()));
            System.out.println(bench.json.writeValueAsString(RecordChange.between(before, record, 2, NOW)));
            System.out.println(bench.json.writeValueAsString(RecordChange.between(null, record, 1, NOW)));
            System.out.println(record.equals(before));
            return;
        }
        long warmup = args.length > 0 ? Long.parseLong(args[0]) : 20;
        java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        List<String> names = args.length > 1
                ? List.of(args).subList(1, args.length)
                : List.of(
                        "rebuildUnchanged",
                        "refreshChanged",
                        "partLoad",
                        "partAlerts",
                        "partFingerprint",
                        "partSummary");
        for (String name : names) {
            long end = System.nanoTime() + warmup * 1_000_000_000L;
            while (System.nanoTime() < end) {
                bench.run(name);
            }
            long ops = 0;
            long start = cpu.getCurrentThreadCpuTime();
            long stop = start + 3_000_000_000L;
            long used;
            while ((used = cpu.getCurrentThreadCpuTime()) < stop) {
                for (int i = 0; i < 20; i++) {
                    bench.run(name);
                }
                ops += 20;
            }
            System.out.printf("%s: %.1f us of thread CPU per op (%d ops)%n", name, (used - start) / 1000.0 / ops, ops);
        }
    }

    private Object run(String name) throws Exception {
        return switch (name) {
            case "rebuildUnchanged" -> rebuildUnchanged();
            case "refreshChanged" -> refreshChanged();
            case "partLoad" -> partLoad();
            case "partAlerts" -> partAlerts();
            case "partFingerprint" -> partFingerprint();
            default -> partSummary();
        };
    }

    private PatientRecord build() throws SQLException {
        return builder.build(nhsNumber, load(), facts, at);
    }

    private List<SourceRecordRepository.Loaded> load() throws SQLException {
        List<SourceRecordRepository.Loaded> loaded = new ArrayList<>(rows.size());
        for (Map<String, Object> row : rows) {
            current = row;
            loaded.add(store.toLoaded(resultSet));
        }
        return loaded;
    }

    private PatientSummary summary(PatientRecord record) {
        Map<String, Instant> raised = new LinkedHashMap<>();
        for (PatientSummary.AlertSince alert : RecordJson.read(storedSummaryAlerts, ALERTS)) {
            raised.put(alert.id(), alert.since());
        }
        return summariser.summarise(record, raised, NOW, "female", facts.get().birthDate());
    }

    /** The columns findByPatients selects, as the store writes them. */
    private Map<String, Object> row(ClinicalRecord record, long sequence) throws Exception {
        Map<String, Object> row = new HashMap<>();
        row.put("source_id", record.key().sourceId());
        row.put("resource_type", record.key().kind().resourceType());
        row.put("business_key", record.key().businessKey());
        row.put("resource_id", record.resourceId());
        row.put("nhs_number", record.nhsNumber().value());
        row.put("status", record.status());
        row.put("logical_id", record.resourceId());
        row.put(
                "last_updated",
                record.version().lastUpdated() == null
                        ? null
                        : Timestamp.from(record.version().lastUpdated()));
        row.put("version_number", record.version().versionNumber());
        row.put("received_seq", sequence);
        if (record instanceof SourceRecord medicine) {
            row.put("medication", json.writeValueAsString(medicine.medication()));
            row.put("intent", medicine.intent());
            row.put("category", medicine.category());
            row.put("dosage", json.writeValueAsString(medicine.dosage()));
            row.put("effective_start", medicine.effectiveStart());
            row.put("effective_end", medicine.effectiveEnd());
            row.put("date_asserted", medicine.dateAsserted());
            row.put("based_on", json.writeValueAsString(medicine.basedOn()));
            row.put("group_identifier", medicine.groupIdentifier());
            row.put("identifiers", json.writeValueAsString(medicine.identifiers()));
            row.put("status_reason", medicine.statusReason());
            row.put("indication", medicine.indication());
        } else {
            EncounterRecord encounter = (EncounterRecord) record;
            row.put("encounter_class", encounter.encounterClass());
            row.put("effective_start", encounter.periodStart());
            row.put("effective_end", encounter.periodEnd());
            row.put("identifiers", json.writeValueAsString(encounter.identifiers()));
        }
        return row;
    }

    /** A ResultSet on the current row's columns (by name: getString, getObject, getLong, getTimestamp). */
    private ResultSet resultSet() {
        return (ResultSet) Proxy.newProxyInstance(
                RefreshBench.class.getClassLoader(), new Class<?>[] {ResultSet.class}, (proxy, method, args) -> {
                    Object value = current.get((String) args[0]);
                    return switch (method.getName()) {
                        case "getString" -> (String) value;
                        case "getObject", "getTimestamp" -> value;
                        case "getLong" -> value == null ? 0L : ((Number) value).longValue();
                        default -> throw new UnsupportedOperationException(method.getName());
                    };
                });
    }
}
