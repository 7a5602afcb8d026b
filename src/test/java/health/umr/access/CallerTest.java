package health.umr.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import health.umr.domain.Source;
import health.umr.domain.SourceSetting;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CallerTest {

    private static final String NHS = "9449306680";
    private static final String OTHER = "9449304130";

    private static Caller caller(String scopes) {
        return new Caller("client-a", Optional.empty(), Set.copyOf(Arrays.asList(scopes.split(" "))), Optional.empty());
    }

    private static Caller patientCaller(String scopes) {
        return new Caller(
                "app", Optional.of("someone"), Set.copyOf(Arrays.asList(scopes.split(" "))), Optional.of(NHS));
    }

    @Test
    void smartV1AndV2FormsMeanTheSame() {
        assertEquals(
                ResourceScope.parse("patient/MedicationStatement.read"),
                ResourceScope.parse("patient/MedicationStatement.rs"));
        assertEquals(ResourceScope.parse("system/*.write"), ResourceScope.parse("system/*.cud"));
        assertEquals(ResourceScope.parse("user/*.*"), ResourceScope.parse("user/*.cruds"));
        assertEquals(
                Optional.of(new ResourceScope(ResourceScope.Context.USER, "DetectedIssue", false, false, true)),
                ResourceScope.parse("user/DetectedIssue.write"));
    }

    @Test
    void scopesUmrDoesNotUnderstandGrantNothing() {
        for (String text : List.of(
                "openid",
                "umr.admin",
                "patient/Observation.rs?category=laboratory",
                "group/*.read",
                "system/*.",
                "system/*.x")) {
            assertTrue(ResourceScope.parse(text).isEmpty(), text);
        }
    }

    @Test
    void aV2ReadWithoutSearchReadsButDoesNotSearch() {
        ResourceScope readOnly = ResourceScope.parse("system/*.r").orElseThrow();
        assertTrue(readOnly.read());
        assertFalse(readOnly.search());
        assertFalse(caller("system/*.r").maySearchEveryPatient("MedicationStatement"));
    }

    @Test
    void aPatientScopeOpensOnlyItsPatient() {
        Caller app = patientCaller("patient/*.read");
        assertTrue(app.mayRead("MedicationStatement", NHS));
        assertFalse(app.mayRead("MedicationStatement", OTHER));
        assertFalse(app.maySearchEveryPatient("MedicationStatement"));
        assertTrue(app.confinedToPatient());
        assertFalse(caller("user/*.read").confinedToPatient());
    }

    @Test
    void aTypeScopeOpensThatTypeOnly_andTheWholeRecordNeedsAStar() {
        Caller statements = caller("user/MedicationStatement.read");
        assertTrue(statements.mayRead("MedicationStatement", NHS));
        assertFalse(statements.mayRead("MedicationRequest", NHS));
        assertFalse(statements.mayRead("*", NHS));
        assertTrue(caller("user/*.read").mayRead("*", NHS));
    }

    @Test
    void searchingEveryPatientNeedsSystemOrAdmin() {
        assertTrue(caller("system/*.read").maySearchEveryPatient("MedicationStatement"));
        assertFalse(caller("user/*.read").maySearchEveryPatient("MedicationStatement"));
        assertTrue(caller("user/*.read umr.admin").maySearchEveryPatient("MedicationStatement"));
        assertFalse(caller("umr.admin").maySearchEveryPatient("MedicationStatement"), "admin still needs a read scope");
    }

    @Test
    void writingAsASourceNeedsTheSourceToNameTheClient_orAdmin() {
        Source named = new Source("gp-a", SourceSetting.GP, "GP A", "https://gp.example/a", null, List.of("client-a"));
        Source other = new Source("gp-b", SourceSetting.GP, "GP B", "https://gp.example/b", null, List.of("client-b"));
        Source unbound = new Source("gp-c", SourceSetting.GP, "GP C", "https://gp.example/c", null);
        Caller writer = caller("system/*.write");
        assertTrue(writer.mayWriteAs(named));
        assertFalse(writer.mayWriteAs(other));
        assertFalse(writer.mayWriteAs(unbound), "meta.source alone is never trusted");
        assertTrue(caller("umr.admin").mayWriteAs(other));
    }

    @Test
    void writesNeedAWriteScopeForTheType() {
        assertTrue(caller("system/MedicationStatement.write").mayWrite("MedicationStatement", NHS));
        assertFalse(caller("system/MedicationStatement.write").mayWrite("Encounter", NHS));
        assertFalse(caller("system/*.read").mayWrite("MedicationStatement", NHS));
        assertTrue(caller("umr.admin").mayWrite("Encounter", NHS));
        assertFalse(patientCaller("patient/*.write").mayWrite("MedicationStatement", OTHER));
    }

    @Test
    void acknowledgingNeedsAUserWithTheUserScope() {
        Caller person =
                new Caller("portal", Optional.of("dr-who"), Set.of("user/DetectedIssue.write"), Optional.empty());
        assertTrue(person.mayWriteAsUser("DetectedIssue"));
        assertFalse(caller("system/DetectedIssue.write").mayWriteAsUser("DetectedIssue"));
    }

    @Test
    void namedScopes() {
        assertTrue(caller("umr.reports").mayReadReports());
        assertTrue(caller("umr.admin").mayReadReports());
        assertTrue(caller("umr.audit").mayReadAudit());
        assertFalse(caller("umr.admin").mayReadAudit(), "the audit trail needs umr.audit itself");
    }
}
