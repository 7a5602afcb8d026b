package health.umr.cdshooks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import health.umr.alerts.ClinicalAlerts;
import health.umr.alerts.DraftOrder;
import health.umr.alerts.OrderFinding;
import health.umr.domain.Alert;
import health.umr.domain.AlertState;
import health.umr.domain.Coding;
import health.umr.domain.DiscrepancyType;
import health.umr.domain.NhsNumber;
import health.umr.domain.UnifiedItem;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Domain findings → CDS Hooks cards. Wording only: what to alert on is decided by
 * {@code alerts.DraftOrderCheck}. Every card's source label starts "UMR unified medicines record"
 * and names the sources whose records it rests on, so the prescriber knows whom to ask.
 */
final class CardWriter {

    static final String LABEL = "UMR unified medicines record";
    private static final int SUMMARY_MAX = 140;
    private static final String TOPIC_SYSTEM = "https://fhir.umr.example/CodeSystem/alert-type";
    private static final CdsJson.Link MHRA_VALPROATE = new CdsJson.Link(
            "MHRA: valproate use by women and girls",
            "https://www.gov.uk/guidance/valproate-use-by-women-and-girls",
            "absolute");

    private final Map<String, String> sourceNames;
    private final NhsNumber patient;
    private final ObjectMapper json;
    private final Instant at;

    CardWriter(Map<String, String> sourceNames, NhsNumber patient, ObjectMapper json, Instant at) {
        this.sourceNames = sourceNames;
        this.patient = patient;
        this.json = json;
        this.at = at;
    }

    List<CdsJson.Card> cards(List<OrderFinding> findings) {
        return findings.stream().map(this::card).toList();
    }

    /** Java 17 has no pattern switch: one branch per kind of finding, the sealed interface lists them all. */
    CdsJson.Card card(OrderFinding finding) {
        if (finding instanceof OrderFinding.CriticalOmission f) {
            return criticalOmission(f);
        }
        if (finding instanceof OrderFinding.Valproate f) {
            return card(
                    f.risk().pregnancyPrevention()
                            ? "Valproate: Pregnancy Prevention Programme applies ("
                                    + f.risk().label() + ")"
                            : "Valproate: MHRA 2024 advice for men applies ("
                                    + f.risk().label() + ")",
                    f.message().replace(f.order().name(), "**" + f.order().name() + "**"),
                    f.risk().severity() == Alert.Severity.HIGH ? "critical" : "warning",
                    finding,
                    "valproate-pregnancy-prevention",
                    List.of(),
                    List.of(MHRA_VALPROATE));
        }
        if (finding instanceof OrderFinding.AlreadyTaken f) {
            return alreadyTaken(f);
        }
        if (finding instanceof OrderFinding.SameClass f) {
            return card(
                    "Duplication: " + f.order().name() + " with " + f.item().name() + " from " + names(f),
                    "**" + f.order().name() + "** and **" + f.item().name() + "** are both "
                            + f.duplicationClass().name() + ". " + f.item().name() + " is active in " + names(f)
                            + dosage(f.item()) + ". Stop one, or document why both are intended.",
                    "warning",
                    finding,
                    "therapeutic-duplication",
                    removeDraft(f.order()),
                    List.of());
        }
        if (finding instanceof OrderFinding.DuplicateInOrders f) {
            List<CdsJson.Suggestion> remove = new ArrayList<>(removeDraft(f.other()));
            remove.addAll(removeDraft(f.order()));
            return f.duplicationClass() == null
                    ? card(
                            "Duplicate orders: " + f.order().name() + " is ordered twice",
                            "**" + f.order().name() + "** and **" + f.other().name()
                                    + "** in these orders are the same "
                                    + "medicine. Remove one unless both are intended.",
                            "warning",
                            finding,
                            "therapeutic-duplication",
                            remove,
                            List.of())
                    : card(
                            "Duplication: " + f.order().name() + " with "
                                    + f.other().name() + ", both in these orders",
                            "**" + f.order().name() + "** and **" + f.other().name() + "** in these orders are both "
                                    + f.duplicationClass().name() + ". Remove one, or document why both are intended.",
                            "warning",
                            finding,
                            "therapeutic-duplication",
                            remove,
                            List.of());
        }
        if (finding instanceof OrderFinding.AcbRise f) {
            return card(
                    "Anticholinergic burden would rise to " + f.after() + " (from " + f.before() + ") with "
                            + f.adding().stream().map(DraftOrder::name).collect(Collectors.joining(", ")),
                    "Anticholinergic Cognitive Burden after this order: " + f.after() + " ("
                            + String.join(", ", f.scores())
                            + "). A total of " + ClinicalAlerts.ACB_THRESHOLD + " or more is linked with cognitive "
                            + "impairment, falls and death: consider an alternative with less anticholinergic effect.",
                    "warning",
                    finding,
                    "acb-high",
                    f.adding().stream().flatMap(o -> removeDraft(o).stream()).toList(),
                    List.of());
        }
        OrderFinding.Unchecked f = (OrderFinding.Unchecked) finding;
        return card(
                "Not checked by UMR: " + f.order().name() + " has no dm+d code",
                "UMR could not check **" + f.order().name() + "** for duplication, anticholinergic burden or "
                        + "valproate, because it has no dm+d code UMR can resolve. Order it from the dm+d-coded list.",
                "info",
                finding,
                "unmapped-medication",
                List.of(),
                List.of());
    }

    private CdsJson.Card criticalOmission(OrderFinding.CriticalOmission f) {
        UnifiedItem item = f.item();
        List<String> from = f.sourceIds().stream()
                .filter(id -> !id.equals(f.admittingSourceId()))
                .map(this::name)
                .toList();
        AlertState state =
                new AlertState(f.alert(), AlertState.Status.ACTIVE, null, List.of(), at == null ? Instant.now() : at);
        String open = state.openFor() == null
                ? ""
                : " Open " + AlertState.duration(state.openFor()) + " since admission"
                        + (state.overdue()
                                ? ", past the " + AlertState.duration(f.alert().dueWithin())
                                        + " within which a dose is due."
                                : ".");
        String detail = (state.overdue() ? "OVERDUE: " : "")
                + (f.alert().matchedByName()
                        ? "Matched by name, confirm: **" + item.name() + "** has no dm+d code and looks like "
                                + f.medicine().name() + ". "
                        : "")
                + "**" + item.name() + "** is a time-critical medicine ("
                + f.medicine().clazz() + ") active in "
                + String.join(", ", from) + dosage(item) + ", with no inpatient order from "
                + name(f.admittingSourceId())
                + " since admission, and none of these orders covers it (another medicine of its class does not). "
                + f.medicine().reason()
                + "." + open + " Prescribe it now, or record why it is withheld.";
        // The suggestion is coded as the record holds the medicine; its dose is pre-filled only where the
        // sources agree on it, and it is never marked recommended: the prescriber checks dose and timing.
        boolean doseAgreed = !item.hasDiscrepancy(DiscrepancyType.DOSE);
        List<CdsJson.Suggestion> order = item.medication()
                .map(coding -> List.of(new CdsJson.Suggestion(
                        "Order " + item.name() + " as an inpatient (check the dose and timing with the patient)",
                        UUID.randomUUID().toString(),
                        null,
                        List.of(new CdsJson.Action(
                                "create",
                                "Add an inpatient order for " + item.name(),
                                null,
                                inpatientOrder(coding, doseAgreed ? item.dosage() : null))))))
                .orElse(List.of());
        return card(
                "Time-critical: " + item.name() + " not yet prescribed since admission",
                detail,
                "critical",
                f,
                "critical-medicine-omission",
                order,
                List.of());
    }

    private CdsJson.Card alreadyTaken(OrderFinding.AlreadyTaken f) {
        if (f.continuesOnAdmission()) {
            return card(
                    "Continues " + f.item().name() + " the patient takes, from " + names(f),
                    "**" + f.item().name() + "** is already active in " + names(f) + dosage(f.item()) + ". This order "
                            + "continues it in hospital: check the dose and timing agree.",
                    "info",
                    f,
                    "therapeutic-duplication",
                    List.of(),
                    List.of());
        }
        return card(
                "Duplicate: patient already takes " + f.item().name() + ", from " + names(f),
                "**" + f.order().name() + "** is the same medicine as **"
                        + f.item().name() + "**, already active in " + names(f) + dosage(f.item())
                        + ". Remove this order unless a second supply is intended.",
                "warning",
                f,
                "therapeutic-duplication",
                removeDraft(f.order()),
                List.of());
    }

    private CdsJson.Card card(
            String summary,
            String detail,
            String indicator,
            OrderFinding finding,
            String topic,
            List<CdsJson.Suggestion> suggestions,
            List<CdsJson.Link> links) {
        String label = finding.sourceIds().isEmpty()
                ? LABEL
                : LABEL + ": " + finding.sourceIds().stream().map(this::name).collect(Collectors.joining(", "));
        return new CdsJson.Card(
                UUID.randomUUID().toString(),
                shorten(summary),
                detail,
                indicator,
                new CdsJson.CardSource(label, null, new CdsJson.Coding(TOPIC_SYSTEM, topic, null)),
                suggestions,
                suggestions.isEmpty() ? null : "at-most-one",
                links);
    }

    private List<CdsJson.Suggestion> removeDraft(DraftOrder order) {
        if (order.reference() == null) {
            return List.of();
        }
        return List.of(new CdsJson.Suggestion(
                "Remove the order for " + order.name(),
                UUID.randomUUID().toString(),
                null,
                List.of(new CdsJson.Action(
                        "delete", "Remove the draft order for " + order.name(), order.reference(), null))));
    }

    /** A draft inpatient MedicationRequest the client may add, coded as the record holds the medicine. */
    private ObjectNode inpatientOrder(Coding medication, String dosage) {
        ObjectNode request = json.createObjectNode()
                .put("resourceType", "MedicationRequest")
                .put("status", "draft")
                .put("intent", "order");
        request.putArray("category")
                .addObject()
                .putArray("coding")
                .addObject()
                .put("system", "http://terminology.hl7.org/CodeSystem/medicationrequest-category")
                .put("code", "inpatient");
        ObjectNode coding = request.putObject("medicationCodeableConcept")
                .putArray("coding")
                .addObject()
                .put("system", "https://dmd.nhs.uk")
                .put("code", medication.code());
        if (medication.display() != null) {
            coding.put("display", medication.display());
        }
        request.putObject("subject")
                .putObject("identifier")
                .put("system", NhsNumber.SYSTEM)
                .put("value", patient.value());
        if (dosage != null) {
            request.putArray("dosageInstruction").addObject().put("text", dosage);
        }
        return request;
    }

    private String names(OrderFinding finding) {
        return finding.sourceIds().isEmpty()
                ? "the record"
                : finding.sourceIds().stream().map(this::name).collect(Collectors.joining(", "));
    }

    /** "Castle Street Surgery (gp-a)": the name people know, and the id UMR's records carry. */
    private String name(String sourceId) {
        String name = sourceNames.getOrDefault(sourceId, sourceId);
        return name.equals(sourceId) ? sourceId : name + " (" + sourceId + ")";
    }

    private static String dosage(UnifiedItem item) {
        return item.dosage() == null ? "" : " (\"" + item.dosage() + "\")";
    }

    static String shorten(String summary) {
        return summary.length() <= SUMMARY_MAX ? summary : summary.substring(0, SUMMARY_MAX - 1) + "…";
    }
}
