package health.umr.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import health.umr.domain.PatientRecord;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.statistics.Statistics;
import org.junit.jupiter.api.Test;

/**
 * {@link StoredRecordReader} against its oracle, Jackson's data binding of the same stored JSON
 * ({@code RecordJson.read(json, PatientRecord.class)}): what it reads is equal to what data binding
 * makes (records implement equals), for records of every shape, for older or altered rows (fields
 * missing, null, unknown, reordered, of another JSON type), and for a realistic stored record.
 */
class StoredRecordReaderTest {

    /** Trees that keep each number as written (a duration's nine decimals stay plain). */
    private static final ObjectMapper TREES = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);

    @Property(tries = 300)
    void aStoredRecordIsReadAsDataBindingReadsIt(@ForAll long seed) throws IOException {
        PatientRecord record = new RandomPatientRecords(seed).patientRecord();
        String json = RecordJson.write(record);

        PatientRecord bound = RecordJson.read(json, PatientRecord.class);
        assertEquals(record, bound);
        assertEquals(bound, fast(json), "the reader reads every form RecordJson writes itself");
        assertEquals(bound, RecordJson.readRecord(json));
        // as a read gets the row: its UTF-8 bytes (a lone surrogate is already '?' there, as PostgreSQL holds it)
        byte[] utf8 = json.getBytes(StandardCharsets.UTF_8);
        assertEquals(RecordJson.read(utf8, PatientRecord.class), RecordJson.readRecord(utf8));
        assertEquals(
                RecordJson.read(new String(utf8, StandardCharsets.UTF_8), PatientRecord.class),
                RecordJson.readRecord(utf8));
    }

    @Property(tries = 300)
    void anOlderOrAlteredRowIsReadAsDataBindingReadsIt(@ForAll long seed) throws IOException {
        Random random = new Random(seed);
        JsonNode tree = TREES.readTree(RecordJson.write(new RandomPatientRecords(seed).patientRecord()));
        alter(tree, random, new int[] {40, 1000, 10000}[random.nextInt(3)]);
        String json = TREES.writeValueAsString(tree);

        String bound = outcome(() -> RecordJson.read(json, PatientRecord.class));
        assertEquals(bound, outcome(() -> RecordJson.readRecord(json)));
        byte[] utf8 = json.getBytes(StandardCharsets.UTF_8);
        assertEquals(
                outcome(() -> RecordJson.read(utf8, PatientRecord.class)), outcome(() -> RecordJson.readRecord(utf8)));
        PatientRecord read;
        try {
            read = fast(json);
        } catch (IOException | RuntimeException e) {
            Statistics.label("read by").collect("data binding (reader gave up)");
            return;
        }
        Statistics.label("read by").collect("reader");
        assertEquals(bound, outcome(() -> read), "what the reader reads itself, data binding reads the same");
    }

    @Property(tries = 300)
    void aRecordAsPostgresqlGivesItBackIsReadAsDataBindingReadsIt(@ForAll long seed) throws IOException {
        JsonNode tree = TREES.readTree(RecordJson.write(new RandomPatientRecords(seed).patientRecord()));
        String json = jsonb(tree);

        PatientRecord bound = RecordJson.read(json, PatientRecord.class);
        assertEquals(bound, fast(json));
    }

    /** What PostgreSQL gives back of JSON stored in a jsonb column: rows written before V23 made the column json. */
    static String asJsonb(String json) throws IOException {
        return jsonb(TREES.readTree(json));
    }

    /** The text of a jsonb value: keys shortest first, then by their bytes; a space after each colon and comma. */
    private static String jsonb(JsonNode node) throws IOException {
        if (node instanceof ObjectNode object) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            names.sort(java.util.Comparator.comparingInt((String name) -> name.getBytes(StandardCharsets.UTF_8).length)
                    .thenComparing(
                            name -> new String(name.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1)));
            List<String> fields = new ArrayList<>();
            for (String name : names) {
                fields.add(TREES.writeValueAsString(name) + ": " + jsonb(object.get(name)));
            }
            return "{" + String.join(", ", fields) + "}";
        }
        if (node instanceof ArrayNode array) {
            List<String> elements = new ArrayList<>();
            for (JsonNode element : array) {
                elements.add(jsonb(element));
            }
            return "[" + String.join(", ", elements) + "]";
        }
        return TREES.writeValueAsString(node);
    }

    @Test
    void aRealisticStoredRecordIsReadWithoutDataBinding() throws IOException {
        // RecordReadBench's 50-record patient (admitted, with alerts and discrepancies), as stored.
        String json;
        try (InputStream in = getClass().getResourceAsStream("patient-record-50.json")) {
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }

        PatientRecord bound = RecordJson.read(json, PatientRecord.class);
        assertEquals(bound, fast(json));
        assertEquals(bound, RecordJson.readRecord(json));
        assertEquals(bound, RecordJson.readRecord(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aValueInAnotherFormIsLeftToDataBinding() throws IOException {
        String json = RecordJson.write(new RandomPatientRecords(7).patientRecord());
        ObjectNode tree = (ObjectNode) TREES.readTree(json);
        ObjectNode unified = (ObjectNode) tree.get("unified");
        unified.put("newestRecordAt", "2026-12-01T10:30:00+01:00");
        unified.put("currentSince", 1_764_581_400L);
        tree.put("acbScore", "3");
        String altered = TREES.writeValueAsString(tree);

        assertThrows(StoredRecordReader.Unexpected.class, () -> fast(altered));
        PatientRecord bound = RecordJson.read(altered, PatientRecord.class);
        assertEquals(3, bound.acbScore());
        assertEquals(bound, RecordJson.readRecord(altered));
    }

    private static PatientRecord fast(String json) throws IOException {
        try (JsonParser parser = TREES.getFactory().createParser(json)) {
            return StoredRecordReader.read(parser);
        }
    }

    private interface Read {
        PatientRecord get() throws IOException;
    }

    /** The record read, or the kind of error: what a caller sees. */
    private static String outcome(Read read) {
        try {
            return "read " + read.get();
        } catch (IOException | RuntimeException e) {
            return "error " + e.getClass().getName();
        }
    }

    /**
     * An older row, or a hand-edited one: in each object, fields dropped, nulled, retyped, added or
     * moved, each change about once in {@code rarity} fields.
     */
    private static void alter(JsonNode node, Random random, int rarity) {
        if (node instanceof ArrayNode array) {
            array.forEach(element -> alter(element, random, rarity));
            return;
        }
        if (!(node instanceof ObjectNode object)) {
            return;
        }
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        for (String name : names) {
            switch (random.nextInt(rarity)) {
                case 0, 1, 2 -> object.remove(name);
                case 3, 4 -> object.putNull(name);
                case 5 -> object.put(name, random.nextInt(3));
                case 6 -> object.put(name, "7");
                case 7 -> object.put(name, random.nextBoolean());
                case 8 -> object.putArray(name);
                default -> alter(object.get(name), random, rarity);
            }
        }
        if (random.nextInt(rarity / 10) == 0) {
            object.put("addedLater", "x");
            object.putObject("addedLaterToo").putArray("a").add(1).addObject().put("b", "c");
        }
        if (random.nextInt(rarity / 10) == 0) {
            List<String> order = new ArrayList<>(names);
            java.util.Collections.shuffle(order, random);
            for (String name : order) {
                JsonNode value = object.remove(name);
                if (value != null) {
                    object.set(name, value);
                }
            }
        }
    }
}
