package health.umr.audit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * One access to record: who (client, user, from where), did what (action, interaction, the
 * request), to whose data (an NHS number, or none), and how it ended (the HTTP status and why).
 *
 * @param action FHIR AuditEvent action: C create, R read, U update, D delete, E execute
 * @param interaction the FHIR restful interaction (read, search-type, create, update, transaction,
 *     batch, operation) or, off /fhir, the nearest one
 * @param request the method and path with its query, as the caller sent it
 * @param what the resource read or written, when one is named (MedicationStatement/123), else null
 * @param status the HTTP status answered
 * @param reason why it was refused (the refusal's message), or null
 */
public record AuditRecord(
        Instant recorded,
        char action,
        String interaction,
        String request,
        String what,
        String nhsNumber,
        String client,
        String user,
        String clientAddress,
        int status,
        String reason) {

    /** FHIR AuditEvent.outcome: 0 success, 4 minor failure (refused), 8 serious failure (our fault). */
    public String outcome() {
        return status < 400 ? "0" : status < 500 ? "4" : "8";
    }

    public AuditRecord forPatient(String nhs) {
        return new AuditRecord(
                recorded, action, interaction, request, what, nhs, client, user, clientAddress, status, reason);
    }

    /** This access once for each patient it named ({@link #forPatient}), or alone when it named none (or null). */
    public List<AuditRecord> perPatient(Collection<String> patients) {
        if (patients == null || patients.isEmpty()) {
            return List.of(this);
        }
        List<AuditRecord> events = new ArrayList<>(patients.size());
        for (String nhs : patients) {
            events.add(forPatient(nhs));
        }
        return events;
    }
}
