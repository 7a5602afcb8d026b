package health.umr.dmd;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * dm+d resolution as reconcile uses it (current code, then VMP, then VTM) over a generated release
 * of real weekly size (3k VTM, 20k VMP, 150k AMP, 30k VMPP, 170k AMPP: the generator of the opt-in
 * full-size test), so lookups miss the caches as they would in production. Codes are drawn at random
 * across all five levels, plus retired VTM ids that resolve through VTMIDPREV.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class DmdResolutionBench {

    private static final int CODES = 1 << 16;

    private Path folder;
    private Dmd dmd;
    private String[] codes;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        folder = Files.createTempDirectory("umr-dmd-bench");
        DmdReleaseReaderTest.FullSizeRelease.write(folder, 3_000, 20_000, 150_000, 30_000, 170_000);
        dmd = DmdIndex.of(new DmdReleaseReader().read(folder));
        SplittableRandom random = new SplittableRandom(7);
        codes = new String[CODES];
        for (int i = 0; i < CODES; i++) {
            codes[i] = switch (random.nextInt(6)) {
                case 0 -> DmdReleaseReaderTest.FullSizeRelease.vtmId(random.nextInt(3_000));
                case 1 -> DmdReleaseReaderTest.FullSizeRelease.vmpId(random.nextInt(20_000));
                case 2 -> DmdReleaseReaderTest.FullSizeRelease.ampId(random.nextInt(150_000));
                case 3 -> DmdReleaseReaderTest.FullSizeRelease.vmppId(random.nextInt(30_000));
                case 4 -> DmdReleaseReaderTest.FullSizeRelease.amppId(random.nextInt(170_000));
                default -> String.valueOf(100_000_000L + random.nextInt(3_000)); // a retired VTM id
            };
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Benchmark
    public void resolveCurrentVmpAndVtm(Blackhole sink) {
        String code = codes[next++ & (CODES - 1)];
        String current = dmd.currentCode(code);
        sink.consume(dmd.vmpOf(current));
        sink.consume(dmd.vtmOf(current));
    }
}
