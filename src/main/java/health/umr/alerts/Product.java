package health.umr.alerts;

import health.umr.domain.ItemSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the rules know of one product as a source holds it or a prescriber orders it: its routes, dose
 * form and strength (from dm+d or the dosage), and its words (the medicine's text and display, the
 * dosage text, the indication), which a few rules read for cues such as "flush" or "epilepsy".
 *
 * <p>Its parts: the SNOMED CT route codes (empty when not known), the dm+d dose form name and strength
 * (e.g. "10 unit/1 ml"), or null, and the words.
 */
public final class Product {

    public static final Product UNKNOWN = new Product(List.of(), null, null, "");

    private final List<String> routes;
    private final String form;
    private final String strength;
    private final ItemSource source;
    private String words;

    public Product(List<String> routes, String form, String strength, String words) {
        this(routes, form, strength, words, null);
    }

    private Product(List<String> routes, String form, String strength, String words, ItemSource source) {
        this.routes = routes == null ? List.of() : List.copyOf(routes);
        this.form = form;
        this.strength = strength;
        this.words = words;
        this.source = source;
    }

    /** The product one source's contribution names (its words are read only if a rule asks for them). */
    public static Product of(ItemSource source) {
        return new Product(source.routes(), source.form(), source.strength(), null, source);
    }

    public List<String> routes() {
        return routes;
    }

    public String form() {
        return form;
    }

    public String strength() {
        return strength;
    }

    /** The product's texts joined, lower case; never null. */
    public String words() {
        if (words == null) {
            List<String> texts = new ArrayList<>();
            texts.add(source.medicationText());
            if (source.medication() != null) {
                texts.add(source.medication().display());
            }
            texts.add(source.dosageText());
            texts.add(source.indication());
            words = join(texts);
        }
        return words;
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
