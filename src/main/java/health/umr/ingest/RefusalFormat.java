package health.umr.ingest;

import health.umr.domain.InvalidInputException;

/** Renders a refusal for a sender who reads FHIR (the dead-letter header, for example). Implemented by the FHIR adapter. */
public interface RefusalFormat {

    /** The refusal as an OperationOutcome in FHIR JSON. */
    String operationOutcomeJson(InvalidInputException refusal);
}
