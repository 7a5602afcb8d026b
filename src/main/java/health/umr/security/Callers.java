package health.umr.security;

import health.umr.access.Caller;
import health.umr.domain.ErrorCode;
import health.umr.domain.InvalidInputException;
import health.umr.domain.TextRules;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** A verified token's claims → the plain {@link Caller} use cases receive. */
final class Callers {

    private Callers() {}

    static Caller of(JsonWebToken jwt) {
        String client = firstText(jwt, "client_id", "azp").orElse(jwt.getSubject());
        Set<String> scopes = scopes(jwt);
        boolean personal = jwt.containsClaim("fhirUser")
                || scopes.stream().anyMatch(s -> s.startsWith("user/") || s.startsWith("patient/"));
        Optional<String> user = personal ? Optional.ofNullable(jwt.getSubject()) : Optional.empty();
        Optional<String> patient = firstText(jwt, "patient");
        // The client and user are written to the audit trail and the logs: a control character there
        // (PostgreSQL cannot store U+0000 at all) would fail every request the token makes with a 500.
        refuseControlCharacters(client, "client (client_id, azp or sub)");
        refuseControlCharacters(user.orElse(null), "user (sub)");
        refuseControlCharacters(patient.orElse(null), "patient claim");
        return new Caller(client == null ? "unknown" : client, user, scopes, patient);
    }

    private static void refuseControlCharacters(String value, String what) {
        TextRules.forbiddenCharacter(value).ifPresent(character -> {
            throw new InvalidInputException(
                    ErrorCode.TOKEN_INVALID,
                    "the token's " + what + " holds the control character " + character
                            + "; UMR records who called and cannot record that");
        });
    }

    /** {@code scope} as OAuth 2 says (one space-separated string); {@code scp} as Entra ID and some others send it. */
    private static Set<String> scopes(JsonWebToken jwt) {
        Set<String> scopes = new LinkedHashSet<>();
        for (String name : new String[] {"scope", "scp"}) {
            Object value = jwt.getClaim(name);
            if (value instanceof Collection<?> many) {
                many.forEach(v -> scopes.add(text(v)));
            } else if (value != null) {
                scopes.addAll(Arrays.asList(text(value).trim().split("\\s+")));
            }
        }
        scopes.remove("");
        return scopes;
    }

    private static Optional<String> firstText(JsonWebToken jwt, String... names) {
        for (String name : names) {
            Object value = jwt.getClaim(name);
            if (value != null && !text(value).isBlank()) {
                return Optional.of(text(value));
            }
        }
        return Optional.empty();
    }

    /** Claims arrive as JSON-P values: a JsonString prints with its quotes. */
    private static String text(Object value) {
        return value instanceof jakarta.json.JsonString json ? json.getString() : String.valueOf(value);
    }
}
