package health.umr.support;

import health.umr.dmd.Dmd;
import health.umr.dmd.DmdIndex;
import health.umr.dmd.DmdRelease;
import health.umr.dmd.DmdReleaseReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** dm+d release fixtures (src/test/resources/dmd/, see its SOURCES.md) as the zips a client uploads. */
public final class DmdFixtures {

    private static Dmd testRelease;

    private DmdFixtures() {}

    /** The folder of a test release under src/test/resources/dmd. */
    public static Path folder(String release) {
        URL url = DmdFixtures.class.getResource("/dmd/" + release);
        if (url == null) {
            throw new IllegalStateException("test resource /dmd/" + release + " not found");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The release the clinical tests resolve against, read once: the real 2019-04-01 subset, the
     * synthetic VMPs/AMPs laid over it, and the real 2021-08-26 co-amilofruse extract over both.
     * Never a mock: the codes resolve as a real release resolves them.
     */
    public static synchronized Dmd testRelease() {
        if (testRelease == null) {
            DmdReleaseReader reader = new DmdReleaseReader();
            DmdRelease release = reader.read(folder("nhsbsa-2019-04-01-subset"))
                    .mergedWith(reader.read(folder("synthetic")))
                    .mergedWith(reader.read(folder("nhsbsa-2021-08-26-coamilofruse")));
            testRelease = DmdIndex.of(release);
        }
        return testRelease;
    }

    /** The release folder zipped; {@code edit} may change each file's text (to break one, say). */
    public static byte[] zip(String release, UnaryOperator<String> edit) {
        try {
            Path folder = folder(release);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ZipOutputStream zip = new ZipOutputStream(bytes);
                    Stream<Path> walk = Files.walk(folder)) {
                List<Path> files = walk.filter(
                                p -> Files.isRegularFile(p) && p.toString().endsWith(".xml"))
                        .sorted()
                        .toList();
                for (Path file : files) {
                    zip.putNextEntry(new ZipEntry(folder.relativize(file).toString()));
                    zip.write(edit.apply(Files.readString(file)).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    zip.closeEntry();
                }
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] zip(String release) {
        return zip(release, UnaryOperator.identity());
    }

    /** Loads the synthetic release (co-careldopa, valproate, amitriptyline ... VMPs) into the running service. */
    public static void loadSynthetic() {
        io.restassured.RestAssured.given()
                .contentType("application/zip")
                .body(zip("synthetic"))
                .post("/api/admin/dmd?name=synthetic")
                .then()
                .statusCode(200);
    }
}
