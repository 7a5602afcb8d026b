package example.umr.reconcile;

import example.umr.dmd.Dmd;
import example.umr.dmd.DmdIndex;
import example.umr.dmd.DmdRelease;
import example.umr.dmd.DmdReleaseReader;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/**
 * The dm+d the reconciliation tests use, read from the release files under
 * src/test/resources/dmd (see SOURCES.md there): the real 2019-04-01 subset (every VTM), the
 * synthetic VMPs/AMPs of that folder's README laid over it, and the real 2021-08-26 co-amilofruse
 * extract laid over both. Never a mock: the codes resolve as a real release resolves them.
 */
final class TestDmd {

    private static Dmd dmd;

    private TestDmd() {
    }

    static synchronized Dmd get() {
        if (dmd == null) {
            DmdReleaseReader reader = new DmdReleaseReader();
            DmdRelease release = reader.read(folder("nhsbsa-2019-04-01-subset"))
                    .mergedWith(reader.read(folder("synthetic")))
                    .mergedWith(reader.read(folder("nhsbsa-2021-08-26-coamilofruse")));
            dmd = DmdIndex.of(release);
        }
        return dmd;
    }

    private static Path folder(String name) {
        URL url = TestDmd.class.getResource("/dmd/" + name);
        if (url == null) {
            throw new IllegalStateException("test resource /dmd/" + name + " not found");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
