package health.umr.alerts;

import health.umr.domain.ItemSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the rules know of one product as a source holds it or a prescriber orders it: its routes, dose
 * form and strength (from dm+d or the dosage), and its words (the medicine's text and display, the
 * dosage text), which a few rules read for cues such as "flush" or "epilepsy".
 *
 * @param routes   SNOMED CT route codes; empty when not known
 * @param form     the dm+d dose form name, or null
 * @param strength the dm+d strength, e.g. "10 unit/1 ml", or null
 * @param words    the product's texts joined, lower case; never null
 */
public record Product(List<String> routes, String form, String strength, String words) {

    public static final Product UNKNOWN = new Product(List.of(), null, null, "");

    public Product {
        routes = routes == null ? List.of() : List.copyOf(routes);
        words = words == null ? "" : words;
    }

    /** The product one source's contribution names. */
    public static Product of(ItemSource source) {
        List<String> texts = new ArrayList<>();
        texts.add(source.medicationText());
        if (source.medication() != null) {
            texts.add(source.medication().display());
        }
        texts.add(source.dosageText());
        return new Product(source.routes(), source.form(), source.strength(), join(texts));
    }

    static String join(List<String> texts) {
        StringBuilder out = new StringBuilder();
        for (String text : texts) {
            if (text != null && !text.isBlank()) {
                out.append(out.isEmpty() ? "" : " | ").append(text.strip().toLowerCase(Locale.ROOT));
            }
        }
        return out.toString();
    }

    /** True when every route known is local (eye, skin, ear ...); false when no route is known. */
    public boolean isLocal() {
        return Routes.onlyLocal(routes);
    }
}
