package health.umr.config;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.PerformanceOptionsEnum;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** One FhirContext for the application: building one is expensive, and it is thread-safe. */
@ApplicationScoped
public class FhirContextProducer {

    private final FhirContext context;

    public FhirContextProducer() {
        context = FhirContext.forR4Cached();
        context.setPerformanceOptions(PerformanceOptionsEnum.DEFERRED_MODEL_SCANNING);
    }

    @Produces
    public FhirContext fhirContext() {
        return context;
    }
}
