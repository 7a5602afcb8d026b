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
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Acute trust: Patient, Encounter, UK Core inpatient MedicationRequests. */
final class AcuteLines extends PatientLines {

    AcuteLines(PatientPlan plan, SplittableRandom r, Instant asOf, Output output, int index, Formulary formulary) {
        super(plan, r, asOf, output, index, formulary);
    }

    @Override
    void write() throws IOException {
        writeAcute();
    }

    // --- acute: Patient, Encounter, UK Core inpatient MedicationRequests ------------------

    void writeAcute() throws IOException {
        SyntheticSource trust = plan.acute;
        String file = SyntheticSource.ACUTE_FILE;
        LocalDate today = LocalDate.ofInstant(asOf, ZoneOffset.UTC);
        Instant admittedAt = today.minusDays(plan.admitted ? 1 + r.nextInt(14) : 15 + r.nextInt(200))
                .atStartOfDay(ZoneOffset.UTC)
                .toInstant()
                .plusSeconds(r.nextInt(86_400));
        Instant dischargedAt = plan.admitted
                ? null
                : admittedAt.plus(1 + r.nextInt(10), ChronoUnit.DAYS).plusSeconds(r.nextInt(36_000));
        boolean eventStream = !plan.admitted && r.nextDouble() < 0.3;
        String encounterId = uuid(r);
        String encounterIdentifier = uuid(r);
        String encounterClass = r.nextDouble() < 0.9 ? "IMP" : "EMER";
        output.write(file, output.json(g -> patient(g, trust, admittedAt)), 1);
        if (eventStream || plan.admitted) {
            output.write(
                    file,
                    output.json(g -> encounter(
                            g,
                            trust,
                            encounterId,
                            encounterIdentifier,
                            encounterClass,
                            "in-progress",
                            admittedAt,
                            null,
                            admittedAt)),
                    1);
        }
        List<byte[]> discharge = new ArrayList<>();
        if (!plan.admitted) {
            byte[] finished = output.json(g -> encounter(
                    g,
                    trust,
                    encounterId,
                    encounterIdentifier,
                    encounterClass,
                    "finished",
                    admittedAt,
                    dischargedAt,
                    dischargedAt));
            if (eventStream) {
                discharge.add(finished);
            } else {
                output.write(file, finished, 1);
            }
        }
        for (Item item : plan.items) {
            if (!item.acute) {
                continue;
            }
            Code code = new Code(DMD, item.medicine.code(), item.medicine.name());
            Dose dose = Dose.of(item.medicine);
            if (!item.hospitalOnly && r.nextDouble() < HOSPITAL_DOSE_CHANGE) {
                dose = dose.changed(r);
            }
            String id = uuid(r);
            String identifier = uuid(r);
            Instant authored = admittedAt.plusSeconds(600 + r.nextInt(7200));
            Dose finalDose = dose;
            if (plan.admitted || eventStream) {
                byte[] active = output.json(g -> inpatientOrder(
                        g, trust, id, identifier, "active", code, item, finalDose, authored, authored, encounterId));
                output.write(file, active, 1);
                if (r.nextDouble() < RESEND) {
                    output.defer(delay(), file, active, 1);
                }
                if (plan.admitted) {
                    versions(file, trust, id, identifier, code, item, finalDose, authored, encounterId);
                }
            }
            if (!plan.admitted) {
                byte[] completed = output.json(g -> inpatientOrder(
                        g,
                        trust,
                        id,
                        identifier,
                        "completed",
                        code,
                        item,
                        finalDose,
                        authored,
                        dischargedAt,
                        encounterId));
                if (eventStream) {
                    discharge.add(completed);
                } else {
                    output.write(file, completed, 1);
                }
            }
        }
        if (!discharge.isEmpty()) {
            int due = delay();
            for (byte[] line : discharge) {
                output.defer(due, file, line, 1);
            }
        }
    }

    /** Later versions of an active inpatient order: stopped, restarted, a new dose, entered-in-error. */
    void versions(
            String file,
            SyntheticSource trust,
            String id,
            String identifier,
            Code code,
            Item item,
            Dose dose,
            Instant authored,
            String encounterId)
            throws IOException {
        double chance = r.nextDouble();
        if (chance < ENTERED_IN_ERROR) {
            Instant when = authored.plus(1 + r.nextInt(48), ChronoUnit.HOURS);
            output.defer(
                    delay(),
                    file,
                    output.json(g -> inpatientOrder(
                            g,
                            trust,
                            id,
                            identifier,
                            "entered-in-error",
                            code,
                            item,
                            dose,
                            authored,
                            when,
                            encounterId)),
                    1);
        } else if (chance < ENTERED_IN_ERROR + NEWER_VERSION) {
            double kind = r.nextDouble();
            Instant when = authored.plus(1 + r.nextInt(72), ChronoUnit.HOURS);
            int due = delay();
            if (kind < 0.5) {
                output.defer(
                        due,
                        file,
                        output.json(g -> inpatientOrder(
                                g, trust, id, identifier, "stopped", code, item, dose, authored, when, encounterId)),
                        1);
            } else if (kind < 0.85) {
                Dose changed = dose.changed(r);
                output.defer(
                        due,
                        file,
                        output.json(g -> inpatientOrder(
                                g, trust, id, identifier, "active", code, item, changed, authored, when, encounterId)),
                        1);
            } else {
                Instant again = when.plus(1 + r.nextInt(48), ChronoUnit.HOURS);
                output.defer(
                        due,
                        file,
                        output.json(g -> inpatientOrder(
                                g, trust, id, identifier, "on-hold", code, item, dose, authored, when, encounterId)),
                        1);
                output.defer(
                        due + 1 + r.nextInt(MAX_DELAY_PATIENTS),
                        file,
                        output.json(g -> inpatientOrder(
                                g, trust, id, identifier, "active", code, item, dose, authored, again, encounterId)),
                        1);
            }
        }
    }

    void inpatientOrder(
            JsonGenerator g,
            SyntheticSource trust,
            String id,
            String identifier,
            String status,
            Code code,
            Item item,
            Dose dose,
            Instant authored,
            Instant lastUpdated,
            String encounterId)
            throws IOException {
        g.writeStartObject();
        g.writeStringField("resourceType", "MedicationRequest");
        g.writeStringField("id", id);
        meta(g, lastUpdated, trust.system());
        identifier(g, trust.system() + "/Id/medication-order", identifier);
        g.writeStringField("status", status);
        g.writeStringField("intent", "order");
        category(g, true, MR_CATEGORY, "inpatient", "Inpatient");
        codeableConcept(g, "medicationCodeableConcept", code, null);
        subjectByNhsNumber(g);
        g.writeObjectFieldStart("encounter");
        g.writeStringField("reference", "Encounter/" + encounterId);
        g.writeEndObject();
        g.writeStringField("authoredOn", INSTANT.format(authored));
        course(g, item.medicine.shortCourse());
        dosage(g, "dosageInstruction", dose);
        g.writeEndObject();
    }
}
