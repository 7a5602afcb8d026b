package health.umr.fhir;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import health.umr.domain.InvalidInputException;
import health.umr.domain.NhsNumber;
import health.umr.ingest.InboundMessage;
import health.umr.ingest.InboundMessage.Interaction;
import health.umr.ingest.IngestOutcome;
import health.umr.ingest.IngestService;
import health.umr.ingest.RecordRefusalsService;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/** Turns a FHIR REST request into an inbound message and hands it to the one way in. */
@ApplicationScoped
public class RestIngestion {

    private final IngestService ingest;
    private final RecordRefusalsService refusals;

    public RestIngestion(IngestService ingest, RecordRefusalsService refusals) {
        this.ingest = ingest;
        this.refusals = refusals;
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
        IngestService.Written written;
        try {
            written = ingest.ingest(message, expectedType, FhirAccessInterceptor.caller(request));
        } catch (InvalidInputException refused) {
            refusals.refused(message, refused);
            throw refused;
        }
        FhirAuditInterceptor.patients(
                request, written.patients().stream().map(NhsNumber::value).toList());
        refusals.refusedEntries(message, written.outcome());
        return written.outcome();
    }
}
