package health.umr.domain;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A registered system that sends medicines records: a GP practice, a trust's EPMA, a homecare provider.
 *
 * @param clients the token clients allowed to write as this source (docs/contract.md, "Security and audit")
 */
public record Source(String id, SourceSetting setting, String name, String system, String ods, List<String> clients) {

    public Source(String id, SourceSetting setting, String name, String system, String ods) {
        this(id, setting, name, system, ods, List.of());
    }

    private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

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
        if (system == null
                || !(system.startsWith("https://") || system.startsWith("http://") || system.startsWith("urn:"))) {
            throw new InvalidInputException(
                    ErrorCode.INVALID_SOURCE,
                    "source '" + id
                            + "' needs a system URI (https://..., http://... or urn:...), the value its resources carry in meta.source");
        }
        system = stripFragment(system);
        clients = clients == null ? List.of() : List.copyOf(clients);
        for (String client : clients) {
            if (client == null || client.isBlank()) {
                throw new InvalidInputException(
                        ErrorCode.INVALID_SOURCE, "source '" + id + "' names a blank client: list client ids");
            }
        }
    }

    /** meta.source may carry "#something" after the system; only the part before names the source. */
    public static String stripFragment(String metaSource) {
        int hash = metaSource.indexOf('#');
        return hash < 0 ? metaSource : metaSource.substring(0, hash);
    }
}
