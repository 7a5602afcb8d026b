package health.umr.reconcile;

import static health.umr.reconcile.Records.ACUTE;
import static health.umr.reconcile.Records.GP;
import static health.umr.reconcile.Records.MENTAL_HEALTH;
import static health.umr.reconcile.Records.PATIENT;
import static health.umr.reconcile.Records.request;
import static health.umr.reconcile.Records.statement;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import health.umr.dmd.SnomedId;
import health.umr.domain.DiscrepancyType;
import health.umr.domain.Dosage;
import health.umr.domain.SourceRecord;
import health.umr.domain.UnifiedItem;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Dose discrepancies (issue 11): text is compared with structured doses through the dose-text reader,
 * every dosage instruction and dose range is read, as-needed doses are compared per dose, weekly doses
 * are weekly, and the same dose in other words is not a discrepancy. Must-flag and must-not-flag cases
 * both ways; VMPs are the synthetic fixture's (marked in Codes), VTMs real.
 */
class DoseDiscrepancyTest {

    private static final String AMITRIPTYLINE_10MG_TABLETS = Codes.AMITRIPTYLINE_10MG_TABLETS;
    private static final String AMITRIPTYLINE = Codes.AMITRIPTYLINE;
    /** Synthetic VMP "Methotrexate 2.5mg tablets" (src/test/resources/dmd/synthetic). */
    private static final String METHOTREXATE_2_5MG_TABLETS = SnomedId.extensionConceptId(126, "9999999");

    private static final String METHOTREXATE = "68887009";

    private final Reconciler reconciler = new Reconciler();

    private UnifiedItem item(SourceRecord... records) {
        var record = reconciler.reconcile(PATIENT, List.of(records), Records.SOURCES, TestDmd.get());
        assertEquals(1, record.items().size(), record::canonicalText);
        return record.items().get(0);
    }

    private static boolean flagged(UnifiedItem item) {
        return item.hasDiscrepancy(DiscrepancyType.DOSE);
    }

    @Test
    void mustNotFlag_theSameDoseInOtherWords() {
        assertFalse(flagged(item(
                statement(GP, "a")
                        .dmd(AMITRIPTYLINE_10MG_TABLETS)
                        .dosageText("One tablet once daily")
                        .build(),
                statement(MENTAL_HEALTH, "b")
                        .dmd(AMITRIPTYLINE_10MG_TABLETS)
                        .dosageText("1 tablet daily")
                        .build())));
        assertFalse(flagged(item(
                statement(GP, "a")
                        .dmd(AMITRIPTYLINE_10MG_TABLETS)
                        .dosageText("10mg at night")
                        .build(),
                statement(MENTAL_HEALTH, "b")
                        .dmd(AMITRIPTYLINE_10MG_TABLETS)
                        .dosageText("TAKE ONE DAILY")
                        .build())));
    }

    @Test
    void text200mgAgainstStructured50mg_isADiscrepancy_betweenSources_andWithinOneRecord() {
        SourceRecord gpText =
                statement(GP, "a").dmd(AMITRIPTYLINE).dosageText("200mg daily").build();
        SourceRecord acute = request(ACUTE, "b", "order")
                .dmd(AMITRIPTYLINE)
                .dose(50, "mg", 1)
                .build();
        UnifiedItem between = item(gpText, acute);
        assertTrue(flagged(between));
        assertTrue(between.discrepancy(DiscrepancyType.DOSE).get().detail().contains("200 mg a day"));

        SourceRecord selfContradicting = request(ACUTE, "c", "order")
                .dmd(AMITRIPTYLINE)
                .dosage(new Dosage("200mg daily", 50.0, "mg", 1.0, null))
                .build();
        UnifiedItem within = item(selfContradicting);
        assertTrue(flagged(within));
        assertEquals(
                "acute-b's dosage text says 200 mg a day (\"200mg daily\") but its structured dose 50 mg a day",
                within.discrepancy(DiscrepancyType.DOSE).get().detail());
    }

    @Test
    void everyDosageInstructionIsRead_twoInTheMorningAndOneAtNight_isThreeADay() {
        Dosage split = new Dosage(
                "2 tablets in the morning; 1 tablet at night",
                2.0,
                "tablet",
                1.0,
                null,
                null,
                null,
                null,
                null,
                List.of(new Dosage("1 tablet at night", 1.0, "tablet", 1.0, null)));
        SourceRecord acute = request(ACUTE, "b", "order")
                .dmd(AMITRIPTYLINE_10MG_TABLETS)
                .dosage(split)
                .build();
        assertFalse(flagged(item(
                acute,
                statement(GP, "a")
                        .dmd(AMITRIPTYLINE_10MG_TABLETS)
                        .dose(30, "mg", 1)
                        .build())));
        assertTrue(flagged(item(
                acute,
                statement(GP, "a")
                        .dmd(AMITRIPTYLINE_10MG_TABLETS)
                        .dose(20, "mg", 1)
                        .build())));
    }

    @Test
    void aDoseRangeOverlapping_isNotADiscrepancy_oneOutsideItIs() {
        Dosage oneOrTwo = new Dosage(null, 1.0, "tablet", 1.0, null, 2.0, null, null, null, List.of());
        SourceRecord gp = statement(GP, "a")
                .dmd(AMITRIPTYLINE_10MG_TABLETS)
                .dosage(oneOrTwo)
                .build();
        assertFalse(flagged(item(
                gp,
                statement(MENTAL_HEALTH, "b")
                        .dmd(AMITRIPTYLINE_10MG_TABLETS)
                        .dosageText("2 tablets at night")
                        .build())));
        assertTrue(flagged(item(
                gp,
                statement(MENTAL_HEALTH, "b")
                        .dmd(AMITRIPTYLINE_10MG_TABLETS)
                        .dosageText("4 tablets at night")
                        .build())));
    }

    @Test
    void asNeededDosesAreComparedPerDose() {
        Dosage prn =
                new Dosage("1-2 tablets when required", 1.0, "tablet", null, null, 2.0, null, true, null, List.of());
        SourceRecord gp =
                statement(GP, "a").dmd(AMITRIPTYLINE_10MG_TABLETS).dosage(prn).build();
        assertFalse(flagged(item(
                gp,
                statement(MENTAL_HEALTH, "b")
                        .dmd(AMITRIPTYLINE_10MG_TABLETS)
                        .dosageText("2 tablets when needed")
                        .build())));
        assertTrue(flagged(item(
                gp,
                statement(MENTAL_HEALTH, "b")
                        .dmd(AMITRIPTYLINE_10MG_TABLETS)
                        .dosageText("4 tablets when needed")
                        .build())));
    }

    @Test
    void weeklyMethotrexate_isWeekly_andADailyDoseOfItIsADiscrepancy() {
        SourceRecord hospital = request(ACUTE, "m", "order")
                .dmd(METHOTREXATE)
                .dose(15, "mg", 1.0 / 7)
                .build();
        assertFalse(flagged(item(
                hospital,
                statement(GP, "a")
                        .dmd(METHOTREXATE_2_5MG_TABLETS)
                        .dosageText("six tablets once a week on Mondays")
                        .build())));
        assertTrue(flagged(item(
                hospital,
                statement(GP, "a")
                        .dmd(METHOTREXATE_2_5MG_TABLETS)
                        .dosageText("15mg once daily")
                        .build())));
    }

    @Test
    void mustNotFlag_aTextNeitherCanRead_againstOneThatCanBeRead() {
        assertFalse(flagged(item(
                statement(GP, "a")
                        .dmd(AMITRIPTYLINE_10MG_TABLETS)
                        .dosageText("As directed")
                        .build(),
                statement(MENTAL_HEALTH, "b")
                        .dmd(AMITRIPTYLINE_10MG_TABLETS)
                        .dosageText("10mg at night")
                        .build())));
    }
}
