package health.umr.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code POST /fhir/$ingest} answered, read from its OperationOutcome: the counts of its first
 * issue ("taken N (created a, updated b, unchanged c); refused r; context only k") and one refusal
 * per further error issue. A 422 (nothing taken) carries the same counts. An answer without the
 * counts (the whole request refused, or not FHIR at all) is {@link #counted()} false.
 */
public record IngestAnswer(
        int status,
        boolean counted,
        int created,
        int updated,
        int unchanged,
        int refusedCount,
        int context,
        List<Refusal> refusals) {

    /** One refused resource (or, where not counted, the reason the request was refused). */
    public record Refusal(String code, String reason, int lineInRequest) {}

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern COUNTS = Pattern.compile(
            "taken (\\d+) \\(created (\\d+), updated (\\d+), unchanged (\\d+)\\); refused (\\d+); context only (\\d+)");
    private static final Pattern CODED = Pattern.compile("^(UMR-\\d+): (.*)$", Pattern.DOTALL);
    private static final Pattern LINE = Pattern.compile("^line (\\d+): (.*)$", Pattern.DOTALL);

    public int taken() {
        return created + updated + unchanged;
    }

    public static IngestAnswer parse(int status, String body) {
        JsonNode root;
        try {
            root = body == null || body.isBlank() ? null : JSON.readTree(body);
        } catch (IOException e) {
            root = null;
        }
        if (root == null || !"OperationOutcome".equals(root.path("resourceType").asText())) {
            String text = body == null ? "" : body.strip();
            String reason = text.isEmpty() ? "no body" : "not an OperationOutcome: " + abbreviate(text, 160);
            return new IngestAnswer(status, false, 0, 0, 0, 0, 0, List.of(new Refusal("HTTP " + status, reason, -1)));
        }
        JsonNode issues = root.path("issue");
        Matcher counts = COUNTS.matcher(issues.path(0).path("diagnostics").asText(""));
        boolean counted = counts.find();
        List<Refusal> refusals = new ArrayList<>();
        for (int i = counted ? 1 : 0; i < issues.size(); i++) {
            JsonNode issue = issues.get(i);
            String severity = issue.path("severity").asText("");
            if (counted && !"error".equals(severity) && !"fatal".equals(severity)) {
                continue;
            }
            refusals.add(refusal(issue));
        }
        if (!counted) {
            return new IngestAnswer(
                    status,
                    false,
                    0,
                    0,
                    0,
                    0,
                    0,
                    refusals.isEmpty()
                            ? List.of(new Refusal("HTTP " + status, "an OperationOutcome without issues", -1))
                            : refusals);
        }
        return new IngestAnswer(
                status,
                true,
                Integer.parseInt(counts.group(2)),
                Integer.parseInt(counts.group(3)),
                Integer.parseInt(counts.group(4)),
                Integer.parseInt(counts.group(5)),
                Integer.parseInt(counts.group(6)),
                List.copyOf(refusals));
    }

    private static Refusal refusal(JsonNode issue) {
        String diagnostics = issue.path("diagnostics").asText("").strip();
        String code = issue.path("details").path("coding").path(0).path("code").asText("");
        Matcher coded = CODED.matcher(diagnostics);
        if (coded.matches()) {
            code = code.isEmpty() ? coded.group(1) : code;
            diagnostics = coded.group(2);
        }
        if (code.isEmpty()) {
            code = issue.path("code").asText("error");
        }
        int line = -1;
        Matcher lineMatch = LINE.matcher(diagnostics);
        if (lineMatch.matches()) {
            line = Integer.parseInt(lineMatch.group(1));
            diagnostics = lineMatch.group(2);
        }
        return new Refusal(code, diagnostics.isEmpty() ? "(no diagnostics)" : diagnostics, line);
    }

    static String abbreviate(String text, int max) {
        String oneLine = text.replaceAll("\\s+", " ");
        return oneLine.length() <= max ? oneLine : oneLine.substring(0, max - 1) + "…";
    }
}
