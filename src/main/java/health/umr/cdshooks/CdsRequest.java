package health.umr.cdshooks;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Patient;

/**
 * A hook call as UMR needs it, read and checked by {@link CdsRequestReader}.
 *
 * @param hook            order-select or order-sign
 * @param hookInstance    the client's id for this call (for logs)
 * @param patientId       context.patientId as sent, or null
 * @param draftOrders     context.draftOrders
 * @param selections      context.selections (order-select), e.g. "MedicationRequest/abc"; empty if none
 * @param prefetchPatient the Patient of prefetch.patient, when the client sent one
 */
record CdsRequest(
        String hook,
        String hookInstance,
        String patientId,
        Bundle draftOrders,
        Set<String> selections,
        Optional<Patient> prefetchPatient) {

    /** The draft MedicationRequests, in Bundle order; other draft resources (ServiceRequest ...) are not UMR's. */
    List<MedicationRequest> medicationRequests() {
        return draftOrders.getEntry().stream()
                .map(Bundle.BundleEntryComponent::getResource)
                .filter(MedicationRequest.class::isInstance)
                .map(MedicationRequest.class::cast)
                .toList();
    }

    /** The reference "MedicationRequest/{id}" a client uses in selections and actions, or null. */
    static String referenceOf(MedicationRequest request) {
        return request.getIdElement().hasIdPart()
                        && !request.getIdElement().getValue().startsWith("urn:")
                ? "MedicationRequest/" + request.getIdElement().getIdPart()
                : null;
    }

    /** order-select checks the selected drafts (all of them if none is named); order-sign checks all. */
    boolean isChecked(MedicationRequest request) {
        if (selections.isEmpty() || !"order-select".equals(hook)) {
            return true;
        }
        String reference = referenceOf(request);
        boolean anyMatches =
                medicationRequests().stream().map(CdsRequest::referenceOf).anyMatch(this::selected);
        return !anyMatches || selected(reference);
    }

    private boolean selected(String reference) {
        return reference != null
                && (selections.contains(reference)
                        || selections.contains(reference.substring("MedicationRequest/".length())));
    }
}
