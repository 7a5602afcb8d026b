package health.umr.cli;

import health.umr.dmd.DmdReleaseException;
import health.umr.dmdrelease.DmdLoadSummary;
import health.umr.dmdrelease.DmdService;
import health.umr.domain.InvalidInputException;
import io.quarkus.runtime.QuarkusApplication;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** `make dmd-import DMD=path`: loads a release folder or zip into the database, prints the summary, exits. */
public class DmdImportCommand implements QuarkusApplication {

    @Inject
    DmdService dmd;

    @Override
    public int run(String... args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: dmd-import <release folder or zip>");
            return 2;
        }
        Path release = Path.of(args[1]);
        if (!Files.exists(release)) {
            System.err.println("no such file or folder: " + release.toAbsolutePath());
            return 2;
        }
        byte[] zip = Files.isDirectory(release) ? zipFolder(release) : Files.readAllBytes(release);
        try {
            DmdLoadSummary summary = dmd.loadZip(zip, release.getFileName().toString());
            System.out.printf(
                    "dm+d %s from %s: %s%n  %d added, %d changed, %d retired ids, %d invalid%s%n",
                    summary.releaseId(),
                    summary.name(),
                    summary.counts(),
                    summary.added(),
                    summary.changed(),
                    summary.retired(),
                    summary.invalid(),
                    summary.alreadyLoaded() ? " (already loaded: nothing changed)" : "");
            return 0;
        } catch (InvalidInputException | DmdReleaseException refused) {
            System.err.println(refused.getMessage());
            return 1;
        }
    }

    /** The release folder as the zip the database keeps (the same bytes for the same files, in name order). */
    private static byte[] zipFolder(Path folder) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes);
                Stream<Path> walk = Files.walk(folder)) {
            List<Path> files = walk.filter(Files::isRegularFile).sorted().toList();
            for (Path file : files) {
                ZipEntry entry = new ZipEntry(folder.relativize(file).toString().replace('\\', '/'));
                entry.setTime(0);
                zip.putNextEntry(entry);
                Files.copy(file, zip);
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }
}
