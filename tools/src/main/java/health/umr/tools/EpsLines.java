package health.umr.tools;

import static health.umr.tools.Randomness.prescriptionId;
import static health.umr.tools.Randomness.uuid;

import health.umr.tools.Formulary.Product;
import health.umr.tools.PopulationOutput.Output;
import health.umr.tools.PopulationSampler.Item;
import health.umr.tools.PopulationSampler.PatientPlan;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.SplittableRandom;

/** Homecare and the community drug team: EPS-style prescription-order messages. */
final class EpsLines extends PatientLines {

    EpsLines(PatientPlan plan, SplittableRandom r, Instant asOf, Output output, int index, Formulary formulary) {
        super(plan, r, asOf, output, index, formulary);
    }

    @Override
    void write() throws IOException {
        if (plan.homecare != null) {
            writeHomecare();
        }
        if (plan.drugTeam != null) {
            writeDrugTeam();
        }
    }

    // --- homecare and drug team: EPS-style prescription-order messages --------------------

    void writeHomecare() throws IOException {
        SyntheticSource provider = plan.homecare;
        String file = SyntheticSource.HOMECARE_FILE;
        for (Item item : plan.items) {
            if (!item.homecare) {
                continue;
            }
            List<Product> amps = formulary.products(item.medicine, "AMP");
            List<Product> ampps = formulary.products(item.medicine, "AMPP");
            Code prescribed = amps.isEmpty()
                    ? new Code(SCT, item.medicine.code(), item.medicine.name())
                    : productCode(amps.get(r.nextInt(amps.size())));
            Dose dose = Dose.of(item.medicine);
            String originalIdentifier = uuid(r);
            Instant first = asOf.minus(60 + r.nextInt(300), ChronoUnit.DAYS).plusSeconds(r.nextInt(86_400));
            byte[] original = epsMessage(
                    provider,
                    "original-order",
                    originalIdentifier,
                    null,
                    prescribed,
                    dose,
                    first,
                    "outpatient",
                    "Outpatient");
            output.write(file, original, 2);
            if (r.nextDouble() < RESEND) {
                output.defer(delay(), file, original, 2);
            }
            int issues = 1 + r.nextInt(2);
            int due = index;
            for (int i = 1; i <= issues; i++) {
                Code dispensed = ampps.isEmpty() ? prescribed : productCode(ampps.get(r.nextInt(ampps.size())));
                Instant when = first.plus(28L * i, ChronoUnit.DAYS);
                due = due + 1 + r.nextInt(MAX_DELAY_PATIENTS);
                output.defer(
                        due,
                        file,
                        epsMessage(
                                provider,
                                "instance-order",
                                uuid(r),
                                originalIdentifier,
                                dispensed,
                                dose,
                                when,
                                "outpatient",
                                "Outpatient"),
                        2);
            }
        }
    }

    void writeDrugTeam() throws IOException {
        SyntheticSource team = plan.drugTeam;
        String file = SyntheticSource.DRUG_TEAM_FILE;
        for (Item item : plan.items) {
            if (!item.drugTeam) {
                continue;
            }
            Code code = new Code(SCT, item.medicine.code(), item.medicine.name());
            Dose dose = Dose.of(item.medicine);
            String identifier = uuid(r);
            Instant when = asOf.minus(7 + r.nextInt(200), ChronoUnit.DAYS).plusSeconds(r.nextInt(86_400));
            String groupId = prescriptionId(r);
            String messageId = uuid(r);
            String requestId = uuid(r);
            byte[] message = epsMessage(
                    team,
                    messageId,
                    requestId,
                    groupId,
                    "original-order",
                    identifier,
                    null,
                    code,
                    dose,
                    when,
                    "community",
                    "Community",
                    "active");
            output.write(file, message, 2);
            if (r.nextDouble() < RESEND) {
                output.defer(delay(), file, message, 2);
            }
            if (r.nextDouble() < 0.25) {
                Dose titrated = dose.changed(r);
                Instant later = when.plus(7 + r.nextInt(21), ChronoUnit.DAYS);
                output.defer(
                        delay(),
                        file,
                        epsMessage(
                                team,
                                uuid(r),
                                requestId,
                                groupId,
                                "original-order",
                                identifier,
                                null,
                                code,
                                titrated,
                                later,
                                "community",
                                "Community",
                                "active"),
                        2);
            }
        }
    }

    byte[] epsMessage(
            SyntheticSource source,
            String intent,
            String identifier,
            String basedOnIdentifier,
            Code code,
            Dose dose,
            Instant when,
            String category,
            String categoryDisplay)
            throws IOException {
        return epsMessage(
                source,
                uuid(r),
                uuid(r),
                prescriptionId(r),
                intent,
                identifier,
                basedOnIdentifier,
                code,
                dose,
                when,
                category,
                categoryDisplay,
                "active");
    }

    byte[] epsMessage(
            SyntheticSource source,
            String messageId,
            String requestId,
            String groupId,
            String intent,
            String identifier,
            String basedOnIdentifier,
            Code code,
            Dose dose,
            Instant when,
            String category,
            String categoryDisplay,
            String status)
            throws IOException {
        String headerId = uuid(r);
        String patientUrn = "urn:uuid:" + person.patientId();
        return output.json(g -> {
            g.writeStartObject();
            g.writeStringField("resourceType", "Bundle");
            g.writeStringField("id", messageId);
            meta(g, when, source.system());
            g.writeObjectFieldStart("identifier");
            g.writeStringField("system", "https://tools.ietf.org/html/rfc4122");
            g.writeStringField("value", messageId);
            g.writeEndObject();
            g.writeStringField("type", "message");
            g.writeStringField("timestamp", INSTANT.format(when));
            g.writeArrayFieldStart("entry");
            g.writeStartObject();
            g.writeStringField("fullUrl", "urn:uuid:" + headerId);
            g.writeObjectFieldStart("resource");
            g.writeStringField("resourceType", "MessageHeader");
            g.writeStringField("id", headerId);
            g.writeObjectFieldStart("eventCoding");
            g.writeStringField("system", "https://fhir.nhs.uk/CodeSystem/message-event");
            g.writeStringField("code", "prescription-order");
            g.writeStringField("display", "Prescription Order");
            g.writeEndObject();
            g.writeObjectFieldStart("source");
            g.writeStringField("endpoint", source.system());
            g.writeEndObject();
            g.writeArrayFieldStart("focus");
            reference(g, null, "urn:uuid:" + requestId);
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndObject();
            g.writeStartObject();
            g.writeStringField("fullUrl", patientUrn);
            g.writeObjectFieldStart("resource");
            patientBody(g, source, when, true);
            g.writeEndObject();
            g.writeEndObject();
            g.writeStartObject();
            g.writeStringField("fullUrl", "urn:uuid:" + requestId);
            g.writeObjectFieldStart("resource");
            g.writeStringField("resourceType", "MedicationRequest");
            g.writeStringField("id", requestId);
            meta(g, when, source.system());
            identifier(g, "https://fhir.nhs.uk/Id/prescription-order-item-number", identifier);
            if (basedOnIdentifier != null) {
                g.writeArrayFieldStart("basedOn");
                g.writeStartObject();
                g.writeObjectFieldStart("identifier");
                g.writeStringField("system", "https://fhir.nhs.uk/Id/prescription-order-item-number");
                g.writeStringField("value", basedOnIdentifier);
                g.writeEndObject();
                g.writeEndObject();
                g.writeEndArray();
            }
            g.writeStringField("status", status);
            g.writeStringField("intent", intent);
            category(g, true, MR_CATEGORY, category, categoryDisplay);
            codeableConcept(g, "medicationCodeableConcept", code, null);
            g.writeObjectFieldStart("subject");
            g.writeStringField("reference", patientUrn);
            g.writeEndObject();
            g.writeStringField("authoredOn", INSTANT.format(when));
            g.writeObjectFieldStart("groupIdentifier");
            g.writeStringField("system", "https://fhir.nhs.uk/Id/prescription-order-number");
            g.writeStringField("value", groupId);
            g.writeEndObject();
            g.writeObjectFieldStart("courseOfTherapyType");
            g.writeArrayFieldStart("coding");
            g.writeStartObject();
            g.writeStringField("system", COURSE);
            g.writeStringField("code", "continuous");
            g.writeStringField("display", "Continuous long term therapy");
            g.writeEndObject();
            g.writeEndArray();
            g.writeEndObject();
            dosage(g, "dosageInstruction", dose);
            g.writeObjectFieldStart("dispenseRequest");
            if ("original-order".equals(intent)) {
                g.writeNumberField("numberOfRepeatsAllowed", 5);
            }
            quantity(g, "expectedSupplyDuration", BigDecimal.valueOf(28), "day", "d");
            g.writeEndObject();
            g.writeEndObject();
            g.writeEndObject();
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    Code productCode(Product product) {
        return new Code(SCT, product.code(), product.name());
    }
}
