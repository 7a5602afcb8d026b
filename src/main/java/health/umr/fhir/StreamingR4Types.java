package health.umr.fhir;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.math.BigDecimal;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Dosage;
import org.hl7.fhir.r4.model.Duration;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Meta;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Timing;

/**
 * The FHIR R4 datatypes of the hot shapes, read from Jackson's streaming parser into HAPI's model:
 * only the elements listed in each method, each value as HAPI's own primitive types parse it. Anything
 * else (an unknown element, a null, an empty string, object or array, a value with surrounding
 * whitespace or a control character, a number where a string belongs ...) throws {@link NotOnFastPath}.
 */
final class StreamingR4Types {

    private StreamingR4Types() {}

    interface Item {
        void read() throws IOException;
    }

    /** The parser is on a START_ARRAY; each item (at least one) is read by {@code item}, the parser on its first token. */
    static void array(JsonParser p, Item item) throws IOException {
        expect(p, JsonToken.START_ARRAY);
        int count = 0;
        while (p.nextToken() != JsonToken.END_ARRAY) {
            item.read();
            count++;
        }
        if (count == 0) {
            throw NotOnFastPath.INSTANCE;
        }
    }

    /** The parser is on a START_OBJECT with at least one field; returns the first field's name, the parser on its value. */
    static String firstField(JsonParser p) throws IOException {
        expect(p, JsonToken.START_OBJECT);
        if (p.nextToken() != JsonToken.FIELD_NAME) {
            throw NotOnFastPath.INSTANCE;
        }
        String name = p.currentName();
        p.nextToken();
        return name;
    }

    /** After a field's value: the next field's name (the parser on its value), or null at END_OBJECT. */
    static String nextField(JsonParser p) throws IOException {
        if (p.nextToken() != JsonToken.FIELD_NAME) {
            return null;
        }
        String name = p.currentName();
        p.nextToken();
        return name;
    }

    static void expect(JsonParser p, JsonToken token) {
        if (p.currentToken() != token) {
            throw NotOnFastPath.INSTANCE;
        }
    }

    /**
     * A JSON string as HAPI would keep it unchanged: not empty, no leading or trailing whitespace (HAPI
     * may trim or drop such values), and no character FHIR forbids (below U+0020 but tab, CR and LF):
     * so no element read on this path needs {@link ResourceLimits}' walk.
     */
    static String string(JsonParser p) throws IOException {
        expect(p, JsonToken.VALUE_STRING);
        String text = p.getText();
        int length = text.length();
        if (length == 0 || blank(text.charAt(0)) || blank(text.charAt(length - 1))) {
            throw NotOnFastPath.INSTANCE;
        }
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c < 0x20 && c != '\t' && c != '\r' && c != '\n') {
                throw NotOnFastPath.INSTANCE;
            }
        }
        return text;
    }

    private static boolean blank(char c) {
        return c <= ' ' || Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\uFEFF';
    }

    static BigDecimal decimal(JsonParser p) throws IOException {
        JsonToken token = p.currentToken();
        if (token != JsonToken.VALUE_NUMBER_INT && token != JsonToken.VALUE_NUMBER_FLOAT) {
            throw NotOnFastPath.INSTANCE;
        }
        return new BigDecimal(p.getText());
    }

    /** A decimal above zero (a dose, a period): HAPI's path refuses the others, in its own words. */
    static BigDecimal positiveDecimal(JsonParser p) throws IOException {
        BigDecimal value = decimal(p);
        if (value.signum() <= 0 || !Double.isFinite(value.doubleValue())) {
            throw NotOnFastPath.INSTANCE;
        }
        return value;
    }

    /** A JSON integer within {@code [min, Integer.MAX_VALUE]}. */
    static int integer(JsonParser p, int min) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_NUMBER_INT || p.getNumberType() != JsonParser.NumberType.INT) {
            throw NotOnFastPath.INSTANCE;
        }
        int value = p.getIntValue();
        if (value < min) {
            throw NotOnFastPath.INSTANCE;
        }
        return value;
    }

    static boolean bool(JsonParser p) {
        JsonToken token = p.currentToken();
        if (token == JsonToken.VALUE_TRUE) {
            return true;
        }
        if (token == JsonToken.VALUE_FALSE) {
            return false;
        }
        throw NotOnFastPath.INSTANCE;
    }

    /** HAPI's own primitive parses the text: an invalid dateTime throws, and the message goes to HAPI's path. */
    static DateTimeType dateTime(JsonParser p) throws IOException {
        return new DateTimeType(string(p));
    }

    static DateType date(JsonParser p) throws IOException {
        return new DateType(string(p));
    }

    static InstantType instant(JsonParser p) throws IOException {
        return new InstantType(string(p));
    }

    /** Meta: lastUpdated, source, versionId. */
    static Meta meta(JsonParser p) throws IOException {
        Meta meta = new Meta();
        for (String f = firstField(p); f != null; f = nextField(p)) {
            switch (f) {
                case "lastUpdated" -> meta.setLastUpdatedElement(instant(p));
                case "source" -> meta.setSource(string(p));
                case "versionId" -> meta.setVersionId(string(p));
                default -> throw NotOnFastPath.INSTANCE;
            }
        }
        return meta;
    }

    /** A resource's extension: each a url with a valueDateTime or valueString (none is read by UMR's mapping). */
    static Extension extension(JsonParser p) throws IOException {
        Extension extension = new Extension();
        for (String f = firstField(p); f != null; f = nextField(p)) {
            switch (f) {
                case "url" -> extension.setUrl(string(p));
                case "valueDateTime" -> value(extension, dateTime(p));
                case "valueString" -> value(extension, new StringType(string(p)));
                default -> throw NotOnFastPath.INSTANCE;
            }
        }
        if (!extension.hasUrl() || !extension.hasValue()) {
            throw NotOnFastPath.INSTANCE;
        }
        return extension;
    }

    private static void value(Extension extension, org.hl7.fhir.r4.model.Type value) {
        if (extension.hasValue()) {
            throw NotOnFastPath.INSTANCE;
        }
        extension.setValue(value);
    }

    /** Identifier: system, value. */
    static Identifier identifier(JsonParser p) throws IOException {
        Identifier identifier = new Identifier();
        for (String f = firstField(p); f != null; f = nextField(p)) {
            switch (f) {
                case "system" -> identifier.setSystem(string(p));
                case "value" -> identifier.setValue(string(p));
                default -> throw NotOnFastPath.INSTANCE;
            }
        }
        return identifier;
    }

    /** Reference: reference, display, identifier. */
    static Reference reference(JsonParser p) throws IOException {
        Reference reference = new Reference();
        for (String f = firstField(p); f != null; f = nextField(p)) {
            switch (f) {
                case "reference" -> reference.setReference(string(p));
                case "display" -> reference.setDisplay(string(p));
                case "identifier" -> reference.setIdentifier(identifier(p));
                default -> throw NotOnFastPath.INSTANCE;
            }
        }
        return reference;
    }

    /** Coding: system, code, display. */
    static Coding coding(JsonParser p) throws IOException {
        Coding coding = new Coding();
        for (String f = firstField(p); f != null; f = nextField(p)) {
            switch (f) {
                case "system" -> coding.setSystem(string(p));
                case "code" -> coding.setCode(string(p));
                case "display" -> coding.setDisplay(string(p));
                default -> throw NotOnFastPath.INSTANCE;
            }
        }
        return coding;
    }

    /** CodeableConcept: coding, text. */
    static CodeableConcept concept(JsonParser p) throws IOException {
        CodeableConcept concept = new CodeableConcept();
        for (String f = firstField(p); f != null; f = nextField(p)) {
            switch (f) {
                case "coding" -> array(p, () -> concept.addCoding(coding(p)));
                case "text" -> concept.setText(string(p));
                default -> throw NotOnFastPath.INSTANCE;
            }
        }
        return concept;
    }

    /** Period: start, end. */
    static Period period(JsonParser p) throws IOException {
        Period period = new Period();
        for (String f = firstField(p); f != null; f = nextField(p)) {
            switch (f) {
                case "start" -> period.setStartElement(dateTime(p));
                case "end" -> period.setEndElement(dateTime(p));
                default -> throw NotOnFastPath.INSTANCE;
            }
        }
        return period;
    }

    /** Duration: value, unit, system, code. */
    static Duration duration(JsonParser p) throws IOException {
        Duration duration = new Duration();
        for (String f = firstField(p); f != null; f = nextField(p)) {
            switch (f) {
                case "value" -> duration.setValue(decimal(p));
                case "unit" -> duration.setUnit(string(p));
                case "system" -> duration.setSystem(string(p));
                case "code" -> duration.setCode(string(p));
                default -> throw NotOnFastPath.INSTANCE;
            }
        }
        return duration;
    }

    /** A dose or supply quantity: value (above zero), unit, system, code. */
    static Quantity quantity(JsonParser p, Quantity quantity) throws IOException {
        for (String f = firstField(p); f != null; f = nextField(p)) {
            switch (f) {
                case "value" -> quantity.setValue(positiveDecimal(p));
                case "unit" -> quantity.setUnit(string(p));
                case "system" -> quantity.setSystem(string(p));
                case "code" -> quantity.setCode(string(p));
                default -> throw NotOnFastPath.INSTANCE;
            }
        }
        return quantity;
    }

    /** Dosage: text, sequence, timing.repeat (frequency, frequencyMax, period, periodMax, periodUnit),
     * doseAndRate (doseQuantity), asNeededBoolean, route. */
    static Dosage dosage(JsonParser p) throws IOException {
        Dosage dosage = new Dosage();
        for (String f = firstField(p); f != null; f = nextField(p)) {
            switch (f) {
                case "text" -> dosage.setText(string(p));
                case "sequence" -> dosage.setSequence(integer(p, Integer.MIN_VALUE));
                case "timing" -> dosage.setTiming(timing(p));
                case "doseAndRate" ->
                    array(p, () -> {
                        if (!"doseQuantity".equals(firstField(p))) {
                            throw NotOnFastPath.INSTANCE;
                        }
                        dosage.addDoseAndRate().setDose(quantity(p, new Quantity()));
                        if (p.nextToken() != JsonToken.END_OBJECT) {
                            throw NotOnFastPath.INSTANCE;
                        }
                    });
                case "asNeededBoolean" -> dosage.setAsNeeded(new BooleanType(bool(p)));
                case "route" -> dosage.setRoute(concept(p));
                default -> throw NotOnFastPath.INSTANCE;
            }
        }
        return dosage;
    }

    private static Timing timing(JsonParser p) throws IOException {
        if (!"repeat".equals(firstField(p))) {
            throw NotOnFastPath.INSTANCE;
        }
        Timing timing = new Timing();
        Timing.TimingRepeatComponent repeat = timing.getRepeat();
        for (String f = firstField(p); f != null; f = nextField(p)) {
            switch (f) {
                case "frequency" -> repeat.setFrequency(integer(p, 1));
                case "frequencyMax" -> repeat.setFrequencyMax(integer(p, 1));
                case "period" -> repeat.setPeriod(positiveDecimal(p));
                case "periodMax" -> repeat.setPeriodMax(positiveDecimal(p));
                case "periodUnit" -> repeat.setPeriodUnit(Timing.UnitsOfTime.fromCode(string(p)));
                default -> throw NotOnFastPath.INSTANCE;
            }
        }
        if (p.nextToken() != JsonToken.END_OBJECT) {
            throw NotOnFastPath.INSTANCE;
        }
        return timing;
    }
}
