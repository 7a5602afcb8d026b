package example.umr.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** dm+d release fixtures (src/test/resources/dmd/, see its SOURCES.md) as the zips a client uploads. */
public final class DmdFixtures {

    private DmdFixtures() {
    }

    /** The release folder zipped; {@code edit} may change each file's text (to break one, say). */
    public static byte[] zip(String release, UnaryOperator<String> edit) {
        try {
            Path folder = Path.of(DmdFixtures.class.getResource("/dmd/" + release).toURI());
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ZipOutputStream zip = new ZipOutputStream(bytes); Stream<Path> walk = Files.walk(folder)) {
                List<Path> files = walk.filter(p -> Files.isRegularFile(p) && p.toString().endsWith(".xml")).sorted().toList();
                for (Path file : files) {
                    zip.putNextEntry(new ZipEntry(folder.relativize(file).toString()));
                    zip.write(edit.apply(Files.readString(file)).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    zip.closeEntry();
                }
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static byte[] zip(String release) {
        return zip(release, UnaryOperator.identity());
    }

    /** Loads the synthetic release (co-careldopa, valproate, amitriptyline ... VMPs) into the running service. */
    public static void loadSynthetic() {
        io.restassured.RestAssured.given().contentType("application/zip").body(zip("synthetic"))
                .post("/api/admin/dmd?name=synthetic").then().statusCode(200);
    }
}
