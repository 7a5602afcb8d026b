package health.umr.domain;

import java.util.List;

/** The medicine as the source named it: its codings, kept as sent, and any text. */
public record MedicationCode(List<Coding> codings, String text) {

    public MedicationCode {
        codings = List.copyOf(codings);
    }

    public boolean isTextOnly() {
        return codings.isEmpty();
    }
}
