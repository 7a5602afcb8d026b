package health.umr.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import health.umr.domain.ErrorCode;
import health.umr.domain.InvalidInputException;
import health.umr.domain.IsoInstant;
import health.umr.domain.NhsNumber;
import health.umr.records.ReadCache;
import health.umr.records.RecordQueryService;
import health.umr.records.RecordView;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Optional;

/**
 * The unified medicines record of one patient, for clinicians' portals. A read of the current record
 * answers from {@link ReadCache} when the stored version, the acknowledgements and the time still give
 * the kept answer. A read {@code at} an instant is always worked out. Every answer is written by
 * {@link PatientMedicationsWriter}, whose bytes are data binding's of {@link PatientMedicationsJson}
 * (PatientMedicationsWriterTest).
 */
@Path("/api/patients/{nhsNumber}/medications")
@Produces(MediaType.APPLICATION_JSON)
public class PatientMedicationsResource {

    /** What the answer is sent as. */
    private static final MediaType JSON_UTF8 = MediaType.APPLICATION_JSON_TYPE.withCharset("UTF-8");

    private static final byte[] EVALUATED_AT = "\"evaluatedAt\":".getBytes(StandardCharsets.UTF_8);

    private final RecordQueryService queries;
    private final ReadCache cache;
    private final ObjectMapper mapper;

    public PatientMedicationsResource(RecordQueryService queries, ReadCache cache, ObjectMapper mapper) {
        this.queries = queries;
        this.cache = cache;
        this.mapper = mapper;
    }

    private final Json json = new Json();

    @GET
    public Response get(@PathParam("nhsNumber") String nhsNumber, @QueryParam("at") String at) {
        NhsNumber patient = NhsNumber.parse(nhsNumber);
        Optional<Instant> instant = instant(at);
        if (instant.isEmpty() && cache.enabled()) {
            byte[] answer = cache.current(ReadCache.Answer.JSON, patient, json)
                    .map(ReadCache.Served::bytes)
                    .orElseThrow(() -> notFound(patient, at));
            return Response.ok(answer, JSON_UTF8).build();
        }
        return Response.ok(
                        queries.findRecordView(patient, instant)
                                .map(json::answer)
                                .orElseThrow(() -> notFound(patient, at)),
                        JSON_UTF8)
                .build();
    }

    /**
     * The JSON answer: the view as data binding writes it (written straight by {@link
     * PatientMedicationsWriter}, the same bytes), its request time in {@code evaluatedAt}.
     */
    private final class Json implements ReadCache.Answering {
        @Override
        public byte[] answer(RecordView view) {
            try {
                return PatientMedicationsWriter.write(mapper, view, queries.rules());
            } catch (java.io.IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public byte[] time(Instant at) {
            return encode(at);
        }

        @Override
        public Optional<byte[][]> split(byte[] answer, byte[] time) {
            return PatientMedicationsResource.split(answer, time);
        }
    }

    /**
     * The answer's bytes before and after its {@code evaluatedAt} value, when that value is where the
     * field order puts it (the third field, after the NHS number and {@code asOf}) and is exactly {@code
     * value}; empty otherwise (then the answer is not kept).
     */
    static Optional<byte[][]> split(byte[] answer, byte[] value) {
        int field = indexOf(answer, EVALUATED_AT);
        if (field < 0) {
            return Optional.empty();
        }
        int start = field + EVALUATED_AT.length;
        int end = start + value.length;
        if (end > answer.length || !Arrays.equals(answer, start, end, value, 0, value.length)) {
            return Optional.empty();
        }
        return Optional.of(
                new byte[][] {Arrays.copyOfRange(answer, 0, start), Arrays.copyOfRange(answer, end, answer.length)});
    }

    private static int indexOf(byte[] text, byte[] part) {
        // the field is within the first ~120 bytes: {"nhsNumber":"..","asOf":"..","evaluatedAt":
        int last = Math.min(text.length - part.length, 200);
        for (int i = 0; i <= last; i++) {
            if (Arrays.equals(text, i, i + part.length, part, 0, part.length)) {
                return i;
            }
        }
        return -1;
    }

    private byte[] encode(Object value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InvalidInputException notFound(NhsNumber patient, String at) {
        return new InvalidInputException(
                ErrorCode.NOT_FOUND,
                "UMR holds no medicines record for NHS number " + patient.value() + (at == null ? "" : " as at " + at));
    }

    static Optional<Instant> instant(String at) {
        if (at == null || at.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(IsoInstant.parse(at));
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(
                    ErrorCode.INVALID_PARAMETER, "at '" + at + "' is not an instant such as 2026-11-22T10:00:00Z");
        }
    }
}
