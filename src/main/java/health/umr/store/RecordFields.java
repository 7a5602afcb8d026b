package health.umr.store;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;

/**
 * The JSON field names of one domain record (the record's components), for {@link StoredRecordReader}.
 * Stored records come back from a json column as {@link RecordJson#write} wrote them, fields in the
 * record's component order (V23): the field expected next is the next component. A field in its
 * expected place is matched in the parser's buffer ({@link
 * JsonParser#nextFieldName(com.fasterxml.jackson.core.SerializableString)}), so a stored record is
 * read without a String per field name (names are not canonicalised, see RecordJson); a field out of
 * place (a row written while the column was jsonb, whose keys are shortest first, or JSON in another
 * order) is found by name, an unknown one skipped.
 */
final class RecordFields {

    private final String[] names;
    private final SerializedString[] quoted;

    /**
     * The names the reader's switch is written for; they must be the record's components in order,
     * checked here once, so a renamed or reordered component fails every read (and the tests) instead
     * of filling the wrong field.
     */
    RecordFields(Class<? extends Record> type, String... names) {
        String[] components = Arrays.stream(type.getRecordComponents())
                .map(RecordComponent::getName)
                .toArray(String[]::new);
        if (!Arrays.equals(components, names)) {
            throw new IllegalStateException("StoredRecordReader reads " + type.getSimpleName() + " as "
                    + Arrays.toString(names) + " but its components are " + Arrays.toString(components));
        }
        this.names = names;
        this.quoted = Arrays.stream(names).map(SerializedString::new).toArray(SerializedString[]::new);
    }

    /** Moves to the object's first field's value and returns its index, or -1 for an empty object. */
    int first(JsonParser parser) throws IOException {
        return next(parser, 0);
    }

    /** Moves to the value of the field after field {@code last} and returns its index, or -1 at the end. */
    int after(JsonParser parser, int last) throws IOException {
        return next(parser, last + 1);
    }

    /**
     * Moves to the next field's value and returns the field's index, or -1 at the end of the object;
     * {@code expected} is the index of the field most likely next.
     */
    private int next(JsonParser parser, int expected) throws IOException {
        while (true) {
            if (expected >= quoted.length) {
                parser.nextToken();
            } else if (parser.nextFieldName(quoted[expected])) {
                parser.nextToken();
                return expected;
            }
            JsonToken token = parser.currentToken();
            if (token == JsonToken.END_OBJECT) {
                return -1;
            }
            if (token != JsonToken.FIELD_NAME) {
                throw new StoredRecordReader.Unexpected();
            }
            int index = indexOf(parser.currentName());
            parser.nextToken();
            if (index >= 0) {
                return index;
            }
            // Unknown fields are ignored, as data binding does (FAIL_ON_UNKNOWN_PROPERTIES is off).
            parser.skipChildren();
        }
    }

    private int indexOf(String name) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }
}
