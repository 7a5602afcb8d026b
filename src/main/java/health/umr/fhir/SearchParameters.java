package health.umr.fhir;

import ca.uhn.fhir.rest.api.QualifiedParamList;
import ca.uhn.fhir.rest.param.DateParam;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.ParamPrefixEnum;
import health.umr.domain.ErrorCode;
import health.umr.domain.InvalidInputException;
import health.umr.domain.NhsNumber;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reading search values shared by the providers and the access check: a patient named by NHS number
 * (a token or a Patient reference), and a FHIR date search value as bounds.
 */
final class SearchParameters {

    private SearchParameters() {}

    /**
     * Refuses a parameter a search read from the raw request does not serve (DetectedIssue,
     * AuditEvent): HAPI's binding refuses them for the searches whose parameters are annotated, and
     * one ignored silently would answer a different question than the one asked.
     */
    static void requireKnown(Map<String, String[]> parameters, Set<String> served, String howToSearch) {
        for (String name : parameters.keySet()) {
            if (!served.contains(name)) {
                throw new InvalidInputException(
                        ErrorCode.INVALID_PARAMETER,
                        "search parameter '" + printable(name) + "' is not supported; " + howToSearch);
            }
        }
    }

    /** A search's patient by identifier: patient:identifier=https://fhir.nhs.uk/Id/nhs-number|{nhs} (and the like). */
    static final Set<String> PATIENT_IDENTIFIERS =
            Set.of("patient:identifier", "patient.identifier", "subject:identifier");

    /** A search's patient by reference: patient=Patient/{nhs} (a Patient's id is its NHS number), subject=... */
    static final Set<String> PATIENT_REFERENCES = Set.of("patient", "subject", "patient:Patient", "subject:Patient");

    /**
     * The one NHS number a search names, by identifier or by reference, or null when it names none;
     * refused when it names two. Every search that names its patient reads it here, and so does the
     * access check, so what the CapabilityStatement documents is what each of them takes.
     */
    static String patientNamed(Map<String, String[]> parameters) {
        Set<String> named = new java.util.TreeSet<>();
        addNamed(named, parameters, PATIENT_IDENTIFIERS, SearchParameters::nhsNumber);
        addNamed(named, parameters, PATIENT_REFERENCES, SearchParameters::nhsNumberOfReference);
        if (named.size() > 1) {
            throw new InvalidInputException(
                    ErrorCode.INVALID_PARAMETER, "a search names one patient, not " + named.size());
        }
        return named.isEmpty() ? null : named.iterator().next();
    }

    /** The NHS numbers these parameters' non-blank values name, each read by {@code read}. */
    private static void addNamed(
            Set<String> named,
            Map<String, String[]> parameters,
            Set<String> names,
            java.util.function.UnaryOperator<String> read) {
        for (String name : names) {
            for (String value : parameters.getOrDefault(name, new String[0])) {
                if (!value.isBlank()) {
                    named.add(read.apply(value));
                }
            }
        }
    }

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

    /**
     * A FHIR date search value as [from, to) bounds (either may be null): every precision, the
     * prefixes {@link #boundsOf} serves (HAPI's DateParam).
     */
    static Instant[] dateRange(String name, String value) {
        DateRangeParam range;
        try {
            DateParam date = new DateParam(value);
            if (date.getValue() == null) {
                throw new IllegalArgumentException("no date");
            }
            requireServedPrefix(name, date.getPrefix());
            // As HAPI binds a search's date parameter (the _lastUpdated of the record searches): the
            // DateRangeParam(DateParam) constructor instead moves a partial date's ge/le bound to the
            // wrong end of its period (ge2026 from 30 December 2026, le2026 to 2 January 2026).
            range = new DateRangeParam();
            range.setValuesAsQueryTokens(null, name, List.of(QualifiedParamList.singleton(value)));
            range.getLowerBoundAsInstant();
            range.getUpperBoundAsInstant();
        } catch (InvalidInputException refused) {
            throw refused;
        } catch (RuntimeException e) {
            throw new InvalidInputException(
                    ErrorCode.INVALID_PARAMETER,
                    name + " '" + value
                            + "' is not a FHIR date search value (for example ge2026-01-01, 2026-11, lt2026-11-22T10:00:00Z)");
        }
        return boundsOf(name, range);
    }

    /**
     * A date search (one value or several, as HAPI binds {@code _lastUpdated}, or as {@link #dateRange}
     * reads AuditEvent's {@code date}) as [from, to) bounds, either of which may be null.
     */
    static Instant[] boundsOf(String name, DateRangeParam range) {
        if (range.getLowerBound() != null) {
            requireServedPrefix(name, range.getLowerBound().getPrefix());
        }
        if (range.getUpperBound() != null) {
            requireServedPrefix(name, range.getUpperBound().getPrefix());
        }
        Date low = range.getLowerBoundAsInstant();
        Date high = range.getUpperBoundAsInstant();
        // HAPI's upper bound is inclusive to the millisecond; the search's is exclusive
        return new Instant[] {
            low == null ? null : low.toInstant(),
            high == null ? null : high.toInstant().plusMillis(1)
        };
    }

    /**
     * The one rule for date prefixes, in every date search: ne and ap are refused, because HAPI's
     * DateRangeParam reads ne as eq (ne2026 would answer 2026, the opposite of what was asked) and has
     * no bounds for ap. sa and eb stay served: over an instant (meta.lastUpdated, AuditEvent.recorded)
     * FHIR makes them exactly gt and lt, which is how HAPI reads them.
     */
    private static void requireServedPrefix(String name, ParamPrefixEnum prefix) {
        if (prefix == ParamPrefixEnum.NOT_EQUAL || prefix == ParamPrefixEnum.APPROXIMATE) {
            throw new InvalidInputException(
                    ErrorCode.INVALID_PARAMETER,
                    name + " does not take the prefix " + prefix.getValue()
                            + ": use eq (or none), gt, ge, lt or le (sa and eb mean gt and lt), for example " + name
                            + "=ge2026-01-01&" + name + "=lt2026-02-01");
        }
    }

    /** An echoed value, shortened, with anything not printable ASCII as '?'. */
    static String printable(String text) {
        if (text == null) {
            return "";
        }
        String shown = text.length() > 60 ? text.substring(0, 60) + "…" : text;
        return shown.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
