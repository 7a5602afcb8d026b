package health.umr.tools;

import java.util.ArrayList;
import java.util.List;

/** A made-up source of the synthetic population: its registration for {@code PUT /api/sources/{id}} and its file. */
public record SyntheticSource(String id, String setting, String name, String system, String ods, String file) {

    public static final String GP_FILE = "gp.ndjson";
    public static final String ACUTE_FILE = "acute.ndjson";
    public static final String MENTAL_HEALTH_FILE = "mental-health.ndjson";
    public static final String HOMECARE_FILE = "homecare.ndjson";
    public static final String DRUG_TEAM_FILE = "community-drug-team.ndjson";

    /** The files in the order a back-load sends them. */
    public static final List<String> FILES =
            List.of(GP_FILE, ACUTE_FILE, MENTAL_HEALTH_FILE, HOMECARE_FILE, DRUG_TEAM_FILE);

    static final int GP_PRACTICES = 8;

    /** Every source, fixed: eight GP practices, two acute trusts, one each of the others. */
    public static List<SyntheticSource> all() {
        List<SyntheticSource> sources = new ArrayList<>();
        for (int i = 1; i <= GP_PRACTICES; i++) {
            String ods = String.format("Y9900%d", i);
            sources.add(new SyntheticSource(
                    "gp-" + ods.toLowerCase(java.util.Locale.ROOT),
                    "gp",
                    "Synthetic GP practice " + ods,
                    "https://fhir.synthetic-gp.example/practice/" + ods,
                    ods,
                    GP_FILE));
        }
        sources.add(new SyntheticSource(
                "acute-trust-a",
                "acute",
                "Synthetic Acute Trust A (EPMA)",
                "https://fhir.synthetic-acute-a.example/epma",
                "Y99A1",
                ACUTE_FILE));
        sources.add(new SyntheticSource(
                "acute-trust-b",
                "acute",
                "Synthetic Acute Trust B (EPMA)",
                "https://fhir.synthetic-acute-b.example/epma",
                "Y99A2",
                ACUTE_FILE));
        sources.add(new SyntheticSource(
                "mh-trust",
                "mental-health",
                "Synthetic Mental Health Trust",
                "https://fhir.synthetic-mh.example/epr",
                "Y99M1",
                MENTAL_HEALTH_FILE));
        sources.add(new SyntheticSource(
                "homecare-provider",
                "homecare",
                "Synthetic Homecare Provider",
                "https://fhir.synthetic-homecare.example/dispensing",
                "Y99H1",
                HOMECARE_FILE));
        sources.add(new SyntheticSource(
                "drug-team",
                "community-drug-team",
                "Synthetic Community Drug Team",
                "https://fhir.synthetic-cdt.example/prescribing",
                "Y99D1",
                DRUG_TEAM_FILE));
        return List.copyOf(sources);
    }
}
