package health.umr.alerts;

import health.umr.dmd.Dmd;
import health.umr.dmd.DmdConcept;
import health.umr.dmd.VmpDetail;
import health.umr.dmd.VmpIngredient;
import health.umr.domain.MedicationCode;
import health.umr.reconcile.ResolvedMedicine;
import java.util.Comparator;
import java.util.List;

/**
 * A medicine a prescriber is about to order (a draft MedicationRequest of a CDS Hooks call),
 * resolved in dm+d by the reconciler's own {@link ResolvedMedicine}, so a draft and the record
 * compare by the same current VTM and VMP ids.
 *
 * @param reference "MedicationRequest/{id}" as the client names the draft, or null when it has no id
 * @param name      a name for people: the text or display sent, else the dm+d name
 * @param vtm       the current VTM id, or null (unmapped, or a VMP without a VTM)
 * @param vtmName   the VTM's dm+d name, or null
 * @param vmp       the current VMP id, or null (unmapped, or ordered as a VTM)
 * @param product   the VMP's routes, form and strength (unknown for a VTM-level order) and the draft's words
 */
public record DraftOrder(String reference, String name, String vtm, String vtmName, String vmp, Product product) {

    public DraftOrder {
        product = product == null ? Product.UNKNOWN : product;
    }

    /** A draft of a medicine whose product is not known. */
    public DraftOrder(String reference, String name, String vtm, String vtmName, String vmp) {
        this(reference, name, vtm, vtmName, vmp, Product.UNKNOWN);
    }

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
        return ResolvedMedicine.resolve(medication, dmd)
                .map(found -> {
                    String vtmName = found.vtm() == null
                            ? null
                            : dmd.lookup(found.vtm()).map(DmdConcept::name).orElse(null);
                    String name = found.coding().display() != null
                            ? found.coding().display()
                            : sentName != null
                                    ? sentName
                                    : dmd.lookup(found.code())
                                            .map(DmdConcept::name)
                                            .orElse(found.code());
                    VmpDetail detail = found.vmp() == null
                            ? null
                            : dmd.vmpDetail(found.vmp()).orElse(null);
                    Product product = new Product(
                            detail == null ? List.of() : detail.routeCodes(),
                            detail == null ? null : detail.formName(),
                            detail == null ? null : strength(detail),
                            Product.join(java.util.Arrays.asList(
                                    sentName, found.coding().display())));
                    return new DraftOrder(reference, name, found.vtm(), vtmName, found.vmp(), product);
                })
                .orElseGet(() -> new DraftOrder(
                        reference, sentName != null ? sentName : "an uncoded medicine", null, null, null));
    }

    private static String strength(VmpDetail detail) {
        if (detail.ingredients().isEmpty() || detail.ingredients().stream().anyMatch(i -> i.numeratorValue() == null)) {
            return null;
        }
        return String.join(
                " + ",
                detail.ingredients().stream()
                        .sorted(Comparator.comparing(VmpIngredient::ingredientId))
                        .map(VmpIngredient::strengthText)
                        .toList());
    }
}
