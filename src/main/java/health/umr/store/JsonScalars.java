package health.umr.store;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;

/**
 * The scalar values of a stored record, read from the parser's current token as Jackson's data
 * binding reads them, for {@link StoredRecordReader}. Only the forms {@link RecordJson#write} writes
 * are read here (times as {@link Instant#toString()} writes them, durations as seconds with nine
 * decimals); any other form throws {@link StoredRecordReader.Unexpected}, so data binding, with all its
 * coercions, reads that row instead. Times are read from the parser's characters: no String, no
 * DateTimeFormatter.
 */
final class JsonScalars {

    private JsonScalars() {}

    /** A primitive boolean: null or absent is false, as data binding has it (FAIL_ON_NULL_FOR_PRIMITIVES is off). */
    static boolean bool(JsonParser parser) {
        return switch (parser.currentToken()) {
            case VALUE_TRUE -> true;
            case VALUE_FALSE, VALUE_NULL -> false;
            default -> throw new StoredRecordReader.Unexpected();
        };
    }

    static Boolean boxedBoolean(JsonParser parser) {
        return parser.currentToken() == JsonToken.VALUE_NULL ? null : bool(parser);
    }

    /** A primitive int: null or absent is 0, as data binding has it. */
    static int integer(JsonParser parser) throws IOException {
        return switch (parser.currentToken()) {
            case VALUE_NUMBER_INT -> parser.getIntValue();
            case VALUE_NULL -> 0;
            default -> throw new StoredRecordReader.Unexpected();
        };
    }

    static Integer boxedInteger(JsonParser parser) throws IOException {
        return parser.currentToken() == JsonToken.VALUE_NULL ? null : integer(parser);
    }

    static Double boxedDouble(JsonParser parser) throws IOException {
        return switch (parser.currentToken()) {
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> parser.getDoubleValue();
            case VALUE_NULL -> null;
            default -> throw new StoredRecordReader.Unexpected();
        };
    }

    /** An enum constant by its name, as data binding writes and reads them. */
    static <E extends Enum<E>> E constant(JsonParser parser, E[] constants) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token != JsonToken.VALUE_STRING) {
            throw new StoredRecordReader.Unexpected();
        }
        char[] text = parser.getTextCharacters();
        int offset = parser.getTextOffset();
        int length = parser.getTextLength();
        for (E constant : constants) {
            if (matches(constant.name(), text, offset, length)) {
                return constant;
            }
        }
        throw new StoredRecordReader.Unexpected();
    }

    static boolean matches(String name, char[] text, int offset, int length) {
        if (name.length() != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (name.charAt(i) != text[offset + i]) {
                return false;
            }
        }
        return true;
    }

    /** {@code 2026-12-01T09:30:00Z}, with 1 to 9 digits of fraction before the Z if any. */
    static Instant instant(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token != JsonToken.VALUE_STRING) {
            throw new StoredRecordReader.Unexpected();
        }
        char[] c = parser.getTextCharacters();
        int at = parser.getTextOffset();
        int length = parser.getTextLength();
        if (length < 20 || c[at + 10] != 'T' || c[at + 13] != ':' || c[at + 16] != ':' || c[at + length - 1] != 'Z') {
            throw new StoredRecordReader.Unexpected();
        }
        long day = date(c, at).toEpochDay();
        int hour = digits(c, at + 11, 2);
        int minute = digits(c, at + 14, 2);
        int second = digits(c, at + 17, 2);
        if (hour > 23 || minute > 59 || second > 59) {
            // 24:00 and leap seconds are the formatter's to resolve.
            throw new StoredRecordReader.Unexpected();
        }
        int nano = 0;
        if (length > 20) {
            int fraction = length - 21;
            if (c[at + 19] != '.' || fraction < 1 || fraction > 9) {
                throw new StoredRecordReader.Unexpected();
            }
            nano = digits(c, at + 20, fraction);
            for (int i = fraction; i < 9; i++) {
                nano *= 10;
            }
        }
        return Instant.ofEpochSecond(day * 86_400 + hour * 3600 + minute * 60 + second, nano);
    }

    /** {@code 1948-03-14}. */
    static LocalDate localDate(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token != JsonToken.VALUE_STRING || parser.getTextLength() != 10) {
            throw new StoredRecordReader.Unexpected();
        }
        return date(parser.getTextCharacters(), parser.getTextOffset());
    }

    /** A duration as JavaTimeModule writes it (WRITE_DURATIONS_AS_TIMESTAMPS): seconds, a point, nanoseconds. */
    static Duration duration(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token != JsonToken.VALUE_NUMBER_FLOAT) {
            throw new StoredRecordReader.Unexpected();
        }
        char[] c = parser.getTextCharacters();
        int at = parser.getTextOffset();
        int length = parser.getTextLength();
        int point = 0;
        while (point < length && c[at + point] != '.') {
            point++;
        }
        int fraction = length - point - 1;
        if (point < 1 || point > 18 || fraction < 1 || fraction > 9) {
            throw new StoredRecordReader.Unexpected();
        }
        long seconds = 0;
        for (int i = 0; i < point; i++) {
            seconds = seconds * 10 + digits(c, at + i, 1);
        }
        int nano = digits(c, at + point + 1, fraction);
        for (int i = fraction; i < 9; i++) {
            nano *= 10;
        }
        return Duration.ofSeconds(seconds, nano);
    }

    /** {@code yyyy-MM-dd} at {@code at}, checked as {@link LocalDate#of} checks it. */
    private static LocalDate date(char[] c, int at) {
        if (c[at + 4] != '-' || c[at + 7] != '-') {
            throw new StoredRecordReader.Unexpected();
        }
        return LocalDate.of(digits(c, at, 4), digits(c, at + 5, 2), digits(c, at + 8, 2));
    }

    private static int digits(char[] c, int at, int count) {
        int value = 0;
        for (int i = at; i < at + count; i++) {
            int digit = c[i] - '0';
            if (digit < 0 || digit > 9) {
                throw new StoredRecordReader.Unexpected();
            }
            value = value * 10 + digit;
        }
        return value;
    }
}
