package health.umr.reconcile;

import health.umr.dmd.Dmd;
import health.umr.dmd.DmdConcept;
import health.umr.dmd.VmpDetail;
import health.umr.dmd.VmpIngredient;
import health.umr.domain.Discrepancy;
import health.umr.domain.DiscrepancyType;
import health.umr.domain.MedicationStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the current contributions of one item disagree about. Sources are compared, not records:
 * several contributions of one source to one item are read together (their daily doses added).
 */
final class Discrepancies {

    private final Dmd dmd;

    Discrepancies(Dmd dmd) {
        this.dmd = dmd;
    }

    /**
     * @param contributions every contribution of the item
     * @param keptApart     for the VTM-level item of a VTM whose products are kept apart, those
     *                      products (VMP ids, sorted); otherwise empty
     */
    List<Discrepancy> find(List<Contribution> contributions, List<String> keptApart) {
        List<Contribution> current =
                contributions.stream().filter(Contribution::current).toList();
        List<Discrepancy> found = new ArrayList<>(2);
        Map<String, List<Contribution>> active =
                bySource(current.stream().filter(Contribution::isActive).toList());
        dose(active).ifPresent(found::add);
        status(bySource(current)).ifPresent(found::add);
        form(active).ifPresent(found::add);
        route(active).ifPresent(found::add);
        if (!keptApart.isEmpty() && !current.isEmpty()) {
            found.add(product(current, keptApart));
        }
        found.sort(Comparator.comparing(Discrepancy::type));
        return found;
    }

    // --- dose --------------------------------------------------------------------------------

    /** What one source says about the dose of one item. */
    private record SourceDose(
            String sourceId,
            DoseRange range,
            String text,
            boolean textOnly,
            boolean textRead,
            SortedSet<String> strengths,
            SortedSet<String> routes,
            String products,
            String selfConflict) {

        String shown() {
            String dose = range != null
                    ? range.text() + (text != null && range.fromText() ? " (\"" + text + "\")" : "")
                    : text != null ? "\"" + text + "\"" : "no dose given";
            return sourceId + " " + dose + (products.isEmpty() ? "" : " (" + products + ")");
        }
    }

    private Optional<Discrepancy> dose(Map<String, List<Contribution>> active) {
        List<SourceDose> doses = active.entrySet().stream()
                .map(e -> sourceDose(e.getKey(), e.getValue()))
                .toList();
        SortedSet<String> involved = new TreeSet<>();
        List<String> selfConflicts = new ArrayList<>();
        for (SourceDose dose : doses) {
            if (dose.selfConflict() != null) {
                involved.add(dose.sourceId());
                selfConflicts.add(dose.selfConflict());
            }
        }
        for (int i = 0; i < doses.size(); i++) {
            for (int j = i + 1; j < doses.size(); j++) {
                SourceDose a = doses.get(i);
                SourceDose b = doses.get(j);
                if (!disjoint(a.routes(), b.routes()) && differ(a, b)) {
                    involved.add(a.sourceId());
                    involved.add(b.sourceId());
                }
            }
        }
        if (involved.isEmpty()) {
            return Optional.empty();
        }
        List<String> shown = doses.stream()
                .filter(d -> involved.contains(d.sourceId()))
                .map(SourceDose::shown)
                .toList();
        String detail = doses.size() < 2 || shown.size() < 2
                ? String.join("; ", selfConflicts)
                : "Sources differ on the dose: " + String.join("; ", shown)
                        + (selfConflicts.isEmpty() ? "" : ". " + String.join("; ", selfConflicts));
        return Optional.of(new Discrepancy(DiscrepancyType.DOSE, detail, List.copyOf(involved)));
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

    private SourceDose sourceDose(String sourceId, List<Contribution> contributions) {
        DoseRange range = null;
        boolean allRanged = true;
        boolean textOnly = true;
        boolean textRead = true;
        List<String> texts = new ArrayList<>();
        SortedSet<String> strengths = new TreeSet<>();
        boolean strengthsKnown = true;
        SortedSet<String> routes = new TreeSet<>();
        SortedSet<String> products = new TreeSet<>();
        String selfConflict = null;
        for (Contribution contribution : contributions) {
            Optional<DoseRange> structured = contribution.structuredDose();
            Optional<DoseRange> fromText = contribution.textDose();
            Optional<DoseRange> dose = structured.isPresent() ? structured : fromText;
            if (dose.isPresent() && allRanged) {
                range = range == null ? dose.get() : range.plus(dose.get()).orElse(null);
                allRanged = range != null;
            } else {
                allRanged = false;
            }
            if (structured.isPresent() && fromText.isPresent()) {
                Optional<Boolean> same = structured.get().overlaps(fromText.get());
                if (same.isPresent() && !same.get()) {
                    selfConflict =
                            sourceId + "'s dosage text says " + fromText.get().text() + " (\""
                                    + contribution.lead().dosage().text().strip() + "\") but its structured dose "
                                    + structured.get().text();
                }
            }
            String text = DosageWording.normalised(contribution.lead().dosage().text());
            if (text != null) {
                texts.add(text);
                if (fromText.isEmpty()) {
                    textRead = false;
                }
            }
            if (contribution.lead().dosage().isStructured() || text == null) {
                textOnly = false;
            }
            Optional<String> strength = strength(contribution.detail());
            if (strength.isPresent()) {
                strengths.add(strength.get());
            } else {
                strengthsKnown = false;
            }
            if (contribution.route() != null) {
                routes.add(contribution.route());
            }
            products.add(productName(contribution));
        }
        texts.sort(Comparator.naturalOrder());
        return new SourceDose(
                sourceId,
                allRanged ? range : null,
                texts.isEmpty() ? null : String.join(" + ", texts),
                textOnly,
                textRead,
                strengthsKnown ? strengths : null,
                routes,
                String.join(", ", products),
                selfConflict);
    }

    /** A VMP's strengths, e.g. "25 mg + 100 mg" (ingredients in id order); empty when not all are given. */
    private static Optional<String> strength(VmpDetail detail) {
        if (detail == null
                || detail.ingredients().isEmpty()
                || detail.ingredients().stream().anyMatch(i -> i.numeratorValue() == null)) {
            return Optional.empty();
        }
        return Optional.of(String.join(
                " + ",
                detail.ingredients().stream()
                        .sorted(Comparator.comparing(VmpIngredient::ingredientId))
                        .map(VmpIngredient::strengthText)
                        .toList()));
    }

    private String productName(Contribution contribution) {
        String code = contribution.vmp() != null ? contribution.vmp() : contribution.vtm();
        if (code == null) {
            String text = contribution.medicationText();
            return text == null ? "" : text;
        }
        return dmd.lookup(code).map(DmdConcept::name).orElse(code);
    }

    // --- status ------------------------------------------------------------------------------

    /**
     * A source's status for the item is active if any of its current contributions is active, else
     * that of its newest contribution. Active in one source and completed, stopped or not taken in
     * another is a discrepancy.
     */
    private static Optional<Discrepancy> status(Map<String, List<Contribution>> current) {
        Map<MedicationStatus, SortedSet<String>> bySourceStatus = new TreeMap<>();
        Map<String, String> reasons = new TreeMap<>();
        for (Map.Entry<String, List<Contribution>> source : current.entrySet()) {
            List<Contribution> contributions = source.getValue();
            Contribution newest = contributions.stream()
                    .sorted(Contribution.NEWEST_FIRST)
                    .findFirst()
                    .orElseThrow();
            MedicationStatus status =
                    contributions.stream().anyMatch(c -> c.status().isActive())
                            ? MedicationStatus.ACTIVE
                            : newest.status();
            bySourceStatus.computeIfAbsent(status, s -> new TreeSet<>()).add(source.getKey());
            String reason = newest.lead().statusReason();
            if (!status.isActive() && reason != null && !reason.isBlank()) {
                reasons.put(source.getKey(), reason.strip());
            }
        }
        boolean ended = bySourceStatus.keySet().stream().anyMatch(MedicationStatus::isEnded);
        if (!bySourceStatus.containsKey(MedicationStatus.ACTIVE) || !ended) {
            return Optional.empty();
        }
        List<String> parts = new ArrayList<>();
        SortedSet<String> involved = new TreeSet<>();
        bySourceStatus.forEach((status, sources) -> {
            parts.add(status.code() + " in "
                    + String.join(
                            ", ",
                            sources.stream()
                                    .map(id -> reasons.containsKey(id) ? id + " (reason: " + reasons.get(id) + ")" : id)
                                    .toList()));
            involved.addAll(sources);
        });
        String detail = String.join("; ", parts);
        return Optional.of(new Discrepancy(
                DiscrepancyType.STATUS,
                detail.substring(0, 1).toUpperCase(Locale.ROOT) + detail.substring(1),
                List.copyOf(involved)));
    }

    // --- form and route ----------------------------------------------------------------------

    private static Optional<Discrepancy> form(Map<String, List<Contribution>> active) {
        Map<String, SortedSet<String>> forms = new TreeMap<>();
        active.forEach((sourceId, contributions) -> contributions.stream()
                .map(Contribution::detail)
                .filter(d -> d != null && d.formName() != null)
                .forEach(d ->
                        forms.computeIfAbsent(sourceId, s -> new TreeSet<>()).add(d.formName())));
        return differing(DiscrepancyType.FORM, "Sources name different forms: ", forms);
    }

    private static Optional<Discrepancy> route(Map<String, List<Contribution>> active) {
        Map<String, String> names = new TreeMap<>();
        active.values().stream()
                .flatMap(List::stream)
                .map(Contribution::detail)
                .filter(d -> d != null)
                .flatMap(d -> d.routes().stream())
                .filter(r -> r.name() != null)
                .forEach(r -> names.putIfAbsent(r.code(), r.name()));
        Map<String, SortedSet<String>> routes = new TreeMap<>();
        active.forEach((sourceId, contributions) -> contributions.stream()
                .map(Contribution::route)
                .filter(r -> r != null)
                .forEach(r ->
                        routes.computeIfAbsent(sourceId, s -> new TreeSet<>()).add(names.getOrDefault(r, r))));
        return differing(DiscrepancyType.ROUTE, "Sources give different routes: ", routes);
    }

    /** A discrepancy when two sources' value sets share nothing. */
    private static Optional<Discrepancy> differing(
            DiscrepancyType type, String lead, Map<String, SortedSet<String>> values) {
        SortedSet<String> involved = new TreeSet<>();
        List<String> sources = List.copyOf(values.keySet());
        for (int i = 0; i < sources.size(); i++) {
            for (int j = i + 1; j < sources.size(); j++) {
                if (disjoint(values.get(sources.get(i)), values.get(sources.get(j)))) {
                    involved.add(sources.get(i));
                    involved.add(sources.get(j));
                }
            }
        }
        if (involved.isEmpty()) {
            return Optional.empty();
        }
        List<String> parts = involved.stream()
                .map(s -> s + " " + String.join(", ", values.get(s)))
                .toList();
        return Optional.of(new Discrepancy(type, lead + String.join("; ", parts), List.copyOf(involved)));
    }

    private static boolean disjoint(Set<String> a, Set<String> b) {
        return !a.isEmpty() && !b.isEmpty() && a.stream().noneMatch(b::contains);
    }

    // --- product -----------------------------------------------------------------------------

    private Discrepancy product(List<Contribution> current, List<String> keptApart) {
        String vtm = current.get(0).vtm();
        String vtmName = dmd.lookup(vtm).map(DmdConcept::name).orElse(vtm);
        List<String> names = keptApart.stream()
                .map(v -> dmd.lookup(v).map(DmdConcept::name).orElse(v))
                .toList();
        SortedSet<String> sources = new TreeSet<>();
        current.forEach(c -> sources.add(c.sourceId()));
        return new Discrepancy(
                DiscrepancyType.PRODUCT,
                String.join(", ", sources) + " name" + (sources.size() == 1 ? "s" : "")
                        + " only " + vtmName + ", while the patient's records list " + names.size()
                        + " products of it kept apart ("
                        + String.join("; ", names) + "), so it is not matched to one of them",
                List.copyOf(sources));
    }

    private static Map<String, List<Contribution>> bySource(List<Contribution> contributions) {
        Map<String, List<Contribution>> bySource = new TreeMap<>();
        for (Contribution contribution : contributions) {
            bySource.computeIfAbsent(contribution.sourceId(), s -> new ArrayList<>())
                    .add(contribution);
        }
        bySource.values()
                .forEach(list -> list.sort(Comparator.comparing(c -> c.lead().key(), Contribution.KEY_ORDER)));
        return bySource;
    }
}
