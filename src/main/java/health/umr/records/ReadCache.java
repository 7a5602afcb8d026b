package health.umr.records;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import health.umr.config.UmrConfig;
import health.umr.domain.NhsNumber;
import health.umr.store.UnifiedRecordRepository;
import health.umr.store.UnifiedRecordRepository.Stamp;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * The encoded answers of recent reads of patients' current records, so that a repeat read of an
 * unchanged record is not decoded, re-evaluated and written again. Bounded by bytes ({@code
 * umr.read-cache.max-bytes}; 0 turns it off). An answer is served from here only when
 *
 * <ul>
 *   <li>it is the same kind of answer for the same NHS number;
 *   <li>the patient's current stored version is still the one it was made from: same number, recording
 *       time, fingerprint and row ({@link Stamp}, read from PostgreSQL on every request: alone when an
 *       answer is kept, with the record otherwise; so a write through another instance is seen by the
 *       next read here);
 *   <li>when the answer had alerts, the patient's acknowledgements are still the same (their count and
 *       newest sequence number, also read on every request: they are appended only);
 *   <li>the request's instant is within what {@link RecordQueryService.Reading#validUntil} gave: from
 *       the instant it was evaluated at, before the first instant at which time alone could change it.
 * </ul>
 *
 * Two answers are kept: the JSON read's and {@code $unified-medications}' default form (FHIR). The part of
 * an answer that is the request's own time (the JSON read's {@code evaluatedAt}; the FHIR answer holds
 * none) is not kept: an entry is the bytes before and after it, and the caller writes the request's
 * instant between them.
 * Requests for another instant ({@code at}/{@code _at}) never use it. {@code umr_read_cache_total}
 * counts hits and misses by answer; {@code umr_read_cache_bytes} is what it holds.
 */
@ApplicationScoped
public class ReadCache {

    /** The answers kept. */
    public enum Answer {
        JSON,
        FHIR
    }

    /**
     * One kept answer.
     *
     * @param stamp      the stored version and acknowledgements it was made from
     * @param acksMatter false when it had no alerts (acknowledgements cannot change it)
     * @param from       the instant it was evaluated at
     * @param until      the first instant at which it may differ
     * @param head       its bytes before the request's time
     * @param tail       its bytes after the request's time
     */
    public record Entry(Stamp stamp, boolean acksMatter, Instant from, Instant until, byte[] head, byte[] tail) {

        boolean servesAt(Stamp current, Instant now) {
            return current.version() == stamp.version()
                    && current.row() == stamp.row()
                    && current.recordedAt().equals(stamp.recordedAt())
                    && current.fingerprint().equals(stamp.fingerprint())
                    && (!acksMatter || (current.acks() == stamp.acks() && current.lastAck() == stamp.lastAck()))
                    && !now.isBefore(from)
                    && now.isBefore(until);
        }

        int weight() {
            return head.length + tail.length + 256;
        }

        /**
         * The answer with the request's time, already encoded, between head and tail: the kept head itself
         * when there is nothing to add (an answer without a request time), which callers only read.
         */
        public byte[] with(byte[] now) {
            if (now.length == 0 && tail.length == 0) {
                return head;
            }
            byte[] answer = new byte[head.length + now.length + tail.length];
            System.arraycopy(head, 0, answer, 0, head.length);
            System.arraycopy(now, 0, answer, head.length, now.length);
            System.arraycopy(tail, 0, answer, head.length + now.length, tail.length);
            return answer;
        }
    }

    private record Key(Answer answer, String nhsNumber) {}

    /** How one kind of answer is written, and where the request's time is in it. */
    public interface Answering {
        /**
         * The whole answer for a view; null when this kind of answer is not written from that view (the
         * caller then answers from {@link Served#view} its own way, and nothing is kept).
         */
        byte[] answer(RecordView view);

        /** The request's time as the answer writes it (empty when the answer holds none). */
        byte[] time(Instant at);

        /**
         * The answer's bytes before and after its time, {@code time} being exactly what {@link #time}
         * gives for the view's instant; empty when it is not where expected (the answer is then not kept).
         */
        Optional<byte[][]> split(byte[] answer, byte[] time);
    }

    /**
     * An answer to a read of the current record: its bytes (null when {@link Answering#answer} wrote none
     * for the view), the number and recording time of the stored version it was made from, and the view
     * when it was worked out (null when the answer was kept).
     */
    public record Served(byte[] bytes, int version, Instant recordedAt, RecordView view) {}

    private final Cache<Key, Entry> entries;
    private final Clock clock;
    private final RecordQueryService queries;
    private final UnifiedRecordRepository records;
    private final Map<Answer, Counter> hits = new EnumMap<>(Answer.class);
    private final Map<Answer, Counter> misses = new EnumMap<>(Answer.class);

    public ReadCache(
            UmrConfig config,
            Clock clock,
            MeterRegistry registry,
            RecordQueryService queries,
            UnifiedRecordRepository records) {
        this.clock = clock;
        this.queries = queries;
        this.records = records;
        long maxBytes = config.readCache().maxBytes();
        this.entries = maxBytes <= 0
                ? null
                : Caffeine.newBuilder()
                        .maximumWeight(maxBytes)
                        .weigher((Key key, Entry entry) -> entry.weight())
                        .expireAfter(new Expiry<Key, Entry>() {
                            @Override
                            public long expireAfterCreate(Key key, Entry entry, long currentTime) {
                                return left(entry);
                            }

                            @Override
                            public long expireAfterUpdate(Key key, Entry entry, long currentTime, long duration) {
                                return left(entry);
                            }

                            @Override
                            public long expireAfterRead(Key key, Entry entry, long currentTime, long duration) {
                                return duration;
                            }
                        })
                        .build();
        for (Answer answer : Answer.values()) {
            String name = answer.name().toLowerCase(java.util.Locale.ROOT);
            hits.put(answer, counter(registry, name, "hit"));
            misses.put(answer, counter(registry, name, "miss"));
        }
        Gauge.builder("umr.read.cache.bytes", this, ReadCache::weight)
                .description("bytes of read answers held (umr.read-cache.max-bytes bounds it)")
                .register(registry);
    }

    private static Counter counter(MeterRegistry registry, String answer, String result) {
        return Counter.builder("umr.read.cache")
                .description("reads of current records answered from kept bytes (hit) or worked out (miss)")
                .tag("answer", answer)
                .tag("result", result)
                .register(registry);
    }

    /** Off when {@code umr.read-cache.max-bytes} is 0. */
    public boolean enabled() {
        return entries != null;
    }

    /**
     * The answer to a read of the patient's current record now: the kept bytes when they still hold (the
     * stamp is read from PostgreSQL for them, counted as a hit), else worked out by {@code how} from {@link
     * RecordQueryService#readNow} (counted as a miss) and kept when it can be: made from facts the stored
     * record holds (without them the alerts read the patient table, which the stamp does not cover) and
     * with its time where {@code how} puts it. Empty when the patient has no record.
     */
    public Optional<Served> current(Answer answer, NhsNumber patient, Answering how) {
        Entry kept = entries == null ? null : entries.getIfPresent(new Key(answer, patient.value()));
        if (kept != null) {
            // only with an answer kept is the stamp read alone: a miss reads it with the record
            Optional<Stamp> stamp = records.stamp(patient);
            Instant now = queries.now();
            if (stamp.isPresent() && kept.servesAt(stamp.get(), now)) {
                hits.get(answer).increment();
                return Optional.of(new Served(
                        kept.with(how.time(now)),
                        kept.stamp().version(),
                        kept.stamp().recordedAt(),
                        null));
            }
        }
        misses.get(answer).increment();
        Optional<RecordQueryService.Reading> read = queries.readNow(patient);
        if (read.isEmpty()) {
            return Optional.empty();
        }
        RecordQueryService.Reading reading = read.get();
        RecordView view = reading.view();
        byte[] bytes = how.answer(view);
        if (bytes != null && enabled() && view.version().record().facts() != null) {
            Instant evaluated = view.at().instant();
            how.split(bytes, how.time(evaluated))
                    .ifPresent(parts -> keep(
                            answer,
                            patient,
                            new Entry(
                                    reading.stamp(),
                                    reading.acksRead(),
                                    evaluated,
                                    reading.validUntil(),
                                    parts[0],
                                    parts[1])));
        }
        return Optional.of(
                new Served(bytes, view.version().version(), view.version().recordedAt(), view));
    }

    /** Keeps an answer (replacing the patient's previous one of that kind). */
    void keep(Answer answer, NhsNumber patient, Entry entry) {
        if (entries != null && entry.until().isAfter(entry.from())) {
            entries.put(new Key(answer, patient.value()), entry);
        }
    }

    private long left(Entry entry) {
        long millis = Duration.between(clock.instant(), entry.until()).toMillis();
        return Duration.ofMillis(Math.max(0, Math.min(millis, Duration.ofDays(2).toMillis())))
                .toNanos();
    }

    private double weight() {
        return entries == null
                ? 0
                : entries.policy()
                        .eviction()
                        .map(e -> e.weightedSize().orElse(0))
                        .orElse(0L);
    }
}
