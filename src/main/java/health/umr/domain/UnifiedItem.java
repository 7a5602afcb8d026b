package health.umr.domain;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * One medicine of the unified record, with every source's contribution to it.
 *
 * @param id             stable id: a hash of the patient and {@link #itemKey}, so the same medicine
 *                       keeps its id across record versions and replays
 * @param itemKey        what identifies the item within the patient's record: {@code vtm:<id>},
 *                       {@code vtm:<id>|vmp:<id>} (when one source lists two products of a VTM),
 *                       {@code vmp:<id>} (a VMP without a VTM), or {@code unmapped:<record key>}
 * @param vtm            the VTM (system https://dmd.nhs.uk, name from dm+d), or null
 * @param vmp            the VMP every current source that names a product agrees on, or null when
 *                       none names one or they name different ones
 * @param medicationText for an unmapped item, the medicine's text as sent (else null)
 * @param status         the status of the newest assertion among the current contributions
 * @param current        false when every contribution is a course that ended before the current window
 * @param dosage         the dosage of the newest assertion, or null
 * @param sources        every contribution, sorted by source id, then record key
 * @param discrepancies  what the current contributions disagree about, sorted by type
 */
public record UnifiedItem(
        String id,
        String itemKey,
        Coding vtm,
        Coding vmp,
        String medicationText,
        MedicationStatus status,
        boolean current,
        String dosage,
        List<ItemSource> sources,
        List<Discrepancy> discrepancies) {

    public UnifiedItem {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(itemKey, "itemKey");
        Objects.requireNonNull(status, "status");
        sources = List.copyOf(sources);
        discrepancies = List.copyOf(discrepancies);
    }

    /** False when no source's medicine could be resolved in dm+d (text only, other code systems, unknown codes). */
    public boolean isMapped() {
        return vtm != null || vmp != null;
    }

    /** Current and active: what the patient is taking now, as far as the newest assertion says. */
    public boolean isActive() {
        return current && status.isActive();
    }

    /** The dm+d concept to publish: the agreed VMP, else the VTM; empty for an unmapped item. */
    public Optional<Coding> medication() {
        return Optional.ofNullable(vmp != null ? vmp : vtm);
    }

    /** A name for people: the VMP's, else the VTM's, else the text as sent. */
    public String name() {
        if (vmp != null && vmp.display() != null) {
            return vmp.display();
        }
        if (vtm != null && vtm.display() != null) {
            return vtm.display();
        }
        return medicationText != null ? medicationText : "unnamed medicine";
    }

    public Optional<String> vtmCode() {
        return Optional.ofNullable(vtm).map(Coding::code);
    }

    public Optional<String> vmpCode() {
        return Optional.ofNullable(vmp).map(Coding::code);
    }

    public boolean hasDiscrepancy(DiscrepancyType type) {
        return discrepancies.stream().anyMatch(d -> d.type() == type);
    }

    public Optional<Discrepancy> discrepancy(DiscrepancyType type) {
        return discrepancies.stream().filter(d -> d.type() == type).findFirst();
    }

    /** The contributions that are current and active. */
    public List<ItemSource> activeSources() {
        return sources.stream().filter(ItemSource::isActive).toList();
    }

    /** The ids of sources with a current, active inpatient order for this item, sorted. */
    public List<String> sourcesWithActiveInpatientOrder() {
        TreeSet<String> ids = new TreeSet<>();
        for (ItemSource source : sources) {
            if (source.inpatientOrder() && source.isActive()) {
                ids.add(source.sourceId());
            }
        }
        return List.copyOf(ids);
    }

    /** Every source record behind this item (for FHIR derivedFrom), in source order. */
    public List<ContributingRecord> derivedFrom() {
        return sources.stream().flatMap(s -> s.records().stream()).toList();
    }

    void appendTo(CanonicalText out) {
        out.open("item")
                .field("id", id)
                .field("itemKey", itemKey)
                .field("vtm", vtm)
                .field("vmp", vmp)
                .field("medicationText", medicationText)
                .field("status", status.code())
                .field("current", current)
                .field("dosage", dosage);
        for (ItemSource source : sources) {
            source.appendTo(out);
        }
        for (Discrepancy discrepancy : discrepancies) {
            discrepancy.appendTo(out);
        }
        out.close();
    }
}
