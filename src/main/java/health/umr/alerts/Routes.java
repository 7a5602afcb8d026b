package health.umr.alerts;

import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Routes of administration, by their SNOMED CT codes (the dm+d ROUTE lookup, and FHIR
 * {@code Dosage.route}). A <b>local</b> route acts where the product is put, not on the whole body:
 * a medicine given only by a local route carries no systemic anticholinergic burden, is not a
 * systemic duplication, and is not the time-critical medicine (prednisolone eye drops, hydrocortisone
 * cream, tacrolimus ointment, ciclosporin eye drops). Every other route (oral, sublingual, buccal,
 * gastroenteral, intravenous, subcutaneous, intramuscular, transdermal, rectal, inhalation ...) counts as
 * systemic. Nasal is local here; desmopressin's row names it where a nasal product acts systemically.
 */
public final class Routes {

    /** Route words the reference files use → SNOMED CT route codes. */
    static final Map<String, String> WORDS = Map.ofEntries(
            Map.entry("oral", "26643006"),
            Map.entry("sublingual", "37839007"),
            Map.entry("buccal", "54471007"),
            Map.entry("oromucosal", "372473007"),
            Map.entry("gastroenteral", "372454008"),
            Map.entry("intravenous", "47625008"),
            Map.entry("subcutaneous", "34206005"),
            Map.entry("intramuscular", "78421000"),
            Map.entry("transdermal", "45890007"),
            Map.entry("rectal", "37161004"),
            Map.entry("inhalation", "18679011000001101"),
            Map.entry("nasal", "46713006"),
            Map.entry("ocular", "54485002"),
            Map.entry("cutaneous", "6064005"));

    /** Local routes: ear, skin, teeth and gums, cervix, sinus, joint, bursa, lesion, eye, bladder, nose, urethra, vagina ... */
    static final Set<String> LOCAL = Set.of(
            "10547007", // auricular
            "6064005", // cutaneous
            "372449004", // dental
            "372450004", // endocervical
            "372451000", // endosinusial
            "372457001", // gingival
            "12130007", // intraarticular
            "372459003", // intrabursal
            "372466002", // intralesional
            "372468001", // intraocular
            "372471009", // intravesical
            "46713006", // nasal
            "54485002", // ocular
            "372474001", // periarticular
            "372476004", // subconjunctival
            "90028008", // urethral
            "16857009", // vaginal
            "62226000", // intrauterine
            "420254004", // body cavity use
            "11564211000001101", // submucosal rectal
            "418401004", // intravitreal
            "418821007", // intracameral
            "448077001", // intraepidermal
            "18246711000001107", // epilesional
            "21856811000001103" // iontophoresis
            );

    private Routes() {}

    /** The SNOMED code of a route word of the reference files, if it is one. */
    static Optional<String> code(String word) {
        return Optional.ofNullable(WORDS.get(word.strip().toLowerCase(Locale.ROOT)));
    }

    /** True when every route given is local; false when none is given. */
    public static boolean onlyLocal(Collection<String> routeCodes) {
        return !routeCodes.isEmpty() && routeCodes.stream().allMatch(Routes::isLocal);
    }

    public static boolean isLocal(String routeCode) {
        return routeCode != null && LOCAL.contains(routeCode.strip());
    }
}
