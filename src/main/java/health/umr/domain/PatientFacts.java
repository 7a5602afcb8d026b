package health.umr.domain;

import java.time.Instant;
import java.time.LocalDate;

/** What a Patient resource told us about an NHS number; the newest assertion wins. */
public record PatientFacts(NhsNumber nhsNumber, Gender gender, LocalDate birthDate, Instant assertedAt) {}
