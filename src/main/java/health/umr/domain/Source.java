package health.umr.domain;

import java.time.Duration;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A registered system that sends medicines records: a GP practice, a trust's EPMA, a homecare provider.
 *
 * @param clients    the token clients allowed to write as this source (docs/contract.md, "Security and audit")
 * @param staleAfter how long the source may send nothing before its feed counts as stale (ISO 8601
 *                   duration, e.g. {@code P2D}, {@code PT12H}, {@code P1W}), or null for {@link #DEFAULT_STALE_AFTER}
 */
public record Source(
        String id,
        SourceSetting setting,
        String name,
        String system,
        String ods,
        List<String> clients,
        String staleAfter) {

    public static final String DEFAULT_STALE_AFTER = "P2D";

    private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    private static final Pattern ODS = Pattern.compile("[A-Za-z0-9]{1,16}");

    public Source(String id, SourceSetting setting, String name, String system, String ods) {
        this(id, setting, name, system, ods, List.of(), null);
    }

    public Source(String id, SourceSetting setting, String name, String system, String ods, List<String> clients) {
        this(id, setting, name, system, ods, clients, null);
    }

    public Source {
        if (id == null || !SLUG.matcher(id).matches()) {
            throw new InvalidInputException(
                    ErrorCode.INVALID_SOURCE,
                    "source id '" + id + "' must be a slug: lower-case letters, digits and '-', at most 64 characters");
        }
        if (setting == null) {
            throw new InvalidInputException(
                    ErrorCode.INVALID_SOURCE,
                    "source '" + id
                            + "' needs a setting, one of gp, acute, mental-health, community, homecare, community-drug-team, chemotherapy, community-pharmacy");
        }
        if (name == null || name.isBlank()) {
            throw new InvalidInputException(ErrorCode.INVALID_SOURCE, "source '" + id + "' needs a name");
        }
        TextRules.check(name, 500, "name");
        if (system == null
                || system.length() > 1024
                || system.chars().anyMatch(c -> c <= 0x20 || c == 0x7f)
                || !(system.startsWith("https://") || system.startsWith("http://") || system.startsWith("urn:"))) {
            throw new InvalidInputException(
                    ErrorCode.INVALID_SOURCE,
                    "source '" + id
                            + "' needs a system URI (https://..., http://... or urn:..., no spaces or control characters, "
                            + "at most 1,024 characters), the value its resources carry in meta.source");
        }
        if (ods != null && !ODS.matcher(ods).matches()) {
            throw new InvalidInputException(
                    ErrorCode.INVALID_SOURCE,
                    "source '" + id + "' has ods '" + ods.replaceAll("\\p{Cntrl}", "?")
                            + "': an ODS code is 1 to 16 letters and digits");
        }
        system = stripFragment(system);
        clients = clients == null ? List.of() : List.copyOf(clients);
        for (String client : clients) {
            if (client == null || client.isBlank()) {
                throw new InvalidInputException(
                        ErrorCode.INVALID_SOURCE, "source '" + id + "' names a blank client: list client ids");
            }
        }
        if (staleAfter != null) {
            parseStaleAfter(id, staleAfter);
        }
    }

    /** How long the source may be silent before its feed is stale. */
    public Duration staleAfterDuration() {
        return staleAfterDuration(id, staleAfter);
    }

    /** A registered {@code staleAfter} (null for the default) as a duration. */
    public static Duration staleAfterDuration(String id, String staleAfter) {
        return parseStaleAfter(id, staleAfter == null ? DEFAULT_STALE_AFTER : staleAfter);
    }

    private static Duration parseStaleAfter(String id, String text) {
        Duration duration;
        try {
            duration = Duration.parse(text);
        } catch (DateTimeParseException notADuration) {
            duration = weeksAndDays(text);
        }
        if (duration == null || duration.isZero() || duration.isNegative()) {
            throw new InvalidInputException(
                    ErrorCode.INVALID_SOURCE,
                    "source '" + id + "': staleAfter '" + text
                            + "' must be a positive ISO 8601 duration in weeks, days, hours, minutes or seconds"
                            + " (P2D, PT12H, P1W); months and years have no fixed length");
        }
        return duration;
    }

    private static Duration weeksAndDays(String text) {
        try {
            Period period = Period.parse(text);
            return period.getYears() == 0 && period.getMonths() == 0 ? Duration.ofDays(period.getDays()) : null;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** meta.source may carry "#something" after the system; only the part before names the source. */
    public static String stripFragment(String metaSource) {
        int hash = metaSource.indexOf('#');
        return hash < 0 ? metaSource : metaSource.substring(0, hash);
    }
}
