package health.umr.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.server.FifoMemoryPagingProvider;
import ca.uhn.fhir.rest.server.RestfulServer;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;

/** The FHIR R4 endpoint at /fhir: HAPI's RestfulServer with UMR's providers. */
@WebServlet(urlPatterns = "/fhir/*", loadOnStartup = 1)
public class UmrFhirServer extends RestfulServer {

    @Inject
    FhirContext fhir;

    @Inject
    MedicationStatementResourceProvider medicationStatements;

    @Inject
    MedicationRequestResourceProvider medicationRequests;

    @Inject
    EncounterResourceProvider encounters;

    @Inject
    PatientResourceProvider patients;

    @Inject
    CodeSystemProvider codeSystems;

    @Inject
    DetectedIssueResourceProvider detectedIssues;

    @Inject
    SystemProvider system;

    @Inject
    AuditEventResourceProvider auditEvents;

    @Inject
    CapabilityCustomiser capability;

    @Inject
    FhirAccessInterceptor access;

    @Inject
    FhirAuditInterceptor audit;

    @Override
    protected void initialize() {
        setFhirContext(fhir);
        setResourceProviders(List.of(
                medicationStatements,
                medicationRequests,
                encounters,
                patients,
                codeSystems,
                detectedIssues,
                auditEvents));
        setPlainProviders(List.of(system));
        setDefaultResponseEncoding(EncodingEnum.JSON);
        setPagingProvider(
                new FifoMemoryPagingProvider(100).setDefaultPageSize(100).setMaximumPageSize(1000));
        registerInterceptor(new ErrorInterceptor());
        registerInterceptor(access);
        registerInterceptor(audit);
        registerInterceptor(capability);
        registerInterceptor(new SearchLinks());
        registerInterceptor(new ResponseBuffer());
    }

    /** No X-Powered-By (it tells an attacker the server and version); patient data is never cached. */
    @Override
    public void addHeadersToResponse(HttpServletResponse response) {
        response.setHeader("Cache-Control", "no-store");
    }
}
