package health.umr.access;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One SMART on FHIR resource scope, in either form: v1 {@code patient/MedicationStatement.read},
 * {@code system/*.write}, {@code user/*.*}; v2 {@code patient/MedicationStatement.rs},
 * {@code system/*.cud}, {@code user/*.cruds}. v1 {@code read} is v2 {@code rs}; v1 {@code write} is
 * v2 {@code cud}; {@code *} is both.
 *
 * @param context whose data it opens: one patient's (the token's {@code patient} claim), a user's, or a system's
 * @param type a FHIR resource type, or {@code *} for every type
 */
public record ResourceScope(Context context, String type, boolean read, boolean search, boolean write) {

    /** The part before the slash. */
    public enum Context {
        PATIENT,
        USER,
        SYSTEM
    }

    public static final String ANY_TYPE = "*";

    // v2 scopes may carry a query (patient/Observation.rs?category=...); UMR takes none, so such a scope grants nothing
    private static final Pattern FORM =
            Pattern.compile("(patient|user|system)/([A-Za-z]+|\\*)\\.(read|write|\\*|c?r?u?d?s?)");

    /** The scope, or empty when the text is not a resource scope UMR understands (it then grants nothing). */
    public static Optional<ResourceScope> parse(String text) {
        Matcher m = FORM.matcher(text);
        if (!m.matches() || m.group(3).isEmpty()) {
            return Optional.empty();
        }
        Context context = Context.valueOf(m.group(1).toUpperCase(Locale.ROOT));
        String type = m.group(2);
        String access = m.group(3);
        return Optional.of(
                switch (access) {
                    case "read" -> new ResourceScope(context, type, true, true, false);
                    case "write" -> new ResourceScope(context, type, false, false, true);
                    case "*" -> new ResourceScope(context, type, true, true, true);
                    default ->
                        new ResourceScope(
                                context,
                                type,
                                access.contains("r"),
                                access.contains("s"),
                                access.contains("c") || access.contains("u") || access.contains("d"));
                });
    }

    /** True when this scope speaks of the resource type ({@code *} speaks of all). */
    public boolean covers(String resourceType) {
        return ANY_TYPE.equals(type) || type.equals(resourceType);
    }
}
