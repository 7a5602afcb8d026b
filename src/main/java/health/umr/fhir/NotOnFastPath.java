package health.umr.fhir;

/**
 * Thrown inside the streaming reader when the text holds anything it does not fully understand; the
 * message is then read by HAPI's parser as before. Carries no stack trace: it is control flow.
 */
final class NotOnFastPath extends RuntimeException {

    static final NotOnFastPath INSTANCE = new NotOnFastPath();

    private NotOnFastPath() {
        super("not on the streaming fast path", null, false, false);
    }
}
