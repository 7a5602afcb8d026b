package health.umr.reconcile;

import health.umr.dmd.Dmd;
import health.umr.support.DmdFixtures;

/**
 * The dm+d the reconciliation tests use, read from the release files under
 * src/test/resources/dmd (see SOURCES.md there): the real 2019-04-01 subset (every VTM), the
 * synthetic VMPs/AMPs of that folder's README laid over it, and the real 2021-08-26 co-amilofruse
 * extract laid over both. Never a mock: the codes resolve as a real release resolves them.
 */
final class TestDmd {

    private TestDmd() {}

    static Dmd get() {
        return DmdFixtures.testRelease();
    }
}
