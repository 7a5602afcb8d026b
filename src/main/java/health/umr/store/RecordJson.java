package health.umr.store;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import health.umr.domain.PatientRecord;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Domain records ⇄ the JSON the database keeps: exactly the record components (fields), never
 * derived getters such as {@code isActive()}, so what is read back equals what was written.
 */
final class RecordJson {

    // Field names are not canonicalised: a record's references map is keyed by record keys, each
    // unique, and interning them churned Jackson's symbol table (reads 10x slower, seen in make bench).
    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
                    .disable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES)
                    .build())
            .registerModule(new JavaTimeModule())
            .setVisibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
            .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private static final Logger LOG = Logger.getLogger(RecordJson.class);
    private static final AtomicBoolean FELL_BACK = new AtomicBoolean();

    private RecordJson() {}

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(
                    "a domain record did not serialise: " + value.getClass().getSimpleName(), e);
        }
    }

    /**
     * A stored unified record, as {@code read(json, PatientRecord.class)} reads it but several times
     * cheaper: {@link StoredRecordReader} reads the form this class writes; a row it does not read (an
     * unexpected value, a record the domain refuses) is read by data binding, so the result, or the
     * error, is data binding's.
     */
    static PatientRecord readRecord(String json) {
        try (JsonParser parser = MAPPER.getFactory().createParser(json)) {
            return StoredRecordReader.read(parser);
        } catch (IOException | RuntimeException e) {
            noteFallback(e);
            return read(json, PatientRecord.class);
        }
    }

    /**
     * {@link #readRecord(String)} of the JSON's UTF-8 bytes (data binding's of the same bytes when the
     * reader gives up): what pgjdbc's {@code getBytes} gives of a {@code json} column (the bytes as
     * received, client encoding UTF-8), read in place, without the String {@code getString} decodes a
     * (~60 KB) row into and the copies Jackson makes of a long String.
     */
    static PatientRecord readRecord(byte[] json) {
        try (JsonParser parser = MAPPER.getFactory().createParser(json)) {
            return StoredRecordReader.read(parser);
        } catch (IOException | RuntimeException e) {
            noteFallback(e);
            return read(json, PatientRecord.class);
        }
    }

    /**
     * A stored form the reader does not read stays correct but slow: said once at INFO so an operator
     * sees it (with what the reader met, never the record itself), then at DEBUG.
     */
    private static void noteFallback(Exception e) {
        String what = e.getClass().getSimpleName();
        if (FELL_BACK.compareAndSet(false, true)) {
            LOG.infof(
                    "a stored unified record was read by data binding, not the streaming reader (%s); "
                            + "further ones are logged at DEBUG",
                    what);
        } else {
            LOG.debugf("a stored unified record was read by data binding (%s)", what);
        }
    }

    static <T> T read(String json, com.fasterxml.jackson.core.type.TypeReference<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON does not read back as " + type.getType(), e);
        }
    }

    static <T> T read(byte[] json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (IOException e) {
            throw new IllegalStateException("stored JSON does not read back as " + type.getSimpleName(), e);
        }
    }

    static <T> T read(String json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON does not read back as " + type.getSimpleName(), e);
        }
    }
}
