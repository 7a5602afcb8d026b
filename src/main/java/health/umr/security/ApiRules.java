package health.umr.security;

import health.umr.access.Caller;
import health.umr.domain.ErrorCode;
import health.umr.domain.InvalidInputException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What each JSON, admin, CDS Hooks and web path needs (docs/contract.md, "Security and audit"). A
 * path not listed needs a verified token for GET and umr.admin for anything else, so a new endpoint
 * is never open by accident: list it here with what it needs.
 */
final class ApiRules {

    private static final Pattern PATIENT = Pattern.compile("/api/patients/([^/]+)(/.*)?");
    private static final Pattern ACKNOWLEDGEMENT =
            Pattern.compile("/api/patients/[^/]+/alerts/[^/]+/acknowledgements/?");
    /** The clinician view's record page (docs/contract.md "Clinician view"): a read of one patient. */
    private static final Pattern PAGE = Pattern.compile("/patients/([^/]+)/?");

    private static final Pattern SOURCE_QUALITY = Pattern.compile("/api/sources/[^/]+/quality/?");

    private ApiRules() {}

    /** True for the endpoints anyone may call: CDS Hooks discovery and the SMART configuration. */
    static boolean isPublic(String method, String path) {
        boolean read = "GET".equals(method) || "HEAD".equals(method);
        return read
                && (path.equals("/")
                        || path.equals("/signin/callback")
                        || path.equals("/cds-services")
                        || path.equals("/cds-services/")
                        || path.equals("/.well-known/smart-configuration")
                        || path.equals("/.well-known/jwks.json"));
    }

    /**
     * A browser asking for a record page with no token at all: it is answered the sign-in page
     * (401, no patient data, audited as a refusal), whose script fetches the page again with the
     * token as a bearer header, and that request is checked like any other read.
     */
    static boolean isSignInPage(String method, String path, String authorization) {
        return authorization == null
                && ("GET".equals(method) || "HEAD".equals(method))
                && PAGE.matcher(path).matches();
    }

    /** The NHS number a record page or patient API path names, if it names one. */
    static java.util.Optional<String> patientOf(String path) {
        for (Pattern pattern : new Pattern[] {PATIENT, PAGE}) {
            Matcher matcher = pattern.matcher(path);
            if (matcher.matches()) {
                return java.util.Optional.of(matcher.group(1));
            }
        }
        return java.util.Optional.empty();
    }

    /** Refuses (403) what this caller may not do on this path. */
    static void authorise(String method, String path, Caller caller) {
        boolean read = "GET".equals(method) || "HEAD".equals(method);
        if (path.startsWith("/api/admin/")) {
            require(caller.isAdmin(), "this needs umr.admin");
        } else if (path.startsWith("/api/reports/") || path.equals("/api/reports")) {
            require(caller.mayReadReports(), "reports need umr.reports (or umr.admin)");
        } else if (SOURCE_QUALITY.matcher(path).matches()) {
            require(caller.mayReadReports(), "source quality is a report: it needs umr.reports (or umr.admin)");
        } else if (path.startsWith("/api/sources")) {
            require(read || caller.isAdmin(), "registering a source needs umr.admin");
        } else if (ACKNOWLEDGEMENT.matcher(path).matches() && "POST".equals(method)) {
            require(
                    caller.mayWriteAsUser("DetectedIssue"),
                    "acknowledging an alert needs a signed-in user with user/DetectedIssue.write");
        } else if (PATIENT.matcher(path).matches()) {
            require(read || caller.isAdmin(), method + " on a patient's record needs umr.admin");
            requirePatient(path, caller);
        } else if (PAGE.matcher(path).matches()) {
            require(read, method + " " + path + " is not allowed");
            requirePatient(path, caller);
        } else if (path.startsWith("/cds-services/")) {
            // the patient is in the body: the service checks it once read (CdsServicesResource)
            require(caller.mayReadSome("*"), "CDS Hooks calls need user/*.read, system/*.read or patient/*.read");
        } else {
            require(read || caller.isAdmin(), method + " " + path + " needs umr.admin");
        }
    }

    private static void requirePatient(String path, Caller caller) {
        java.util.Optional<String> patient = patientOf(path);
        if (patient.isPresent()) {
            String nhs = patient.get().replace(" ", "");
            require(
                    caller.mayRead("*", nhs),
                    caller.mayReadSome("*")
                            ? "this token does not open NHS number " + nhs
                            : "a patient's record needs user/*.read, system/*.read or patient/*.read");
        }
    }

    private static void require(boolean allowed, String otherwise) {
        if (!allowed) {
            throw new InvalidInputException(ErrorCode.FORBIDDEN, otherwise);
        }
    }
}
