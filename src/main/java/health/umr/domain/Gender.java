package health.umr.domain;

/** Administrative gender as FHIR codes it. */
public enum Gender {
    MALE,
    FEMALE,
    OTHER,
    UNKNOWN
}
