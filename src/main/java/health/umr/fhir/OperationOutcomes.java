package health.umr.fhir;

import health.umr.domain.ErrorCode;
import health.umr.domain.InvalidInputException;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.StringType;

/** Domain refusals → OperationOutcome issues: one place, so every error reads alike. */
final class OperationOutcomes {

    private OperationOutcomes() {}

    static OperationOutcome of(InvalidInputException refusal) {
        OperationOutcome outcome = new OperationOutcome();
        addIssue(outcome, refusal);
        return outcome;
    }

    static void addIssue(OperationOutcome outcome, InvalidInputException refusal) {
        OperationOutcome.OperationOutcomeIssueComponent issue = outcome.addIssue()
                .setSeverity(IssueSeverity.ERROR)
                .setCode(issueType(refusal.code()))
                .setDiagnostics(refusal.getMessage());
        issue.getDetails()
                .addCoding()
                .setSystem("https://fhir.umr.example/CodeSystem/error")
                .setCode(refusal.code().code())
                .setDisplay(refusal.code().name());
        refusal.expressions().forEach(e -> issue.getExpression().add(new StringType(e)));
    }

    static OperationOutcome information(String text) {
        OperationOutcome outcome = new OperationOutcome();
        outcome.addIssue()
                .setSeverity(IssueSeverity.INFORMATION)
                .setCode(IssueType.INFORMATIONAL)
                .setDiagnostics(text);
        return outcome;
    }

    private static IssueType issueType(ErrorCode code) {
        return switch (code) {
            case MALFORMED_BODY -> IssueType.STRUCTURE;
            case UNSAFE_XML -> IssueType.SECURITY;
            case NOT_FOUND -> IssueType.NOTFOUND;
            case BODY_TOO_LARGE -> IssueType.TOOLONG;
            case CONFLICT -> IssueType.CONFLICT;
            case UNKNOWN_SOURCE, MISSING_SOURCE, FORBIDDEN -> IssueType.FORBIDDEN;
            case TOKEN_MISSING, TOKEN_INVALID -> IssueType.LOGIN;
            case MISSING_NHS_NUMBER, MISSING_MEDICATION, MISSING_STATUS -> IssueType.REQUIRED;
            case UNSUPPORTED_RESOURCE_TYPE -> IssueType.NOTSUPPORTED;
            default -> IssueType.INVALID;
        };
    }
}
