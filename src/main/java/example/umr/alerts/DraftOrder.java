package example.umr.alerts;

import example.umr.dmd.Dmd;
import example.umr.dmd.DmdConcept;
import example.umr.domain.Coding;
import example.umr.domain.MedicationCode;

import java.util.Optional;

/**
 * A medicine a prescriber is about to order (a draft MedicationRequest of a CDS Hooks call),
 * resolved in dm+d the way the reconciler resolves source records, so a draft and the record
 * compare by the same current VTM and VMP ids.
 *
 * @param reference "MedicationRequest/{id}" as the client names the draft, or null when it has no id
 * @param name      a name for people: the text or display sent, else the dm+d name
 * @param vtm       the current VTM id, or null (unmapped, or a VMP without a VTM)
 * @param vtmName   the VTM's dm+d name, or null
 * @param vmp       the current VMP id, or null (unmapped, or ordered as a VTM)
 */
public record DraftOrder(String reference, String name, String vtm, String vtmName, String vmp) {

    /** False when no dm+d coding of the draft could be resolved: UMR cannot check it. */
    public boolean isMapped() {
        return vtm != null || vmp != null;
    }

    /**
     * Resolves the first dm+d coding the release knows (retired ids answer as their successor).
     * A null medication (the draft named none) gives an unmapped order.
     */
    public static DraftOrder resolve(String reference, MedicationCode medication, Dmd dmd) {
        String sentName = medication == null ? null : medication.text();
        if (medication != null) {
            for (Coding coding : medication.codings()) {
                if (!Dmd.isDmdSystem(coding.system()) || coding.code() == null) {
                    continue;
                }
                String code = coding.code().strip();
                Optional<DmdConcept> concept = dmd.lookup(code);
                if (concept.isPresent()) {
                    String vtm = dmd.vtmOf(code).orElse(null);
                    String vtmName = vtm == null ? null : dmd.lookup(vtm).map(DmdConcept::name).orElse(null);
                    String name = coding.display() != null ? coding.display()
                            : sentName != null ? sentName : concept.get().name();
                    return new DraftOrder(reference, name, vtm, vtmName, dmd.vmpOf(code).orElse(null));
                }
            }
        }
        return new DraftOrder(reference, sentName != null ? sentName : "an uncoded medicine", null, null, null);
    }
}
