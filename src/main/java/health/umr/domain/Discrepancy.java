package health.umr.domain;

import java.util.List;
import java.util.Objects;

/**
 * A disagreement between the sources of one unified item, found by reconciliation: an expected
 * outcome, so a value, not an exception.
 *
 * @param type      what they disagree about
 * @param detail    what a clinician reads, naming each source and what it says
 * @param sourceIds the sources involved, sorted
 */
public record Discrepancy(DiscrepancyType type, String detail, List<String> sourceIds) {

    public Discrepancy {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(detail, "detail");
        sourceIds = List.copyOf(sourceIds);
    }

    void appendTo(CanonicalText out) {
        out.open("discrepancy")
                .field("type", type.code())
                .field("detail", detail)
                .field("sources", String.join(",", sourceIds))
                .close();
    }
}
