package health.umr.dmd;

import java.util.List;
import java.util.Optional;

/**
 * The dm+d questions the rest of the service asks: what a code is, what it is now, and where it
 * sits in the VTM → VMP → AMP / VMPP → AMPP hierarchy. See the package documentation for the
 * vocabulary and the exact meaning of {@link #subsumes}.
 *
 * <p>No method throws for an unknown, retired or null code: lookups answer empty, {@link
 * #currentCode} answers the code unchanged and {@link #subsumes} answers false (except that a
 * non-null code subsumes itself).
 *
 * <p>Navigation ({@link #levelOf}, {@link #vmpOf}, {@link #vtmOf}, {@link #ancestors},
 * {@link #vmpDetail}, {@link #subsumes}) first maps the code to its {@linkplain #currentCode
 * current code}, so a retired id answers as the concept that replaced it.
 */
public interface Dmd {

    /** The dm+d code system URI used by UK Core. */
    String DMD_SYSTEM = "https://dmd.nhs.uk";
    /** The SNOMED CT code system URI, under which EPS and GP Connect send dm+d ids. */
    String SNOMED_SYSTEM = "http://snomed.info/sct";

    /**
     * True for the code system URIs under which dm+d ids are sent: {@code https://dmd.nhs.uk},
     * {@code https://dmd.nhs.uk/} (seen in a UK Core example) and {@code http://snomed.info/sct}
     * (EPS, GP Connect). dm+d ids are SNOMED CT ids, so these are one code system. Exact match,
     * case-sensitive; null is false.
     */
    static boolean isDmdSystem(String system) {
        return DMD_SYSTEM.equals(system) || "https://dmd.nhs.uk/".equals(system) || SNOMED_SYSTEM.equals(system);
    }

    /**
     * The concept for a code: the concept of its {@linkplain #currentCode current code} if that is
     * known, otherwise the concept with exactly this id (e.g. a concept only an older merged
     * release had). For a retired code the answer's {@link DmdConcept#id()} is the current id.
     */
    Optional<DmdConcept> lookup(String code);

    /** The level of {@link #lookup}'s concept. */
    Optional<DmdLevel> levelOf(String code);

    /**
     * The current id for a code: a previous id (VTMIDPREV, VPIDPREV, history file) is replaced by
     * the id that replaced it, following chains (A → B → C gives C). A cycle of previous ids is
     * broken by answering the code unchanged. Any other code, known or not, is answered unchanged;
     * null gives null.
     */
    String currentCode(String code);

    /**
     * The VMP of a code: the VMP itself, the VMP of an AMP or VMPP, or the VMP of an AMPP's VMPP
     * (or of its AMP if the VMPP is not in the release). Empty for a VTM and for unknown codes.
     * The answer is a current id.
     */
    Optional<String> vmpOf(String code);

    /**
     * The VTM of a code: the VTM itself, or the VTM of the code's VMP. Empty when the VMP has no
     * VTM (dm+d has VMPs without one, e.g. feeds and appliances) and for unknown codes. The answer
     * is a current id.
     */
    Optional<String> vtmOf(String code);

    /**
     * The concepts above a code, nearest first, without the code itself: for an AMPP its VMPP, AMP,
     * VMP and VTM; for an AMP or VMPP its VMP and VTM; for a VMP its VTM; for a VTM nothing. Only
     * concepts in the release are listed. Empty for unknown codes.
     */
    List<DmdConcept> ancestors(String code);

    /** The form, routes and ingredients of a VMP (or of a retired id of one). Empty for other levels. */
    Optional<VmpDetail> vmpDetail(String vmpId);

    /**
     * Whether {@code a} subsumes {@code b} in the dm+d hierarchy: after mapping both to current
     * codes, a equals b, or a is one of {@link #ancestors}(b). False if either is null.
     */
    boolean subsumes(String a, String b);

    /**
     * Every id {@code code} {@linkplain #subsumes subsumes}: the code itself (and its current code),
     * every concept below it (a VTM's VMPs, AMPs, VMPPs and AMPPs), and every previous id of those.
     * The code alone when it is not in the release; empty for null.
     */
    java.util.Set<String> codesUnder(String code);

    /** The BNF code of a VMP or AMP (optional f_bnf1 file), after mapping to the current code. */
    Optional<String> bnfCode(String code);

    /** The ATC code of a VMP (optional f_bnf1 file), after mapping to the current code. */
    Optional<String> atcCode(String code);

    /** The identity of the release answering (its file suffix, e.g. "3010419"). */
    String releaseId();
}
