package health.umr.web;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * DESIGN.md "Second wave": web/ is an adapter like api/. It reads through the same record query
 * service, never through the store, and nothing else depends on it.
 */
class ClinicianViewArchitectureTest {

    private static JavaClasses umr;

    @BeforeAll
    static void importTheMainClasses() {
        umr = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("health.umr");
    }

    @Test
    void theClinicianViewReadsThroughTheQueryServiceNeverTheStore() {
        noClasses()
                .that()
                .resideInAPackage("health.umr.web..")
                .should()
                .dependOnClassesThat()
                .haveSimpleNameEndingWith("Repository")
                .orShould()
                .dependOnClassesThat()
                .resideInAnyPackage("java.sql..", "javax.sql..")
                .check(umr);
    }

    @Test
    void theClinicianViewUsesNoOtherAdapterAndNothingUsesIt() {
        noClasses()
                .that()
                .resideInAPackage("health.umr.web..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "health.umr.api..", "health.umr.fhir..", "health.umr.kafka..", "health.umr.cdshooks..")
                .check(umr);
        noClasses()
                .that()
                .resideOutsideOfPackage("health.umr.web..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("health.umr.web..")
                .check(umr);
    }
}
