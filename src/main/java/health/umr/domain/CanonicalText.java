package health.umr.domain;

import java.time.Instant;

/**
 * The canonical rendering that a {@link UnifiedRecord}'s fingerprint is taken over: one field a
 * line, in a fixed order, strings quoted and escaped, so that different content never renders
 * the same and equal content always does.
 */
final class CanonicalText {

    private final StringBuilder text;
    private int depth;

    /** @param capacity about how many characters the text will hold (growing the buffer copies it) */
    CanonicalText(int capacity) {
        text = new StringBuilder(capacity);
    }

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
        } else if (value instanceof Instant instant) {
            IsoInstant.append(text, instant);
        } else if (value instanceof Boolean
                || value instanceof Integer
                || value instanceof Long
                || value instanceof Double) {
            text.append(value);
        } else if (value instanceof Enum<?> constant) {
            text.append(constant.name());
        } else if (value instanceof RecordKey key) {
            // the quoted "source|KIND|business key", escaped piece by piece (the same text, no concatenation)
            text.append('"');
            escape(String.valueOf(key.sourceId()));
            text.append('|');
            escape(key.kind().name());
            text.append('|');
            escape(String.valueOf(key.businessKey()));
            text.append('"');
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
        escape(string);
        text.append('"');
    }

    private void escape(String string) {
        int length = string.length();
        int plain = 0;
        while (plain < length && !special(string.charAt(plain))) {
            plain++;
        }
        if (plain == length) {
            text.append(string);
            return;
        }
        text.append(string, 0, plain);
        for (int i = plain; i < length; i++) {
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
    }

    private static boolean special(char c) {
        return c == '"' || c == '\\' || c == '\n' || c == '\r' || c == '\t';
    }

    /** Two spaces a level, made once: a record nests six deep and writes an indent per line. */
    private static final String[] INDENTS = {"", "  ", "    ", "      ", "        ", "          ", "            "};

    private void indent() {
        if (depth < INDENTS.length) {
            text.append(INDENTS[depth]);
            return;
        }
        for (int i = 0; i < depth; i++) {
            text.append("  ");
        }
    }

    /** The text so far, for a caller that appends lines of its own after the record. */
    StringBuilder text() {
        return text;
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
