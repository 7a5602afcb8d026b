package health.umr;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.type;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.lang.ArchRule;
import health.umr.fhir.FhirMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dependency rule of DESIGN.md and the README: the clinical core (domain, dm+d, reconciliation,
 * alerts) is plain Java; adapters (fhir, api, kafka, cdshooks) sit at the edge and nothing inward
 * depends on them; the tools (tools/, their own jar) are not in the service and reach it over HTTP or
 * Kafka only.
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
        "health.umr.fhir..",
        "health.umr.api..",
        "health.umr.kafka..",
        "health.umr.cdshooks..",
        "health.umr.cli..",
        "health.umr.http..",
        "health.umr.web.."
    };
    private static final String[] USE_CASES_BUT_INGEST = {
        "health.umr.rebuild..",
        "health.umr.records..",
        "health.umr.sources..",
        "health.umr.dmdrelease..",
        "health.umr.ordercheck..",
        "health.umr.jobs.."
    };
    /** The application layer: one package per kind of use case; transactions live here. */
    private static final String[] USE_CASES = {
        "health.umr.ingest..",
        "health.umr.rebuild..",
        "health.umr.records..",
        "health.umr.sources..",
        "health.umr.dmdrelease..",
        "health.umr.ordercheck..",
        "health.umr.jobs..",
        "health.umr.reports.."
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
    void theAccessRulesArePlainJavaOverTheDomain() {
        check(classes()
                .that()
                .resideInAPackage("health.umr.access..")
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage("java..", "health.umr.domain..", "health.umr.access.."));
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
                .resideInAnyPackage(concat(USE_CASES, ADAPTERS, new String[] {
                    "health.umr.store..", "health.umr.config..", "health.umr.tools.."
                })));
    }

    @Test
    void useCasesAndStorageDoNotDependOnAdapters() {
        check(noClasses()
                .that()
                .resideInAnyPackage(concat(USE_CASES, new String[] {"health.umr.store.."}))
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(ADAPTERS));
        check(noClasses()
                .that()
                .resideInAPackage("health.umr.store..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(USE_CASES));
        // the reports read their summaries; they do not ingest
        check(noClasses()
                .that()
                .resideInAPackage("health.umr.reports..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("health.umr.ingest.."));
    }

    @Test
    void adaptersDoNotDependOnTheStore_theyReadThroughTheUseCases() {
        check(noClasses()
                .that()
                .resideInAnyPackage(ADAPTERS)
                .should()
                .dependOnClassesThat()
                .resideInAPackage("health.umr.store.."));
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

    @Test
    void theFhirMapperIsPure_itIsGivenTheSourcesItNeeds() {
        check(noClasses()
                .that()
                .haveSimpleNameStartingWith("FhirMapper")
                .or()
                .haveSimpleNameStartingWith("MessageContext")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(concat(
                        USE_CASES_BUT_INGEST,
                        new String[] {"health.umr.store..", "io.quarkus..", "jakarta.transaction..", "java.sql.."})));
    }

    @Test
    void thePackagesFormNoCycle() {
        check(slices().matching("health.umr.(*)..").should().beFreeOfCycles());
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
    void theServiceHoldsNoToolClasses() throws Exception {
        check(noClasses().should().resideInAPackage("health.umr.tools.."));
        // what the service jar packs: its classes and resources; the tools and their data are in tools/
        Path serviceClasses = Path.of(
                Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        assertFalse(Files.exists(serviceClasses.resolve("health/umr/tools")), "tool classes in the service");
        assertFalse(Files.exists(serviceClasses.resolve("generator")), "the generator's data in the service");
        assertFalse(Files.exists(serviceClasses.resolve("reference/tools")), "a tool in the service's reference data");
    }

    @Test
    void theToolsSpeakToTheServiceOnlyOverHttpOrKafka() {
        JavaClasses tools = new ClassFileImporter()
                .withImportOption(ArchitectureTest::isToolSource)
                .importPackages("health.umr.tools");
        // bar PgCeiling, which measures PostgreSQL's own COPY on the bench's database (issue 14's ceiling)
        classes()
                .that()
                .doNotHaveSimpleName("PgCeiling")
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage(
                        "java..",
                        "jdk.jfr..",
                        "com.fasterxml.jackson..",
                        "org.apache.kafka..",
                        "ca.uhn.fhir..",
                        "org.hl7.fhir..",
                        "picocli..",
                        "org.HdrHistogram..",
                        "org.apache.commons.csv..",
                        "health.umr.tools..")
                .check(tools);
        classes()
                .that()
                .haveSimpleName("PgCeiling")
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage("java..", "org.postgresql..", "health.umr.tools..")
                .check(tools);
        // one place builds every request to UMR, so what a request must carry (a token) is one change
        noClasses()
                .that()
                .doNotHaveSimpleName("UmrHttp")
                .should()
                .callMethod(java.net.http.HttpRequest.class, "newBuilder", java.net.URI.class)
                .orShould()
                .callMethod(java.net.http.HttpRequest.class, "newBuilder")
                .check(tools);
    }

    /** A class compiled from tools/src/main/java (not a test beside it). */
    private static boolean isToolSource(Location location) {
        String uri = location.asURI().toString();
        int at = uri.lastIndexOf("health/umr/tools/");
        if (at < 0 || !uri.endsWith(".class")) {
            return false;
        }
        String outer = uri.substring(at, uri.length() - ".class".length()).replaceFirst("\\$.*", "");
        return Files.exists(Path.of("tools/src/main/java", outer + ".java"));
    }

    private static String[] concat(String[]... groups) {
        return java.util.Arrays.stream(groups).flatMap(java.util.Arrays::stream).toArray(String[]::new);
    }

    private static void check(ArchRule rule) {
        rule.check(umr);
    }
}
