package health.umr.domain;

/**
 * Identifies one record within its source: the same key again is the same record (a resend or
 * a newer version). Taken from the first business identifier, else the resource id, else the
 * content itself (so an identical resend of an anonymous resource is still recognised).
 */
public record RecordKey(String sourceId, RecordKind kind, String businessKey) {

    /** "source|Type|business key": the key as one string, for maps and references. */
    public String text() {
        return sourceId + "|" + kind.resourceType() + "|" + businessKey;
    }

    public static String ofIdentifier(String system, String value) {
        return "identifier:" + (system == null ? "" : system) + "|" + value;
    }

    public static String ofResourceId(String id) {
        return "id:" + id;
    }

    public static String ofContent(String sha256) {
        return "content:" + sha256;
    }
}
