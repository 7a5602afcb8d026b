package health.umr.tools;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import health.umr.tools.PopulationSampler.PatientPlan;
import health.umr.tools.PopulationSampler.Person;
import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/** The files of a population: lines now or (noise) later from a bounded queue, patients.csv; and the counts. */
final class PopulationOutput {

    /** patients.csv: one row a patient, '\n' between rows; {@code bench-load read} reads it back. */
    static final CSVFormat PATIENTS_CSV = CSVFormat.DEFAULT
            .builder()
            .setHeader("nhs_number", "gender", "birth_date", "age", "medicines", "settings", "admitted")
            .setRecordSeparator('\n')
            .get();

    private PopulationOutput() {}

    static final class Output implements AutoCloseable {
        private record Deferred(int due, long sequence, String file, byte[] line, int resources) {}

        private final Map<String, OutputStream> files = new LinkedHashMap<>();
        private final Map<String, Long> lines = new LinkedHashMap<>();
        private final Map<String, Long> resources = new LinkedHashMap<>();
        private final PriorityQueue<Deferred> deferred = new PriorityQueue<>(
                (a, b) -> a.due != b.due ? Integer.compare(a.due, b.due) : Long.compare(a.sequence, b.sequence));
        private final CSVPrinter patients;
        private final JsonFactory factory = JsonFactory.builder()
                .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
                .build();
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(64 * 1024);
        private long sequence;

        Output(Path dir) throws IOException {
            for (String file : SyntheticSource.FILES) {
                files.put(file, new BufferedOutputStream(Files.newOutputStream(dir.resolve(file)), 1 << 20));
                lines.put(file, 0L);
                resources.put(file, 0L);
            }
            patients = new CSVPrinter(
                    new BufferedWriter(
                            new OutputStreamWriter(
                                    Files.newOutputStream(dir.resolve("patients.csv")), StandardCharsets.US_ASCII),
                            1 << 18),
                    PATIENTS_CSV);
        }

        byte[] json(PatientLines.JsonBody body) throws IOException {
            buffer.reset();
            try (JsonGenerator g = factory.createGenerator(buffer, JsonEncoding.UTF8)) {
                body.write(g);
            }
            return buffer.toByteArray();
        }

        void write(String file, byte[] line, int resourceCount) throws IOException {
            OutputStream out = files.get(file);
            out.write(line);
            out.write('\n');
            lines.merge(file, 1L, Long::sum);
            resources.merge(file, (long) resourceCount, Long::sum);
        }

        void defer(int due, String file, byte[] line, int resourceCount) {
            deferred.add(new Deferred(due, sequence++, file, line, resourceCount));
        }

        void flushDue(int index) throws IOException {
            while (!deferred.isEmpty() && deferred.peek().due <= index) {
                Deferred next = deferred.poll();
                write(next.file, next.line, next.resources);
            }
        }

        void flushAll() throws IOException {
            flushDue(Integer.MAX_VALUE);
        }

        void patientRow(PatientPlan plan) throws IOException {
            Person p = plan.person;
            patients.printRecord(
                    p.nhs(),
                    p.gender(),
                    p.birthDate(),
                    p.age(),
                    plan.items.size(),
                    String.join(";", plan.settings()),
                    plan.admitted);
        }

        @Override
        public void close() throws IOException {
            for (OutputStream out : files.values()) {
                out.close();
            }
            patients.close();
        }
    }

    static final class Stats {
        private final Map<String, Integer> bySetting = new LinkedHashMap<>();
        private int onFiveOrMore;
        private long medicines;
        private int admitted;

        Stats() {
            for (String setting : List.of("gp", "acute", "mental-health", "homecare", "community-drug-team")) {
                bySetting.put(setting, 0);
            }
        }

        void add(PatientPlan plan) {
            for (String setting : plan.settings()) {
                bySetting.merge(setting, 1, Integer::sum);
            }
            medicines += plan.items.size();
            if (plan.items.size() >= 5) {
                onFiveOrMore++;
            }
            if (plan.admitted) {
                admitted++;
            }
        }

        PopulationGenerator.Result result(int patients, Output output) {
            return new PopulationGenerator.Result(
                    patients,
                    Collections.unmodifiableMap(new LinkedHashMap<>(output.lines)),
                    Collections.unmodifiableMap(new LinkedHashMap<>(output.resources)),
                    Collections.unmodifiableMap(new LinkedHashMap<>(bySetting)),
                    onFiveOrMore,
                    medicines,
                    admitted);
        }
    }
}
