package health.umr.reconcile.before;

import health.umr.dmd.Dmd;
import health.umr.dmd.DmdConcept;
import health.umr.domain.Coding;
import health.umr.domain.MedicationCode;
import java.util.List;
import java.util.Optional;

/**
 * A medicine found in dm+d: the coding it was found from (as sent), the current id of the
 * concept, and the concept's VMP and VTM (current ids; either may be null: a VTM has no VMP, a
 * few VMPs have no VTM).
 */
public record ResolvedMedicine(Coding coding, String code, String vmp, String vtm) {

    /**
     * The first coding whose system is a dm+d system and whose code the release knows (retired
     * ids answer as the concept that replaced them); empty when there is none.
     */
    public static Optional<ResolvedMedicine> resolve(MedicationCode medication, Dmd dmd) {
        return Optional.ofNullable(resolveOrNull(medication, dmd));
    }

    /** As {@link #resolve}, null for none (read for every record of every reconciliation). */
    static ResolvedMedicine resolveOrNull(MedicationCode medication, Dmd dmd) {
        if (medication == null) {
            return null;
        }
        List<Coding> codingList = medication.codings();
        for (int atCoding = 0; atCoding < codingList.size(); atCoding++) {
            Coding coding = codingList.get(atCoding);
            if (!Dmd.isDmdSystem(coding.system()) || coding.code() == null) {
                continue;
            }
            String sent = coding.code().strip();
            Optional<DmdConcept> concept = dmd.lookup(sent);
            if (concept.isPresent()) {
                return new ResolvedMedicine(
                        coding,
                        concept.get().id(),
                        dmd.vmpOf(sent).orElse(null),
                        dmd.vtmOf(sent).orElse(null));
            }
        }
        return null;
    }
}
