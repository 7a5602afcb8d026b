package health.umr;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.type;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import health.umr.fhir.FhirMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dependency rule of DESIGN.md and the README: the clinical core (domain, dm+d, reconciliation,
 * alerts) is plain Java; adapters (fhir, api, kafka, cdshooks) sit at the edge and nothing inward
 * depends on them; the command-line tools never reach into the server.
 */
class ArchitectureTest {

    private static final String[] FRAMEWORKS = {
        "io.quarkus..",
        "jakarta..",
        "javax.sql..",
        "java.sql..",
        "org.jboss..",
        "ca.uhn..",
        "org.hl7..",
        "org.apache.kafka..",
        "io.vertx..",
        "com.fasterxml..",
        "org.hibernate.."
    };
    private static final String[] ADAPTERS = {
        "health.umr.fhir..", "health.umr.api..", "health.umr.kafka..", "health.umr.cdshooks..", "health.umr.http.."
    };

    private static JavaClasses umr;

    @BeforeAll
    static void importTheMainClasses() {
        umr = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("health.umr");
    }

    @Test
    void theDomainUsesOnlyTheJdk() {
        check(classes()
                .that()
                .resideInAPackage("health.umr.domain..")
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage("java..", "health.umr.domain.."));
    }

    @Test
    void theClinicalCoreUsesNoFramework() {
        check(noClasses()
                .that()
                .resideInAnyPackage("health.umr.dmd..", "health.umr.reconcile..", "health.umr.alerts..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(FRAMEWORKS));
    }

    @Test
    void theClinicalCoreDoesNotKnowHowItIsStoredOrServed() {
        check(noClasses()
                .that()
                .resideInAnyPackage(
                        "health.umr.domain..", "health.umr.dmd..", "health.umr.reconcile..", "health.umr.alerts..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "health.umr.ingest..",
                        "health.umr.store..",
                        "health.umr.fhir..",
                        "health.umr.api..",
                        "health.umr.kafka..",
                        "health.umr.cdshooks..",
                        "health.umr.config..",
                        "health.umr.tools.."));
    }

    @Test
    void useCasesAndStorageDoNotDependOnAdapters() {
        check(noClasses()
                .that()
                .resideInAnyPackage("health.umr.ingest..", "health.umr.store..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(ADAPTERS));
        check(noClasses()
                .that()
                .resideInAPackage("health.umr.store..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("health.umr.ingest.."));
    }

    @Test
    void adaptersDoNotDependOnEachOther_butCdsHooksReadsFhirWithTheOneFhirMapper() {
        adapterUsesNoOtherAdapter(
                "health.umr.api..", "health.umr.fhir..", "health.umr.kafka..", "health.umr.cdshooks..");
        adapterUsesNoOtherAdapter(
                "health.umr.kafka..", "health.umr.fhir..", "health.umr.api..", "health.umr.cdshooks..");
        adapterUsesNoOtherAdapter(
                "health.umr.fhir..", "health.umr.api..", "health.umr.kafka..", "health.umr.cdshooks..");
        adapterUsesNoOtherAdapter("health.umr.cdshooks..", "health.umr.api..", "health.umr.kafka..");
        // the HTTP edge (request-line guard, error body) sits below the HTTP adapters and knows none of them
        adapterUsesNoOtherAdapter(
                "health.umr.http..",
                "health.umr.fhir..",
                "health.umr.api..",
                "health.umr.kafka..",
                "health.umr.cdshooks..",
                "health.umr.ingest..",
                "health.umr.store..");
        // CDS Hooks carries FHIR resources: it reads them with the same mapper as /fhir, and nothing else of it
        check(noClasses()
                .that()
                .resideInAPackage("health.umr.cdshooks..")
                .should()
                .dependOnClassesThat(resideInAPackage("health.umr.fhir..").and(not(type(FhirMapper.class)))));
    }

    private static void adapterUsesNoOtherAdapter(String adapter, String... others) {
        check(noClasses()
                .that()
                .resideInAPackage(adapter)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(others));
    }

    @Test
    void theCommandLineToolsTalkToTheServiceOnlyOverHttp() {
        check(noClasses()
                .that()
                .resideInAPackage("health.umr.tools..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "health.umr.ingest..",
                        "health.umr.store..",
                        "health.umr.fhir..",
                        "health.umr.api..",
                        "health.umr.kafka..",
                        "health.umr.config..",
                        "io.quarkus..",
                        "jakarta.."));
    }

    private static void check(ArchRule rule) {
        rule.check(umr);
    }
}
