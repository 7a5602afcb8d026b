package health.umr.ingest;

import java.time.Instant;

/**
 * A message exactly as it arrived, with how it arrived. The body is never altered: it is what the
 * inbound log keeps and what a rebuild reads again.
 *
 * @param sourceHint a source id named outside the body ({@code ?source=}, the {@code umr-source} header), or null
 * @param target     what an update named in its URL ({@code MedicationStatement/abc} or
 *                   {@code MedicationStatement?identifier=s|v}), or null
 */
public record InboundMessage(
        Transport transport,
        Interaction interaction,
        String contentType,
        byte[] body,
        String sourceHint,
        String target,
        Instant receivedAt) {

    public enum Transport {
        REST,
        KAFKA
    }

    /** What the sender asked for; decides atomicity and how the message is read again on rebuild. */
    public enum Interaction {
        CREATE(true),
        UPDATE(true),
        TRANSACTION(true),
        BATCH(false),
        INGEST(false),
        INGEST_NDJSON(false),
        KAFKA(true);

        private final boolean allOrNothing;

        Interaction(boolean allOrNothing) {
            this.allOrNothing = allOrNothing;
        }

        /** A refused entry refuses the whole message (create, update, transaction, a Kafka message). */
        public boolean allOrNothing() {
            return allOrNothing;
        }

        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }

        public static Interaction ofCode(String code) {
            return valueOf(code.toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
        }
    }
}
