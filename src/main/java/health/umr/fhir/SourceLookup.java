package health.umr.fhir;

import health.umr.domain.Source;
import java.util.Collection;
import java.util.Optional;

/**
 * The registered sources as the mapper needs them: the one whose system a {@code meta.source}
 * names. The reader passes the registry's cached lookup; a test passes a list.
 */
@FunctionalInterface
public interface SourceLookup {

    /** No source is known (reading draft orders, where no source is named). */
    SourceLookup NONE = metaSource -> Optional.empty();

    /** @param metaSource a {@code meta.source}; anything after '#' is ignored */
    Optional<Source> findBySystem(String metaSource);

    static SourceLookup of(Collection<Source> sources) {
        return metaSource -> {
            String system = Source.stripFragment(metaSource);
            return sources.stream().filter(s -> s.system().equals(system)).findFirst();
        };
    }
}
