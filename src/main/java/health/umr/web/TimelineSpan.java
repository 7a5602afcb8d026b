package health.umr.web;

import io.quarkus.qute.TemplateData;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

/** How far back the timeline reaches (the {@code span} query parameter). */
@TemplateData
public enum TimelineSpan {
    MONTH("1m", "1 month", Duration.ofDays(31)),
    QUARTER("3m", "3 months", Duration.ofDays(92)),
    YEAR("1y", "1 year", Duration.ofDays(366)),
    FIVE_YEARS("5y", "5 years", Duration.ofDays(5 * 365 + 1));

    private final String code;
    private final String label;
    private final Duration duration;

    TimelineSpan(String code, String label, Duration duration) {
        this.code = code;
        this.label = label;
        this.duration = duration;
    }

    public String code() {
        return code;
    }

    public String label() {
        return label;
    }

    Duration duration() {
        return duration;
    }

    static Optional<TimelineSpan> of(String code) {
        return Arrays.stream(values()).filter(s -> s.code.equals(code)).findFirst();
    }

    /** Three months while the patient is in hospital (the stay is what matters), else a year. */
    static TimelineSpan defaultFor(boolean admitted) {
        return admitted ? QUARTER : YEAR;
    }
}
