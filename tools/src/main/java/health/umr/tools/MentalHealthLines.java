package health.umr.tools;

import static health.umr.tools.Randomness.uuid;

import com.fasterxml.jackson.core.JsonGenerator;
import health.umr.tools.PopulationOutput.Output;
import health.umr.tools.PopulationSampler.Item;
import health.umr.tools.PopulationSampler.PatientPlan;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.SplittableRandom;

/** Mental health: Patient, sometimes an Encounter, UK Core MedicationStatements. */
final class MentalHealthLines extends PatientLines {

    MentalHealthLines(
            PatientPlan plan, SplittableRandom r, Instant asOf, Output output, int index, Formulary formulary) {
        super(plan, r, asOf, output, index, formulary);
    }

    @Override
    void write() throws IOException {
        writeMentalHealth();
    }

    // --- mental health: Patient, sometimes an Encounter, UK Core MedicationStatements -------

    void writeMentalHealth() throws IOException {
        SyntheticSource trust = plan.mentalHealth;
        String file = SyntheticSource.MENTAL_HEALTH_FILE;
        Instant seen = asOf.minus(1 + r.nextInt(300), ChronoUnit.DAYS).plusSeconds(r.nextInt(86_400));
        output.write(file, output.json(g -> patient(g, trust, seen)), 1);
        if (r.nextDouble() < 0.08) {
            boolean inpatient = r.nextDouble() < 0.4;
            Instant start = asOf.minus(2 + r.nextInt(60), ChronoUnit.DAYS);
            Instant end = inpatient ? null : start.plus(3 + r.nextInt(40), ChronoUnit.DAYS);
            String id = uuid(r);
            String identifier = uuid(r);
            output.write(
                    file,
                    output.json(g -> encounter(
                            g,
                            trust,
                            id,
                            identifier,
                            "IMP",
                            inpatient ? "in-progress" : "finished",
                            start,
                            end,
                            end == null ? start : end)),
                    1);
        }
        for (Item item : plan.items) {
            if (!item.mentalHealth) {
                continue;
            }
            String id = uuid(r);
            String identifier = uuid(r);
            Code code = item.textOnly ? null : new Code(DMD, item.medicine.code(), item.medicine.name());
            LocalDate start = LocalDate.ofInstant(asOf, ZoneOffset.UTC).minusDays(30 + r.nextInt(1500));
            Instant updated = asOf.minus(1 + r.nextInt(200), ChronoUnit.DAYS).plusSeconds(r.nextInt(86_400));
            Dose dose = Dose.of(item.medicine);
            byte[] line = output.json(
                    g -> statement(g, trust, id, identifier, "active", code, item, dose, start, null, updated));
            output.write(file, line, 1);
            if (r.nextDouble() < RESEND) {
                output.defer(delay(), file, line, 1);
            }
            double chance = r.nextDouble();
            if (chance < ENTERED_IN_ERROR) {
                Instant when = updated.plus(1 + r.nextInt(10), ChronoUnit.DAYS);
                output.defer(
                        delay(),
                        file,
                        output.json(g -> statement(
                                g, trust, id, identifier, "entered-in-error", code, item, dose, start, null, when)),
                        1);
            } else if (chance < ENTERED_IN_ERROR + NEWER_VERSION) {
                Instant when = updated.plus(1 + r.nextInt(30), ChronoUnit.DAYS);
                LocalDate ended = LocalDate.ofInstant(when, ZoneOffset.UTC);
                Dose changed = dose.changed(r);
                boolean stop = r.nextBoolean();
                output.defer(
                        delay(),
                        file,
                        output.json(g -> statement(
                                g,
                                trust,
                                id,
                                identifier,
                                stop ? "stopped" : "active",
                                code,
                                item,
                                stop ? dose : changed,
                                start,
                                stop ? ended : null,
                                when)),
                        1);
            }
        }
    }

    void statement(
            JsonGenerator g,
            SyntheticSource source,
            String id,
            String identifier,
            String status,
            Code code,
            Item item,
            Dose dose,
            LocalDate start,
            LocalDate end,
            Instant lastUpdated)
            throws IOException {
        g.writeStartObject();
        g.writeStringField("resourceType", "MedicationStatement");
        g.writeStringField("id", id);
        meta(g, lastUpdated, source.system());
        identifier(g, source.system() + "/Id/medication-statement", identifier);
        g.writeStringField("status", status);
        category(g, false, MS_CATEGORY, "community", "Community");
        codeableConcept(g, "medicationCodeableConcept", code, code == null ? item.text : null);
        subjectByNhsNumber(g);
        g.writeObjectFieldStart("effectivePeriod");
        g.writeStringField("start", start.toString());
        if (end != null) {
            g.writeStringField("end", end.toString());
        }
        g.writeEndObject();
        g.writeStringField("dateAsserted", INSTANT.format(lastUpdated));
        dosage(g, "dosage", dose);
        g.writeEndObject();
    }
}
