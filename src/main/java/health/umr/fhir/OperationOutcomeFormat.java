package health.umr.fhir;

import ca.uhn.fhir.context.FhirContext;
import health.umr.domain.InvalidInputException;
import health.umr.ingest.RefusalFormat;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class OperationOutcomeFormat implements RefusalFormat {

    private final FhirContext fhir;

    public OperationOutcomeFormat(FhirContext fhir) {
        this.fhir = fhir;
    }

    @Override
    public String operationOutcomeJson(InvalidInputException refusal) {
        return fhir.newJsonParser().encodeResourceToString(OperationOutcomes.of(refusal));
    }
}
