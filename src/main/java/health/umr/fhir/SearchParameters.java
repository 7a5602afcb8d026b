package health.umr.fhir;

import ca.uhn.fhir.rest.api.QualifiedParamList;
import ca.uhn.fhir.rest.param.DateParam;
import ca.uhn.fhir.rest.param.DateRangeParam;
import health.umr.domain.ErrorCode;
import health.umr.domain.InvalidInputException;
import health.umr.domain.NhsNumber;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * Reading search values shared by the providers and the access check: a patient named by NHS number
 * (a token or a Patient reference), and a FHIR date search value as bounds.
 */
final class SearchParameters {

    private SearchParameters() {}

    /** The NHS number a Patient reference names: Patient/{nhs}, {nhs}, or an absolute URL ending in Patient/{nhs}. */
    static String nhsNumberOfReference(String reference) {
        String id = reference;
        int patient = reference.lastIndexOf("Patient/");
        if (patient >= 0) {
            id = reference.substring(patient + "Patient/".length());
        } else if (reference.contains("/")) {
            throw new InvalidInputException(
                    ErrorCode.INVALID_PARAMETER,
                    "a patient reference is Patient/{nhs number}, not " + reference.replaceAll("[^\\x20-\\x7e]", "?"));
        }
        return NhsNumber.parse(id).value();
    }

    /** "https://fhir.nhs.uk/Id/nhs-number|9449306680" or the bare digits. */
    static String nhsNumber(String token) {
        if (token == null) {
            return null;
        }
        int bar = token.indexOf('|');
        if (bar >= 0 && !token.substring(0, bar).isEmpty() && !NhsNumber.SYSTEM.equals(token.substring(0, bar))) {
            throw new InvalidInputException(
                    ErrorCode.INVALID_PARAMETER,
                    "patients are identified by NHS number: use " + NhsNumber.SYSTEM + "|{nhs number}, not the system "
                            + token.substring(0, bar));
        }
        return NhsNumber.parse(token.substring(bar + 1)).value();
    }

    /** A FHIR date search value as [from, to) bounds (either may be null): every prefix, every precision (HAPI's DateParam). */
    static Instant[] dateRange(String name, String value) {
        DateRangeParam range;
        try {
            if (new DateParam(value).getValue() == null) {
                throw new IllegalArgumentException("no date");
            }
            // As HAPI binds a search's date parameter (the _lastUpdated of the record searches): the
            // DateRangeParam(DateParam) constructor instead moves a partial date's ge/le bound to the
            // wrong end of its period (ge2026 from 30 December 2026, le2026 to 2 January 2026).
            range = new DateRangeParam();
            range.setValuesAsQueryTokens(null, name, List.of(QualifiedParamList.singleton(value)));
            range.getLowerBoundAsInstant();
            range.getUpperBoundAsInstant();
        } catch (RuntimeException e) {
            throw new InvalidInputException(
                    ErrorCode.INVALID_PARAMETER,
                    name + " '" + value
                            + "' is not a FHIR date search value (for example ge2026-01-01, 2026-11, lt2026-11-22T10:00:00Z)");
        }
        Date low = range.getLowerBoundAsInstant();
        Date high = range.getUpperBoundAsInstant();
        // HAPI's upper bound is inclusive to the millisecond; the search's is exclusive
        return new Instant[] {
            low == null ? null : low.toInstant(),
            high == null ? null : high.toInstant().plusMillis(1)
        };
    }
}
