package health.umr.reconcile.before;

import health.umr.domain.Admission;
import health.umr.domain.EncounterRecord;
import health.umr.domain.Source;
import health.umr.domain.VersionStamp;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Whether a patient is admitted, from their encounters. Only inpatient (IMP) or emergency (EMER)
 * encounters sent by an admitting setting (acute, mental health) count, with status arrived or
 * in-progress (admitted) or finished (discharged). The newest of them decides: latest period start,
 * then the source's lastUpdated, then the record key. Pure: no clock, no order dependence.
 */
public final class Admissions {

    private static final Set<String> DECIDING = Set.of("arrived", "in-progress", "finished");
    private static final Comparator<EncounterRecord> NEWEST_LAST = Comparator.comparing(
                    EncounterRecord::periodStart, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(EncounterRecord::version, VersionStamp.ORDER)
            .thenComparing(e -> e.key().text());

    private Admissions() {}

    public static Admission of(Collection<EncounterRecord> encounters, Function<String, Optional<Source>> sources) {
        List<EncounterRecord> deciding = encounters.stream()
                .filter(EncounterRecord::isInpatientOrEmergency)
                .filter(e -> DECIDING.contains(e.status()))
                .filter(e -> sources.apply(e.key().sourceId())
                        .map(s -> s.setting().admits())
                        .orElse(false))
                .sorted(NEWEST_LAST)
                .toList();
        if (deciding.isEmpty()) {
            return Admission.NOT_ADMITTED;
        }
        EncounterRecord newest = deciding.get(deciding.size() - 1);
        if ("finished".equals(newest.status())) {
            return Admission.NOT_ADMITTED;
        }
        return new Admission(true, newest.key().sourceId(), newest.key().text(), newest.periodStart());
    }
}
