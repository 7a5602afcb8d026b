package health.umr.domain;

/** The alerts UMR raises (docs/contract.md), coded under {@link #SYSTEM}. */
public enum AlertType {
    CRITICAL_MEDICINE_OMISSION("critical-medicine-omission"),
    ACB_HIGH("acb-high"),
    VALPROATE_PREGNANCY_PREVENTION("valproate-pregnancy-prevention"),
    THERAPEUTIC_DUPLICATION("therapeutic-duplication"),
    DOSE_DISCREPANCY("dose-discrepancy"),
    STATUS_CONFLICT("status-conflict"),
    UNMAPPED_MEDICATION("unmapped-medication");

    public static final String SYSTEM = "https://fhir.umr.example/CodeSystem/alert-type";

    private final String code;

    AlertType(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
