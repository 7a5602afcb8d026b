package health.umr.domain;

/**
 * Stable codes for every refusal, so a person (or a script) can look one up.
 * The number never changes once published; add new ones at the end.
 */
public enum ErrorCode {
    MALFORMED_BODY("UMR-0001", Kind.BAD_REQUEST),
    UNSUPPORTED_RESOURCE_TYPE("UMR-0002", Kind.UNPROCESSABLE),
    MISSING_NHS_NUMBER("UMR-0003", Kind.UNPROCESSABLE),
    INVALID_NHS_NUMBER("UMR-0004", Kind.UNPROCESSABLE),
    UNKNOWN_SOURCE("UMR-0005", Kind.UNPROCESSABLE),
    MISSING_SOURCE("UMR-0006", Kind.UNPROCESSABLE),
    MISSING_MEDICATION("UMR-0007", Kind.UNPROCESSABLE),
    MISSING_STATUS("UMR-0008", Kind.UNPROCESSABLE),
    INVALID_RESOURCE("UMR-0009", Kind.UNPROCESSABLE),
    UNRESOLVED_REFERENCE("UMR-0010", Kind.UNPROCESSABLE),
    BUNDLE_ENTRY_REFUSED("UMR-0011", Kind.UNPROCESSABLE),
    BODY_TOO_LARGE("UMR-0012", Kind.TOO_LARGE),
    NOT_FOUND("UMR-0013", Kind.NOT_FOUND),
    INVALID_SOURCE("UMR-0014", Kind.BAD_REQUEST),
    INVALID_PARAMETER("UMR-0015", Kind.BAD_REQUEST),
    ID_MISMATCH("UMR-0016", Kind.BAD_REQUEST),
    CONFLICT("UMR-0017", Kind.CONFLICT),
    UNSAFE_XML("UMR-0018", Kind.BAD_REQUEST),
    METHOD_NOT_ALLOWED("UMR-0019", Kind.METHOD_NOT_ALLOWED),
    UNSUPPORTED_MEDIA_TYPE("UMR-0020", Kind.UNSUPPORTED_MEDIA_TYPE),
    URI_TOO_LONG("UMR-0021", Kind.URI_TOO_LONG),
    HEADERS_TOO_LARGE("UMR-0022", Kind.HEADERS_TOO_LARGE),
    INVALID_URL("UMR-0023", Kind.BAD_REQUEST),
    PRECONDITION_FAILED("UMR-0024", Kind.PRECONDITION_FAILED),
    VALUE_TOO_LONG("UMR-0025", Kind.UNPROCESSABLE),
    INVALID_TEXT("UMR-0026", Kind.UNPROCESSABLE),
    NOT_ACCEPTABLE("UMR-0027", Kind.NOT_ACCEPTABLE),
    /** A Kafka message UMR failed on each time it took it alone, not for want of the database or the broker. */
    NOT_PROCESSED("UMR-0028", Kind.UNPROCESSABLE),
    // security: numbered after the HTTP status they answer, so they never collide with the sequence above
    TOKEN_MISSING("UMR-0401", Kind.UNAUTHENTICATED),
    TOKEN_INVALID("UMR-0402", Kind.UNAUTHENTICATED),
    FORBIDDEN("UMR-0403", Kind.FORBIDDEN);

    /** How a refusal maps onto a transport's status, without naming the transport. */
    public enum Kind {
        BAD_REQUEST,
        NOT_FOUND,
        CONFLICT,
        TOO_LARGE,
        UNPROCESSABLE,
        METHOD_NOT_ALLOWED,
        UNSUPPORTED_MEDIA_TYPE,
        URI_TOO_LONG,
        HEADERS_TOO_LARGE,
        PRECONDITION_FAILED,
        NOT_ACCEPTABLE,
        /** No usable token: 401 with WWW-Authenticate. */
        UNAUTHENTICATED,
        /** A valid token without the right: wrong scope, patient or source. */
        FORBIDDEN;

        /** The HTTP status every HTTP adapter answers this kind with. */
        public int httpStatus() {
            return switch (this) {
                case BAD_REQUEST -> 400;
                case NOT_FOUND -> 404;
                case CONFLICT -> 409;
                case TOO_LARGE -> 413;
                case UNPROCESSABLE -> 422;
                case METHOD_NOT_ALLOWED -> 405;
                case UNSUPPORTED_MEDIA_TYPE -> 415;
                case URI_TOO_LONG -> 414;
                case HEADERS_TOO_LARGE -> 431;
                case PRECONDITION_FAILED -> 412;
                case NOT_ACCEPTABLE -> 406;
                case UNAUTHENTICATED -> 401;
                case FORBIDDEN -> 403;
            };
        }
    }

    private final String code;
    private final Kind kind;

    ErrorCode(String code, Kind kind) {
        this.code = code;
        this.kind = kind;
    }

    public String code() {
        return code;
    }

    public Kind kind() {
        return kind;
    }
}
