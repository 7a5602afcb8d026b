package health.umr.fhir;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import health.umr.domain.ErrorCode;
import health.umr.domain.InvalidInputException;
import health.umr.domain.NhsNumber;
import health.umr.ingest.InboundMessage;
import health.umr.ingest.InboundMessage.Interaction;
import health.umr.ingest.IngestOutcome;
import health.umr.ingest.IngestService;
import health.umr.ingest.RecordRefusalsService;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
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
        requireUtf8Text(body);
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

    /**
     * FHIR bodies are UTF-8 text: bytes that do not decode, or a raw U+0000 (never valid in JSON or
     * XML), are refused whole before anything is logged, so the inbound log holds only readable text.
     */
    private static void requireUtf8Text(byte[] body) {
        if (body == null) {
            return;
        }
        for (byte b : body) {
            if (b == 0) {
                throw new InvalidInputException(
                        ErrorCode.MALFORMED_BODY, "the body holds a raw NUL byte; FHIR JSON and XML are UTF-8 text");
            }
        }
        try {
            StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body));
        } catch (CharacterCodingException e) {
            throw new InvalidInputException(
                    ErrorCode.MALFORMED_BODY, "the body is not UTF-8; FHIR JSON and XML are sent as UTF-8");
        }
    }
}
