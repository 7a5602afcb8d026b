package health.umr.fhir;

import ca.uhn.fhir.context.FhirContext;
import health.umr.domain.Coding;
import health.umr.domain.Dosage;
import health.umr.domain.EncounterRecord;
import health.umr.domain.ErrorCode;
import health.umr.domain.Gender;
import health.umr.domain.InvalidInputException;
import health.umr.domain.MedicationCode;
import health.umr.domain.NhsNumber;
import health.umr.domain.PatientFacts;
import health.umr.domain.RecordKey;
import health.umr.domain.RecordKind;
import health.umr.domain.Sha256;
import health.umr.domain.Source;
import health.umr.domain.SourceRecord;
import health.umr.domain.TextRules;
import health.umr.domain.VersionStamp;
import health.umr.ingest.Entry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Timing;
import org.hl7.fhir.r4.model.Type;

/**
 * FHIR R4 → domain, for everything UMR takes in. The only code that reads HAPI model classes on
 * the way in. Each refusal names the element (FHIRPath) and what the sender can do about it.
 */
@ApplicationScoped
public class FhirMapper {

    /** The types whose text UMR stores. */
    private static final java.util.Set<String> STORED =
            java.util.Set.of("MedicationStatement", "MedicationRequest", "Encounter", "Patient");

    /** Column sizes of source_record (V1__foundation.sql), in characters. */
    static final int MAX_CATEGORY = 64;

    static final int MAX_ENCOUNTER_CLASS = 16;
    static final int MAX_DATE = 40;
    /** An identifier's system or value, in UTF-8 bytes: the business key must fit a btree index row. */
    static final int MAX_IDENTIFIER_BYTES = 512;

    private final FhirContext fhir;

    public FhirMapper(FhirContext fhir) {
        this.fhir = fhir;
    }

    /** Maps one resource of a message; never throws for bad input, answers a Refusal instead. */
    Entry toEntry(Resource resource, int index, MessageContext context, boolean contextTypesAllowed) {
        return toEntry(resource, index, context, contextTypesAllowed, null);
    }

    /**
     * Maps one resource of a message, keeping {@code receivedJson} (the resource's text as it
     * arrived) as the stored copy and the source of its content hash; null (XML) encodes the model.
     */
    Entry toEntry(
            Resource resource, int index, MessageContext context, boolean contextTypesAllowed, String receivedJson) {
        return toEntry(resource, index, context, contextTypesAllowed, receivedJson, false);
    }

    /**
     * As above; {@code plainText}: the resource was parsed from JSON text in which {@link
     * ReceivedJson#plainText} found nothing that could decode to a control character (see {@link
     * ResourceLimits#check(FhirContext, Resource, boolean)}).
     */
    Entry toEntry(
            Resource resource,
            int index,
            MessageContext context,
            boolean contextTypesAllowed,
            String receivedJson,
            boolean plainText) {
        String type = resource.fhirType();
        try {
            if (STORED.contains(type)) {
                ResourceLimits.check(fhir, resource, plainText);
            }
            return switch (type) {
                case "MedicationStatement", "MedicationRequest", "Encounter" ->
                    toRecordEntry(resource, index, context, receivedJson);
                case "Patient" -> toPatientEntry((Patient) resource, index, contextTypesAllowed, receivedJson);
                default ->
                    contextTypesAllowed || "Medication".equals(type)
                            ? new Entry.Context(index, type)
                            : new Entry.Refusal(
                                    index,
                                    type,
                                    new InvalidInputException(
                                            ErrorCode.UNSUPPORTED_RESOURCE_TYPE,
                                            "UMR takes MedicationStatement, MedicationRequest, Encounter and Patient here, not "
                                                    + type,
                                            List.of(type)));
            };
        } catch (InvalidInputException refused) {
            return new Entry.Refusal(index, type, refused);
        }
    }

    private Entry toRecordEntry(Resource resource, int index, MessageContext context, String receivedJson) {
        String json = receivedJson != null ? receivedJson : encode(resource);
        String contentKey = RecordKey.ofContent(Sha256.hex(json));
        return new Entry.OfRecord(
                index,
                switch (resource.fhirType()) {
                    case "MedicationStatement" -> toSourceRecord((MedicationStatement) resource, context, contentKey);
                    case "MedicationRequest" -> toSourceRecord((MedicationRequest) resource, context, contentKey);
                    default -> toEncounterRecord((Encounter) resource, context, contentKey);
                },
                json);
    }

    SourceRecord toSourceRecord(MedicationStatement statement, MessageContext context, String contentKey) {
        String path = "MedicationStatement";
        requireStatus(statement.hasStatus(), path);
        Source source = sourceOf(statement, context);
        NhsNumber nhsNumber = nhsNumberOf(statement.getSubject(), statement, context, path + ".subject");
        Period period = statement.hasEffectivePeriod() ? statement.getEffectivePeriod() : null;
        return new SourceRecord(
                new RecordKey(
                        source.id(),
                        RecordKind.MEDICATION_STATEMENT,
                        businessKey(statement, statement.getIdentifier(), contentKey, path)),
                resourceId(statement),
                nhsNumber,
                medicationOf(statement.getMedication(), statement, context, path),
                statement.getStatus().toCode(),
                null,
                column(firstCode(statement.getCategory()), MAX_CATEGORY, path + ".category.coding.code"),
                checkedDosage(statement.getDosage(), path + ".dosage"),
                column(
                        period != null
                                ? period.getStartElement().getValueAsString()
                                : dateTimeText(statement.getEffective()),
                        MAX_DATE,
                        path + ".effective"),
                column(
                        period != null ? period.getEndElement().getValueAsString() : null,
                        MAX_DATE,
                        path + ".effective"),
                column(statement.getDateAssertedElement().getValueAsString(), MAX_DATE, path + ".dateAsserted"),
                references(statement.getBasedOn()),
                null,
                identifiers(statement.getIdentifier()),
                versionOf(statement),
                reasonText(statement.getStatusReason()),
                indicationOf(statement.getReasonCode(), statement.getReasonReference()));
    }

    SourceRecord toSourceRecord(MedicationRequest request, MessageContext context, String contentKey) {
        String path = "MedicationRequest";
        requireStatus(request.hasStatus(), path);
        if (!request.hasIntent()) {
            throw new InvalidInputException(
                    ErrorCode.INVALID_RESOURCE,
                    "MedicationRequest.intent is required (plan, order, original-order, instance-order ...)",
                    List.of(path + ".intent"));
        }
        Source source = sourceOf(request, context);
        NhsNumber nhsNumber = nhsNumberOf(request.getSubject(), request, context, path + ".subject");
        List<CodeableConcept> categories = request.getCategory();
        return new SourceRecord(
                new RecordKey(
                        source.id(),
                        RecordKind.MEDICATION_REQUEST,
                        businessKey(request, request.getIdentifier(), contentKey, path)),
                resourceId(request),
                nhsNumber,
                medicationOf(request.getMedication(), request, context, path),
                request.getStatus().toCode(),
                request.getIntent().toCode(),
                column(
                        categories.isEmpty() ? null : firstCode(categories.get(0)),
                        MAX_CATEGORY,
                        path + ".category.coding.code"),
                checkedDosage(request.getDosageInstruction(), path + ".dosageInstruction"),
                column(request.getAuthoredOnElement().getValueAsString(), MAX_DATE, path + ".authoredOn"),
                column(
                        request.getDispenseRequest().hasValidityPeriod()
                                ? request.getDispenseRequest()
                                        .getValidityPeriod()
                                        .getEndElement()
                                        .getValueAsString()
                                : null,
                        MAX_DATE,
                        path + ".dispenseRequest.validityPeriod.end"),
                null,
                references(request.getBasedOn()),
                request.hasGroupIdentifier() ? identifierText(request.getGroupIdentifier()) : null,
                identifiers(request.getIdentifier()),
                versionOf(request),
                request.hasStatusReason() ? reasonText(List.of(request.getStatusReason())) : null,
                indicationOf(request.getReasonCode(), request.getReasonReference()));
    }

    /** A statusReason as people read it: its text, else its codings' displays, else their codes; null if none. */
    static String reasonText(List<CodeableConcept> reasons) {
        List<String> parts = new java.util.ArrayList<>();
        for (CodeableConcept reason : reasons) {
            if (reason.hasText() && !reason.getText().isBlank()) {
                parts.add(reason.getText().strip());
                continue;
            }
            for (org.hl7.fhir.r4.model.Coding coding : reason.getCoding()) {
                if (coding.hasDisplay() && !coding.getDisplay().isBlank()) {
                    parts.add(coding.getDisplay().strip());
                } else if (coding.hasCode()) {
                    parts.add(coding.getCode());
                }
            }
        }
        return parts.isEmpty() ? null : String.join("; ", parts);
    }

    /** What the record says the medicine is for: its reasonCode as {@link #reasonText} reads it, then the
     * displays of its reasonReferences (a Condition "Epilepsy"); null if none. */
    static String indicationOf(List<CodeableConcept> codes, List<org.hl7.fhir.r4.model.Reference> references) {
        List<String> parts = new java.util.ArrayList<>();
        String coded = reasonText(codes);
        if (coded != null) {
            parts.add(coded);
        }
        for (org.hl7.fhir.r4.model.Reference reference : references) {
            if (reference.hasDisplay() && !reference.getDisplay().isBlank()) {
                parts.add(reference.getDisplay().strip());
            }
        }
        return parts.isEmpty() ? null : String.join("; ", parts);
    }

    EncounterRecord toEncounterRecord(Encounter encounter, MessageContext context, String contentKey) {
        String path = "Encounter";
        requireStatus(encounter.hasStatus(), path);
        Source source = sourceOf(encounter, context);
        NhsNumber nhsNumber = nhsNumberOf(encounter.getSubject(), encounter, context, path + ".subject");
        return new EncounterRecord(
                new RecordKey(
                        source.id(),
                        RecordKind.ENCOUNTER,
                        businessKey(encounter, encounter.getIdentifier(), contentKey, path)),
                resourceId(encounter),
                nhsNumber,
                column(
                        encounter.hasClass_() ? encounter.getClass_().getCode() : null,
                        MAX_ENCOUNTER_CLASS,
                        path + ".class.code"),
                encounter.getStatus().toCode(),
                column(encounter.getPeriod().getStartElement().getValueAsString(), MAX_DATE, path + ".period.start"),
                column(encounter.getPeriod().getEndElement().getValueAsString(), MAX_DATE, path + ".period.end"),
                identifiers(encounter.getIdentifier()),
                versionOf(encounter));
    }

    private Entry toPatientEntry(Patient patient, int index, boolean contextTypesAllowed, String receivedJson) {
        Optional<Identifier> nhs = nhsIdentifier(patient.getIdentifier());
        if (nhs.isEmpty() && contextTypesAllowed) {
            return new Entry.Context(index, "Patient");
        }
        NhsNumber nhsNumber = nhs.map(id -> parseNhsNumber(id.getValue(), "Patient.identifier"))
                .orElseThrow(() -> new InvalidInputException(
                        ErrorCode.MISSING_NHS_NUMBER,
                        "the Patient has no identifier with system " + NhsNumber.SYSTEM
                                + "; UMR keys patients by NHS number",
                        List.of("Patient.identifier")));
        return new Entry.OfPatient(
                index, toPatientFacts(patient, nhsNumber), receivedJson != null ? receivedJson : encode(patient));
    }

    // --- draft orders (CDS Hooks) ----------------------------------------------------------------

    /**
     * The sex and birth date a Patient gives, when it carries an NHS number (empty otherwise); an
     * NHS number that fails its check is refused (UMR-0004).
     */
    public Optional<PatientFacts> findPatientFacts(Patient patient) {
        return nhsIdentifier(patient.getIdentifier())
                .map(id -> toPatientFacts(patient, parseNhsNumber(id.getValue(), "Patient.identifier")));
    }

    /**
     * The medicine a draft MedicationRequest names, as ingest reads it: the medicationCodeableConcept,
     * or a Medication referenced inside the Bundle or contained. Refuses (UMR-0007) a draft naming none.
     */
    public MedicationCode toMedicationCode(MedicationRequest request, Bundle bundle) {
        return medicationOf(
                request.getMedication(),
                request,
                MessageContext.of(bundle, Optional.empty(), false, SourceLookup.NONE),
                "MedicationRequest");
    }

    /**
     * The NHS number of a draft MedicationRequest's subject (its identifier, or a Patient it refers to
     * inside the Bundle or contained); empty when it gives none. An invalid one is refused (UMR-0004).
     */
    public Optional<NhsNumber> findNhsNumber(MedicationRequest request, Bundle bundle) {
        try {
            return Optional.of(nhsNumberOf(
                    request.getSubject(),
                    request,
                    MessageContext.of(bundle, Optional.empty(), false, SourceLookup.NONE),
                    "MedicationRequest.subject"));
        } catch (InvalidInputException refused) {
            if (refused.code() == ErrorCode.MISSING_NHS_NUMBER) {
                return Optional.empty();
            }
            throw refused;
        }
    }

    private PatientFacts toPatientFacts(Patient patient, NhsNumber nhsNumber) {
        Gender gender = patient.hasGender()
                ? switch (patient.getGender()) {
                    case MALE -> Gender.MALE;
                    case FEMALE -> Gender.FEMALE;
                    case OTHER -> Gender.OTHER;
                    default -> Gender.UNKNOWN;
                }
                : null;
        PatientFacts facts = new PatientFacts(
                nhsNumber,
                gender,
                patient.hasBirthDate()
                        ? patient.getBirthDate()
                                .toInstant()
                                .atZone(ZoneOffset.UTC)
                                .toLocalDate()
                        : null,
                lastUpdated(patient));
        return facts;
    }

    // --- the source ---------------------------------------------------------------------------

    private Source sourceOf(Resource resource, MessageContext context) {
        String metaSource =
                resource.getMeta().hasSource() ? resource.getMeta().getSource() : context.bundleMetaSource();
        if (context.hintFirst() && context.hintedSource().isPresent()) {
            return context.hintedSource().get();
        }
        if (metaSource != null) {
            TextRules.check(metaSource, 4096, resource.fhirType() + ".meta.source");
            return context.sources()
                    .findBySystem(metaSource)
                    .orElseThrow(() -> new InvalidInputException(
                            ErrorCode.UNKNOWN_SOURCE,
                            "meta.source '" + metaSource
                                    + "' is not the system of any registered source; register it with "
                                    + "PUT /api/sources/{id} or correct meta.source",
                            List.of(resource.fhirType() + ".meta.source")));
        }
        return context.hintedSource()
                .orElseThrow(() -> new InvalidInputException(
                        ErrorCode.MISSING_SOURCE,
                        "no source named: set meta.source on the resource or its Bundle to a registered source's system, "
                                + "or name the source with ?source={id} ($ingest) or the umr-source header (Kafka)",
                        List.of(resource.fhirType() + ".meta.source")));
    }

    // --- the patient --------------------------------------------------------------------------

    private NhsNumber nhsNumberOf(Reference subject, DomainResource owner, MessageContext context, String path) {
        if (subject.hasIdentifier()) {
            Identifier identifier = subject.getIdentifier();
            if (!NhsNumber.SYSTEM.equals(identifier.getSystem())) {
                throw new InvalidInputException(
                        ErrorCode.MISSING_NHS_NUMBER,
                        path + ".identifier.system is '" + identifier.getSystem() + "'; UMR needs an NHS number ("
                                + NhsNumber.SYSTEM + ")",
                        List.of(path + ".identifier.system"));
            }
            return parseNhsNumber(identifier.getValue(), path + ".identifier.value");
        }
        if (subject.hasReference()) {
            Optional<Patient> patient = referenced(subject.getReference(), owner, context, Patient.class);
            if (patient.isPresent()) {
                return nhsIdentifier(patient.get().getIdentifier())
                        .map(id -> parseNhsNumber(id.getValue(), path + " → Patient.identifier"))
                        .orElseThrow(() -> new InvalidInputException(
                                ErrorCode.MISSING_NHS_NUMBER,
                                "the Patient that " + path + " refers to (" + subject.getReference()
                                        + ") has no NHS number identifier (" + NhsNumber.SYSTEM + ")",
                                List.of(path)));
            }
        }
        throw new InvalidInputException(
                ErrorCode.MISSING_NHS_NUMBER,
                path + " must identify the patient by NHS number: "
                        + "give subject.identifier {system: " + NhsNumber.SYSTEM
                        + ", value: ...}, or refer to a Patient with that "
                        + "identifier contained in the resource or in the same Bundle",
                List.of(path));
    }

    private static NhsNumber parseNhsNumber(String value, String path) {
        if (value == null || value.isBlank()) {
            throw new InvalidInputException(
                    ErrorCode.MISSING_NHS_NUMBER, path + " is empty; an NHS number has 10 digits", List.of(path));
        }
        try {
            return NhsNumber.parse(value);
        } catch (InvalidInputException invalid) {
            throw new InvalidInputException(
                    ErrorCode.INVALID_NHS_NUMBER, path + ": " + invalid.reason(), List.of(path));
        }
    }

    private static Optional<Identifier> nhsIdentifier(List<Identifier> identifiers) {
        return identifiers.stream()
                .filter(i -> NhsNumber.SYSTEM.equals(i.getSystem()))
                .findFirst();
    }

    // --- the medicine -------------------------------------------------------------------------

    private MedicationCode medicationOf(Type medication, DomainResource owner, MessageContext context, String path) {
        if (medication instanceof CodeableConcept concept && (concept.hasCoding() || concept.hasText())) {
            return medicationCode(concept);
        }
        if (medication instanceof Reference reference) {
            if (reference.hasReference()) {
                Optional<Medication> found = referenced(reference.getReference(), owner, context, Medication.class);
                if (found.isPresent()
                        && (found.get().getCode().hasCoding()
                                || found.get().getCode().hasText())) {
                    return medicationCode(found.get().getCode());
                }
            }
            if (reference.hasDisplay()) {
                return new MedicationCode(List.of(), reference.getDisplay());
            }
        }
        throw new InvalidInputException(
                ErrorCode.MISSING_MEDICATION,
                path + ".medication[x] must name the medicine: "
                        + "a medicationCodeableConcept with a dm+d coding (or at least text), or a medicationReference to a "
                        + "Medication contained in the resource or in the same Bundle",
                List.of(path + ".medication"));
    }

    private static MedicationCode medicationCode(CodeableConcept concept) {
        for (org.hl7.fhir.r4.model.Coding coding : concept.getCoding()) {
            TextRules.check(coding.getSystem(), 4096, "Medication.code.coding.system");
            TextRules.check(coding.getCode(), 4096, "Medication.code.coding.code");
            TextRules.check(coding.getDisplay(), 65536, "Medication.code.coding.display");
        }
        TextRules.check(concept.getText(), 65536, "Medication.code.text");
        List<Coding> codings = concept.getCoding().stream()
                .filter(c -> c.hasCode())
                .map(c -> new Coding(c.getSystem(), c.getCode(), c.getDisplay()))
                .toList();
        String text = concept.hasText()
                ? concept.getText()
                : concept.getCoding().stream()
                        .filter(c -> c.hasDisplay())
                        .map(c -> c.getDisplay())
                        .findFirst()
                        .orElse(null);
        return new MedicationCode(codings, text);
    }

    // --- the dose -----------------------------------------------------------------------------

    /**
     * Every dosage instruction read as {@link #dosageOf(List)} reads them, refusing what no prescriber
     * writes: a dose quantity that is zero, negative or not a finite number, and a timing whose
     * frequency or period is zero or negative.
     */
    static Dosage checkedDosage(List<org.hl7.fhir.r4.model.Dosage> instructions, String path) {
        for (int i = 0; i < instructions.size(); i++) {
            checkDosage(instructions.get(i), path + "[" + i + "]");
        }
        return dosageOf(instructions);
    }

    private static void checkDosage(org.hl7.fhir.r4.model.Dosage dosage, String path) {
        for (int i = 0; i < dosage.getDoseAndRate().size(); i++) {
            var doseAndRate = dosage.getDoseAndRate().get(i);
            if (!doseAndRate.hasDoseQuantity()) {
                continue;
            }
            var quantity = doseAndRate.getDoseQuantity();
            String at = path + ".doseAndRate[" + i + "].doseQuantity.value";
            if (quantity.hasValue()
                    && !(Double.isFinite(quantity.getValue().doubleValue())
                            && quantity.getValue().signum() > 0)) {
                throw new InvalidInputException(
                        ErrorCode.INVALID_RESOURCE,
                        at + " is " + quantity.getValue().toString() + "; a dose is a positive, finite quantity",
                        List.of(at));
            }
        }
        if (dosage.getTiming().hasRepeat()) {
            Timing.TimingRepeatComponent repeat = dosage.getTiming().getRepeat();
            if (repeat.hasFrequency() && repeat.getFrequency() <= 0) {
                throw new InvalidInputException(
                        ErrorCode.INVALID_RESOURCE,
                        path + ".timing.repeat.frequency is " + repeat.getFrequency() + "; it must be 1 or more",
                        List.of(path + ".timing.repeat.frequency"));
            }
            if (repeat.hasPeriod()
                    && !(Double.isFinite(repeat.getPeriod().doubleValue())
                            && repeat.getPeriod().signum() > 0)) {
                throw new InvalidInputException(
                        ErrorCode.INVALID_RESOURCE,
                        path + ".timing.repeat.period is " + repeat.getPeriod().toString()
                                + "; a period is a positive, finite number",
                        List.of(path + ".timing.repeat.period"));
            }
        }
    }

    /**
     * Every dosage instruction: the first one's fields, the others in {@link Dosage#more()}, their texts
     * joined. Of several doseAndRate entries of one instruction, the one typed "ordered" is read, else the
     * first; a doseRange gives a low and a high dose; timing frequency(Max) per period(Max) gives the
     * times a day (a range where the timing gives one); asNeeded[x] is kept.
     */
    static Dosage dosageOf(List<org.hl7.fhir.r4.model.Dosage> instructions) {
        if (instructions.isEmpty()) {
            return Dosage.NONE;
        }
        List<Dosage> read = new java.util.ArrayList<>();
        List<String> texts = new java.util.ArrayList<>();
        for (org.hl7.fhir.r4.model.Dosage instruction : instructions) {
            Dosage one = dosageOf(instruction);
            read.add(one);
            if (one.text() != null && !one.text().isBlank()) {
                texts.add(one.text().strip());
            }
        }
        Dosage first = read.get(0);
        return new Dosage(
                texts.isEmpty() ? null : String.join("; ", texts),
                first.doseValue(),
                first.doseUnit(),
                first.timesPerDay(),
                first.route(),
                first.doseHigh(),
                first.timesPerDayHigh(),
                first.asNeeded(),
                first.sequence(),
                read.subList(1, read.size()));
    }

    static Dosage dosageOf(org.hl7.fhir.r4.model.Dosage dosage) {
        Double doseValue = null;
        Double doseHigh = null;
        String doseUnit = null;
        org.hl7.fhir.r4.model.Dosage.DosageDoseAndRateComponent doseAndRate = dosage.getDoseAndRate().stream()
                .filter(d ->
                        d.hasType() && d.getType().getCoding().stream().anyMatch(c -> "ordered".equals(c.getCode())))
                .findFirst()
                .orElse(dosage.hasDoseAndRate() ? dosage.getDoseAndRateFirstRep() : null);
        if (doseAndRate != null && doseAndRate.hasDoseQuantity()) {
            var quantity = doseAndRate.getDoseQuantity();
            doseValue = quantity.hasValue() ? quantity.getValue().doubleValue() : null;
            doseUnit = quantity.hasUnit() ? quantity.getUnit() : quantity.getCode();
        } else if (doseAndRate != null && doseAndRate.hasDoseRange()) {
            var low = doseAndRate.getDoseRange().getLow();
            var high = doseAndRate.getDoseRange().getHigh();
            doseValue = low.hasValue() ? low.getValue().doubleValue() : null;
            doseHigh = high.hasValue() ? high.getValue().doubleValue() : null;
            doseUnit = low.hasUnit()
                    ? low.getUnit()
                    : low.hasCode() ? low.getCode() : high.hasUnit() ? high.getUnit() : high.getCode();
            if (doseValue == null) {
                doseValue = doseHigh;
            }
        }
        String route = dosage.hasRoute() ? firstCode(dosage.getRoute()) : null;
        Boolean asNeeded = null;
        if (dosage.hasAsNeededBooleanType()) {
            asNeeded = dosage.getAsNeededBooleanType().getValue();
        } else if (dosage.hasAsNeededCodeableConcept()) {
            asNeeded = Boolean.TRUE;
        }
        return new Dosage(
                dosage.hasText() ? dosage.getText() : null,
                doseValue,
                doseUnit,
                timesPerDay(dosage.getTiming(), false),
                route,
                doseHigh,
                timesPerDay(dosage.getTiming(), true),
                asNeeded,
                dosage.hasSequence() ? dosage.getSequence() : null,
                List.of());
    }

    /** frequency per period, as times a day; null where the timing is not that simple. */
    static Double timesPerDay(Timing timing) {
        return timesPerDay(timing, false);
    }

    /**
     * Times a day: the fewest (frequency per periodMax, else period) or, with {@code most}, the most
     * (frequencyMax, else frequency, per period); null where the timing is not that simple, or for the
     * most when the timing gives no range.
     */
    static Double timesPerDay(Timing timing, boolean most) {
        if (!timing.hasRepeat()) {
            return null;
        }
        Timing.TimingRepeatComponent repeat = timing.getRepeat();
        if (repeat.hasTimeOfDay() && !repeat.hasFrequency()) {
            return most ? null : (double) repeat.getTimeOfDay().size();
        }
        if (repeat.hasWhen() && !repeat.hasFrequency()) {
            return most ? null : (double) repeat.getWhen().size();
        }
        if (!repeat.hasFrequency() || !repeat.hasPeriod() || !repeat.hasPeriodUnit()) {
            return null;
        }
        if (most && !repeat.hasFrequencyMax() && !repeat.hasPeriodMax()) {
            return null;
        }
        double days = switch (repeat.getPeriodUnit()) {
            case S -> 1.0 / 86400;
            case MIN -> 1.0 / 1440;
            case H -> 1.0 / 24;
            case D -> 1;
            case WK -> 7;
            case MO -> 30;
            case A -> 365;
            default -> Double.NaN;
        };
        double frequency = most && repeat.hasFrequencyMax() ? repeat.getFrequencyMax() : repeat.getFrequency();
        double period = !most && repeat.hasPeriodMax()
                ? repeat.getPeriodMax().doubleValue()
                : repeat.getPeriod().doubleValue();
        double perDay = frequency / (period * days);
        return Double.isFinite(perDay) ? perDay : null;
    }

    // --- small pieces -------------------------------------------------------------------------

    private <T extends Resource> Optional<T> referenced(
            String reference, DomainResource owner, MessageContext context, Class<T> type) {
        Resource found = null;
        if (reference.startsWith("#")) {
            String id = reference.substring(1);
            found = owner.getContained().stream()
                    .filter(r -> id.equals(r.getIdElement().getIdPart()) || reference.equals(r.getId()))
                    .findFirst()
                    .orElse(null);
        } else {
            found = context.resolve(reference).orElse(null);
        }
        return type.isInstance(found) ? Optional.of(type.cast(found)) : Optional.empty();
    }

    private static void requireStatus(boolean present, String path) {
        if (!present) {
            throw new InvalidInputException(
                    ErrorCode.MISSING_STATUS,
                    path + ".status is required "
                            + "(active, completed, stopped, entered-in-error ...); UMR cannot tell whether the medicine is current without it",
                    List.of(path + ".status"));
        }
    }

    private static String businessKey(Resource resource, List<Identifier> identifiers, String contentKey, String path) {
        for (int i = 0; i < identifiers.size(); i++) {
            TextRules.check(
                    identifiers.get(i).getSystem(), MAX_IDENTIFIER_BYTES, path + ".identifier[" + i + "].system");
            TextRules.check(identifiers.get(i).getValue(), MAX_IDENTIFIER_BYTES, path + ".identifier[" + i + "].value");
        }
        Optional<Identifier> first =
                identifiers.stream().filter(Identifier::hasValue).findFirst();
        if (first.isPresent()) {
            return RecordKey.ofIdentifier(first.get().getSystem(), first.get().getValue());
        }
        String id = resourceId(resource);
        return id != null ? RecordKey.ofResourceId(id) : contentKey;
    }

    static String resourceId(Resource resource) {
        if (!resource.getIdElement().hasIdPart()
                || resource.getIdElement().getValue().startsWith("urn:")) {
            return null;
        }
        return resource.getIdElement().getIdPart();
    }

    /** A value for a column of limited size: refused (naming the element) when longer. */
    private static String column(String value, int max, String path) {
        if (value != null && value.length() > max) {
            throw new InvalidInputException(
                    ErrorCode.VALUE_TOO_LONG,
                    path + " is " + value.length() + " characters; UMR keeps at most " + max + " here",
                    List.of(path));
        }
        return value;
    }

    private static List<String> identifiers(List<Identifier> identifiers) {
        return identifiers.stream()
                .filter(Identifier::hasValue)
                .map(FhirMapper::identifierText)
                .toList();
    }

    private static String identifierText(Identifier identifier) {
        return (identifier.hasSystem() ? identifier.getSystem() : "") + "|" + identifier.getValue();
    }

    private static List<String> references(List<Reference> references) {
        List<String> result = new ArrayList<>();
        for (Reference reference : references) {
            if (reference.hasReference()) {
                result.add(reference.getReference());
            } else if (reference.hasIdentifier()) {
                result.add(identifierText(reference.getIdentifier()));
            }
        }
        return result;
    }

    private static String firstCode(CodeableConcept concept) {
        return concept.getCoding().stream()
                .filter(c -> c.hasCode())
                .map(c -> c.getCode())
                .findFirst()
                .orElse(null);
    }

    private static String dateTimeText(Type effective) {
        return effective instanceof org.hl7.fhir.r4.model.DateTimeType dateTime ? dateTime.getValueAsString() : null;
    }

    private static VersionStamp versionOf(Resource resource) {
        return new VersionStamp(
                lastUpdated(resource),
                VersionStamp.parseVersionNumber(resource.getMeta().getVersionId()),
                0);
    }

    private static Instant lastUpdated(Resource resource) {
        return resource.getMeta().hasLastUpdated()
                ? resource.getMeta().getLastUpdated().toInstant()
                : null;
    }

    /**
     * The resource as stored and served back: canonical JSON, without a Bundle-local urn: id. A
     * function of the received bytes alone: the id is dropped only while encoding, so a reference
     * to this resource from another entry of the Bundle stays as sent ("urn:uuid:..."); were the id
     * left off, HAPI would contain the resource under a random id in every resource referring to it.
     */
    String encode(Resource resource) {
        org.hl7.fhir.r4.model.IdType id = resource.getIdElement();
        if (!id.hasIdPart() || !id.getValue().startsWith("urn:")) {
            return fhir.newJsonParser().encodeResourceToString(resource);
        }
        resource.setId((String) null);
        try {
            return fhir.newJsonParser().encodeResourceToString(resource);
        } finally {
            resource.setIdElement(id);
        }
    }
}
