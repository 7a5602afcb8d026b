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
 * writer. HAPI still builds the Bundle and every interceptor sees it before the answer is written (the
 * patient confinement, the audit). Any other form (XML, {@code _format}, {@code _pretty}, {@code
 * _summary}, {@code _elements}, any other parameter, a POST) is left to HAPI.
 */
final class UnifiedRecordAnswer {

    private static final String PENDING = UnifiedRecordAnswer.class.getName();

    /** How many answers this process has written directly (the tests check the path was taken). */
    static final LongAdder WRITTEN = new LongAdder();

    private UnifiedRecordAnswer() {}

    /** What the operation answered, kept for {@link #send}. */
    private record Pending(RecordView view, ClinicalAlerts rules, Bundle bundle) {}

    /** Notes the view and rules the operation's Bundle was made from. */
    static Bundle remember(RequestDetails request, RecordView view, ClinicalAlerts rules, Bundle bundle) {
        if (request != null) {
            request.getUserData().put(PENDING, new Pending(view, rules, bundle));
        }
        return bundle;
    }

    /**
     * Writes the answer when it is the operation's Bundle, unchanged, asked for in the default form;
     * true when it has been sent (HAPI then writes nothing), false to leave it to HAPI.
     */
    static boolean send(RequestDetails request, ResponseDetails response) throws IOException {
        if (!(request.getUserData().get(PENDING) instanceof Pending pending)
                || response.getResponseResource() != pending.bundle()
                || request.getRequestType() != RequestTypeEnum.GET
                || request.getServer() == null) {
            return false;
        }
        IRestfulServerDefaults server = request.getServer();
        for (String parameter : request.getParameters().keySet()) {
            if (!parameter.equals("identifier") && !parameter.equals("_at")) {
                return false;
            }
        }
        RestfulServerUtils.ResponseEncoding encoding =
                RestfulServerUtils.determineResponseEncodingNoDefault(request, server.getDefaultResponseEncoding());
        if (encoding == null) {
            encoding = new RestfulServerUtils.ResponseEncoding(
                    server.getFhirContext(), server.getDefaultResponseEncoding(), null);
        }
        Set<SummaryEnum> summary = RestfulServerUtils.determineSummaryMode(request);
        if (encoding.getEncoding() != EncodingEnum.JSON
                || RestfulServerUtils.prettyPrintResponse(server, request)
                || (summary != null && !summary.isEmpty() && !summary.equals(Set.of(SummaryEnum.FALSE)))
                || !UnifiedRecordJson.writable(pending.view())) {
            return false;
        }
        IRestfulResponse out = request.getResponse();
        // The headers HAPI adds for an operation's resource (RestfulServerUtils.streamResponseAsResource).
        IIdType location = RestfulServerUtils.fullyQualifyResourceIdOrReturnNull(
                server,
                pending.bundle(),
                request.getFhirServerBase(),
                pending.bundle().getIdElement());
        if (location != null) {
            out.addHeader("Content-Location", location.getValue());
        }
        IPrimitiveType<Date> lastUpdated = RestfulServerUtils.extractLastUpdatedFromResource(pending.bundle());
        if (lastUpdated != null && !lastUpdated.isEmpty()) {
            out.addHeader("Last-Modified", DateUtils.formatDate(lastUpdated.getValue()));
        }
        int status = response.getResponseCode() == 0 ? 200 : response.getResponseCode();
        Writer writer =
                out.getResponseWriter(status, encoding.getResourceContentType(), "UTF-8", request.isRespondGzip());
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
        UnifiedRecordJson.write(pending.view(), pending.rules(), writer);
        out.commitResponse(writer);
        WRITTEN.increment();
        return true;
    }
}
