package health.umr.fhir;

import ca.uhn.fhir.interceptor.api.HookParams;
import ca.uhn.fhir.interceptor.api.Pointcut;
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
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Date;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.hl7.fhir.r4.model.Bundle;

/**
 * Sends {@code $unified-medications} in its default form, compact JSON, written by {@link
 * UnifiedRecordJson} from the record instead of by HAPI's encoder from the Bundle: the same characters
 * (UnifiedRecordJsonTest, UnifiedMedicationsAnswerTest), status and headers, through the same response
 * writer. Any other form (XML, {@code _format}, {@code _pretty}, {@code _summary}, {@code _elements}, any
 * other parameter, a POST) is left to HAPI.
 *
 * <p>Two ways in. {@link #written}: the provider has the answer's text already (written from the record,
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

    /** What writes the answer's text, and the Bundle's shell the interceptors see. */
    private record Written(Text text, Bundle shell) implements Pending {}

    /** Notes the view and rules the operation's Bundle was made from. */
    static Bundle remember(RequestDetails request, RecordView view, ClinicalAlerts rules, Bundle bundle) {
        if (request != null) {
            request.getUserData().put(PENDING, new FromView(view, rules, bundle));
        }
        return bundle;
    }

    /**
     * Notes the answer's text (what {@link #text} gives for the record), to be sent when the operation's
     * result is {@code shell}; returns the shell. Only for a request in the {@link #defaultForm}.
     */
    static Bundle written(RequestDetails request, String text, Bundle shell) {
        request.getUserData().put(PENDING, new Written(out -> out.write(text), shell));
        return shell;
    }

    /**
     * Notes that the answer is to be written from the view (as {@link #text} would), when the operation's
     * result is {@code shell}; returns the shell. Only for a request in the {@link #defaultForm} of a
     * {@link UnifiedRecordJson#writable} view.
     */
    static Bundle written(RequestDetails request, RecordView view, ClinicalAlerts rules, Bundle shell) {
        request.getUserData().put(PENDING, new Written(out -> UnifiedRecordJson.write(view, rules, out), shell));
        return shell;
    }

    /** The answer's text for a view, as {@link #send} writes it. */
    static String text(RecordView view, ClinicalAlerts rules) {
        StringWriter out = new StringWriter(16 * 1024);
        try {
            UnifiedRecordJson.write(view, rules, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.toString();
    }

    /**
     * True when the request asks for the answer in the default form: a GET naming no parameter but {@code
     * identifier} and {@code _at}, answered in compact JSON with no summary.
     */
    static boolean defaultForm(RequestDetails request) {
        if (request.getRequestType() != RequestTypeEnum.GET || request.getServer() == null) {
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
            write(request, response, written.shell(), written.text());
            return true;
        }
        if (!(pending instanceof FromView from)
                || response.getResponseResource() != from.bundle()
                || !defaultForm(request)
                || !UnifiedRecordJson.writable(from.view())) {
            return false;
        }
        write(request, response, from.bundle(), out -> UnifiedRecordJson.write(from.view(), from.rules(), out));
        return true;
    }

    /** What writes the answer's text. */
    interface Text {
        void to(Writer out) throws IOException;
    }

    private static void write(RequestDetails request, ResponseDetails response, Bundle bundle, Text text)
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
        Writer writer = out.getResponseWriter(
                status, encoding(request).getResourceContentType(), "UTF-8", request.isRespondGzip());
        if (request.getInterceptorBroadcaster() != null
                && request.getInterceptorBroadcaster().hasHooks(Pointcut.SERVER_OUTGOING_WRITER_CREATED)) {
            HookParams params = new HookParams()
                    .add(Writer.class, writer)
                    .add(RequestDetails.class, request)
                    .addIfMatchesType(ServletRequestDetails.class, request);
            Object replaced = request.getInterceptorBroadcaster()
                    .callHooksAndReturnObject(Pointcut.SERVER_OUTGOING_WRITER_CREATED, params);
            if (replaced instanceof Writer held) {
                writer = held;
            }
        }
        text.to(writer);
        out.commitResponse(writer);
        WRITTEN.increment();
    }
}
