package example.umr;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import example.umr.fhir.FhirMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.type;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The dependency rule of DESIGN.md and the README: the clinical core (domain, dm+d, reconciliation,
 * alerts) is plain Java; adapters (fhir, api, kafka, cdshooks) sit at the edge and nothing inward
 * depends on them; the command-line tools never reach into the server.
 */
class ArchitectureTest {

    private static final String[] FRAMEWORKS = {"io.quarkus..", "jakarta..", "javax.sql..", "java.sql..", "org.jboss..",
            "ca.uhn..", "org.hl7..", "org.apache.kafka..", "io.vertx..", "com.fasterxml..", "org.hibernate.."};
    private static final String[] ADAPTERS = {"example.umr.fhir..", "example.umr.api..", "example.umr.kafka..",
            "example.umr.cdshooks.."};

    private static JavaClasses umr;

    @BeforeAll
    static void importTheMainClasses() {
        umr = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("example.umr");
    }

    @Test
    void theDomainUsesOnlyTheJdk() {
        check(classes().that().resideInAPackage("example.umr.domain..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "example.umr.domain.."));
    }

    @Test
    void theClinicalCoreUsesNoFramework() {
        check(noClasses().that().resideInAnyPackage("example.umr.dmd..", "example.umr.reconcile..", "example.umr.alerts..")
                .should().dependOnClassesThat().resideInAnyPackage(FRAMEWORKS));
    }

    @Test
    void theClinicalCoreDoesNotKnowHowItIsStoredOrServed() {
        check(noClasses().that().resideInAnyPackage("example.umr.domain..", "example.umr.dmd..", "example.umr.reconcile..",
                        "example.umr.alerts..")
                .should().dependOnClassesThat().resideInAnyPackage("example.umr.ingest..", "example.umr.store..",
                        "example.umr.fhir..", "example.umr.api..", "example.umr.kafka..", "example.umr.cdshooks..",
                        "example.umr.config..", "example.umr.tools.."));
    }

    @Test
    void useCasesAndStorageDoNotDependOnAdapters() {
        check(noClasses().that().resideInAnyPackage("example.umr.ingest..", "example.umr.store..")
                .should().dependOnClassesThat().resideInAnyPackage(ADAPTERS));
        check(noClasses().that().resideInAPackage("example.umr.store..")
                .should().dependOnClassesThat().resideInAPackage("example.umr.ingest.."));
    }

    @Test
    void adaptersDoNotDependOnEachOther_butCdsHooksReadsFhirWithTheOneFhirMapper() {
        adapterUsesNoOtherAdapter("example.umr.api..", "example.umr.fhir..", "example.umr.kafka..", "example.umr.cdshooks..");
        adapterUsesNoOtherAdapter("example.umr.kafka..", "example.umr.fhir..", "example.umr.api..", "example.umr.cdshooks..");
        adapterUsesNoOtherAdapter("example.umr.fhir..", "example.umr.api..", "example.umr.kafka..", "example.umr.cdshooks..");
        adapterUsesNoOtherAdapter("example.umr.cdshooks..", "example.umr.api..", "example.umr.kafka..");
        // CDS Hooks carries FHIR resources: it reads them with the same mapper as /fhir, and nothing else of it
        check(noClasses().that().resideInAPackage("example.umr.cdshooks..")
                .should().dependOnClassesThat(resideInAPackage("example.umr.fhir..").and(not(type(FhirMapper.class)))));
    }

    private static void adapterUsesNoOtherAdapter(String adapter, String... others) {
        check(noClasses().that().resideInAPackage(adapter).should().dependOnClassesThat().resideInAnyPackage(others));
    }

    @Test
    void theCommandLineToolsTalkToTheServiceOnlyOverHttp() {
        check(noClasses().that().resideInAPackage("example.umr.tools..")
                .should().dependOnClassesThat().resideInAnyPackage("example.umr.ingest..", "example.umr.store..",
                        "example.umr.fhir..", "example.umr.api..", "example.umr.kafka..", "example.umr.config..",
                        "io.quarkus..", "jakarta.."));
    }

    private static void check(ArchRule rule) {
        rule.check(umr);
    }
}
