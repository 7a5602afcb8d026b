package health.umr.reconcile;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The dosage texts of one reconciliation, each read once. A source's statement, plan and issues
 * usually repeat one text, other sources often send it too, and reading a text ({@link
 * DoseText#parse}) was most of a reconciliation's cost. One per reconciliation, never shared: it
 * is not thread-safe, and it keeps nothing beyond the call.
 */
final class DoseTexts {

    private final Map<String, Optional<DoseText>> read = new HashMap<>();

    /** As {@link DoseText#parse}, read once per distinct text. */
    Optional<DoseText> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        return read.computeIfAbsent(text, DoseText::parse);
    }
}
