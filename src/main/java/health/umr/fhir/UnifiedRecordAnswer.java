package health.umr.fhir;

import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.api.RequestTypeEnum;
import ca.uhn.fhir.rest.api.SummaryEnum;
import ca.uhn.fhir.rest.api.server.IRestfulResponse;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.ResponseDetails;
import ca.uhn.fhir.rest.server.IRestfulServerDefaults;
import ca.uhn.fhir.rest.server.RestfulServerUtils;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import ca.uhn.fhir.util.DateUtils;
import health.umr.alerts.ClinicalAlerts;
import health.umr.records.RecordView;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.zip.GZIPOutputStream;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.hl7.fhir.r4.model.Bundle;

/**
 * Sends {@code $unified-medications} in its default form, compact JSON, written by {@link
 * UnifiedRecordJson} from the record instead of by HAPI's encoder from the Bundle: the same characters
 * (UnifiedRecordJsonTest, UnifiedMedicationsAnswerTest), status and headers. The answer is its UTF-8
 * bytes ({@link #bytes}), sent to the response's byte stream as HAPI's response writer would send its
 * characters (the same status, headers, character set and gzip; UnifiedMedicationsCacheHttpTest compares
 * bytes and headers with HAPI's own encoding). No {@code SERVER_OUTGOING_WRITER_CREATED} hook is called,
 * as no writer is made: the only one registered, {@link ResponseBuffer#hold}, gathers HAPI's text into
 * blocks, and these bytes are one block already. Any other form (XML, {@code _format}, {@code _pretty},
 * {@code _summary}, {@code _elements}, any other parameter, a POST) is left to HAPI.
 *
 * <p>Two ways in. {@link #written}: the provider has the answer's bytes already (written from the record,
 * or kept by {@link health.umr.records.ReadCache}) and gives the interceptors the Bundle's {@link
 * UnifiedRecordFhirMapper#shell shell} (its id and meta, from which the headers come): for callers not
 * confined to one patient, whose audit names the patient the request names and whose answer no hook
 * reads. {@link #remember}: HAPI's Bundle is built and every interceptor sees it (a {@code patient/}
 * token's confinement reads every NHS number in it) before the answer is written from the record.
 */
final class UnifiedRecordAnswer {

    private static final String PENDING = UnifiedRecordAnswer.class.getName();

    /** How many answers this process has written directly (the tests check the path was taken). */
    static final LongAdder WRITTEN = new LongAdder();

    private UnifiedRecordAnswer() {}

    /** What the operation answered, kept for {@link #send}. */
    private sealed interface Pending {}

    /** The Bundle the interceptors see, and the view and rules it was made from. */
    private record FromView(RecordView view, ClinicalAlerts rules, Bundle bundle) implements Pending {}

    /** The answer's bytes, and the Bundle's shell the interceptors see. */
    private record Written(byte[] bytes, Bundle shell) implements Pending {}

    /** Notes the view and rules the operation's Bundle was made from. */
    static Bundle remember(RequestDetails request, RecordView view, ClinicalAlerts rules, Bundle bundle) {
        if (request != null) {
            request.getUserData().put(PENDING, new FromView(view, rules, bundle));
        }
        return bundle;
    }

    /**
     * Notes the answer's bytes (what {@link #bytes} gives for the record, not changed afterwards), to be
     * sent when the operation's result is {@code shell}; returns the shell. Only for a request in the {@link
     * #defaultForm} and a {@link UnifiedRecordJson#writable} view.
     */
    static Bundle written(RequestDetails request, byte[] bytes, Bundle shell) {
        request.getUserData().put(PENDING, new Written(bytes, shell));
        return shell;
    }

    /**
     * The answer for a view as it is sent: {@link UnifiedRecordJson}'s text encoded in UTF-8 as the
     * servlet's writer would encode it.
     */
    static byte[] bytes(RecordView view, ClinicalAlerts rules) {
        AnswerBytes out = new AnswerBytes();
        try (Writer text = new OutputStreamWriter(out, StandardCharsets.UTF_8)) {
            UnifiedRecordJson.write(view, rules, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // an in-memory stream does not fail
        }
        return out.bytes();
    }

    /** An answer's bytes in memory, handed over without a copy when they fill the buffer exactly. */
    private static final class AnswerBytes extends ByteArrayOutputStream {
        AnswerBytes() {
            super(16 * 1024);
        }

        byte[] bytes() {
            return count == buf.length ? buf : toByteArray();
        }
    }

    /**
     * True when the request asks for the answer in the default form: a GET naming no parameter but {@code
     * identifier} and {@code _at}, answered in compact JSON with no summary, to a servlet response.
     */
    static boolean defaultForm(RequestDetails request) {
        if (request.getRequestType() != RequestTypeEnum.GET
                || request.getServer() == null
                || !(request instanceof ServletRequestDetails)) {
            return false;
        }
        for (String parameter : request.getParameters().keySet()) {
            if (!parameter.equals("identifier") && !parameter.equals("_at")) {
                return false;
            }
        }
        Set<SummaryEnum> summary = RestfulServerUtils.determineSummaryMode(request);
        return encoding(request).getEncoding() == EncodingEnum.JSON
                && !RestfulServerUtils.prettyPrintResponse(request.getServer(), request)
                && (summary == null || summary.isEmpty() || summary.equals(Set.of(SummaryEnum.FALSE)));
    }

    private static RestfulServerUtils.ResponseEncoding encoding(RequestDetails request) {
        IRestfulServerDefaults server = request.getServer();
        RestfulServerUtils.ResponseEncoding encoding =
                RestfulServerUtils.determineResponseEncodingNoDefault(request, server.getDefaultResponseEncoding());
        return encoding != null
                ? encoding
                : new RestfulServerUtils.ResponseEncoding(
                        server.getFhirContext(), server.getDefaultResponseEncoding(), null);
    }

    /**
     * Writes the answer when it is the operation's Bundle (or shell), unchanged, asked for in the default
     * form; true when it has been sent (HAPI then writes nothing), false to leave it to HAPI.
     */
    static boolean send(RequestDetails request, ResponseDetails response) throws IOException {
        Object pending = request.getUserData().get(PENDING);
        if (pending instanceof Written written) {
            // the form was checked before the text was written; the shell must never reach HAPI's encoder
            if (response.getResponseResource() != written.shell()) {
                return false;
            }
            write(request, response, written.shell(), written.bytes());
            return true;
        }
        if (!(pending instanceof FromView from)
                || response.getResponseResource() != from.bundle()
                || !defaultForm(request)
                || !UnifiedRecordJson.writable(from.view())) {
            return false;
        }
        write(request, response, from.bundle(), bytes(from.view(), from.rules()));
        return true;
    }

    private static void write(RequestDetails request, ResponseDetails response, Bundle bundle, byte[] answer)
            throws IOException {
        IRestfulServerDefaults server = request.getServer();
        IRestfulResponse out = request.getResponse();
        // The headers HAPI adds for an operation's resource (RestfulServerUtils.streamResponseAsResource).
        IIdType location = RestfulServerUtils.fullyQualifyResourceIdOrReturnNull(
                server, bundle, request.getFhirServerBase(), bundle.getIdElement());
        if (location != null) {
            out.addHeader("Content-Location", location.getValue());
        }
        IPrimitiveType<Date> lastUpdated = RestfulServerUtils.extractLastUpdatedFromResource(bundle);
        if (lastUpdated != null && !lastUpdated.isEmpty()) {
            out.addHeader("Last-Modified", DateUtils.formatDate(lastUpdated.getValue()));
        }
        int status = response.getResponseCode() == 0 ? 200 : response.getResponseCode();
        String contentType = encoding(request).getResourceContentType();
        OutputStream stream = out.getResponseOutputStream(status, contentType, null);
        // what HAPI's response writer sets besides (ServletRestfulResponse.getResponseWriter): the character
        // set (getResponseOutputStream clears it) and, when the caller accepts it, gzip
        HttpServletResponse servlet = ((ServletRequestDetails) request).getServletResponse();
        servlet.setCharacterEncoding("UTF-8");
        servlet.setContentType(contentType);
        if (request.isRespondGzip()) {
            servlet.addHeader(Constants.HEADER_CONTENT_ENCODING, Constants.ENCODING_GZIP);
            stream = new GZIPOutputStream(stream);
        }
        stream.write(answer);
        // flushed, then closed, as closing HAPI's writer does (its OutputStreamWriter flushes the stream
        // first): the headers go out before the end, so the framing (chunked) is HAPI's too
        stream.flush();
        // counted before the response is closed: once it is, the client may look at the count before this
        // thread gets a core again (UnifiedMedicationsCacheHttpTest failed so on a loaded box)
        WRITTEN.increment();
        out.commitResponse(stream);
    }
}
