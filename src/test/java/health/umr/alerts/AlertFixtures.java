package health.umr.alerts;

import health.umr.dmd.Dmd;
import health.umr.dmd.SnomedId;
import health.umr.domain.Admission;
import health.umr.domain.EncounterRecord;
import health.umr.domain.Gender;
import health.umr.domain.NhsNumber;
import health.umr.domain.PatientFacts;
import health.umr.domain.RecordKey;
import health.umr.domain.RecordKind;
import health.umr.domain.ReferenceTime;
import health.umr.domain.Source;
import health.umr.domain.SourceRecord;
import health.umr.domain.UnifiedRecord;
import health.umr.domain.VersionStamp;
import health.umr.reconcile.Admissions;
import health.umr.reconcile.Reconciler;
import health.umr.reconcile.Records;
import health.umr.support.DmdFixtures;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the alert rule tests build on: a real dm+d (the release files under src/test/resources/dmd:
 * the real 2019 subset with every VTM, the synthetic VMPs of its README laid over it, the real 2021
 * co-amilofruse extract), the real {@link Reconciler} and {@link Admissions}, and source records built
 * as FhirMapper makes them. Never a mock: codes resolve as a real release resolves them.
 */
final class AlertFixtures {

    static final NhsNumber PATIENT = NhsNumber.parse("9449306680");

    // the sources every domain test shares (reconcile.Records)
    static final Source GP = Records.GP;
    static final Source ACUTE = Records.ACUTE;
    static final Source MENTAL_HEALTH = Records.MENTAL_HEALTH;
    static final Source HOMECARE = Records.HOMECARE;
    static final Map<String, Source> SOURCES =
            Map.of(GP.id(), GP, ACUTE.id(), ACUTE, MENTAL_HEALTH.id(), MENTAL_HEALTH, HOMECARE.id(), HOMECARE);

    /** The date the records below carry by default. */
    static final String RECORD_DATE = "2026-11-01T10:00:00Z";

    /** The reference time the rules are evaluated at unless a test says otherwise ("today": 2 November 2026). */
    static final ReferenceTime AT = ReferenceTime.at(Instant.parse("2026-11-02T10:00:00Z"));

    // dm+d ids: VTMs real (2019 VTM file); VMPs synthetic (namespace 9999999, see the fixture README)
    static final String AMITRIPTYLINE = "40589005";
    static final String AMITRIPTYLINE_10MG_TABLETS = synthetic(104);
    static final String AMITRIPTYLINE_10MG_TABLETS_AMP = synthetic(204);
    static final String CO_CARELDOPA = "404830004";
    static final String CO_CARELDOPA_25_100_TABLETS = synthetic(101);
    static final String LEVODOPA = "15383004";
    static final String SODIUM_VALPROATE = "10049011000001109";
    static final String SODIUM_VALPROATE_200MG_GR_TABLETS = synthetic(103);
    static final String APIXABAN = "703906002";
    static final String APIXABAN_5MG_TABLETS = synthetic(105);
    static final String RIVAROXABAN = "442539005";
    static final String RIVAROXABAN_20MG_TABLETS = synthetic(106);
    static final String SERTRALINE = "321958004";
    static final String SERTRALINE_50MG_TABLETS = synthetic(107);
    static final String CITALOPRAM = "321986007";
    static final String CITALOPRAM_20MG_TABLETS = synthetic(108);
    static final String OMEPRAZOLE = "25673006";
    static final String OMEPRAZOLE_20MG_CAPSULES = synthetic(109);
    static final String LANSOPRAZOLE = "108666007";
    static final String LANSOPRAZOLE_30MG_CAPSULES = synthetic(110);
    static final String INSULIN_GLARGINE = "126212009";
    static final String LEVETIRACETAM_500MG_TABLETS = synthetic(112);
    static final String OXYBUTYNIN = "35768004";
    static final String OXYBUTYNIN_5MG_TABLETS = synthetic(113);
    static final String HEPARIN = "84812008";
    static final String HEPARIN_FLUSH_10_UNITS_ML = synthetic(114);
    static final String HEPARIN_5000_UNITS_ML = synthetic(115);
    static final String BUPRENORPHINE = "31684002";
    static final String BUPRENORPHINE_PATCH = synthetic(116);
    static final String BUPRENORPHINE_8MG_SUBLINGUAL = synthetic(117);
    static final String PREDNISOLONE = "52388000";
    static final String PREDNISOLONE_EYE_DROPS = synthetic(118);
    static final String PREDNISOLONE_5MG_TABLETS = synthetic(119);
    static final String HYDROCORTISONE = "16602005";
    static final String HYDROCORTISONE_CREAM = synthetic(120);
    static final String HYDROCORTISONE_10MG_TABLETS = synthetic(121);
    static final String HYDROCORTISONE_INJECTION = synthetic(122);
    static final String CO_BENELDOPA = "18036811000001106";
    static final String CO_BENELDOPA_DISPERSIBLE = synthetic(123);
    static final String ATROPINE_EYE_DROPS = synthetic(124);
    static final String MEPYRAMINE_CREAM = synthetic(125);
    static final String METHOTREXATE_2_5MG_TABLETS = synthetic(126);
    static final String ROTIGOTINE_PATCH = synthetic(127);
    static final String IBUPROFEN_GEL = synthetic(128);
    static final String NAPROXEN_500MG_TABLETS = synthetic(129);
    static final String DESMOPRESSIN_NASAL_SPRAY = synthetic(130);
    // real VTMs (2019 VTM file) used at VTM level
    static final String ROPINIROLE = "108473005";
    static final String LEVETIRACETAM = "116076009";
    static final String CLOBAZAM = "96236000";
    static final String INSULIN_ASPART = "388452006";
    static final String TACROLIMUS = "109129008";
    static final String MYCOPHENOLATE_MOFETIL = "109131004";
    static final String CLOZAPINE = "96221003";
    static final String GABAPENTIN = "108402001";
    static final String PREGABALIN = "415159003";
    static final String DOLUTEGRAVIR = "23942511000001102";
    static final String DESMOPRESSIN = "73454001";
    static final String DEFLAZACORT = "116578002";
    static final String BETAMETHASONE = "29896003";
    static final String ENOXAPARIN = "108984007";
    static final String VENLAFAXINE = "108432009";
    static final String PHENELZINE = "9500005";
    static final String NORTRIPTYLINE = "13432000";
    static final String CLOPIDOGREL = "108979001";
    static final String TICAGRELOR = "704464003";
    static final String ASPIRIN = "7947003";
    static final String ZOPICLONE = "321174005";
    static final String DIAZEPAM = "48546005";
    static final String CO_CODAMOL = "412556009";
    static final String METHADONE = "51758009";
    static final String MORPHINE = "73572009";

    private static ReferenceLists lists;

    private AlertFixtures() {}

    static Dmd dmd() {
        return DmdFixtures.testRelease();
    }

    /** The reference lists the service ships (src/main/resources/reference). */
    static synchronized ReferenceLists lists() {
        if (lists == null) {
            lists = ReferenceLists.fromClasspath();
        }
        return lists;
    }

    static UnifiedRecord reconcile(SourceRecord... records) {
        return new Reconciler().reconcile(PATIENT, List.of(records), SOURCES, dmd());
    }

    static Admission admission(EncounterRecord... encounters) {
        return Admissions.of(List.of(encounters), id -> Optional.ofNullable(SOURCES.get(id)));
    }

    static Optional<PatientFacts> facts(Gender gender, String birthDate) {
        return Optional.of(new PatientFacts(
                PATIENT, gender, birthDate == null ? null : LocalDate.parse(birthDate), Instant.parse(RECORD_DATE)));
    }

    static EncounterRecord encounter(
            Source source, String id, String encounterClass, String status, String periodStart) {
        return new EncounterRecord(
                new RecordKey(source.id(), RecordKind.ENCOUNTER, RecordKey.ofResourceId(id)),
                id,
                PATIENT,
                encounterClass,
                status,
                periodStart,
                null,
                List.of(),
                new VersionStamp(Instant.parse(RECORD_DATE), null, 0));
    }

    /** A source record of this patient, one field at a time; dated {@link #RECORD_DATE} unless told otherwise. */
    static Records statement(Source source, String id) {
        return Records.statement(source, id).patient(PATIENT).updated(RECORD_DATE);
    }

    static Records request(Source source, String id, String intent) {
        return Records.request(source, id, intent).patient(PATIENT).updated(RECORD_DATE);
    }

    private static String synthetic(long item) {
        return SnomedId.extensionConceptId(item, "9999999");
    }
}
