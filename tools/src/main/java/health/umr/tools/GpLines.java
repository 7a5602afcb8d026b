package health.umr.tools;

import static health.umr.tools.Randomness.uuid;

import com.fasterxml.jackson.core.JsonGenerator;
import health.umr.tools.Formulary.Product;
import health.umr.tools.PopulationOutput.Output;
import health.umr.tools.PopulationSampler.Item;
import health.umr.tools.PopulationSampler.PatientPlan;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/** GP: the GP Connect structured record, one collection Bundle per patient. */
final class GpLines extends PatientLines {

    GpLines(PatientPlan plan, SplittableRandom r, Instant asOf, Output output, int index, Formulary formulary) {
        super(plan, r, asOf, output, index, formulary);
    }

    @Override
    void write() throws IOException {
        writeGp();
    }

    // --- GP: GP Connect structured record, one collection Bundle per patient ---------------

    final class GpMedication {
        Item item;
        String medicationId;
        Code code;
        String statementId;
        String statementIdentifier;
        String planId;
        String planIdentifier;
        List<String[]> orders = new ArrayList<>(); // id, identifier, authoredOn
        String status;
        Dose dose;
        LocalDate start;
        LocalDate end;
        Instant lastUpdated;
        Instant ordersUpdated;

        GpMedication copy() {
            GpMedication copy = new GpMedication();
            copy.item = item;
            copy.medicationId = medicationId;
            copy.code = code;
            copy.statementId = statementId;
            copy.statementIdentifier = statementIdentifier;
            copy.planId = planId;
            copy.planIdentifier = planIdentifier;
            copy.orders = orders;
            copy.status = status;
            copy.dose = dose;
            copy.start = start;
            copy.end = end;
            copy.lastUpdated = lastUpdated;
            copy.ordersUpdated = ordersUpdated;
            return copy;
        }
    }

    void writeGp() throws IOException {
        SyntheticSource gp = plan.gp;
        List<GpMedication> record = new ArrayList<>();
        for (Item item : plan.items) {
            if (item.gp) {
                record.add(gpMedication(item, item.medicine == null ? null : Dose.of(item.medicine)));
            }
        }
        Instant snapshotTime = latest(record, asOf.minus(1 + r.nextInt(120), ChronoUnit.DAYS));
        byte[] first = gpBundle(gp, record, snapshotTime);
        output.write(SyntheticSource.GP_FILE, first, countGp(record));
        if (r.nextDouble() < RESEND) {
            output.defer(delay(), SyntheticSource.GP_FILE, first, countGp(record));
        }
        List<Integer> changeable = new ArrayList<>();
        for (int i = 0; i < record.size(); i++) {
            if ("active".equals(record.get(i).status)) {
                changeable.add(i);
            }
        }
        if (changeable.isEmpty() || r.nextDouble() >= GP_SNAPSHOT_CHANGE) {
            return;
        }
        int at = changeable.get(r.nextInt(changeable.size()));
        GpMedication changing = record.get(at);
        Instant when =
                changing.lastUpdated.plus(1 + r.nextInt(20), ChronoUnit.DAYS).plusSeconds(r.nextInt(86_400));
        double kind = r.nextDouble();
        List<GpMedication> next = new ArrayList<>(record);
        int due = delay();
        if (kind < 0.45) {
            next.set(at, stopped(changing, "stopped", when));
        } else if (kind < 0.75 && changing.item.medicine != null) {
            next.set(at, stopped(changing, "stopped", when));
            GpMedication restarted = gpMedication(changing.item, changing.dose.changed(r));
            restarted.medicationId = changing.medicationId;
            restarted.code = changing.code;
            restarted.start = LocalDate.ofInstant(when, ZoneOffset.UTC);
            restarted.lastUpdated = when.plusSeconds(1);
            restarted.ordersUpdated = restarted.lastUpdated;
            restarted.orders = List.<String[]>of(new String[] {uuid(r), uuid(r), restarted.start.toString()});
            next.add(restarted);
        } else if (kind < 0.88) {
            next.set(at, stopped(changing, "stopped", when));
            output.defer(due, SyntheticSource.GP_FILE, gpBundle(gp, next, when), countGp(next));
            GpMedication again = changing.copy();
            again.lastUpdated = when.plus(1 + r.nextInt(20), ChronoUnit.DAYS);
            next = new ArrayList<>(next);
            next.set(at, again);
            when = again.lastUpdated;
            due = due + 1 + r.nextInt(MAX_DELAY_PATIENTS);
        } else {
            next.set(at, stopped(changing, "entered-in-error", when));
        }
        output.defer(due, SyntheticSource.GP_FILE, gpBundle(gp, next, when), countGp(next));
    }

    GpMedication stopped(GpMedication medication, String status, Instant when) {
        GpMedication copy = medication.copy();
        copy.status = status;
        copy.end = "stopped".equals(status) ? LocalDate.ofInstant(when, ZoneOffset.UTC) : null;
        copy.lastUpdated = when;
        return copy;
    }

    GpMedication gpMedication(Item item, Dose dose) {
        GpMedication m = new GpMedication();
        m.item = item;
        m.medicationId = uuid(r);
        m.code = gpCode(item);
        m.statementId = uuid(r);
        m.statementIdentifier = uuid(r);
        m.planId = uuid(r);
        m.planIdentifier = uuid(r);
        boolean course = item.medicine != null && item.medicine.shortCourse();
        m.dose = dose != null ? dose : new Dose(null, null, null, false, "as directed");
        if (course) {
            m.status = "completed";
            m.start = LocalDate.ofInstant(asOf, ZoneOffset.UTC).minusDays(30 + r.nextInt(700));
            m.end = m.start.plusDays(3 + r.nextInt(12));
            m.lastUpdated = m.end.atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(r.nextInt(86_400));
        } else {
            m.status = "active";
            m.start = LocalDate.ofInstant(asOf, ZoneOffset.UTC).minusDays(30 + r.nextInt(3650));
            m.lastUpdated = asOf.minus(1 + r.nextInt(150), ChronoUnit.DAYS).plusSeconds(r.nextInt(86_400));
        }
        m.ordersUpdated = m.lastUpdated;
        LocalDate lastIssue = course ? m.start : LocalDate.ofInstant(m.lastUpdated, ZoneOffset.UTC);
        int issues = course ? 1 : 1 + r.nextInt(2);
        for (int i = 0; i < issues; i++) {
            m.orders.add(
                    new String[] {uuid(r), uuid(r), lastIssue.minusDays(28L * i).toString()});
        }
        return m;
    }

    Code gpCode(Item item) {
        if (item.medicine == null || item.textOnly) {
            return item.transferDegraded
                    ? new Code(SCT, TRANSFER_DEGRADED, "Transfer-degraded medication entry")
                    : null;
        }
        List<Product> vmps = formulary.products(item.medicine, "VMP");
        if (!vmps.isEmpty()) {
            Product vmp = vmps.get(r.nextInt(vmps.size()));
            return new Code(SCT, vmp.code(), vmp.name());
        }
        return new Code(SCT, item.medicine.code(), item.medicine.name());
    }

    Instant latest(List<GpMedication> record, Instant fallback) {
        Instant latest = fallback;
        for (GpMedication m : record) {
            if (m.lastUpdated.isAfter(latest)) {
                latest = m.lastUpdated;
            }
        }
        return latest;
    }

    int countGp(List<GpMedication> record) {
        int count = 1;
        for (GpMedication m : record) {
            count += 2 + m.orders.size();
        }
        return count;
    }

    byte[] gpBundle(SyntheticSource gp, List<GpMedication> record, Instant time) throws IOException {
        return output.json(g -> {
            g.writeStartObject();
            g.writeStringField("resourceType", "Bundle");
            g.writeStringField("id", uuid(r));
            meta(g, time, gp.system());
            g.writeStringField("type", "collection");
            g.writeArrayFieldStart("entry");
            entry(g, gp.system(), "Patient", person.patientId(), () -> patientBody(g, gp, time, false));
            Set<String> medications = new HashSet<>();
            for (GpMedication m : record) {
                if (medications.add(m.medicationId)) {
                    entry(g, gp.system(), "Medication", m.medicationId, () -> {
                        g.writeStringField("resourceType", "Medication");
                        g.writeStringField("id", m.medicationId);
                        codeableConcept(g, "code", m.code, m.code == null || m.item.textOnly ? m.item.text : null);
                    });
                }
            }
            for (GpMedication m : record) {
                entry(g, gp.system(), "MedicationStatement", m.statementId, () -> gpStatement(g, gp, m));
                entry(
                        g,
                        gp.system(),
                        "MedicationRequest",
                        m.planId,
                        () -> gpRequest(
                                g,
                                gp,
                                m,
                                m.planId,
                                m.planIdentifier,
                                "plan",
                                m.status,
                                m.start.toString(),
                                null,
                                m.lastUpdated));
                for (String[] order : m.orders) {
                    entry(
                            g,
                            gp.system(),
                            "MedicationRequest",
                            order[0],
                            () -> gpRequest(
                                    g,
                                    gp,
                                    m,
                                    order[0],
                                    order[1],
                                    "order",
                                    "entered-in-error".equals(m.status) ? "entered-in-error" : "completed",
                                    order[2],
                                    m.planId,
                                    "entered-in-error".equals(m.status) ? m.lastUpdated : m.ordersUpdated));
                }
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    void gpStatement(JsonGenerator g, SyntheticSource gp, GpMedication m) throws IOException {
        g.writeStringField("resourceType", "MedicationStatement");
        g.writeStringField("id", m.statementId);
        meta(g, m.lastUpdated, gp.system());
        if (!m.orders.isEmpty()) {
            g.writeArrayFieldStart("extension");
            g.writeStartObject();
            g.writeStringField("url", LAST_ISSUE);
            g.writeStringField("valueDateTime", m.orders.get(0)[2]);
            g.writeEndObject();
            g.writeEndArray();
        }
        identifier(g, CROSS_CARE, m.statementIdentifier);
        g.writeArrayFieldStart("basedOn");
        reference(g, null, "MedicationRequest/" + m.planId);
        g.writeEndArray();
        g.writeStringField("status", m.status);
        g.writeObjectFieldStart("medicationReference");
        g.writeStringField("reference", "Medication/" + m.medicationId);
        g.writeEndObject();
        g.writeObjectFieldStart("subject");
        g.writeStringField("reference", "Patient/" + person.patientId());
        g.writeEndObject();
        g.writeObjectFieldStart("effectivePeriod");
        g.writeStringField("start", m.start.toString());
        if (m.end != null) {
            g.writeStringField("end", m.end.toString());
        }
        g.writeEndObject();
        g.writeStringField("dateAsserted", INSTANT.format(m.lastUpdated));
        g.writeArrayFieldStart("dosage");
        g.writeStartObject();
        g.writeStringField("text", m.dose.text());
        g.writeEndObject();
        g.writeEndArray();
    }

    void gpRequest(
            JsonGenerator g,
            SyntheticSource gp,
            GpMedication m,
            String id,
            String identifier,
            String intent,
            String status,
            String authoredOn,
            String basedOnPlan,
            Instant lastUpdated)
            throws IOException {
        g.writeStringField("resourceType", "MedicationRequest");
        g.writeStringField("id", id);
        meta(g, lastUpdated, gp.system());
        identifier(g, CROSS_CARE, identifier);
        if (basedOnPlan != null) {
            g.writeArrayFieldStart("basedOn");
            reference(g, null, "MedicationRequest/" + basedOnPlan);
            g.writeEndArray();
        }
        g.writeStringField("status", status);
        g.writeStringField("intent", intent);
        g.writeObjectFieldStart("medicationReference");
        g.writeStringField("reference", "Medication/" + m.medicationId);
        g.writeEndObject();
        g.writeObjectFieldStart("subject");
        g.writeStringField("reference", "Patient/" + person.patientId());
        g.writeEndObject();
        g.writeStringField("authoredOn", authoredOn);
        boolean course = m.item.medicine != null && m.item.medicine.shortCourse();
        course(g, course);
        g.writeArrayFieldStart("dosageInstruction");
        g.writeStartObject();
        g.writeStringField("text", m.dose.text());
        g.writeEndObject();
        g.writeEndArray();
        g.writeObjectFieldStart("dispenseRequest");
        g.writeObjectFieldStart("validityPeriod");
        g.writeStringField("start", authoredOn);
        if ("plan".equals(intent) && m.end != null) {
            g.writeStringField("end", m.end.toString());
        }
        g.writeEndObject();
        if ("plan".equals(intent) && !course) {
            g.writeNumberField("numberOfRepeatsAllowed", 6);
        }
        quantity(g, "expectedSupplyDuration", BigDecimal.valueOf(course ? 7 : 28), "day", "d");
        g.writeEndObject();
    }
}
