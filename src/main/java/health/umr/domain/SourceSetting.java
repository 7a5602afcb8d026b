package health.umr.domain;

import java.util.Arrays;
import java.util.Optional;

/** The care setting a source belongs to; decides, for example, who can admit a patient. */
public enum SourceSetting {
    GP("gp"),
    ACUTE("acute"),
    MENTAL_HEALTH("mental-health"),
    COMMUNITY("community"),
    HOMECARE("homecare"),
    COMMUNITY_DRUG_TEAM("community-drug-team"),
    CHEMOTHERAPY("chemotherapy"),
    COMMUNITY_PHARMACY("community-pharmacy");

    private final String code;

    SourceSetting(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static Optional<SourceSetting> fromCode(String code) {
        return Arrays.stream(values()).filter(s -> s.code.equals(code)).findFirst();
    }

    /** Settings whose inpatient encounters are admissions (docs/contract.md). */
    public boolean admits() {
        return this == ACUTE || this == MENTAL_HEALTH;
    }
}
