package health.umr.fhir;

import ca.uhn.fhir.rest.api.SortOrderEnum;
import ca.uhn.fhir.rest.api.SortSpec;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.StringParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import health.umr.domain.ErrorCode;
import health.umr.domain.InvalidInputException;
import health.umr.domain.NhsNumber;
import health.umr.records.SearchCriteria;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** The search parameters HAPI has parsed, as the search use case's criteria. */
final class SearchRequest {

    static final int DEFAULT_COUNT = 100;
    static final int MAX_COUNT = 1000;

    private SearchRequest() {}

    static SearchCriteria criteria(
            String type,
            ReferenceParam patient,
            ReferenceParam subject,
            TokenParam identifier,
            TokenOrListParam status,
            TokenOrListParam ids,
            TokenParam code,
            DateRangeParam lastUpdated,
            StringParam total,
            SortSpec sort,
            Integer count) {
        String nhs = nhsNumber("patient", patient);
        String subjectNhs = nhsNumber("subject", subject);
        if (nhs != null && subjectNhs != null && !nhs.equals(subjectNhs)) {
            throw new InvalidInputException(
                    ErrorCode.INVALID_PARAMETER, "patient and subject name different patients: a record has one");
        }
        if (code != null && "Encounter".equals(type)) {
            throw new InvalidInputException(
                    ErrorCode.INVALID_PARAMETER, "Encounter has no search parameter code in UMR; search by patient");
        }
        Instant from = null;
        Instant to = null;
        if (lastUpdated != null) {
            Instant[] bounds = SearchParameters.boundsOf("_lastUpdated", lastUpdated);
            from = bounds[0];
            to = bounds[1];
        }
        boolean descending = false;
        SearchCriteria.Sort order = SearchCriteria.Sort.RECEIVED;
        if (sort != null) {
            if (sort.getChain() != null) {
                throw new InvalidInputException(
                        ErrorCode.INVALID_PARAMETER,
                        "sort by one parameter: _lastUpdated or _id (with - for descending)");
            }
            order = switch (sort.getParamName()) {
                case "_lastUpdated" -> SearchCriteria.Sort.LAST_UPDATED;
                case "_id" -> SearchCriteria.Sort.ID;
                default ->
                    throw new InvalidInputException(
                            ErrorCode.INVALID_PARAMETER,
                            "_sort=" + SearchParameters.printable(sort.getParamName())
                                    + " is not served: sort by _lastUpdated or _id (with - for descending)");
            };
            descending = sort.getOrder() == SortOrderEnum.DESC;
        }
        Integer asked = pageSize(count);
        int pageSize = asked == null ? DEFAULT_COUNT : asked;
        SearchCriteria criteria = new SearchCriteria(
                type,
                nhs != null ? nhs : subjectNhs,
                identifier == null ? null : token(identifier),
                values(status),
                values(ids),
                code == null ? null : token(code),
                from,
                to,
                order,
                descending,
                pageSize,
                false);
        return withTotal(criteria, total);
    }

    /**
     * The page size {@code _count} asks for, for every FHIR search: HAPI's {@code @Count} has read the
     * number (and refused with 400 what is not a whole number); this refuses a negative one and caps
     * it at {@link #MAX_COUNT}. Null when no {@code _count} was sent.
     */
    static Integer pageSize(Integer count) {
        if (count == null) {
            return null;
        }
        if (count < 0) {
            throw new InvalidInputException(
                    ErrorCode.INVALID_PARAMETER, "_count must be 0 or more (at most " + MAX_COUNT + "), not " + count);
        }
        return Math.min(count, MAX_COUNT);
    }

    /**
     * _total=accurate counts every match; _total=none counts nothing. By default the total is counted
     * when the search is narrowed to a patient, an identifier or ids (an index lookup), and left out
     * otherwise, where counting could mean reading the whole table.
     */
    private static SearchCriteria withTotal(SearchCriteria criteria, StringParam total) {
        String mode = total == null ? "" : total.getValue().toLowerCase(Locale.ROOT);
        boolean count = switch (mode) {
            case "accurate" -> true;
            case "none" -> false;
            case "", "estimate" -> criteria.narrow() || criteria.count() == 0;
            default ->
                throw new InvalidInputException(
                        ErrorCode.INVALID_PARAMETER,
                        "_total is none, estimate or accurate, not '" + SearchParameters.printable(mode) + "'");
        };
        return new SearchCriteria(
                criteria.resourceType(),
                criteria.nhsNumber(),
                criteria.identifier(),
                criteria.statuses(),
                criteria.ids(),
                criteria.medicationCode(),
                criteria.lastUpdatedFrom(),
                criteria.lastUpdatedTo(),
                criteria.sort(),
                criteria.descending(),
                criteria.count(),
                count);
    }

    /**
     * The NHS number a patient reference names: {@code :identifier} (R4's modifier, which HAPI reads
     * as a resource type "identifier") with {@code system|value}, {@code Patient/{nhs}} or {nhs}.
     */
    static String nhsNumber(String name, ReferenceParam reference) {
        if (reference == null) {
            return null;
        }
        if (reference.hasChain()) {
            throw new InvalidInputException(
                    ErrorCode.INVALID_PARAMETER,
                    name + " takes no chain; use " + name + ":identifier=" + NhsNumber.SYSTEM + "|{nhs number}");
        }
        String type = reference.getResourceType();
        if ("identifier".equals(type)) {
            return SearchParameters.nhsNumber(reference.getValue());
        }
        if (type != null && !"Patient".equals(type)) {
            throw new InvalidInputException(
                    ErrorCode.INVALID_PARAMETER,
                    name + " refers to a Patient (Patient/{nhs number}) or takes :identifier, not "
                            + SearchParameters.printable(type));
        }
        String id = reference.getIdPart();
        try {
            return NhsNumber.parse(id).value();
        } catch (InvalidInputException invalid) {
            throw new InvalidInputException(
                    ErrorCode.INVALID_PARAMETER,
                    name + "=" + SearchParameters.printable(reference.getValue())
                            + " is not a patient UMR knows: Patients are Patient/{nhs number}");
        }
    }

    private static String token(TokenParam token) {
        if (token.getModifier() != null) {
            throw new InvalidInputException(
                    ErrorCode.INVALID_PARAMETER,
                    "token modifiers (:" + token.getModifier().getValue() + ") are not served");
        }
        String system = token.getSystem();
        String value = token.getValue() == null ? "" : token.getValue();
        if (system == null) {
            return value;
        }
        return system + "|" + value;
    }

    private static List<String> values(TokenOrListParam tokens) {
        if (tokens == null) {
            return List.of();
        }
        return tokens.getValuesAsQueryTokens().stream()
                .map(t -> t.getValue() == null ? "" : t.getValue())
                .toList();
    }
}
