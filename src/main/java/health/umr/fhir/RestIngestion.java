package health.umr.fhir;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import health.umr.domain.ErrorCode;
import health.umr.domain.InvalidInputException;
import health.umr.ingest.Entry;
import health.umr.ingest.InboundMessage;
import health.umr.ingest.InboundMessage.Interaction;
import health.umr.ingest.IngestOutcome;
import health.umr.ingest.IngestService;
import health.umr.ingest.TransientFailure;
import health.umr.ingest.WriterCheck;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;

/** Turns a FHIR REST request into an inbound message, reads it and hands it to the ingest use case. */
@ApplicationScoped
public class RestIngestion {

    private static final Logger LOG = Logger.getLogger(RestIngestion.class);

    private final FhirMessageReader reader;
    private final IngestService ingest;
    private final WriterCheck writers;

    public RestIngestion(FhirMessageReader reader, IngestService ingest, WriterCheck writers) {
        this.reader = reader;
        this.ingest = ingest;
        this.writers = writers;
    }

    /** @param expectedType the one resource type the URL takes (create, update), or null for Bundles */
    IngestOutcome submit(
            RequestDetails request, Interaction interaction, String sourceHint, String target, String expectedType) {
        byte[] body = request.loadRequestContents();
        String contentType = request.getHeader("Content-Type");
        InboundMessage message = new InboundMessage(
                InboundMessage.Transport.REST,
                interaction,
                contentType == null ? "application/fhir+json" : contentType,
                body == null ? new byte[0] : body,
                sourceHint,
                target,
                Instant.now());
        List<Entry> entries = reader.read(message);
        if (expectedType != null) {
            requireType(entries, expectedType);
        }
        writers.require(FhirAccessInterceptor.caller(request), entries);
        FhirAuditInterceptor.patients(request, patientsOf(entries));
        return ingestRetryingTransientFailures(message, entries);
    }

    private IngestOutcome ingestRetryingTransientFailures(InboundMessage message, List<Entry> entries) {
        for (int attempt = 1; ; attempt++) {
            try {
                return ingest.ingest(message, entries);
            } catch (RuntimeException failure) {
                if (attempt >= TransientFailure.ATTEMPTS || !TransientFailure.isTransient(failure)) {
                    throw failure;
                }
                LOG.debugf(
                        "ingest met a transient database failure (attempt %d), running it again: %s",
                        attempt, failure.getMessage());
                TransientFailure.pause(attempt);
            }
        }
    }

    private static List<String> patientsOf(List<Entry> entries) {
        return entries.stream()
                .map(e -> e instanceof Entry.OfRecord r
                        ? r.record().nhsNumber().value()
                        : e instanceof Entry.OfPatient p ? p.facts().nhsNumber().value() : null)
                .filter(java.util.Objects::nonNull)
                .distinct()
                .toList();
    }

    /** A create or update must carry exactly the type its URL names. */
    private static void requireType(List<Entry> entries, String expectedType) {
        String sent = entries.isEmpty() ? "nothing" : entries.get(0).resourceType();
        if (entries.size() != 1 || !expectedType.equals(sent)) {
            throw new InvalidInputException(
                    ErrorCode.UNSUPPORTED_RESOURCE_TYPE,
                    "this URL takes a " + expectedType + ", but the body holds " + sent);
        }
    }
}
