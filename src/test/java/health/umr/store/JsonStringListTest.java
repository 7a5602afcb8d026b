package health.umr.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The plain-shape reader answers exactly what Jackson reads, or nothing (and Jackson reads it). */
class JsonStringListTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectReader STRINGS = JSON.readerFor(new TypeReference<List<String>>() {});

    @Property(tries = 2000)
    void asJacksonWritesThem_theSameStringsAsJackson(@ForAll("lists") List<String> strings) throws Exception {
        check(JSON.writeValueAsString(strings));
    }

    @Property(tries = 2000)
    void asPostgresRendersJsonb_theSameStringsAsJackson(@ForAll("lists") List<String> strings) throws Exception {
        // jsonb's text: ", " between elements; the same escapes
        StringBuilder text = new StringBuilder("[");
        for (int i = 0; i < strings.size(); i++) {
            text.append(i == 0 ? "" : ", ").append(JSON.writeValueAsString(strings.get(i)));
        }
        check(text.append(']').toString());
    }

    @Property(tries = 3000)
    void anyText_eitherNothingOrWhatJacksonReads(@ForAll("texts") String text) {
        List<String> plain = JsonStringList.readPlain(text);
        if (plain != null) {
            try {
                assertEquals(STRINGS.readValue(text), plain, text);
            } catch (java.io.IOException e) {
                throw new AssertionError("read plain, but Jackson refuses: " + text, e);
            }
        }
    }

    @Test
    void escapesAndOddShapes_areLeftToJackson() {
        assertNull(JsonStringList.readPlain("[\"a\\\"b\"]"));
        assertNull(JsonStringList.readPlain("[\"a\tb\"]"));
        assertNull(JsonStringList.readPlain("[\"a\", null]"));
        assertNull(JsonStringList.readPlain("[\"a\"] x"));
        assertNull(JsonStringList.readPlain("[\"a\",]"));
        assertNull(JsonStringList.readPlain("{\"a\": 1}"));
        assertEquals(List.of("a|b", "ä €"), JsonStringList.readPlain(" [ \"a|b\" ,\n\"ä €\" ] "));
    }

    private static void check(String text) throws Exception {
        List<String> expected = STRINGS.readValue(text);
        List<String> plain = JsonStringList.readPlain(text);
        if (plain != null) {
            assertEquals(expected, plain, text);
        } else {
            // only escapes (a backslash) send it to Jackson
            assertEquals(true, text.indexOf('\\') >= 0, "the plain shape was refused: " + text);
        }
    }

    @Provide
    Arbitrary<List<String>> lists() {
        Arbitrary<String> strings = Arbitraries.oneOf(
                Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(20),
                Arbitraries.strings().all().ofMaxLength(12),
                Arbitraries.strings().withChars("|:/-_ab12\"\\\té€😀").ofMaxLength(12));
        return strings.list().ofMaxSize(5);
    }

    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.strings().withChars("[]\", \\\tab:{}n").ofMaxLength(16);
    }
}
