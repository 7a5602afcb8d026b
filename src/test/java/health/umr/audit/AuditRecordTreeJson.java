package health.umr.audit;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * AuditRecordJson.write as it was (an ObjectNode tree printed by toString): the oracle
 * AuditRecordJsonTest compares the StringBuilder writer with, and the "before" of AuditWriteCpu (src/bench).
 */
final class AuditRecordTreeJson {

    private static final ObjectMapper TREE = new ObjectMapper();

    private AuditRecordTreeJson() {}

    static String write(AuditRecord record) {
        return TREE.createObjectNode()
                .put("recorded", record.recorded().toString())
                .put("action", String.valueOf(record.action()))
                .put("interaction", record.interaction())
                .put("request", record.request())
                .put("what", record.what())
                .put("nhsNumber", record.nhsNumber())
                .put("client", record.client())
                .put("user", record.user())
                .put("clientAddress", record.clientAddress())
                .put("status", record.status())
                .put("reason", record.reason())
                .toString();
    }
}
