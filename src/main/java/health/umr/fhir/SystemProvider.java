package health.umr.fhir;

import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.Transaction;
import ca.uhn.fhir.rest.annotation.TransactionParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import health.umr.ingest.EntryOutcome;
import health.umr.ingest.InboundMessage.Interaction;
import health.umr.ingest.IngestOutcome;
import jakarta.inject.Singleton;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;

/** Server-level interactions: transaction/batch Bundles and the $ingest operation. */
@Singleton
public class SystemProvider {

    private final RestIngestion ingestion;

    public SystemProvider(RestIngestion ingestion) {
        this.ingestion = ingestion;
    }

    @Transaction
    public Bundle transaction(@TransactionParam Bundle bundle, RequestDetails request) {
        boolean batch = bundle.getType() == Bundle.BundleType.BATCH;
        IngestOutcome outcome =
                ingestion.submit(request, batch ? Interaction.BATCH : Interaction.TRANSACTION, null, null, null);
        Bundle response =
                new Bundle().setType(batch ? Bundle.BundleType.BATCHRESPONSE : Bundle.BundleType.TRANSACTIONRESPONSE);
        for (EntryOutcome entry : outcome.entries()) {
            Bundle.BundleEntryResponseComponent answer = response.addEntry().getResponse();
            switch (entry.result()) {
                case CREATED -> answer.setStatus("201 Created").setLocation(location(entry));
                case UPDATED, UNCHANGED -> answer.setStatus("200 OK").setLocation(location(entry));
                case CONTEXT -> answer.setStatus("200 OK");
                case REFUSED ->
                    answer.setStatus("422 Unprocessable Entity").setOutcome(OperationOutcomes.of(entry.refusal()));
            }
        }
        return response;
    }

    /**
     * Takes every MedicationStatement, MedicationRequest, Encounter (and Patient) in any Bundle, a
     * single resource, or NDJSON; answers what was taken and what was refused, and why.
     */
    @Operation(name = "$ingest", manualRequest = true, idempotent = false)
    public OperationOutcome ingest(HttpServletRequest http, RequestDetails request) {
        String contentType =
                http.getContentType() == null ? "" : http.getContentType().toLowerCase(Locale.ROOT);
        Interaction interaction = contentType.contains("ndjson") ? Interaction.INGEST_NDJSON : Interaction.INGEST;
        IngestOutcome outcome = ingestion.submit(request, interaction, http.getParameter("source"), null, null);
        OperationOutcome answer = OperationOutcomes.information(String.format(
                "taken %d (created %d, updated %d, unchanged %d); refused %d; context only %d",
                outcome.taken(),
                outcome.count(EntryOutcome.Result.CREATED),
                outcome.count(EntryOutcome.Result.UPDATED),
                outcome.count(EntryOutcome.Result.UNCHANGED),
                outcome.refused().size(),
                outcome.count(EntryOutcome.Result.CONTEXT)));
        outcome.refused().forEach(refused -> OperationOutcomes.addIssue(answer, refused.refusal()));
        if (outcome.taken() == 0 && !outcome.refused().isEmpty()) {
            // nothing taken: the first refusal leads, the counts follow
            answer.getIssue().add(answer.getIssue().remove(0));
            throw new UnprocessableEntityException(
                    outcome.refused().get(0).refusal().getMessage(), answer);
        }
        return answer;
    }

    private static String location(EntryOutcome entry) {
        return entry.resourceType() + "/" + entry.logicalId() + "/_history/" + entry.version();
    }
}
