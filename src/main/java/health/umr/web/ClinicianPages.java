package health.umr.web;

import health.umr.domain.InvalidInputException;
import health.umr.domain.IsoInstant;
import health.umr.domain.NhsNumber;
import health.umr.records.RecordQueryService;
import health.umr.records.RecordVersionSummary;
import health.umr.records.RecordView;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/**
 * The clinician view (docs/contract.md "Clinician view"): find a patient by NHS number, and their
 * unified record as a page. Reads through the same {@link RecordQueryService} as the portal JSON.
 */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class ClinicianPages {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance search(SearchPage page);

        static native TemplateInstance record(RecordPage page);

        static native TemplateInstance problem(ProblemPage page);

        static native TemplateInstance signin(SignIn.Page page);

        static native TemplateInstance signinCallback();
    }

    private final RecordQueryService queries;
    private final SignIn signIn;

    public ClinicianPages(RecordQueryService queries, SignIn signIn) {
        this.queries = queries;
        this.signIn = signIn;
    }

    /** The search page; with {@code ?nhs=} a valid number goes to its record, an invalid one is explained. */
    @GET
    public Response find(@QueryParam("nhs") String nhs) {
        if (nhs == null) {
            return page(200, Templates.search(new SearchPage("", null)));
        }
        String digits = nhs.replaceAll("[\\s-]", "");
        if (digits.isEmpty()) {
            return page(400, Templates.search(new SearchPage(nhs, "Enter an NHS number")));
        }
        if (!digits.chars().allMatch(Character::isDigit) || digits.length() != 10) {
            return page(400, Templates.search(new SearchPage(nhs, "NHS number must be 10 digits")));
        }
        if (!NhsNumber.isValid(digits)) {
            return page(
                    400,
                    Templates.search(new SearchPage(
                            nhs, "This is not a valid NHS number: its check digit is wrong. Check it and try again")));
        }
        return Response.seeOther(URI.create("/patients/" + digits)).build();
    }

    /** Where the issuer sends the browser back with the authorization code (OpenID Connect, PKCE). */
    @GET
    @Path("signin/callback")
    public Response signInCallback() {
        return page(200, Templates.signinCallback());
    }

    /**
     * The record page. A browser's first request carries no token (the link's {@code #access_token=}
     * stays in the browser): it is answered the sign-in page, 401 and no patient data, whose script
     * asks again with the token as a bearer header. That request passed the same checks as the API
     * (token, scopes, this patient) before it reaches here, and is audited as a read.
     */
    @GET
    @Path("patients/{nhs}")
    public Response record(
            @PathParam("nhs") String nhs,
            @QueryParam("at") String at,
            @QueryParam("span") String span,
            @HeaderParam("Authorization") String authorization) {
        if (authorization == null) {
            return pageBuilder(401, Templates.signin(signIn.page()))
                    .header("WWW-Authenticate", "Bearer")
                    .build();
        }
        if (!NhsNumber.isValid(nhs == null ? null : nhs.replace(" ", ""))) {
            return page(
                    400,
                    Templates.problem(new ProblemPage(
                            "Not a valid NHS number",
                            "'" + nhs + "' is not a valid NHS number: it must be 10 digits with a correct check digit.",
                            null,
                            null)));
        }
        NhsNumber patient = NhsNumber.parse(nhs);
        Optional<Instant> instant;
        try {
            instant = instant(at);
        } catch (InvalidInputException e) {
            return page(
                    400,
                    Templates.problem(new ProblemPage(
                            "Not a date and time",
                            "'" + at
                                    + "' is not a date and time such as 2026-11-22T10:00 (UK time) or 2026-11-22T10:00:00Z.",
                            "/patients/" + patient.value(),
                            "Show the latest record")));
        }
        Optional<RecordView> shown = queries.findRecordView(patient, instant);
        if (shown.isEmpty()) {
            List<RecordVersionSummary> versions = queries.versions(patient);
            if (versions.isEmpty()) {
                return page(
                        404,
                        Templates.problem(new ProblemPage(
                                "No medicines record for NHS number " + Display.nhsNumber(patient.value()),
                                "UMR has received nothing for this NHS number. Check the number, or ask whether the"
                                        + " patient's GP practice and hospitals send their records to UMR.",
                                null,
                                null)));
            }
            return page(
                    404,
                    Templates.problem(new ProblemPage(
                            "No record yet at " + Display.instant(instant.orElseThrow()),
                            "The first record for NHS number " + Display.nhsNumber(patient.value()) + " was made "
                                    + Display.instant(versions.get(0).recordedAt()) + ".",
                            "/patients/" + patient.value() + "?at="
                                    + versions.get(0).recordedAt(),
                            "Show the first record")));
        }
        RecordPage page = RecordPages.of(new RecordPages.Facts(
                shown.get(),
                queries.versions(patient),
                instant,
                TimelineSpan.of(span),
                queries.now(),
                queries.rules(),
                queries.sources(),
                queries.findPatientFacts(patient),
                queries.findPatientResource(patient).map(PatientNames::of).orElse(null),
                queries.sourceRecords(patient)));
        return page(200, Templates.record(page));
    }

    /** An instant (2026-11-22T10:00:00Z) or, as a datetime-local field sends it, a UK local time. */
    static Optional<Instant> instant(String at) {
        if (at == null || at.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(IsoInstant.parse(at.strip()));
        } catch (DateTimeParseException e) {
            try {
                return Optional.of(IsoInstant.inRange(
                        LocalDateTime.parse(at.strip()).atZone(Display.ZONE).toInstant(), at));
            } catch (DateTimeParseException again) {
                throw new InvalidInputException(
                        health.umr.domain.ErrorCode.INVALID_PARAMETER, "at '" + at + "' is not an instant");
            }
        }
    }

    /** Patient data: never cached, never sent on as a referrer, never framed, no script but ours. */
    private Response page(int status, TemplateInstance body) {
        return pageBuilder(status, body).build();
    }

    private Response.ResponseBuilder pageBuilder(int status, TemplateInstance body) {
        return Response.status(status)
                .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity(body)
                .header("Cache-Control", "no-store")
                .header("Referrer-Policy", "no-referrer")
                .header("X-Content-Type-Options", "nosniff")
                .header("X-Frame-Options", "DENY")
                .header(
                        "Content-Security-Policy",
                        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
                                + " connect-src 'self'"
                                + signIn.tokenOrigin().map(o -> " " + o).orElse("")
                                + "; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'");
    }
}
