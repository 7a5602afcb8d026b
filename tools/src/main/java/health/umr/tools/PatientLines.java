package health.umr.tools;

import com.fasterxml.jackson.core.JsonGenerator;
import health.umr.tools.Formulary.Medicine;
import health.umr.tools.PopulationOutput.Output;
import health.umr.tools.PopulationSampler.PatientPlan;
import health.umr.tools.PopulationSampler.Person;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.SplittableRandom;

/**
 * What every source's writer of one patient shares: the patient, the randomness, the output (now or,
 * for noise, a little later), the pieces of FHIR JSON they all write, and the FHIR systems.
 * A subclass per source shape writes that source's lines.
 */
abstract class PatientLines {

    final PatientPlan plan;
    final Person person;
    final SplittableRandom r;
    final Instant asOf;
    final Output output;
    final int index;
    final Formulary formulary;

    PatientLines(PatientPlan plan, SplittableRandom r, Instant asOf, Output output, int index, Formulary formulary) {
        this.plan = plan;
        this.person = plan.person;
        this.r = r;
        this.asOf = asOf;
        this.output = output;
        this.index = index;
        this.formulary = formulary;
    }

    abstract void write() throws IOException;

    int delay() {
        return index + 1 + r.nextInt(MAX_DELAY_PATIENTS);
    }

    static final String NHS = "https://fhir.nhs.uk/Id/nhs-number";
    static final String SCT = "http://snomed.info/sct";
    static final String DMD = "https://dmd.nhs.uk";
    static final String CROSS_CARE = "https://fhir.nhs.uk/Id/cross-care-setting-identifier";
    static final String COURSE = "http://terminology.hl7.org/CodeSystem/medicationrequest-course-of-therapy";
    static final String MR_CATEGORY = "http://terminology.hl7.org/CodeSystem/medicationrequest-category";
    static final String MS_CATEGORY = "http://terminology.hl7.org/CodeSystem/medication-statement-category";
    static final String ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
    static final String LAST_ISSUE =
            "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-MedicationStatementLastIssueDate";
    static final String TRANSFER_DEGRADED = "196421000000109";
    static final double RESEND = 0.03;
    static final double GP_SNAPSHOT_CHANGE = 0.08;
    static final double NEWER_VERSION = 0.05;
    static final double ENTERED_IN_ERROR = 0.005;
    static final double HOSPITAL_DOSE_CHANGE = 0.08;
    static final int MAX_DELAY_PATIENTS = 200;
    static final java.time.format.DateTimeFormatter INSTANT = java.time.format.DateTimeFormatter.ISO_INSTANT;

    // --- shared pieces --------------------------------------------------------------------

    void encounter(
            JsonGenerator g,
            SyntheticSource source,
            String id,
            String identifier,
            String encounterClass,
            String status,
            Instant start,
            Instant end,
            Instant lastUpdated)
            throws IOException {
        g.writeStartObject();
        g.writeStringField("resourceType", "Encounter");
        g.writeStringField("id", id);
        meta(g, lastUpdated, source.system());
        identifier(g, source.system() + "/Id/encounter", identifier);
        g.writeStringField("status", status);
        g.writeObjectFieldStart("class");
        g.writeStringField("system", ACT_CODE);
        g.writeStringField("code", encounterClass);
        g.writeStringField("display", "IMP".equals(encounterClass) ? "inpatient encounter" : "emergency");
        g.writeEndObject();
        subjectByNhsNumber(g);
        g.writeObjectFieldStart("period");
        g.writeStringField("start", INSTANT.format(start));
        if (end != null) {
            g.writeStringField("end", INSTANT.format(end));
        }
        g.writeEndObject();
        g.writeEndObject();
    }

    void patient(JsonGenerator g, SyntheticSource source, Instant lastUpdated) throws IOException {
        g.writeStartObject();
        patientBody(g, source, lastUpdated, false);
        g.writeEndObject();
    }

    /** The Patient's fields (inside an object the caller opened). */
    void patientBody(JsonGenerator g, SyntheticSource source, Instant lastUpdated, boolean bare) throws IOException {
        g.writeStringField("resourceType", "Patient");
        g.writeStringField("id", person.patientId());
        if (!bare) {
            meta(g, lastUpdated, source.system());
        }
        g.writeArrayFieldStart("identifier");
        g.writeStartObject();
        g.writeStringField("system", NHS);
        g.writeStringField("value", person.nhs());
        g.writeEndObject();
        g.writeEndArray();
        g.writeStringField("gender", person.gender());
        g.writeStringField("birthDate", person.birthDate().toString());
    }

    /**
     * A Bundle entry: {@code fields} writes the resource's fields. The fullUrl is the resource's
     * RESTful URL on the GP system, because the GP resources refer to each other as "Patient/id" and
     * "Medication/id": FHIR resolves such relative references only against a RESTful fullUrl (with a
     * urn:uuid fullUrl they point nowhere, and HAPI replaces the resource id with the urn).
     */
    void entry(JsonGenerator g, String base, String type, String id, Fields fields) throws IOException {
        g.writeStartObject();
        g.writeStringField("fullUrl", base + "/" + type + "/" + id);
        g.writeObjectFieldStart("resource");
        fields.write();
        g.writeEndObject();
        g.writeEndObject();
    }

    void subjectByNhsNumber(JsonGenerator g) throws IOException {
        g.writeObjectFieldStart("subject");
        g.writeObjectFieldStart("identifier");
        g.writeStringField("system", NHS);
        g.writeStringField("value", person.nhs());
        g.writeEndObject();
        g.writeEndObject();
    }

    // --- JSON pieces (no state) ---------------------------------------------------------------

    @FunctionalInterface
    interface JsonBody {
        void write(JsonGenerator g) throws IOException;
    }

    @FunctionalInterface
    interface Fields {
        void write() throws IOException;
    }

    static void meta(JsonGenerator g, Instant lastUpdated, String source) throws IOException {
        g.writeObjectFieldStart("meta");
        g.writeStringField("lastUpdated", INSTANT.format(lastUpdated.truncatedTo(ChronoUnit.SECONDS)));
        g.writeStringField("source", source);
        g.writeEndObject();
    }

    static void identifier(JsonGenerator g, String system, String value) throws IOException {
        g.writeArrayFieldStart("identifier");
        g.writeStartObject();
        g.writeStringField("system", system);
        g.writeStringField("value", value);
        g.writeEndObject();
        g.writeEndArray();
    }

    static void reference(JsonGenerator g, String field, String reference) throws IOException {
        if (field != null) {
            g.writeObjectFieldStart(field);
        } else {
            g.writeStartObject();
        }
        g.writeStringField("reference", reference);
        g.writeEndObject();
    }

    static void codeableConcept(JsonGenerator g, String field, Code code, String text) throws IOException {
        g.writeObjectFieldStart(field);
        if (code != null) {
            g.writeArrayFieldStart("coding");
            g.writeStartObject();
            g.writeStringField("system", code.system());
            g.writeStringField("code", code.code());
            g.writeStringField("display", code.display());
            g.writeEndObject();
            g.writeEndArray();
        }
        if (text != null) {
            g.writeStringField("text", text);
        }
        g.writeEndObject();
    }

    static void category(JsonGenerator g, boolean array, String system, String code, String display)
            throws IOException {
        if (array) {
            g.writeArrayFieldStart("category");
            g.writeStartObject();
        } else {
            g.writeObjectFieldStart("category");
        }
        g.writeArrayFieldStart("coding");
        g.writeStartObject();
        g.writeStringField("system", system);
        g.writeStringField("code", code);
        g.writeStringField("display", display);
        g.writeEndObject();
        g.writeEndArray();
        g.writeEndObject();
        if (array) {
            g.writeEndArray();
        }
    }

    static void course(JsonGenerator g, boolean acute) throws IOException {
        g.writeObjectFieldStart("courseOfTherapyType");
        g.writeArrayFieldStart("coding");
        g.writeStartObject();
        g.writeStringField("system", COURSE);
        g.writeStringField("code", acute ? "acute" : "continuous");
        g.writeStringField("display", acute ? "Short course (acute) therapy" : "Continuous long term therapy");
        g.writeEndObject();
        g.writeEndArray();
        g.writeEndObject();
    }

    static void quantity(JsonGenerator g, String field, BigDecimal value, String unit, String ucum) throws IOException {
        g.writeObjectFieldStart(field);
        g.writeNumberField("value", value);
        g.writeStringField("unit", unit);
        g.writeStringField("system", "http://unitsofmeasure.org");
        g.writeStringField("code", ucum);
        g.writeEndObject();
    }

    /** A structured dose with its text. */
    static void dosage(JsonGenerator g, String field, Dose dose) throws IOException {
        g.writeArrayFieldStart(field);
        g.writeStartObject();
        g.writeStringField("text", dose.text());
        if (dose.timing() != null) {
            g.writeObjectFieldStart("timing");
            g.writeObjectFieldStart("repeat");
            g.writeNumberField("frequency", dose.timing().frequency());
            g.writeNumberField("period", dose.timing().period());
            g.writeStringField("periodUnit", dose.timing().unit());
            g.writeEndObject();
            g.writeEndObject();
        }
        if (dose.asNeeded()) {
            g.writeBooleanField("asNeededBoolean", true);
        }
        if (dose.value() != null) {
            g.writeArrayFieldStart("doseAndRate");
            g.writeStartObject();
            g.writeObjectFieldStart("doseQuantity");
            g.writeNumberField("value", dose.value());
            g.writeStringField("unit", dose.unit());
            g.writeEndObject();
            g.writeEndObject();
            g.writeEndArray();
        }
        g.writeEndObject();
        g.writeEndArray();
    }

    // =================================================================================================
    // One patient's lines
    // =================================================================================================

    /** A coding, or none (text only). */
    record Code(String system, String code, String display) {}

    /** A dose as sent: structured where the source structures it, always with text. */
    record Dose(BigDecimal value, String unit, Formulary.Timing timing, boolean asNeeded, String text) {

        static Dose of(Medicine medicine) {
            return new Dose(
                    medicine.doseValue(),
                    medicine.doseUnit(),
                    medicine.timing(),
                    medicine.asNeeded(),
                    medicine.dosageText());
        }

        Dose changed(SplittableRandom r) {
            BigDecimal factor = r.nextBoolean() || value.compareTo(BigDecimal.ONE) <= 0
                    ? BigDecimal.valueOf(2)
                    : new BigDecimal("0.5");
            BigDecimal next = value.multiply(factor).stripTrailingZeros();
            return new Dose(
                    next,
                    unit,
                    timing,
                    asNeeded,
                    amount(next, unit) + " " + timing.words() + (asNeeded ? " when required" : ""));
        }

        static String amount(BigDecimal value, String unit) {
            String number = value.stripTrailingZeros().toPlainString();
            boolean one = value.compareTo(BigDecimal.ONE) == 0;
            return switch (unit) {
                case "mg", "g", "ml", "mg/kg" -> number + unit;
                case "microgram" -> number + (one ? "microgram" : "micrograms");
                case "nanogram" -> number + (one ? "nanogram" : "nanograms");
                case "microgram/hour" -> number + "micrograms/hour";
                case "unit" -> number + (one ? " unit" : " units");
                default -> number + " " + unit + (one ? "" : "s");
            };
        }
    }
}
