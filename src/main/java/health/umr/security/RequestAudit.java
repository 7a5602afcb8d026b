package health.umr.security;

import jakarta.enterprise.context.RequestScoped;
import java.util.Set;
import java.util.TreeSet;

/**
 * The patients a JAX-RS request read or wrote, where the path does not say (a CDS Hooks call names
 * its patient in the body): the resource adds them here, {@link ApiAuditFilter} records them.
 */
@RequestScoped
public class RequestAudit {

    private final Set<String> patients = new TreeSet<>();

    public void patient(String nhsNumber) {
        patients.add(nhsNumber);
    }

    Set<String> patients() {
        return patients;
    }
}
