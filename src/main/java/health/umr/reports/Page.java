package health.umr.reports;

import java.util.List;

/**
 * One page of a population report.
 *
 * @param total how many rows the whole report has
 * @param next  the cursor that gives the next page, or null on the last
 */
public record Page<T>(List<T> rows, long total, String next) {

    public Page {
        rows = List.copyOf(rows);
    }
}
