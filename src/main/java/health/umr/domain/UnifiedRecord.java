package health.umr.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A patient's medicines, reconciled from every source into one item per medicine: the result of
 * a pure function of the patient's current source records and the dm+d release.
 *
 * @param nhsNumber      the patient
 * @param newestRecordAt the newest date among the patient's records (lastUpdated, dateAsserted,
 *                       effective start), which the current window is measured back from; null
 *                       when no record carries a date
 * @param currentSince   the start of the current window; courses that ended before it are
 *                       history; null when there is no window (no dated record)
 * @param items          the current items (what the record shows), sorted
 * @param history        items whose every contribution is a course that ended before the window, sorted
 */
public record UnifiedRecord(
        NhsNumber nhsNumber,
        Instant newestRecordAt,
        Instant currentSince,
        List<UnifiedItem> items,
        List<UnifiedItem> history) {

    public UnifiedRecord {
        Objects.requireNonNull(nhsNumber, "nhsNumber");
        items = List.copyOf(items);
        history = List.copyOf(history);
    }

    /** Current items whose newest assertion says active. */
    public List<UnifiedItem> activeItems() {
        return items.stream().filter(UnifiedItem::isActive).toList();
    }

    /** Current items, then history. */
    public List<UnifiedItem> allItems() {
        List<UnifiedItem> all = new ArrayList<>(items.size() + history.size());
        all.addAll(items);
        all.addAll(history);
        return List.copyOf(all);
    }

    /** The item with this id, current or history. */
    public Optional<UnifiedItem> findItem(String id) {
        return allItems().stream().filter(i -> i.id().equals(id)).findFirst();
    }

    /** The current items of a VTM (more than one only when one source lists two products of it). */
    public List<UnifiedItem> itemsOfVtm(String vtmCode) {
        // a loop, not a stream: the alert rules ask this per medicine and substitute on every read
        List<UnifiedItem> found = null;
        for (UnifiedItem item : items) {
            if (item.vtm() != null && item.vtm().code().equals(vtmCode)) {
                if (found == null) {
                    found = new ArrayList<>(2);
                }
                found.add(item);
            }
        }
        return found == null ? List.of() : Collections.unmodifiableList(found);
    }

    /** The ids of sources with a current, active inpatient order for a VTM, sorted. */
    public List<String> sourcesWithActiveInpatientOrder(String vtmCode) {
        return itemsOfVtm(vtmCode).stream()
                .flatMap(i -> i.sourcesWithActiveInpatientOrder().stream())
                .distinct()
                .sorted()
                .toList();
    }

    /** The rendering the fingerprint is taken over: every field, in a fixed order. */
    public String canonicalText() {
        return canonical(0).toString();
    }

    /** About the length of the canonical text: a source renders in about 1 kB, each record of it in 250 B. */
    private int sizeHint() {
        int size = 1024;
        for (List<UnifiedItem> list : List.of(items, history)) {
            for (UnifiedItem item : list) {
                size += 512;
                for (ItemSource source : item.sources()) {
                    size += 1024 + 256 * source.records().size();
                }
            }
        }
        return size;
    }

    /** {@link #canonicalText()}, still open for a caller to append about {@code extra} characters to (see {@link PatientRecord#fingerprint()}). */
    CanonicalText canonical(int extra) {
        CanonicalText out = new CanonicalText(sizeHint() + extra);
        out.open("unified-record")
                .field("nhsNumber", nhsNumber.value())
                .field("newestRecordAt", newestRecordAt)
                .field("currentSince", currentSince);
        out.open("items");
        items.forEach(item -> item.appendTo(out));
        out.close();
        out.open("history");
        history.forEach(item -> item.appendTo(out));
        out.close();
        out.close();
        return out;
    }

    /** SHA-256 (hex) of {@link #canonicalText()}: equal records always give equal fingerprints. */
    public String fingerprint() {
        return Sha256.hex(canonicalText());
    }
}
