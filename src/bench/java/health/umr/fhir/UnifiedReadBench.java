package health.umr.fhir;

import ca.uhn.fhir.context.FhirContext;
import health.umr.alerts.ClinicalAlerts;
import health.umr.config.FhirContextProducer;
import health.umr.records.RecordView;
import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.TimeUnit;
import org.hl7.fhir.r4.model.Bundle;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The Java of a {@code $unified-medications} answer after the record is read: the unified record
 * ({@link UnifiedRecordViews#realistic()}: ten medicines from four sources, an admission, alerts and
 * acknowledgements) mapped to HAPI's Bundle ({@link #mapToBundle}), that Bundle encoded to JSON as the
 * server encoded it before ({@link #encodeBundle}), and both ({@link #mapAndEncode}) against what it does
 * now for the default JSON answer: the Bundle built and the JSON written from the record by {@link
 * UnifiedRecordJson} ({@link #mapAndWriteDirect}; {@link #writeDirect} alone). The answer's text goes to a
 * writer that drops it, as the servlet's writer would send it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class UnifiedReadBench {

    private FhirContext fhir;
    private ClinicalAlerts rules;
    private RecordView view;
    private Bundle bundle;
    private final Sink sink = new Sink();

    @Setup
    public void setUp() {
        fhir = new FhirContextProducer().fhirContext();
        rules = UnifiedRecordViews.rules();
        view = UnifiedRecordViews.realistic();
        bundle = UnifiedRecordFhirMapper.toBundle(view, rules);
        String json = fhir.newJsonParser().encodeResourceToString(bundle);
        System.out.printf(
                "%n%d entries, %d alerts, %d characters of JSON%n",
                bundle.getEntry().size(), view.alerts().size(), json.length());
    }

    @Benchmark
    public Bundle mapToBundle() {
        return UnifiedRecordFhirMapper.toBundle(view, rules);
    }

    @Benchmark
    public long encodeBundle() throws IOException {
        fhir.newJsonParser().encodeResourceToWriter(bundle, sink);
        return sink.count;
    }

    @Benchmark
    public long mapAndEncode() throws IOException {
        fhir.newJsonParser().encodeResourceToWriter(UnifiedRecordFhirMapper.toBundle(view, rules), sink);
        return sink.count;
    }

    static final String[] NAMES = {"mapToBundle", "encodeBundle", "mapAndEncode", "writeDirect", "mapAndWriteDirect"};

    java.util.function.LongSupplier[] operations() {
        return new java.util.function.LongSupplier[] {
            () -> mapToBundle().getEntry().size(),
            this::encodeUnchecked,
            () -> {
                try {
                    return mapAndEncode();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            },
            () -> {
                try {
                    return writeDirect();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            },
            () -> {
                try {
                    return mapAndWriteDirect();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        };
    }

    private long encodeUnchecked() {
        try {
            return encodeBundle();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * What the server does now for the default JSON answer: the Bundle is still built (the interceptors
     * see it) and the JSON is written from the record by UnifiedRecordJson.
     */
    @Benchmark
    public long mapAndWriteDirect() throws IOException {
        UnifiedRecordFhirMapper.toBundle(view, rules);
        UnifiedRecordJson.write(view, rules, sink);
        return sink.count;
    }

    /** UnifiedRecordJson alone. */
    @Benchmark
    public long writeDirect() throws IOException {
        UnifiedRecordJson.write(view, rules, sink);
        return sink.count;
    }

    /** Counts what it is given, as a network writer would take it. */
    static final class Sink extends Writer {
        long count;

        @Override
        public void write(char[] buffer, int offset, int length) {
            count += length;
        }

        @Override
        public void write(String text, int offset, int length) {
            count += length;
        }

        @Override
        public void write(int c) {
            count++;
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    }
}
