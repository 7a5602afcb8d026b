package health.umr.dmd;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The in-memory content of one dm+d release (or of several merged with {@link #mergedWith}):
 * concepts of all five levels, VMP detail, the previous-id → current-id map, ingredient names,
 * lookup names, BNF and ATC codes, and the identity of the release.
 *
 * <p>Immutable once built: build one with {@link DmdReleaseReader} or {@link #builder(String)}.
 * To answer questions quickly, wrap it in a {@link DmdIndex}.
 */
public final class DmdRelease {

    private final String id;
    private final LocalDate releaseDate;
    private final List<String> sources;
    private final Map<String, DmdConcept> concepts;
    private final Map<String, VmpDetail> vmpDetails;
    private final Map<String, String> previousIds;
    private final Map<String, String> ingredientNames;
    private final Map<String, Map<String, String>> lookups;
    private final Map<String, String> bnfCodes;
    private final Map<String, String> atcCodes;
    private final Map<DmdLevel, Integer> counts;

    private DmdRelease(
            String id,
            LocalDate releaseDate,
            List<String> sources,
            Map<String, DmdConcept> concepts,
            Map<String, VmpDetail> vmpDetails,
            Map<String, String> previousIds,
            Map<String, String> ingredientNames,
            Map<String, Map<String, String>> lookups,
            Map<String, String> bnfCodes,
            Map<String, String> atcCodes) {
        this.id = id;
        this.releaseDate = releaseDate;
        this.sources = List.copyOf(sources);
        this.concepts = Collections.unmodifiableMap(concepts);
        this.vmpDetails = Collections.unmodifiableMap(vmpDetails);
        this.previousIds = Collections.unmodifiableMap(previousIds);
        this.ingredientNames = Collections.unmodifiableMap(ingredientNames);
        Map<String, Map<String, String>> tables = new HashMap<>();
        lookups.forEach((table, rows) -> tables.put(table, Collections.unmodifiableMap(rows)));
        this.lookups = Collections.unmodifiableMap(tables);
        this.bnfCodes = Collections.unmodifiableMap(bnfCodes);
        this.atcCodes = Collections.unmodifiableMap(atcCodes);
        Map<DmdLevel, Integer> byLevel = new EnumMap<>(DmdLevel.class);
        for (DmdLevel level : DmdLevel.values()) {
            byLevel.put(level, 0);
        }
        for (DmdConcept concept : concepts.values()) {
            byLevel.merge(concept.level(), 1, Integer::sum);
        }
        this.counts = Collections.unmodifiableMap(byLevel);
    }

    /** Starts an empty release with the given identity (e.g. the file suffix "3010419"). */
    public static Builder builder(String id) {
        return new Builder(id);
    }

    /**
     * The identity of the release: the suffix of its file names (e.g. "3010419" for
     * {@code f_vtm2_3010419.xml}); for a merged release, the identity of the newest part.
     */
    public String id() {
        return id;
    }

    /**
     * The release date read from the file suffix (the last six digits are ddMMyy: "3010419" is
     * 1 April 2019), if the suffix has that form.
     */
    public Optional<LocalDate> releaseDate() {
        return Optional.ofNullable(releaseDate);
    }

    /** Where the content came from (folder or zip names), oldest first for a merged release. */
    public List<String> sources() {
        return sources;
    }

    /** All concepts by id (unmodifiable). */
    public Map<String, DmdConcept> concepts() {
        return concepts;
    }

    /** The concept with exactly this id, without mapping previous ids. */
    public Optional<DmdConcept> concept(String conceptId) {
        return conceptId == null ? Optional.empty() : Optional.ofNullable(concepts.get(conceptId));
    }

    /** How many concepts of a level the release holds. */
    public int count(DmdLevel level) {
        return counts.get(level);
    }

    /** VMP detail by VMP id (unmodifiable); every VMP of the release has one. */
    public Map<String, VmpDetail> vmpDetails() {
        return vmpDetails;
    }

    /**
     * Previous id → the id that replaced it, one step only (chains are followed by
     * {@link DmdIndex#currentCode}), from VTMIDPREV, VPIDPREV and the history file.
     */
    public Map<String, String> previousIds() {
        return previousIds;
    }

    /** Ingredient substance names by ISID (including previous ISIDs), unmodifiable. */
    public Map<String, String> ingredientNames() {
        return ingredientNames;
    }

    /** The names of one lookup table (e.g. "ROUTE", "FORM", "UNIT_OF_MEASURE"), code → DESC. */
    public Map<String, String> lookupTable(String table) {
        return lookups.getOrDefault(table, Map.of());
    }

    /** The name of a code in a lookup table, e.g. ("ROUTE", "26643006") → "Oral". */
    public Optional<String> lookupName(String table, String code) {
        return code == null
                ? Optional.empty()
                : Optional.ofNullable(lookupTable(table).get(code));
    }

    /** BNF code of a VMP or AMP, from the optional f_bnf1 file. */
    public Map<String, String> bnfCodes() {
        return bnfCodes;
    }

    /** ATC code of a VMP, from the optional f_bnf1 file. */
    public Map<String, String> atcCodes() {
        return atcCodes;
    }

    /**
     * This release with a newer one laid over it. For every id present in both, the newer
     * release wins (concept, VMP detail, names, codes); ids present only in this (older) release
     * stay, so codes retired since still resolve. Previous-id mappings are united, the newer
     * winning; an older mapping of an id that the newer release lists as a concept without
     * mapping it is dropped (the newer release says that id is live).
     */
    public DmdRelease mergedWith(DmdRelease newer) {
        Objects.requireNonNull(newer, "newer");
        Map<String, DmdConcept> mergedConcepts = new HashMap<>(concepts);
        mergedConcepts.putAll(newer.concepts);
        Map<String, VmpDetail> mergedDetails = new HashMap<>(vmpDetails);
        mergedDetails.putAll(newer.vmpDetails);
        Map<String, String> mergedPrevious = new HashMap<>(previousIds);
        mergedPrevious
                .keySet()
                .removeIf(prev -> newer.concepts.containsKey(prev) && !newer.previousIds.containsKey(prev));
        mergedPrevious.putAll(newer.previousIds);
        Map<String, String> mergedIngredients = new HashMap<>(ingredientNames);
        mergedIngredients.putAll(newer.ingredientNames);
        Map<String, Map<String, String>> mergedLookups = new HashMap<>();
        lookups.forEach((table, rows) -> mergedLookups.put(table, new HashMap<>(rows)));
        newer.lookups.forEach((table, rows) ->
                mergedLookups.computeIfAbsent(table, t -> new HashMap<>()).putAll(rows));
        Map<String, String> mergedBnf = new HashMap<>(bnfCodes);
        mergedBnf.putAll(newer.bnfCodes);
        Map<String, String> mergedAtc = new HashMap<>(atcCodes);
        mergedAtc.putAll(newer.atcCodes);
        List<String> mergedSources = new ArrayList<>(sources);
        mergedSources.addAll(newer.sources);
        return new DmdRelease(
                newer.id,
                newer.releaseDate,
                mergedSources,
                mergedConcepts,
                mergedDetails,
                mergedPrevious,
                mergedIngredients,
                mergedLookups,
                mergedBnf,
                mergedAtc);
    }

    @Override
    public String toString() {
        return "DmdRelease[" + id + ", " + counts + ", " + previousIds.size() + " previous ids]";
    }

    /**
     * Collects the content of a release. Not thread-safe; {@link #build()} may be called once.
     * VMP detail is given as raw codes (form, route, VPI rows) and resolved to names from the
     * lookup and ingredient content of the same builder when the release is built, so the order
     * in which the files are read does not matter.
     */
    public static final class Builder {
        private String id;
        private LocalDate releaseDate;
        private final List<String> sources = new ArrayList<>();
        private final Map<String, DmdConcept> concepts = new HashMap<>();
        private final Map<String, String> previousIds = new HashMap<>();
        private final Map<String, LocalDate> previousIdDates = new HashMap<>();
        private final List<String> conflicts = new ArrayList<>();
        private final Map<String, String> ingredientNames = new HashMap<>();
        private final Map<String, Map<String, String>> lookups = new HashMap<>();
        private final Map<String, String> bnfCodes = new HashMap<>();
        private final Map<String, String> atcCodes = new HashMap<>();
        private final Map<String, RawDetail> rawDetails = new HashMap<>();
        private boolean built;

        private Builder(String id) {
            this.id = Objects.requireNonNull(id, "id");
        }

        /** Sets the identity of the release (replacing the one given to {@link #builder(String)}). */
        public Builder id(String releaseId) {
            ensureOpen();
            this.id = Objects.requireNonNull(releaseId, "releaseId");
            return this;
        }

        public Builder releaseDate(LocalDate date) {
            ensureOpen();
            this.releaseDate = date;
            return this;
        }

        public Builder source(String source) {
            ensureOpen();
            sources.add(Objects.requireNonNull(source, "source"));
            return this;
        }

        /** Adds (or replaces) a concept; its previous id, if any, becomes a previous-id mapping. */
        public Builder concept(DmdConcept concept) {
            return concept(concept, null);
        }

        /**
         * Adds (or replaces) a concept whose id became valid on {@code idDate} (VTMIDDT / VPIDDT,
         * null if unknown); its previous id, if any, becomes a previous-id mapping dated so.
         */
        public Builder concept(DmdConcept concept, LocalDate idDate) {
            ensureOpen();
            concepts.put(concept.id(), concept);
            if (concept.previousId() != null) {
                previousId(concept.previousId(), concept.id(), idDate);
            }
            return this;
        }

        /** Records that {@code previous} was replaced by {@code current}; a self-mapping is ignored. */
        public Builder previousId(String previous, String current) {
            return previousId(previous, current, null);
        }

        /**
         * Records that {@code previous} was replaced by {@code current} on {@code since} (null if
         * unknown); a self-mapping is ignored. dm+d sometimes gives one previous id to two
         * concepts (a split: in the 2019 VTM file, 412096001 is the previous id of both
         * Co-codaprin and Aspirin + Codeine). Then the mapping with the later date is kept (an
         * unknown date counts as earliest), and on equal dates the larger id, so the result does
         * not depend on file order; the conflict is listed in {@link #previousIdConflicts()}.
         */
        public Builder previousId(String previous, String current, LocalDate since) {
            ensureOpen();
            Objects.requireNonNull(previous, "previous");
            Objects.requireNonNull(current, "current");
            if (previous.equals(current)) {
                return this;
            }
            String existing = previousIds.get(previous);
            if (existing == null || existing.equals(current)) {
                previousIds.put(previous, current);
                if (since != null) {
                    previousIdDates.merge(previous, since, (a, b) -> a.isAfter(b) ? a : b);
                }
                return this;
            }
            conflicts.add(previous + " -> " + existing + " and " + current);
            LocalDate existingSince = previousIdDates.get(previous);
            int byDate = compareDates(since, existingSince);
            if (byDate > 0 || (byDate == 0 && compareIds(current, existing) > 0)) {
                previousIds.put(previous, current);
                if (since != null) {
                    previousIdDates.put(previous, since);
                }
            }
            return this;
        }

        /** Previous ids that two concepts claimed, as "previous -> one and other". */
        public List<String> previousIdConflicts() {
            return List.copyOf(conflicts);
        }

        private static int compareDates(LocalDate a, LocalDate b) {
            if (a == null || b == null) {
                return a == null ? (b == null ? 0 : -1) : 1;
            }
            return a.compareTo(b);
        }

        private static int compareIds(String a, String b) {
            return a.length() != b.length() ? Integer.compare(a.length(), b.length()) : a.compareTo(b);
        }

        public Builder ingredient(String isid, String name) {
            ensureOpen();
            ingredientNames.put(Objects.requireNonNull(isid, "isid"), Objects.requireNonNull(name, "name"));
            return this;
        }

        /** Adds the name of a previous ingredient id unless that id has a name already. */
        public Builder previousIngredient(String previousIsid, String name) {
            ensureOpen();
            ingredientNames.putIfAbsent(Objects.requireNonNull(previousIsid), Objects.requireNonNull(name));
            return this;
        }

        public Builder lookup(String table, String code, String name) {
            ensureOpen();
            lookups.computeIfAbsent(table, t -> new HashMap<>()).put(code, name);
            return this;
        }

        /** Adds the name of a previous lookup code unless that code has a name already. */
        public Builder previousLookup(String table, String previousCode, String name) {
            ensureOpen();
            lookups.computeIfAbsent(table, t -> new HashMap<>()).putIfAbsent(previousCode, name);
            return this;
        }

        public Builder bnfCode(String conceptId, String bnf) {
            ensureOpen();
            bnfCodes.put(conceptId, bnf);
            return this;
        }

        public Builder atcCode(String vmpId, String atc) {
            ensureOpen();
            atcCodes.put(vmpId, atc);
            return this;
        }

        /** The dose form (DFORM) of a VMP. */
        public Builder vmpForm(String vmpId, String formCode) {
            ensureOpen();
            raw(vmpId).formCode = Objects.requireNonNull(formCode, "formCode");
            return this;
        }

        /** A route (DROUTE) of a VMP. */
        public Builder vmpRoute(String vmpId, String routeCode) {
            ensureOpen();
            raw(vmpId).routeCodes.add(Objects.requireNonNull(routeCode, "routeCode"));
            return this;
        }

        /** An ingredient with strength (VPI) of a VMP; strength parts may be null. */
        public Builder vmpIngredient(
                String vmpId,
                String isid,
                BigDecimal numeratorValue,
                String numeratorUnit,
                BigDecimal denominatorValue,
                String denominatorUnit) {
            ensureOpen();
            raw(vmpId)
                    .ingredients
                    .add(new RawIngredient(
                            Objects.requireNonNull(isid, "isid"),
                            numeratorValue,
                            numeratorUnit,
                            denominatorValue,
                            denominatorUnit));
            return this;
        }

        /** The concept added so far under this id, if any (lets a reader share id strings). */
        public DmdConcept conceptSoFar(String conceptId) {
            return concepts.get(conceptId);
        }

        private void ensureOpen() {
            if (built) {
                throw new IllegalStateException("release " + id + " was built already");
            }
        }

        private RawDetail raw(String vmpId) {
            return rawDetails.computeIfAbsent(Objects.requireNonNull(vmpId, "vmpId"), v -> new RawDetail());
        }

        public DmdRelease build() {
            ensureOpen();
            built = true;
            Map<String, String> forms = lookups.getOrDefault("FORM", Map.of());
            Map<String, String> routes = lookups.getOrDefault("ROUTE", Map.of());
            Map<String, String> units = lookups.getOrDefault("UNIT_OF_MEASURE", Map.of());
            Map<String, VmpDetail> details = new HashMap<>();
            for (DmdConcept concept : concepts.values()) {
                if (concept.level() != DmdLevel.VMP) {
                    continue;
                }
                RawDetail raw = rawDetails.getOrDefault(concept.id(), RawDetail.EMPTY);
                List<VmpDetail.Route> routeList = new ArrayList<>(raw.routeCodes.size());
                for (String code : raw.routeCodes) {
                    routeList.add(new VmpDetail.Route(code, routes.get(code)));
                }
                List<VmpIngredient> ingredientList = new ArrayList<>(raw.ingredients.size());
                for (RawIngredient vpi : raw.ingredients) {
                    ingredientList.add(new VmpIngredient(
                            vpi.isid,
                            ingredientNames.get(vpi.isid),
                            vpi.numeratorValue,
                            vpi.numeratorUnit,
                            name(units, vpi.numeratorUnit),
                            vpi.denominatorValue,
                            vpi.denominatorUnit,
                            name(units, vpi.denominatorUnit)));
                }
                details.put(
                        concept.id(),
                        new VmpDetail(
                                concept.id(), raw.formCode, name(forms, raw.formCode), routeList, ingredientList));
            }
            rawDetails.clear();
            previousIdDates.clear();
            return new DmdRelease(
                    id,
                    releaseDate,
                    sources,
                    concepts,
                    details,
                    previousIds,
                    ingredientNames,
                    lookups,
                    bnfCodes,
                    atcCodes);
        }

        private static String name(Map<String, String> table, String code) {
            return code == null ? null : table.get(code);
        }
    }

    private static final class RawDetail {
        static final RawDetail EMPTY = new RawDetail();
        String formCode;
        final List<String> routeCodes = new ArrayList<>(1);
        final List<RawIngredient> ingredients = new ArrayList<>(1);
    }

    private record RawIngredient(
            String isid,
            BigDecimal numeratorValue,
            String numeratorUnit,
            BigDecimal denominatorValue,
            String denominatorUnit) {}
}
