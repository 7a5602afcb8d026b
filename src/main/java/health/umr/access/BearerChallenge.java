package health.umr.access;

import health.umr.domain.ErrorCode;
import health.umr.domain.InvalidInputException;

/** The {@code WWW-Authenticate} value a refusal is answered with (RFC 6750, section 3). */
public final class BearerChallenge {

    public static final String REALM = "umr";

    private BearerChallenge() {}

    /** The challenge for this refusal, or null when it needs none (it is not about the token). */
    public static String of(InvalidInputException refusal) {
        if (refusal.code() == ErrorCode.TOKEN_MISSING) {
            return "Bearer realm=\"" + REALM + "\"";
        }
        if (refusal.code() == ErrorCode.TOKEN_INVALID) {
            return "Bearer realm=\"" + REALM + "\", error=\"invalid_token\", error_description=\""
                    + quotable(refusal.reason()) + "\"";
        }
        if (refusal.code() == ErrorCode.FORBIDDEN) {
            return "Bearer realm=\"" + REALM + "\", error=\"insufficient_scope\", error_description=\""
                    + quotable(refusal.reason()) + "\"";
        }
        return null;
    }

    /** RFC 6750 allows printable ASCII except '"' and '\' in error_description. */
    private static String quotable(String text) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), 300));
        for (int i = 0; i < text.length() && out.length() < 300; i++) {
            char c = text.charAt(i);
            out.append(c >= 0x20 && c <= 0x7e && c != '"' && c != '\\' ? c : '\'');
        }
        return out.toString();
    }
}
