package health.umr.reconcile;

import health.umr.dmd.Dmd;
import health.umr.dmd.DmdConcept;
import health.umr.dmd.VmpDetail;
import health.umr.domain.Discrepancy;
import health.umr.domain.DiscrepancyType;
import health.umr.domain.MedicationStatus;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@link Discrepancies} as it stood at b66242c (but for its name): part of {@link ReconcilerBefore}, the oracle of
 * {@code ReconcilerSameAnswerTest}.
 *
 * <p>What the current contributions of one item disagree about. Sources are compared, not records:
 * several contributions of one source to one item are read together (their daily doses added).
 */
final class DiscrepanciesBefore {

    private final Dmd dmd;

    DiscrepanciesBefore(Dmd dmd) {
        this.dmd = dmd;
    }

    /**
     * @param contributions every contribution of the item, in {@link Contribution#BY_LEAD_KEY} order
     *                      (so by source)
     * @param keptApart     for the VTM-level item of a VTM whose products are kept apart, those
     *                      products (VMP ids, sorted); otherwise empty
     */
    List<Discrepancy> find(List<Contribution> contributions, List<String> keptApart) {
        List<Contribution> current = new ArrayList<>(contributions.size());
        List<Contribution> active = new ArrayList<>(contributions.size());
        for (int atContribution = 0; atContribution < contributions.size(); atContribution++) {
            Contribution contribution = contributions.get(atContribution);
            if (contribution.current()) {
                current.add(contribution);
                if (contribution.isActive()) {
                    active.add(contribution);
                }
            }
        }
        List<List<Contribution>> activeBySource = bySource(active);
        List<Discrepancy> found = null;
        found = add(found, dose(activeBySource));
        // status, form and route compare sources: one source alone never disagrees with itself on them
        List<List<Contribution>> currentBySource = bySource(current);
        if (currentBySource.size() > 1) {
            found = add(found, status(currentBySource));
        }
        if (activeBySource.size() > 1) {
            found = add(found, form(activeBySource));
            found = add(found, route(activeBySource));
        }
        if (!keptApart.isEmpty() && !current.isEmpty()) {
            found = add(found, product(current, keptApart));
        }
        if (found == null) {
            return List.of();
        }
        found.sort(BY_TYPE);
        return found;
    }

    private static List<Discrepancy> add(List<Discrepancy> found, Discrepancy discrepancy) {
        if (discrepancy == null) {
            return found;
        }
        List<Discrepancy> to = found == null ? new ArrayList<>(2) : found;
        to.add(discrepancy);
        return to;
    }

    private static final Comparator<Discrepancy> BY_TYPE = Comparator.comparing(Discrepancy::type);

    // --- dose --------------------------------------------------------------------------------

    /**
     * What one source says about the dose of one item; strengths, routes sorted and distinct. The
     * range's text ({@code rangeText}, null when not yet worked out) and the products are for people,
     * so worked out only when the source is named in a discrepancy ({@link #appendShown}).
     */
    private record SourceDose(
            String sourceId,
            DoseRange range,
            String rangeText,
            String text,
            boolean textOnly,
            boolean textRead,
            List<String> strengths,
            List<String> routes,
            List<Contribution> contributions,
            String selfConflict) {}

    /**
     * For people: the source, its dose and (when known) its products, appended to {@code out}. As the text
     * {@code "<source> <dose>"}, then {@code " (<products>)"} unless the products, sorted, distinct and
     * joined with ", ", are empty; written straight into the discrepancy's text, no part made on its own.
     */
    private void appendShown(StringBuilder out, SourceDose source) {
        out.append(source.sourceId()).append(' ');
        DoseRange range = source.range();
        String text = source.text();
        if (range != null) {
            out.append(source.rangeText() != null ? source.rangeText() : range.text());
            if (text != null && range.fromText()) {
                out.append(" (\"").append(text).append("\")");
            }
        } else if (text != null) {
            out.append('"').append(text).append('"');
        } else {
            out.append("no dose given");
        }
        List<Contribution> contributions = source.contributions();
        int before = out.length();
        out.append(" (");
        int products = out.length();
        if (contributions.size() == 1) {
            out.append(productName(contributions.get(0)));
        } else {
            List<String> names = new ArrayList<>(contributions.size());
            for (int atContribution = 0; atContribution < contributions.size(); atContribution++) {
                Contribution contribution = contributions.get(atContribution);
                addSorted(names, productName(contribution));
            }
            for (int i = 0; i < names.size(); i++) {
                out.append(i == 0 ? "" : ", ").append(names.get(i));
            }
        }
        if (out.length() == products) {
            out.setLength(before); // no product named
        } else {
            out.append(')');
        }
    }

    private Discrepancy dose(List<List<Contribution>> active) {
        if (active.size() < 2) { // no source to compare with: only the source's own texts against its structured doses
            String selfConflict = active.isEmpty() ? null : selfConflict(active.get(0));
            return selfConflict == null
                    ? null
                    : new Discrepancy(
                            DiscrepancyType.DOSE,
                            selfConflict,
                            List.of(active.get(0).get(0).sourceId()));
        }
        List<SourceDose> doses = new ArrayList<>(active.size());
        for (List<Contribution> ofSource : active) {
            doses.add(sourceDose(ofSource.get(0).sourceId(), ofSource));
        }
        boolean[] involved = new boolean[doses.size()];
        List<String> selfConflicts = new ArrayList<>();
        for (int i = 0; i < doses.size(); i++) {
            if (doses.get(i).selfConflict() != null) {
                involved[i] = true;
                selfConflicts.add(doses.get(i).selfConflict());
            }
        }
        for (int i = 0; i < doses.size(); i++) {
            for (int j = i + 1; j < doses.size(); j++) {
                SourceDose a = doses.get(i);
                SourceDose b = doses.get(j);
                if (!disjoint(a.routes(), b.routes()) && differ(a, b)) {
                    involved[i] = true;
                    involved[j] = true;
                }
            }
        }
        // one dose per source, in source order: so the sources involved come out sorted
        List<String> sources = new ArrayList<>(doses.size());
        for (int i = 0; i < doses.size(); i++) {
            if (involved[i]) {
                sources.add(doses.get(i).sourceId());
            }
        }
        if (sources.isEmpty()) {
            return null;
        }
        StringBuilder detail = new StringBuilder(256);
        if (sources.size() < 2) { // a source differing only with itself: its own texts against its structured doses
            appendJoined(detail, selfConflicts);
        } else {
            detail.append("Sources differ on the dose: ");
            boolean first = true;
            for (int i = 0; i < doses.size(); i++) {
                if (involved[i]) {
                    detail.append(first ? "" : "; ");
                    appendShown(detail, doses.get(i));
                    first = false;
                }
            }
            if (!selfConflicts.isEmpty()) {
                appendJoined(detail.append(". "), selfConflicts);
            }
        }
        return new Discrepancy(DiscrepancyType.DOSE, detail.toString(), sources);
    }

    private static StringBuilder appendJoined(StringBuilder out, List<String> parts) {
        return appendJoined(out, parts, "; ");
    }

    /** As {@code out.append(String.join(separator, parts))}. */
    private static StringBuilder appendJoined(StringBuilder out, List<String> parts, String separator) {
        for (int i = 0; i < parts.size(); i++) {
            out.append(i == 0 ? "" : separator).append(parts.get(i));
        }
        return out;
    }

    /**
     * Dose ranges decide where both are known and comparable (a day for regular doses, a dose for
     * as-needed ones; they differ when they share no amount); else different strengths named differ;
     * else, where both dosages are text that could not be read, their texts are compared.
     */
    private static boolean differ(SourceDose a, SourceDose b) {
        if (a.range() != null && b.range() != null) {
            Optional<Boolean> overlap = a.range().overlaps(b.range());
            if (overlap.isPresent()) {
                return !overlap.get();
            }
        }
        if (a.strengths() != null && b.strengths() != null && !a.strengths().equals(b.strengths())) {
            return true;
        }
        return a.textOnly()
                && b.textOnly()
                && !a.textRead()
                && !b.textRead()
                && !a.text().equals(b.text());
    }

    /** Where a source's dosage text and structured dose disagree (the last such contribution's), else null. */
    private static String selfConflict(List<Contribution> contributions) {
        String selfConflict = null;
        for (int atContribution = 0; atContribution < contributions.size(); atContribution++) {
            Contribution contribution = contributions.get(atContribution);
            String found = selfConflict(contribution);
            if (found != null) {
                selfConflict = found;
            }
        }
        return selfConflict;
    }

    private static String selfConflict(Contribution contribution) {
        DoseRange structured = contribution.structuredRange();
        DoseRange fromText = contribution.textRange();
        if (structured != null && fromText != null) {
            Optional<Boolean> same = structured.overlaps(fromText);
            if (same.isPresent() && !same.get()) {
                return contribution.sourceId() + "'s dosage text says " + contribution.textRangeText() + " (\""
                        + contribution.lead().dosage().text().strip() + "\") but its structured dose "
                        + contribution.structuredText();
            }
        }
        return null;
    }

    private SourceDose sourceDose(String sourceId, List<Contribution> contributions) {
        if (contributions.size() == 1) {
            return sourceDose(sourceId, contributions.get(0), contributions);
        }
        DoseRange range = null;
        String rangeText = null;
        boolean allRanged = true;
        boolean textOnly = true;
        boolean textRead = true;
        List<String> texts = new ArrayList<>(contributions.size());
        List<String> strengths = new ArrayList<>(1);
        boolean strengthsKnown = true;
        List<String> routes = new ArrayList<>(1);
        String selfConflict = null;
        for (int atContribution = 0; atContribution < contributions.size(); atContribution++) {
            Contribution contribution = contributions.get(atContribution);
            DoseRange structured = contribution.structuredRange();
            DoseRange fromText = contribution.textRange();
            DoseRange dose = structured != null ? structured : fromText;
            if (dose != null && allRanged) {
                if (range == null) {
                    range = dose;
                    rangeText = structured != null ? contribution.structuredText() : contribution.textRangeText();
                } else {
                    DoseRanges.Described sum = DoseRanges.sum(range, dose);
                    range = sum.range();
                    rangeText = sum.text();
                }
                allRanged = range != null;
            } else {
                allRanged = false;
            }
            String conflict = selfConflict(contribution);
            if (conflict != null) {
                selfConflict = conflict;
            }
            String text = DoseRanges.normalised(contribution.lead().dosage().text());
            if (text != null) {
                texts.add(text);
                if (fromText == null) {
                    textRead = false;
                }
            }
            if (contribution.lead().dosage().isStructured() || text == null) {
                textOnly = false;
            }
            String strength = contribution.strength();
            if (strength != null) {
                addSorted(strengths, strength);
            } else {
                strengthsKnown = false;
            }
            String route = contribution.route();
            if (route != null) {
                addSorted(routes, route);
            }
        }
        texts.sort(Comparator.naturalOrder());
        return new SourceDose(
                sourceId,
                allRanged ? range : null,
                allRanged ? rangeText : null,
                texts.isEmpty() ? null : String.join(" + ", texts),
                textOnly,
                textRead,
                strengthsKnown ? strengths : null,
                routes,
                contributions,
                selfConflict);
    }

    /** {@link #sourceDose(String, List)} of a source with one contribution, without the lists. */
    private static SourceDose sourceDose(String sourceId, Contribution contribution, List<Contribution> contributions) {
        DoseRange structured = contribution.structuredRange();
        DoseRange fromText = contribution.textRange();
        String text = DoseRanges.normalised(contribution.lead().dosage().text());
        String strength = contribution.strength();
        String route = contribution.route();
        return new SourceDose(
                sourceId,
                structured != null ? structured : fromText,
                structured != null
                        ? contribution.structuredText()
                        : fromText != null ? contribution.textRangeText() : null,
                text,
                text != null && !contribution.lead().dosage().isStructured(),
                text == null || fromText != null,
                strength == null ? null : List.of(strength),
                route == null ? List.of() : List.of(route),
                contributions,
                selfConflict(contribution));
    }

    private String productName(Contribution contribution) {
        String code = contribution.vmp() != null ? contribution.vmp() : contribution.vtm();
        if (code == null) {
            String text = contribution.medicationText();
            return text == null ? "" : text;
        }
        return name(code);
    }

    // --- status ------------------------------------------------------------------------------

    /**
     * A source's status for the item is active if any of its current contributions is active, else
     * that of its newest contribution. Active in one source and completed, stopped or not taken in
     * another is a discrepancy.
     */
    private static Discrepancy status(List<List<Contribution>> current) {
        MedicationStatus[] statuses = new MedicationStatus[current.size()];
        String[] reasons = new String[current.size()];
        boolean active = false;
        boolean ended = false;
        for (int i = 0; i < current.size(); i++) {
            List<Contribution> contributions = current.get(i);
            Contribution newest = Contribution.newest(contributions);
            MedicationStatus status = anyActive(contributions) ? MedicationStatus.ACTIVE : newest.status();
            String reason = newest.lead().statusReason();
            if (!status.isActive() && reason != null && !reason.isBlank()) {
                reasons[i] = reason.strip();
            }
            statuses[i] = status;
            active |= status == MedicationStatus.ACTIVE;
            ended |= status.isEnded();
        }
        if (!active || !ended) {
            return null;
        }
        StringBuilder detail = new StringBuilder(64);
        for (MedicationStatus status : MedicationStatus.values()) {
            boolean named = false;
            for (int i = 0; i < statuses.length; i++) {
                if (statuses[i] == status) {
                    if (named) {
                        detail.append(", ");
                    } else {
                        detail.append(detail.isEmpty() ? "" : "; ")
                                .append(status.code())
                                .append(" in ");
                        named = true;
                    }
                    detail.append(current.get(i).get(0).sourceId());
                    if (reasons[i] != null) {
                        detail.append(" (reason: ").append(reasons[i]).append(')');
                    }
                }
            }
        }
        // every source has a status, so every source is involved (in source order)
        List<String> involved = new ArrayList<>(current.size());
        for (List<Contribution> ofSource : current) {
            involved.add(ofSource.get(0).sourceId());
        }
        return new Discrepancy(DiscrepancyType.STATUS, capitalised(detail), involved);
    }

    /** The text with its first letter in upper case (as {@code substring(0, 1).toUpperCase(Locale.ROOT)}). */
    static String capitalised(CharSequence text) {
        char first = text.charAt(0);
        if (first >= 'a' && first <= 'z') {
            StringBuilder upper = text instanceof StringBuilder builder ? builder : new StringBuilder(text);
            upper.setCharAt(0, (char) (first - 'a' + 'A'));
            return upper.toString();
        }
        String all = text.toString();
        return all.substring(0, 1).toUpperCase(Locale.ROOT) + all.substring(1);
    }

    private static boolean anyActive(List<Contribution> contributions) {
        for (int atContribution = 0; atContribution < contributions.size(); atContribution++) {
            Contribution contribution = contributions.get(atContribution);
            if (contribution.status().isActive()) {
                return true;
            }
        }
        return false;
    }

    // --- form and route ----------------------------------------------------------------------

    /** The values (sorted, distinct, never empty) one source gives. */
    private record SourceValues(String sourceId, List<String> values) {}

    private static Discrepancy form(List<List<Contribution>> active) {
        List<SourceValues> forms = new ArrayList<>(active.size());
        for (List<Contribution> ofSource : active) {
            List<String> named = new ArrayList<>(1);
            for (int atContribution = 0; atContribution < ofSource.size(); atContribution++) {
                Contribution contribution = ofSource.get(atContribution);
                VmpDetail detail = contribution.detail();
                if (detail != null && detail.formName() != null) {
                    addSorted(named, detail.formName());
                }
            }
            if (!named.isEmpty()) {
                forms.add(new SourceValues(ofSource.get(0).sourceId(), named));
            }
        }
        return differing(DiscrepancyType.FORM, "Sources name different forms: ", forms);
    }

    private static Discrepancy route(List<List<Contribution>> active) {
        List<SourceValues> routes = new ArrayList<>(active.size());
        for (List<Contribution> ofSource : active) {
            List<String> given = new ArrayList<>(1);
            for (int atContribution = 0; atContribution < ofSource.size(); atContribution++) {
                String route = ofSource.get(atContribution).route();
                if (route != null) {
                    addSorted(given, routeName(active, route));
                }
            }
            if (!given.isEmpty()) {
                routes.add(new SourceValues(ofSource.get(0).sourceId(), given));
            }
        }
        return differing(DiscrepancyType.ROUTE, "Sources give different routes: ", routes);
    }

    /**
     * A route's name: the first the sources' products' dm+d routes give for its code (sources, contributions
     * and routes in order), else the route as given. Looked up where it is needed instead of a map of them all:
     * an item has a few contributions and a product a route or two.
     */
    private static String routeName(List<List<Contribution>> active, String route) {
        for (List<Contribution> ofSource : active) {
            for (int atContribution = 0; atContribution < ofSource.size(); atContribution++) {
                VmpDetail detail = ofSource.get(atContribution).detail();
                if (detail != null) {
                    List<VmpDetail.Route> routeList = detail.routes();
                    for (int atRoute = 0; atRoute < routeList.size(); atRoute++) {
                        VmpDetail.Route named = routeList.get(atRoute);
                        if (named.name() != null && route.equals(named.code())) {
                            return named.name();
                        }
                    }
                }
            }
        }
        return route;
    }

    /** A discrepancy when two sources' value sets share nothing; {@code values} in source order. */
    private static Discrepancy differing(DiscrepancyType type, String lead, List<SourceValues> values) {
        boolean[] involved = new boolean[values.size()];
        for (int i = 0; i < values.size(); i++) {
            for (int j = i + 1; j < values.size(); j++) {
                if (disjoint(values.get(i).values(), values.get(j).values())) {
                    involved[i] = true;
                    involved[j] = true;
                }
            }
        }
        List<String> sources = new ArrayList<>(values.size());
        StringBuilder detail = null;
        for (int i = 0; i < values.size(); i++) {
            if (involved[i]) {
                SourceValues source = values.get(i);
                sources.add(source.sourceId());
                detail = detail == null ? new StringBuilder(64).append(lead) : detail.append("; ");
                detail.append(source.sourceId()).append(' ');
                for (int v = 0; v < source.values().size(); v++) {
                    detail.append(v == 0 ? "" : ", ").append(source.values().get(v));
                }
            }
        }
        if (sources.isEmpty()) {
            return null;
        }
        return new Discrepancy(type, detail.toString(), sources);
    }

    private static boolean disjoint(List<String> a, List<String> b) {
        if (a.isEmpty() || b.isEmpty()) {
            return false;
        }
        for (int atValue = 0; atValue < a.size(); atValue++) {
            String value = a.get(atValue);
            if (b.contains(value)) {
                return false;
            }
        }
        return true;
    }

    /** Adds a value to a sorted list of distinct values: a source rarely gives more than one, so no set. */
    private static void addSorted(List<String> sorted, String value) {
        int at = Collections.binarySearch(sorted, value);
        if (at < 0) {
            sorted.add(-at - 1, value);
        }
    }

    // --- product -----------------------------------------------------------------------------

    private Discrepancy product(List<Contribution> current, List<String> keptApart) {
        String vtm = current.get(0).vtm();
        List<String> sources = new ArrayList<>(2); // sorted, distinct
        for (int atContribution = 0; atContribution < current.size(); atContribution++) {
            Contribution contribution = current.get(atContribution);
            addSorted(sources, contribution.sourceId());
        }
        StringBuilder detail = new StringBuilder(160);
        appendJoined(detail, sources, ", ")
                .append(" name")
                .append(sources.size() == 1 ? "s" : "")
                .append(" only ")
                .append(name(vtm))
                .append(", while the patient's records list ")
                .append(keptApart.size())
                .append(" products of it kept apart (");
        for (int i = 0; i < keptApart.size(); i++) {
            detail.append(i == 0 ? "" : "; ").append(name(keptApart.get(i)));
        }
        detail.append("), so it is not matched to one of them");
        return new Discrepancy(DiscrepancyType.PRODUCT, detail.toString(), List.copyOf(sources));
    }

    /** A dm+d concept's name, else its code. */
    private String name(String code) {
        return dmd.lookup(code).map(DmdConcept::name).orElse(code);
    }

    /** The contributions cut into one list per source, in source id order, each in lead key order. */
    private static List<List<Contribution>> bySource(List<Contribution> contributions) {
        contributions.sort(Contribution.BY_LEAD_KEY); // by source id first
        List<List<Contribution>> bySource = new ArrayList<>();
        int from = 0;
        for (int i = 1; i <= contributions.size(); i++) {
            if (i == contributions.size()
                    || !contributions
                            .get(i)
                            .sourceId()
                            .equals(contributions.get(from).sourceId())) {
                bySource.add(contributions.subList(from, i));
                from = i;
            }
        }
        return bySource;
    }
}
