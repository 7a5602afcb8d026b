package health.umr.domain;

/** The kinds of resource that become source records. */
public enum RecordKind {
    MEDICATION_STATEMENT("MedicationStatement"),
    MEDICATION_REQUEST("MedicationRequest"),
    ENCOUNTER("Encounter");

    private final String resourceType;

    RecordKind(String resourceType) {
        this.resourceType = resourceType;
    }

    public String resourceType() {
        return resourceType;
    }

    public static RecordKind ofResourceType(String type) {
        for (RecordKind kind : values()) {
            if (kind.resourceType.equals(type)) {
                return kind;
            }
        }
        throw new IllegalArgumentException(type);
    }
}
