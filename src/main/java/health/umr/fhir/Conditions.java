package health.umr.fhir;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import health.umr.domain.ErrorCode;
import health.umr.domain.InvalidInputException;
import health.umr.records.ReceivedRecord;
import health.umr.records.RecordSearchService;
import health.umr.records.SearchCriteria;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Conditional interactions: If-None-Exist and conditional update by identifier, If-Match, Prefer. */
final class Conditions {

    private static final Pattern WEAK_ETAG = Pattern.compile("(?:W/)?\"(\\d{1,9})\"");

    private Conditions() {}

    /** The records a condition ("identifier=system|value", with or without "Type?") names. */
    static List<ReceivedRecord> matches(RecordSearchService searches, String type, String condition) {
        String query = condition.contains("?") ? condition.substring(condition.indexOf('?') + 1) : condition;
        String identifier = null;
        for (String pair : query.split("&")) {
            String[] nameValue = pair.split("=", 2);
            if (nameValue.length == 2 && nameValue[0].equals("identifier") && !nameValue[1].isBlank()) {
                identifier = URLDecoder.decode(nameValue[1], StandardCharsets.UTF_8);
            } else if (!pair.isBlank()) {
                throw new InvalidInputException(
                        ErrorCode.INVALID_PARAMETER,
                        "a condition may name only identifier=system|value (UMR matches records by business "
                                + "identifier), not '" + nameValue[0].replaceAll("[^\\x21-\\x7e]", "?") + "'");
            }
        }
        if (identifier == null) {
            throw new InvalidInputException(ErrorCode.INVALID_PARAMETER, "a condition needs identifier=system|value");
        }
        SearchCriteria criteria = new SearchCriteria(
                type,
                null,
                identifier,
                List.of(),
                List.of(),
                null,
                null,
                null,
                SearchCriteria.Sort.RECEIVED,
                false,
                2,
                false);
        return searches.search(criteria, null).resources();
    }

    /** If-Match: W/"3" must be the version held; a record that is not held matches no version. */
    static void requireVersion(String ifMatch, ReceivedRecord held, String type) {
        Matcher version = WEAK_ETAG.matcher(ifMatch.strip());
        if (!version.matches()) {
            throw new InvalidInputException(
                    ErrorCode.INVALID_PARAMETER,
                    "If-Match must be a version ETag such as W/\"3\", not '" + ifMatch.replaceAll("[^\\x20-\\x7e]", "?")
                            + "'");
        }
        if (held == null) {
            throw new InvalidInputException(
                    ErrorCode.PRECONDITION_FAILED,
                    "If-Match names version " + version.group(1) + " but UMR holds no such " + type + " to update");
        }
        if (held.version() != Integer.parseInt(version.group(1))) {
            throw new InvalidInputException(
                    ErrorCode.PRECONDITION_FAILED,
                    "If-Match names version " + version.group(1) + " but " + type + "/" + held.logicalId()
                            + " is at version " + held.version() + ": read it again, then update");
        }
    }

    /** Prefer: return=representation (HAPI answers minimal and OperationOutcome itself). */
    static boolean wantsRepresentation(RequestDetails request) {
        String prefer = request.getHeader("Prefer");
        return prefer != null
                && prefer.toLowerCase(Locale.ROOT).replace(" ", "").contains("return=representation");
    }
}
