package health.umr.access;

import health.umr.domain.Source;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who is asking, as a verified token says: the client (its {@code client_id}, else {@code azp},
 * else {@code sub}), the user where a person signed in, the scopes granted, and for
 * {@code patient/} scopes the one NHS number they open. Use cases receive this plain value, never a
 * framework security type; the rules below are what "may this caller ..." means in UMR
 * (docs/contract.md, "Security and audit").
 *
 * @param user the signed-in person ({@code sub} of a user token), or empty for a system
 * @param patient the {@code patient} claim: the NHS number {@code patient/} scopes are confined to
 */
public record Caller(String client, Optional<String> user, Set<String> scopes, Optional<String> patient) {

    public static final String ADMIN = "umr.admin";
    public static final String AUDIT = "umr.audit";
    public static final String REPORTS = "umr.reports";

    public Caller {
        scopes = Set.copyOf(scopes);
        resourceScopes(scopes); // parsed once here so a malformed set fails at the edge, not in a rule
    }

    /** Every resource scope among the granted scopes (others, such as {@code openid} or {@code umr.admin}, skipped). */
    public List<ResourceScope> resourceScopes() {
        return resourceScopes(scopes);
    }

    private static List<ResourceScope> resourceScopes(Set<String> scopes) {
        return scopes.stream()
                .map(ResourceScope::parse)
                .flatMap(Optional::stream)
                .toList();
    }

    /** The scopes, sorted, space-separated, for logs and the audit trail. */
    public String scopeText() {
        return String.join(" ", new TreeSet<>(scopes));
    }

    public boolean isAdmin() {
        return scopes.contains(ADMIN);
    }

    public boolean mayReadAudit() {
        return scopes.contains(AUDIT);
    }

    public boolean mayReadReports() {
        return scopes.contains(REPORTS) || isAdmin();
    }

    /** May read this patient's data of this type ({@code *}: the whole record, which only a {@code *} scope opens). */
    public boolean mayRead(String type, String nhsNumber) {
        return resourceScopes().stream()
                .anyMatch(s -> (s.read() || s.search()) && s.covers(type) && opens(s, nhsNumber));
    }

    /** May read some data of this type, for some patient: the first gate, before the patient is known. */
    public boolean mayReadSome(String type) {
        return resourceScopes().stream().anyMatch(s -> (s.read() || s.search()) && s.covers(type));
    }

    /**
     * May search this type without naming a patient: only a {@code system/} scope, or {@code umr.admin}
     * with some read scope for the type (a {@code patient/} or {@code user/} caller names its patient).
     */
    public boolean maySearchEveryPatient(String type) {
        return resourceScopes().stream()
                .anyMatch(s -> s.search()
                        && s.covers(type)
                        && (s.context() == ResourceScope.Context.SYSTEM
                                || (isAdmin() && s.context() != ResourceScope.Context.PATIENT)));
    }

    /** True when every read this caller may make is of its one patient (only {@code patient/} read scopes). */
    public boolean confinedToPatient() {
        List<ResourceScope> reads =
                resourceScopes().stream().filter(s -> s.read() || s.search()).toList();
        return !reads.isEmpty() && reads.stream().allMatch(s -> s.context() == ResourceScope.Context.PATIENT);
    }

    /** May write this type for this patient (umr.admin writes anything: back-loads and replays). */
    public boolean mayWrite(String type, String nhsNumber) {
        return isAdmin()
                || resourceScopes().stream()
                        .anyMatch(s -> s.write() && s.covers(type) && (nhsNumber == null || opens(s, nhsNumber)));
    }

    /** May write some data of this type: the first gate, before the body is read. */
    public boolean mayWriteSome(String type) {
        return isAdmin() || resourceScopes().stream().anyMatch(s -> s.write() && s.covers(type));
    }

    /** May write this type as a signed-in user ({@code user/...}), for acknowledgements and other decisions a person makes. */
    public boolean mayWriteAsUser(String type) {
        return user.isPresent()
                && resourceScopes().stream()
                        .anyMatch(s -> s.write() && s.covers(type) && s.context() == ResourceScope.Context.USER);
    }

    /**
     * May send records as this source: the source names this client among its {@code clients}, or
     * the caller holds {@code umr.admin}. A source that names no client is written only by an admin,
     * so a record's {@code meta.source} is never trusted on its own.
     */
    public boolean mayWriteAs(Source source) {
        return isAdmin() || source.clients().contains(client);
    }

    private boolean opens(ResourceScope scope, String nhsNumber) {
        return scope.context() != ResourceScope.Context.PATIENT
                || (nhsNumber != null && patient.isPresent() && patient.get().equals(nhsNumber));
    }
}
