package health.umr.domain;

import java.time.Instant;

/**
 * The canonical rendering that a {@link UnifiedRecord}'s fingerprint is taken over: one field a
 * line, in a fixed order, strings quoted and escaped, so that different content never renders
 * the same and equal content always does.
 */
final class CanonicalText {

    private final StringBuilder text = new StringBuilder(1024);
    private int depth;

    CanonicalText open(String name) {
        indent();
        text.append(name).append(" {\n");
        depth++;
        return this;
    }

    CanonicalText close() {
        depth--;
        indent();
        text.append("}\n");
        return this;
    }

    CanonicalText field(String name, Object value) {
        indent();
        text.append(name).append(" = ");
        render(value);
        text.append('\n');
        return this;
    }

    private void render(Object value) {
        if (value == null) {
            text.append("null");
        } else if (value instanceof String string) {
            quote(string);
        } else if (value instanceof Boolean
                || value instanceof Integer
                || value instanceof Long
                || value instanceof Double
                || value instanceof Instant) {
            text.append(value);
        } else if (value instanceof Enum<?> constant) {
            text.append(constant.name());
        } else if (value instanceof RecordKey key) {
            quote(key.sourceId() + "|" + key.kind().name() + "|" + key.businessKey());
        } else if (value instanceof Coding coding) {
            text.append('[');
            render(coding.system());
            text.append(' ');
            render(coding.code());
            text.append(' ');
            render(coding.display());
            text.append(']');
        } else if (value instanceof Dosage dosage) {
            text.append('[');
            render(dosage.text());
            text.append(' ');
            render(dosage.doseValue());
            text.append(' ');
            render(dosage.doseUnit());
            text.append(' ');
            render(dosage.timesPerDay());
            text.append(' ');
            render(dosage.route());
            text.append(']');
        } else {
            quote(value.toString());
        }
    }

    private void quote(String string) {
        text.append('"');
        for (int i = 0; i < string.length(); i++) {
            char c = string.charAt(i);
            switch (c) {
                case '"' -> text.append("\\\"");
                case '\\' -> text.append("\\\\");
                case '\n' -> text.append("\\n");
                case '\r' -> text.append("\\r");
                case '\t' -> text.append("\\t");
                default -> text.append(c);
            }
        }
        text.append('"');
    }

    private void indent() {
        text.append("  ".repeat(depth));
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
