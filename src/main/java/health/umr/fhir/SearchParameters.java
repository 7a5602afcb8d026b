package health.umr.fhir;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import health.umr.domain.ErrorCode;
import health.umr.domain.InvalidInputException;
import health.umr.domain.NhsNumber;
import health.umr.records.RecordCriteria;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.DateTimeType;

/**
 * The search parameters UMR serves, read straight from the query: {@code patient:identifier} and
 * {@code subject:identifier} (the R4 :identifier modifier), {@code identifier}, {@code status},
 * {@code _lastUpdated} (ge/gt/le/lt/eq), {@code _count}.
 */
final class SearchParameters {

    private static final Set<String> KNOWN = Set.of(
            "patient:identifier",
            "subject:identifier",
            "identifier",
            "status",
            "_lastUpdated",
            "_count",
            "_format",
            "_pretty",
            "_summary",
            "_elements");
    private static final int DEFAULT_COUNT = 100;
    private static final int MAX_COUNT = 1000;

    private SearchParameters() {}

    static RecordCriteria read(String resourceType, RequestDetails request) {
        Map<String, String[]> parameters = request.getParameters();
        for (String name : parameters.keySet()) {
            if (!KNOWN.contains(name)) {
                throw new InvalidInputException(
                        ErrorCode.INVALID_PARAMETER,
                        "search parameter '" + name + "' is not supported; " + resourceType
                                + " can be searched by patient:identifier, subject:identifier, identifier, status, _lastUpdated and _count");
            }
        }
        String patient = first(parameters, "patient:identifier");
        String subject = first(parameters, "subject:identifier");
        String nhs = nhsNumber(patient != null ? patient : subject);
        Instant from = null;
        Instant to = null;
        for (String value : parameters.getOrDefault("_lastUpdated", new String[0])) {
            Instant[] range = dateRange("_lastUpdated", value);
            from = range[0] != null ? range[0] : from;
            to = range[1] != null ? range[1] : to;
        }
        return new RecordCriteria(
                resourceType,
                nhs,
                first(parameters, "identifier"),
                first(parameters, "status"),
                from,
                to,
                count(first(parameters, "_count")));
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

    /** A FHIR date search value as [from, to) bounds (either may be null). */
    static Instant[] dateRange(String name, String value) {
        String prefix = value.length() > 2 && Character.isLetter(value.charAt(0)) ? value.substring(0, 2) : "eq";
        String date = prefix.equals("eq") && !Character.isLetter(value.charAt(0)) ? value : value.substring(2);
        DateTimeType parsed;
        try {
            parsed = new DateTimeType(date);
        } catch (RuntimeException e) {
            throw new InvalidInputException(
                    ErrorCode.INVALID_PARAMETER,
                    name + " '" + value
                            + "' is not a FHIR date search value (for example ge2026-01-01 or lt2026-11-22T10:00:00Z)");
        }
        Instant low = parsed.getValue().toInstant();
        Instant high = upperBound(parsed);
        return switch (prefix) {
            case "ge" -> new Instant[] {low, null};
            case "gt" -> new Instant[] {high, null};
            case "le" -> new Instant[] {null, high};
            case "lt" -> new Instant[] {null, low};
            case "eq" -> new Instant[] {low, high};
            default ->
                throw new InvalidInputException(
                        ErrorCode.INVALID_PARAMETER,
                        name + " prefix '" + prefix + "' is not supported; use ge, gt, le, lt or eq");
        };
    }

    /** The end of the period a date of this precision covers (2026-11 covers the whole month). */
    private static Instant upperBound(DateTimeType date) {
        // a date without a zone was read in the JVM's (DateTimeType.getValue): bound it in the same one
        java.util.Calendar calendar = java.util.Calendar.getInstance(
                date.getTimeZone() == null ? java.util.TimeZone.getDefault() : date.getTimeZone());
        calendar.setTime(date.getValue());
        int field = switch (date.getPrecision()) {
            case YEAR -> java.util.Calendar.YEAR;
            case MONTH -> java.util.Calendar.MONTH;
            case DAY -> java.util.Calendar.DATE;
            case MINUTE -> java.util.Calendar.MINUTE;
            case SECOND -> java.util.Calendar.SECOND;
            default -> java.util.Calendar.MILLISECOND;
        };
        calendar.add(field, 1);
        return calendar.toInstant();
    }

    private static int count(String value) {
        if (value == null) {
            return DEFAULT_COUNT;
        }
        try {
            return Math.max(0, Math.min(MAX_COUNT, Integer.parseInt(value)));
        } catch (NumberFormatException e) {
            throw new InvalidInputException(
                    ErrorCode.INVALID_PARAMETER, "_count must be a whole number, not '" + value + "'");
        }
    }

    private static String first(Map<String, String[]> parameters, String name) {
        String[] values = parameters.get(name);
        return values == null || values.length == 0 || values[0].isBlank() ? null : values[0];
    }

    static List<String> knownNames() {
        return List.copyOf(KNOWN);
    }
}
