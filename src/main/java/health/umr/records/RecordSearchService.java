package health.umr.records;

import health.umr.dmd.Dmd;
import health.umr.domain.ErrorCode;
import health.umr.domain.InvalidInputException;
import health.umr.store.FoundRecord;
import health.umr.store.RecordSearch;
import health.umr.store.SourceRecordRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * Searches the source records as received, a page at a time. Pages are cut by keyset (the sort key
 * and row id of the last row served), not by offset: a cursor names a position in the order, so
 * records stored while a client pages (a newer version moves to the end of _lastUpdated order, a
 * new record joins the end of arrival order) neither shift nor repeat the rows of the pages still to
 * come. The cursor is opaque to clients and carries no criteria: the next link repeats the search.
 */
@ApplicationScoped
public class RecordSearchService {

    private final SourceRecordRepository records;
    private final Dmd dmd;

    public RecordSearchService(SourceRecordRepository records, Dmd dmd) {
        this.records = records;
        this.dmd = dmd;
    }

    /** The page at the cursor (the first page when it is null). */
    public SearchPage search(SearchCriteria criteria, String cursor) {
        RecordSearch.Keyset keyset = cursor == null ? null : decode(cursor, criteria.sort());
        RecordSearch search = new RecordSearch(
                criteria.resourceType(),
                criteria.nhsNumber(),
                criteria.identifier(),
                criteria.statuses(),
                criteria.ids(),
                medicationCodes(criteria.medicationCode()),
                criteria.lastUpdatedFrom(),
                criteria.lastUpdatedTo(),
                switch (criteria.sort()) {
                    case RECEIVED -> RecordSearch.Order.RECEIVED;
                    case LAST_UPDATED -> RecordSearch.Order.LAST_UPDATED;
                    case ID -> RecordSearch.Order.ID;
                },
                criteria.descending(),
                keyset,
                criteria.count());
        Long total = criteria.total() ? records.count(search) : null;
        if (criteria.count() == 0) {
            return new SearchPage(List.of(), total, null, null);
        }
        List<FoundRecord> found = new ArrayList<>(records.search(search));
        boolean more = found.size() > criteria.count();
        if (more) {
            found.remove(found.size() - 1);
        }
        boolean backwards = keyset != null && keyset.before();
        if (backwards) {
            Collections.reverse(found);
        }
        if (found.isEmpty()) {
            return new SearchPage(List.of(), total, null, null);
        }
        FoundRecord first = found.get(0);
        FoundRecord last = found.get(found.size() - 1);
        boolean hasNext = backwards || more;
        boolean hasPrevious = backwards
                ? more
                : keyset != null
                        && !records.search(search.withKeyset(
                                        new RecordSearch.Keyset(true, first.sortKey(), first.rowId()), 0))
                                .isEmpty();
        return new SearchPage(
                found.stream().map(f -> ReceivedRecord.of(f.resource())).toList(),
                total,
                hasNext ? encode(false, last) : null,
                hasPrevious ? encode(true, first) : null);
    }

    private Set<String> medicationCodes(String code) {
        if (code == null) {
            return null;
        }
        int bar = code.indexOf('|');
        String system = bar < 0 ? null : code.substring(0, bar);
        String value = bar < 0 ? code : code.substring(bar + 1);
        if (system == null || system.isEmpty() || Dmd.isDmdSystem(system)) {
            return dmd.codesUnder(value);
        }
        return Set.of(value);
    }

    private static String encode(boolean before, FoundRecord row) {
        String text = (before ? "b" : "a") + "|" + row.rowId() + "|" + row.sortKey();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static RecordSearch.Keyset decode(String cursor, SearchCriteria.Sort sort) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            String[] parts = text.split("\\|", 3);
            if (parts.length != 3 || !(parts[0].equals("a") || parts[0].equals("b"))) {
                throw new IllegalArgumentException(text);
            }
            String key = parts[2];
            boolean fits = switch (sort) {
                case RECEIVED -> key.isEmpty();
                case LAST_UPDATED -> key.matches("-?\\d{1,18}");
                case ID -> key.matches("[A-Za-z0-9\\-.]{1,64}");
            };
            if (!fits) {
                throw new IllegalArgumentException(text);
            }
            return new RecordSearch.Keyset(parts[0].equals("b"), parts[2], Long.parseLong(parts[1]));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(
                    ErrorCode.INVALID_PARAMETER,
                    "_cursor '" + cursor.replaceAll("[^\\x21-\\x7e]", "?")
                            + "' is not a cursor UMR gave: follow the next and previous links of a search as they are");
        }
    }
}
