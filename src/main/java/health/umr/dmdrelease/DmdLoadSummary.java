package health.umr.dmdrelease;

import java.util.Map;

/**
 * What loading a dm+d release did.
 *
 * @param counts  concepts per class in the release just loaded
 * @param added   concepts the service did not know before
 * @param changed concepts whose name, parents or validity changed
 * @param retired ids that now resolve to another (previous-id links new in this release)
 * @param invalid concepts the release marks invalid
 * @param alreadyLoaded true when these exact bytes were loaded before (nothing changed)
 */
public record DmdLoadSummary(
        String name,
        String releaseId,
        Map<String, Integer> counts,
        int added,
        int changed,
        int retired,
        int invalid,
        boolean alreadyLoaded) {}
