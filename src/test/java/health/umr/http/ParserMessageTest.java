package health.umr.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Parser messages reach clients without Java names: the words and the position stay (HAPI's own texts, as met). */
class ParserMessageTest {

    @Test
    void anXmlParseMessage_keepsThePosition_dropsTheExceptionName() {
        assertEquals(
                "Failed to parse request body as XML resource. Error was: at line 1, column 50: "
                        + "[element=\"status\"] Invalid attribute value \"x\"",
                ParserMessage.clean("HAPI-0450: Failed to parse request body as XML resource. Error was: "
                        + "DataFormatException at [[row,col {unknown-source}]: [1,50]]: "
                        + "[element=\"status\"] Invalid attribute value \"x\""));
    }

    @Test
    void aJacksonMessage_dropsTheBoundClass() {
        assertEquals(
                "Failed to parse JSON encoded FHIR content: Trailing token (of type START_OBJECT) found after value: not allowed",
                ParserMessage.clean("HAPI-1861: Failed to parse JSON encoded FHIR content: Trailing token (of type"
                        + " START_OBJECT) found after value (bound as `com.fasterxml.jackson.databind.JsonNode`):"
                        + " not allowed"));
    }

    @Test
    void aHapiCode_isDropped() {
        assertEquals(
                "[element=\"gender\"] Invalid attribute value \"bogus\"",
                ParserMessage.clean("HAPI-1821: [element=\"gender\"] Invalid attribute value \"bogus\""));
    }

    @Test
    void aLongMessage_isCut_andJavaNamesUnderOrgAreDropped() {
        String cleaned = ParserMessage.clean("Unrecognized field at org.example.Thing: " + "x".repeat(1_000));
        assertEquals(301, cleaned.length(), cleaned);
        assertEquals("Unrecognized field at : xxx", cleaned.substring(0, 27));
    }
}
