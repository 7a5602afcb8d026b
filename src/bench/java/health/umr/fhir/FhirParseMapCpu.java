package health.umr.fhir;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.function.IntSupplier;

/**
 * FhirParseMapBench's operations timed by the CPU time of the thread that runs them, not by the wall
 * clock: on a shared, loaded box JMH's ops/s measure the box, while CPU time per operation moves much
 * less with the load. Prints µs of CPU per operation for each round (the first rounds are warm-up).
 * Run: {@code java -cp <test classpath> health.umr.fhir.FhirParseMapCpu [rounds]} (bench/README.md).
 */
public final class FhirParseMapCpu {

    private FhirParseMapCpu() {}

    public static void main(String[] args) throws Exception {
        FhirParseMapBench bench = new FhirParseMapBench();
        bench.setUp();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        String[] names = {
            "parseAndMapOneGpBundle",
            "hapiPathParseAndMapOneGpBundle",
            "streamingReadOneGpBundle",
            "hapiParseOneGpBundle",
            "mapOneParsedGpBundle",
            "limitsOneParsedGpBundle",
            "parseAndMapOneLine",
            "hapiPathParseAndMapOneLine",
            "hapiParseOneLine",
            "sha256OneLine"
        };
        IntSupplier[] operations = {
            () -> bench.parseAndMapOneGpBundle().size(),
            () -> bench.hapiPathParseAndMapOneGpBundle().size(),
            () -> bench.streamingReadOneGpBundle().hashCode(),
            () -> bench.hapiParseOneGpBundle().hashCode(),
            () -> bench.mapOneParsedGpBundle().size(),
            bench::limitsOneParsedGpBundle,
            () -> bench.parseAndMapOneLine().size(),
            () -> bench.hapiPathParseAndMapOneLine().size(),
            () -> bench.hapiParseOneLine().hashCode(),
            () -> bench.sha256OneLine().length()
        };
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 6;
        long sink = 0;
        for (int round = 0; round < rounds; round++) {
            System.out.println("round " + round + " (µs of CPU per operation):");
            for (int k = 0; k < operations.length; k++) {
                int times = names[k].contains("Bundle") ? 2_000 : 20_000;
                long start = threads.getCurrentThreadCpuTime();
                for (int i = 0; i < times; i++) {
                    sink += operations[k].getAsInt();
                }
                long cpu = threads.getCurrentThreadCpuTime() - start;
                System.out.printf("  %-32s %8.1f%n", names[k], cpu / 1000.0 / times);
            }
        }
        System.out.println(sink == 42 ? "" : "(done)");
    }
}
