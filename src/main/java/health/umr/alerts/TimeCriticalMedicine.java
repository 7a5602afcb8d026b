package health.umr.alerts;

import java.time.Duration;
import java.util.Objects;

/**
 * A medicine whose omission or delay on admission causes harm: one row of
 * {@code reference/time-critical-medicines.csv}.
 *
 * @param vtmId     the dm+d VTM id
 * @param name      the VTM name as dm+d writes it
 * @param clazz     the class, e.g. {@code parkinsons}, {@code insulins}, {@code anticoagulants}
 * @param appliesTo which products of the VTM are the time-critical medicine (not eye drops, creams,
 *                  line flushes, pain patches ...)
 * @param dueWithin how long after admission an unprescribed dose is overdue (30 minutes for Parkinson's)
 * @param reason    why a missed or late dose matters, for people reading an alert
 */
public record TimeCriticalMedicine(
        String vtmId, String name, String clazz, AppliesTo appliesTo, Duration dueWithin, String reason) {

    public TimeCriticalMedicine {
        Objects.requireNonNull(vtmId, "vtmId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(clazz, "clazz");
        Objects.requireNonNull(appliesTo, "appliesTo");
        Objects.requireNonNull(dueWithin, "dueWithin");
        Objects.requireNonNull(reason, "reason");
    }
}
