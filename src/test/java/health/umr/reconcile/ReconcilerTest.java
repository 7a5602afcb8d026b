package health.umr.reconcile;

import static health.umr.reconcile.Codes.*;
import static health.umr.reconcile.Records.ACUTE;
import static health.umr.reconcile.Records.GP;
import static health.umr.reconcile.Records.HOMECARE;
import static health.umr.reconcile.Records.MENTAL_HEALTH;
import static health.umr.reconcile.Records.PATIENT;
import static health.umr.reconcile.Records.request;
import static health.umr.reconcile.Records.statement;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import health.umr.domain.Coding;
import health.umr.domain.ContributingRecord;
import health.umr.domain.Discrepancy;
import health.umr.domain.DiscrepancyType;
import health.umr.domain.Dosage;
import health.umr.domain.ItemSource;
import health.umr.domain.MedicationStatus;
import health.umr.domain.NhsNumber;
import health.umr.domain.SourceRecord;
import health.umr.domain.SourceSetting;
import health.umr.domain.UnifiedItem;
import health.umr.domain.UnifiedRecord;
import java.time.Instant;
import java.time.Period;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ReconcilerTest {

    private final Reconciler reconciler = new Reconciler();

    private UnifiedRecord reconcile(SourceRecord... records) {
        return reconciler.reconcile(PATIENT, List.of(records), Records.SOURCES, TestDmd.get());
    }

    private static UnifiedItem only(UnifiedRecord record) {
        assertEquals(1, record.items().size(), () -> "expected one item, got " + record.canonicalText());
        return record.items().get(0);
    }

    private static ItemSource sourceOf(UnifiedItem item, String sourceId) {
        return item.sources().stream()
                .filter(s -> s.sourceId().equals(sourceId))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no source " + sourceId + " in " + item));
    }

    private static String discrepancyDetail(UnifiedItem item, DiscrepancyType type) {
        return item.discrepancy(type)
                .map(Discrepancy::detail)
                .orElseThrow(() -> new AssertionError("no " + type + " in " + item));
    }

    @Test
    void fixture_namesTheProductsTheTestsUse() {
        // the tests below read as clinical stories; this pins the dm+d fixture ids to those stories
        Map<String, String> expected = Map.of(
                AMITRIPTYLINE_10MG_TABLETS, "Amitriptyline 10mg tablets",
                CO_CARELDOPA_25_100_TABLETS, "Co-careldopa 25mg/100mg tablets",
                CO_CARELDOPA_50_200_MR_TABLETS, "Co-careldopa 50mg/200mg modified-release tablets",
                APIXABAN_5MG_TABLETS, "Apixaban 5mg tablets",
                INSULIN_GLARGINE_PREFILLED,
                        "Insulin glargine 100units/ml solution for injection 3ml pre-filled disposable devices",
                SERTRALINE_50MG_TABLETS, "Sertraline 50mg tablets",
                OMEPRAZOLE_20MG_CAPSULES, "Omeprazole 20mg gastro-resistant capsules",
                CO_AMILOFRUSE_5_40_TABLETS, "Co-amilofruse 5mg/40mg tablets",
                ADENOSINE_6MG_2ML_VIALS, "Adenosine 6mg/2ml solution for injection vials");
        expected.forEach((code, name) ->
                assertEquals(Optional.of(name), TestDmd.get().lookup(code).map(health.umr.dmd.DmdConcept::name), code));
        assertEquals(Optional.of(AMITRIPTYLINE_10MG_TABLETS), TestDmd.get().vmpOf(AMITRIPTYLINE_10MG_TABLETS_AMP));
        assertEquals(Optional.of(CO_CARELDOPA_25_100_TABLETS), TestDmd.get().vmpOf(CO_CARELDOPA_25_100_TABLETS_AMP));
        assertEquals(
                Optional.of(CO_CARELDOPA_50_200_MR_TABLETS), TestDmd.get().vmpOf(CO_CARELDOPA_50_200_MR_TABLETS_AMP));
    }

    @Nested
    class ResolvingTheMedicine {

        @Test
        void reconcile_resolvesVmpToItsVtmAndNamesBoth() {
            // Given a GP statement coded at VMP level
            SourceRecord gp =
                    statement(GP, "ms-1").dmd(AMITRIPTYLINE_10MG_TABLETS).build();

            // When
            UnifiedItem item = only(reconcile(gp));

            // Then the item carries the VTM and VMP with their dm+d names
            assertAll(
                    () -> assertEquals(new Coding(DMD, AMITRIPTYLINE, "Amitriptyline"), item.vtm()),
                    () -> assertEquals(
                            new Coding(DMD, AMITRIPTYLINE_10MG_TABLETS, "Amitriptyline 10mg tablets"), item.vmp()),
                    () -> assertTrue(item.isMapped()),
                    () -> assertEquals("vtm:" + AMITRIPTYLINE, item.itemKey()),
                    () -> assertEquals(Optional.of(item.vmp()), item.medication()));
        }

        @Test
        void reconcile_mapsRetiredVtmIdToCurrentOne() {
            // Given a record sent with the co-careldopa VTM id retired in 2007
            SourceRecord old = statement(GP, "ms-1").dmd(CO_CARELDOPA_RETIRED).build();

            // When
            UnifiedItem item = only(reconcile(old));

            // Then it is the current VTM, while the source keeps the code it sent
            assertEquals(CO_CARELDOPA, item.vtm().code());
            assertEquals("Co-careldopa", item.vtm().display());
            assertEquals(
                    CO_CARELDOPA_RETIRED, item.sources().get(0).medication().code());
            assertEquals(CO_CARELDOPA, item.sources().get(0).dmdCode());
        }

        @Test
        void reconcile_acceptsEveryDmdSystemSpelling() {
            // Given the same VMP under https://dmd.nhs.uk, https://dmd.nhs.uk/ and http://snomed.info/sct
            SourceRecord gp = statement(GP, "a")
                    .coded(DMD, AMITRIPTYLINE_10MG_TABLETS, null)
                    .build();
            SourceRecord acute = request(ACUTE, "b", "order")
                    .coded(DMD_SLASH, AMITRIPTYLINE_10MG_TABLETS, null)
                    .build();
            SourceRecord mh = statement(MENTAL_HEALTH, "c")
                    .coded(SNOMED, AMITRIPTYLINE_10MG_TABLETS, null)
                    .build();

            // When
            UnifiedItem item = only(reconcile(gp, acute, mh));

            // Then all three are one mapped item
            assertEquals(3, item.sources().size());
            assertTrue(item.isMapped());
        }

        @Test
        void reconcile_usesFirstKnownDmdCodingAfterOtherSystems() {
            // Given a Read code first and the dm+d code second
            SourceRecord gp = statement(GP, "ms-1")
                    .coded("http://read.info/readv2", "dj3..", "Amitriptyline 10mg tablets")
                    .coded(SNOMED, "999999999999999", null)
                    .coded(SNOMED, AMITRIPTYLINE_10MG_TABLETS_AMP, "Amitriptyline 10mg tablets (Synthetic)")
                    .build();

            // When
            UnifiedItem item = only(reconcile(gp));

            // Then the known dm+d coding decides, and is the one shown as sent
            assertEquals(AMITRIPTYLINE, item.vtm().code());
            assertEquals(
                    new Coding(SNOMED, AMITRIPTYLINE_10MG_TABLETS_AMP, "Amitriptyline 10mg tablets (Synthetic)"),
                    item.sources().get(0).medication());
        }

        @Test
        void reconcile_groupsVmpWithoutVtmByVmp() {
            // Given two sources naming a feed VMP that has no VTM
            SourceRecord gp = statement(GP, "a").dmd(NUTRISON_LIQUID).build();
            SourceRecord homecare =
                    statement(HOMECARE, "b").dmd(NUTRISON_LIQUID).build();

            // When
            UnifiedItem item = only(reconcile(gp, homecare));

            // Then they are one item keyed by the VMP
            assertEquals("vmp:" + NUTRISON_LIQUID, item.itemKey());
            assertNull(item.vtm());
            assertEquals("Generic Nutrison liquid", item.vmp().display());
            assertEquals(2, item.sources().size());
        }
    }

    @Nested
    class UnmappedMedicines {

        @Test
        void reconcile_keepsTextOnlyRecordsApartEvenWithTheSameText() {
            // Given two sources with the same text-only medicine
            SourceRecord gp =
                    statement(GP, "a").text("Hypromellose 0.3% eye drops").build();
            SourceRecord mh = statement(MENTAL_HEALTH, "b")
                    .text("Hypromellose 0.3% eye drops")
                    .build();

            // When
            UnifiedRecord record = reconcile(gp, mh);

            // Then each is its own unmapped item: never merged by guesswork
            assertEquals(2, record.items().size());
            assertTrue(record.items().stream().noneMatch(UnifiedItem::isMapped));
            assertTrue(record.items().stream().allMatch(i -> "Hypromellose 0.3% eye drops".equals(i.medicationText())));
            assertEquals(
                    List.of("unmapped:gp-a|MedicationStatement|id:a", "unmapped:mh-c|MedicationStatement|id:b"),
                    record.items().stream().map(UnifiedItem::itemKey).toList());
        }

        @Test
        void reconcile_marksOtherSystemsAndUnknownDmdCodesUnmapped() {
            // Given a Read-coded record and a dm+d id the release does not know
            SourceRecord read = statement(GP, "a")
                    .coded("http://read.info/readv2", "bxd5.", "Furosemide 40mg tablets")
                    .build();
            SourceRecord unknown = statement(ACUTE, "b")
                    .coded(DMD, "999999999999999", "Mystery tablets")
                    .build();

            // When
            UnifiedRecord record = reconcile(read, unknown);

            // Then both are unmapped items, showing the coding as sent
            assertEquals(2, record.items().size());
            assertTrue(record.items().stream().noneMatch(UnifiedItem::isMapped));
            assertEquals(
                    List.of("Furosemide 40mg tablets", "Mystery tablets"),
                    record.items().stream().map(UnifiedItem::name).sorted().toList());
            ItemSource acute = record.items().stream()
                    .flatMap(i -> i.sources().stream())
                    .filter(s -> s.sourceId().equals("acute-b"))
                    .findFirst()
                    .orElseThrow();
            assertEquals(new Coding(DMD, "999999999999999", "Mystery tablets"), acute.medication());
            assertNull(acute.dmdCode());
        }

        @Test
        void reconcile_listsMappedItemsBeforeUnmappedOnes() {
            SourceRecord text = statement(GP, "a").text("Aqueous cream").build();
            SourceRecord coded = statement(GP, "b").dmd(SERTRALINE_50MG_TABLETS).build();

            UnifiedRecord record = reconcile(text, coded);

            assertEquals(
                    List.of(true, false),
                    record.items().stream().map(UnifiedItem::isMapped).toList());
        }
    }

    @Nested
    class MergingAcrossLevels {

        @Test
        void reconcile_mergesVmpAmpAndVtmOfTheSameMedicineIntoOneItem() {
            // Given GP at VMP, mental health at AMP, hospital at VTM
            SourceRecord gp = statement(GP, "a").dmd(AMITRIPTYLINE_10MG_TABLETS).build();
            SourceRecord mh = statement(MENTAL_HEALTH, "b")
                    .coded(SNOMED, AMITRIPTYLINE_10MG_TABLETS_AMP, null)
                    .build();
            SourceRecord acute = request(ACUTE, "c", "order").dmd(AMITRIPTYLINE).build();

            // When
            UnifiedItem item = only(reconcile(gp, mh, acute));

            // Then one item with every source, and the VMP all product-level sources agree on
            assertEquals(
                    List.of("acute-b", "gp-a", "mh-c"),
                    item.sources().stream().map(ItemSource::sourceId).toList());
            assertEquals(AMITRIPTYLINE_10MG_TABLETS, item.vmp().code());
            assertTrue(
                    item.discrepancies().isEmpty(), () -> item.discrepancies().toString());
        }

        @Test
        void reconcile_mergesCoAmilofruseAtVmpAmppAndRetiredVtm() {
            // Given (real 2021 extract) GP at VMP, homecare at AMPP, hospital at the retired VTM id 354303007
            SourceRecord gp =
                    statement(GP, "gp-1").dmd(CO_AMILOFRUSE_5_40_TABLETS).build();
            SourceRecord homecare = request(HOMECARE, "hc-1", "order")
                    .coded(SNOMED, CO_AMILOFRUSE_5_40_COMBINATION_PACK_AMPP, null)
                    .build();
            SourceRecord acute = request(ACUTE, "ip-1", "order")
                    .coded(DMD_SLASH, CO_AMILOFRUSE_RETIRED, "Co-amilofruse")
                    .build();

            // When
            UnifiedItem item = only(reconcile(gp, homecare, acute));

            // Then one item: the current VTM, the agreed VMP, three sources
            assertAll(
                    () -> assertEquals(new Coding(DMD, CO_AMILOFRUSE, "Co-amilofruse"), item.vtm()),
                    () -> assertEquals(
                            new Coding(DMD, CO_AMILOFRUSE_5_40_TABLETS, "Co-amilofruse 5mg/40mg tablets"), item.vmp()),
                    () -> assertEquals(3, item.sources().size()),
                    () -> assertEquals(CO_AMILOFRUSE, sourceOf(item, "acute-b").dmdCode()),
                    () -> assertEquals(
                            CO_AMILOFRUSE_RETIRED,
                            sourceOf(item, "acute-b").medication().code()));
        }

        @Test
        void reconcile_leavesVmpUnsetWhenSourcesNameDifferentProducts() {
            // Given the two co-amilofruse strengths from two sources
            SourceRecord gp = statement(GP, "a").dmd(CO_AMILOFRUSE_5_40_TABLETS).build();
            SourceRecord acute = request(ACUTE, "b", "order")
                    .dmd(CO_AMILOFRUSE_2_5_20_TABLETS)
                    .build();

            // When
            UnifiedItem item = only(reconcile(gp, acute));

            // Then the item is published at VTM level (the 2.5mg/20mg VMP has no strengths in this extract,
            // so no dose difference can be shown)
            assertNull(item.vmp());
            assertEquals(Optional.of(item.vtm()), item.medication());
            assertFalse(item.hasDiscrepancy(DiscrepancyType.DOSE));
        }
    }

    @Nested
    class DoseDiscrepancies {

        @Test
        void reconcile_flagsDifferentDailyDosesOfOneMedicine() {
            // Given GP: one 10mg tablet once a day; hospital (VTM): 20 mg once a day
            SourceRecord gp = statement(GP, "a")
                    .dmd(AMITRIPTYLINE_10MG_TABLETS)
                    .dose(1, "tablet", 1)
                    .build();
            SourceRecord acute = request(ACUTE, "b", "order")
                    .dmd(AMITRIPTYLINE)
                    .dose(20, "mg", 1)
                    .build();

            // When
            UnifiedItem item = only(reconcile(gp, acute));

            // Then one item with a dose discrepancy naming both daily doses
            assertEquals(
                    "Sources differ on the dose: acute-b 20 mg a day (Amitriptyline); "
                            + "gp-a 10 mg a day (Amitriptyline 10mg tablets)",
                    discrepancyDetail(item, DiscrepancyType.DOSE));
            assertEquals(
                    List.of("acute-b", "gp-a"),
                    item.discrepancy(DiscrepancyType.DOSE).orElseThrow().sourceIds());
            assertEquals("10 mg a day", sourceOf(item, "gp-a").dailyDose());
        }

        @Test
        void reconcile_acceptsTheSameDailyDoseGivenAsTabletsOrMilligrams() {
            // Given GP: two 10mg tablets at night; hospital: 10 mg twice a day (in micrograms)
            SourceRecord gp = statement(GP, "a")
                    .dmd(AMITRIPTYLINE_10MG_TABLETS)
                    .dose(2, "tablets", 1)
                    .build();
            SourceRecord acute = request(ACUTE, "b", "order")
                    .dmd(AMITRIPTYLINE)
                    .dose(10000, "microgram", 2)
                    .build();

            // When
            UnifiedItem item = only(reconcile(gp, acute));

            // Then no dose discrepancy
            assertFalse(
                    item.hasDiscrepancy(DiscrepancyType.DOSE),
                    () -> item.discrepancies().toString());
        }

        @Test
        void reconcile_convertsMillilitresThroughTheConcentration() {
            // Given 2 ml of adenosine 3mg/1ml against 6 mg, once a day
            SourceRecord a = request(ACUTE, "a", "order")
                    .dmd(ADENOSINE_6MG_2ML_VIALS)
                    .dose(2, "ml", 1)
                    .build();
            SourceRecord b = statement(GP, "b").dmd(ADENOSINE).dose(6, "mg", 1).build();
            SourceRecord c = statement(MENTAL_HEALTH, "c")
                    .dmd(ADENOSINE)
                    .dose(9, "mg", 1)
                    .build();

            // When
            UnifiedItem same = only(reconcile(a, b));
            UnifiedItem different = only(reconcile(a, c));

            // Then
            assertEquals("6 mg a day", sourceOf(same, "acute-b").dailyDose());
            assertFalse(same.hasDiscrepancy(DiscrepancyType.DOSE));
            assertTrue(different.hasDiscrepancy(DiscrepancyType.DOSE));
        }

        @Test
        void reconcile_comparesMultiIngredientDosesPerIngredient() {
            // Given co-careldopa 25/100: one tablet three times a day, from two sources, one at AMP level
            SourceRecord gp = statement(GP, "a")
                    .dmd(CO_CARELDOPA_25_100_TABLETS)
                    .dose(1, "tablet", 3)
                    .build();
            SourceRecord acute = request(ACUTE, "b", "order")
                    .dmd(CO_CARELDOPA_25_100_TABLETS_AMP)
                    .dose(1, "tablet", 3)
                    .build();
            SourceRecord mh = statement(MENTAL_HEALTH, "c")
                    .dmd(CO_CARELDOPA_25_100_TABLETS)
                    .dose(1, "tablet", 4)
                    .build();

            // When
            UnifiedItem agreeing = only(reconcile(gp, acute));
            UnifiedItem differing = only(reconcile(gp, mh));

            // Then
            assertFalse(agreeing.hasDiscrepancy(DiscrepancyType.DOSE));
            assertEquals(
                    "75 mg carbidopa + 300 mg levodopa a day",
                    sourceOf(agreeing, "gp-a").dailyDose());
            assertTrue(differing.hasDiscrepancy(DiscrepancyType.DOSE));
        }

        @Test
        void reconcile_comparesTextOnlyDosagesIgnoringCaseAndSpacing() {
            // Given text-only dosages that differ only in case, spacing and a full stop
            SourceRecord gp = statement(GP, "a")
                    .dmd(AMITRIPTYLINE_10MG_TABLETS)
                    .dosageText("One tablet at NIGHT")
                    .build();
            SourceRecord mh = statement(MENTAL_HEALTH, "b")
                    .dmd(AMITRIPTYLINE)
                    .dosageText("  one tablet   at night.")
                    .build();
            SourceRecord mhTwo = statement(MENTAL_HEALTH, "b")
                    .dmd(AMITRIPTYLINE)
                    .dosageText("Two tablets at night")
                    .build();

            // When
            UnifiedItem same = only(reconcile(gp, mh));
            UnifiedItem different = only(reconcile(gp, mhTwo));

            // Then
            assertFalse(same.hasDiscrepancy(DiscrepancyType.DOSE));
            assertEquals(
                    "Sources differ on the dose: gp-a 10 mg a day (\"one tablet at night\") (Amitriptyline 10mg tablets); "
                            + "mh-c 2 tablet a day (\"two tablets at night\") (Amitriptyline)",
                    discrepancyDetail(different, DiscrepancyType.DOSE));
        }

        @Test
        void reconcile_comparesTextWithStructuredDosage_throughTheDoseTextReader() {
            // Given GP text only ("one" 10mg tablet at night = 10 mg a day), hospital structured 25 mg a day
            SourceRecord gp = statement(GP, "a")
                    .dmd(AMITRIPTYLINE_10MG_TABLETS)
                    .dosageText("one at night")
                    .build();
            SourceRecord acute = request(ACUTE, "b", "order")
                    .dmd(AMITRIPTYLINE)
                    .dose(25, "mg", 1)
                    .build();
            SourceRecord acuteSame = request(ACUTE, "b", "order")
                    .dmd(AMITRIPTYLINE)
                    .dose(10, "mg", 1)
                    .build();

            // When / Then 10 mg and 25 mg a day differ; 10 mg and 10 mg do not
            assertEquals(
                    "Sources differ on the dose: acute-b 25 mg a day (Amitriptyline); "
                            + "gp-a 10 mg a day (\"one at night\") (Amitriptyline 10mg tablets)",
                    discrepancyDetail(only(reconcile(gp, acute)), DiscrepancyType.DOSE));
            assertFalse(only(reconcile(gp, acuteSame)).hasDiscrepancy(DiscrepancyType.DOSE));
        }

        @Test
        void reconcile_flagsDifferentStrengthsAndFormsFromDifferentSources() {
            // Given GP co-careldopa 25/100 tablets, mental health 50/200 modified-release, dosage text only
            SourceRecord gp = statement(GP, "a")
                    .dmd(CO_CARELDOPA_25_100_TABLETS)
                    .dosageText("one three times a day")
                    .build();
            SourceRecord mh = statement(MENTAL_HEALTH, "b")
                    .dmd(CO_CARELDOPA_50_200_MR_TABLETS)
                    .dosageText("one at night")
                    .build();

            // When
            UnifiedItem item = only(reconcile(gp, mh));

            // Then one item (no one source lists both), with dose and form discrepancies
            assertEquals("vtm:" + CO_CARELDOPA, item.itemKey());
            assertTrue(item.hasDiscrepancy(DiscrepancyType.DOSE));
            assertEquals(
                    "Sources name different forms: gp-a Tablet; mh-c Modified-release tablet",
                    discrepancyDetail(item, DiscrepancyType.FORM));
        }

        @Test
        void reconcile_addsOneSourcesSeveralContributionsBeforeComparing() {
            // Given GP: 10mg morning and 10mg night as two plans; hospital: 20 mg a day
            SourceRecord morning = request(GP, "p1", "plan")
                    .dmd(AMITRIPTYLINE_10MG_TABLETS)
                    .dose(1, "tablet", 1)
                    .build();
            SourceRecord night = request(GP, "p2", "plan")
                    .dmd(AMITRIPTYLINE_10MG_TABLETS)
                    .dose(1, "tablet", 1)
                    .build();
            SourceRecord acute = request(ACUTE, "b", "order")
                    .dmd(AMITRIPTYLINE)
                    .dose(20, "mg", 1)
                    .build();

            // When
            UnifiedItem item = only(reconcile(morning, night, acute));

            // Then the GP's 20 mg a day agrees with the hospital's
            assertFalse(
                    item.hasDiscrepancy(DiscrepancyType.DOSE),
                    () -> item.discrepancies().toString());
        }

        @Test
        void reconcile_flagsRouteAndSkipsDoseComparisonAcrossRoutes() {
            // Given insulin glargine subcutaneous at the GP and intravenous in hospital, different doses
            SourceRecord gp = statement(GP, "a")
                    .dmd(INSULIN_GLARGINE_PREFILLED)
                    .dose(10, "unit", 1)
                    .route(SUBCUTANEOUS)
                    .build();
            SourceRecord acute = request(ACUTE, "b", "order")
                    .dmd(INSULIN_GLARGINE)
                    .dose(2, "units", 24)
                    .route(INTRAVENOUS)
                    .build();

            // When
            UnifiedItem item = only(reconcile(gp, acute));

            // Then a route discrepancy, and doses across routes are not compared
            assertEquals(
                    "Sources give different routes: acute-b 47625008; gp-a Subcutaneous",
                    discrepancyDetail(item, DiscrepancyType.ROUTE));
            assertFalse(item.hasDiscrepancy(DiscrepancyType.DOSE));
        }

        @Test
        void reconcile_ignoresStoppedSourcesWhenComparingDoses() {
            // Given the hospital stopped its 20 mg order; the GP has 10 mg active
            SourceRecord gp = statement(GP, "a")
                    .dmd(AMITRIPTYLINE_10MG_TABLETS)
                    .dose(1, "tablet", 1)
                    .updated("2024-01-01T00:00:00Z")
                    .build();
            SourceRecord acute = request(ACUTE, "b", "order")
                    .dmd(AMITRIPTYLINE)
                    .dose(20, "mg", 1)
                    .status("stopped")
                    .updated("2024-02-01T00:00:00Z")
                    .build();

            // When
            UnifiedItem item = only(reconcile(gp, acute));

            // Then only the status differs
            assertEquals(
                    List.of(DiscrepancyType.STATUS),
                    item.discrepancies().stream().map(Discrepancy::type).toList());
        }
    }

    @Nested
    class ProductsKeptApart {

        private final SourceRecord byDay = statement(GP, "day")
                .dmd(CO_CARELDOPA_25_100_TABLETS)
                .dose(1, "tablet", 3)
                .build();
        private final SourceRecord atNight = statement(GP, "night")
                .dmd(CO_CARELDOPA_50_200_MR_TABLETS)
                .dose(1, "tablet", 1)
                .build();

        @Test
        void reconcile_keepsTwoProductsOfOneVtmApartWhenOneSourceListsBoth() {
            // Given the GP lists co-careldopa tablets by day and modified-release at night, both active

            // When
            UnifiedRecord record = reconcile(byDay, atNight);

            // Then two items, one per VMP, with no discrepancy between them
            assertEquals(
                    List.of(
                            "vtm:" + CO_CARELDOPA + "|vmp:" + CO_CARELDOPA_25_100_TABLETS,
                            "vtm:" + CO_CARELDOPA + "|vmp:" + CO_CARELDOPA_50_200_MR_TABLETS),
                    record.items().stream().map(UnifiedItem::itemKey).toList());
            assertTrue(record.items().stream().allMatch(i -> i.discrepancies().isEmpty()));
            assertEquals(2, record.itemsOfVtm(CO_CARELDOPA).size());
        }

        @Test
        void reconcile_attachesOtherSourcesProductRecordsToTheirVmpItem() {
            // Given the hospital orders the 25/100 AMP, at a different dose
            SourceRecord acute = request(ACUTE, "ip", "order")
                    .dmd(CO_CARELDOPA_25_100_TABLETS_AMP)
                    .dose(2, "tablet", 3)
                    .build();

            // When
            UnifiedRecord record = reconcile(byDay, atNight, acute);

            // Then it joins the 25/100 item, which shows the dose discrepancy; the MR item is untouched
            UnifiedItem tablets = record.items().stream()
                    .filter(i -> i.vmpCode().equals(Optional.of(CO_CARELDOPA_25_100_TABLETS)))
                    .findFirst()
                    .orElseThrow();
            UnifiedItem modifiedRelease = record.items().stream()
                    .filter(i -> i.vmpCode().equals(Optional.of(CO_CARELDOPA_50_200_MR_TABLETS)))
                    .findFirst()
                    .orElseThrow();
            assertEquals(
                    List.of("acute-b", "gp-a"),
                    tablets.sources().stream().map(ItemSource::sourceId).toList());
            assertTrue(tablets.hasDiscrepancy(DiscrepancyType.DOSE));
            assertEquals(
                    List.of("gp-a"),
                    modifiedRelease.sources().stream().map(ItemSource::sourceId).toList());
        }

        @Test
        void reconcile_givesVtmLevelRecordsOfASplitVtmTheirOwnItem() {
            // Given mental health names only "Co-careldopa"
            SourceRecord mh = statement(MENTAL_HEALTH, "mh")
                    .dmd(CO_CARELDOPA)
                    .dosageText("as directed")
                    .build();

            // When
            UnifiedRecord record = reconcile(byDay, atNight, mh);

            // Then it is a third item at VTM level (keyed as an unsplit VTM would be), saying why
            assertEquals(3, record.itemsOfVtm(CO_CARELDOPA).size());
            UnifiedItem vtmLevel = record.items().stream()
                    .filter(i -> i.itemKey().equals("vtm:" + CO_CARELDOPA))
                    .findFirst()
                    .orElseThrow();
            assertNull(vtmLevel.vmp());
            assertEquals(
                    List.of("mh-c"),
                    vtmLevel.sources().stream().map(ItemSource::sourceId).toList());
            assertEquals(
                    "mh-c names only Co-careldopa, while the patient's records list 2 products of it kept apart "
                            + "(Co-careldopa 25mg/100mg tablets; Co-careldopa 50mg/200mg modified-release tablets), "
                            + "so it is not matched to one of them",
                    discrepancyDetail(vtmLevel, DiscrepancyType.PRODUCT));
        }

        @Test
        void reconcile_doesNotSplitWhenTheSourceStoppedOneProduct() {
            // Given the GP stopped the MR product
            SourceRecord stopped = statement(GP, "night")
                    .dmd(CO_CARELDOPA_50_200_MR_TABLETS)
                    .status("stopped")
                    .build();

            // When
            UnifiedRecord record = reconcile(byDay, stopped);

            // Then one item
            assertEquals("vtm:" + CO_CARELDOPA, only(record).itemKey());
        }
    }

    @Nested
    class StatusConflicts {

        @Test
        void reconcile_takesTheNewestAssertionsStatusAndFlagsTheConflict() {
            // Given GP active (Jan), hospital stopped (March)
            SourceRecord gp = statement(GP, "a")
                    .dmd(APIXABAN_5MG_TABLETS)
                    .updated("2024-01-10T09:00:00Z")
                    .build();
            SourceRecord acute = request(ACUTE, "b", "order")
                    .dmd(APIXABAN)
                    .status("stopped")
                    .updated("2024-03-01T09:00:00Z")
                    .build();

            // When
            UnifiedItem item = only(reconcile(gp, acute));

            // Then stopped, with the conflict, and both sources visible
            assertEquals(MedicationStatus.STOPPED, item.status());
            assertFalse(item.isActive());
            assertEquals("Active in gp-a; stopped in acute-b", discrepancyDetail(item, DiscrepancyType.STATUS));
            assertEquals(
                    List.of("acute-b", "gp-a"),
                    item.sources().stream().map(ItemSource::sourceId).toList());
        }

        @Test
        void reconcile_keepsTheItemActiveWhenTheActiveAssertionIsNewer() {
            SourceRecord gp = statement(GP, "a")
                    .dmd(APIXABAN_5MG_TABLETS)
                    .updated("2024-04-10T09:00:00Z")
                    .build();
            SourceRecord acute = request(ACUTE, "b", "order")
                    .dmd(APIXABAN)
                    .status("completed")
                    .updated("2024-03-01T09:00:00Z")
                    .build();

            UnifiedItem item = only(reconcile(gp, acute));

            assertEquals(MedicationStatus.ACTIVE, item.status());
            assertEquals("Active in gp-a; completed in acute-b", discrepancyDetail(item, DiscrepancyType.STATUS));
        }

        @Test
        void reconcile_breaksALastUpdatedTieByDateAssertedThenEffectiveStart() {
            // Given the same lastUpdated; GP asserted 2 March, hospital authored 1 February
            SourceRecord gp = statement(GP, "a")
                    .dmd(APIXABAN_5MG_TABLETS)
                    .status("stopped")
                    .asserted("2024-03-02")
                    .updated("2024-03-05T00:00:00Z")
                    .build();
            SourceRecord acute = request(ACUTE, "b", "order")
                    .dmd(APIXABAN)
                    .started("2024-02-01T10:00:00+00:00")
                    .updated("2024-03-05T00:00:00Z")
                    .build();

            // When
            UnifiedItem item = only(reconcile(gp, acute));

            // Then the GP's stop is the newest assertion
            assertEquals(MedicationStatus.STOPPED, item.status());
        }

        @Test
        void reconcile_showsActiveOnAFullTie() {
            SourceRecord gp = statement(GP, "a")
                    .dmd(APIXABAN_5MG_TABLETS)
                    .status("stopped")
                    .updated("2024-03-05T00:00:00Z")
                    .build();
            SourceRecord acute = request(ACUTE, "b", "order")
                    .dmd(APIXABAN)
                    .updated("2024-03-05T00:00:00Z")
                    .build();

            UnifiedItem item = only(reconcile(gp, acute));

            assertEquals(MedicationStatus.ACTIVE, item.status());
            assertTrue(item.hasDiscrepancy(DiscrepancyType.STATUS));
        }

        @Test
        void reconcile_seesNoConflictWhenOneSourceReplacedItsOwnPlan() {
            // Given the GP stopped an old plan and started a new one for the same medicine
            SourceRecord old = request(GP, "p1", "plan")
                    .dmd(APIXABAN_5MG_TABLETS)
                    .status("stopped")
                    .updated("2024-01-01T00:00:00Z")
                    .build();
            SourceRecord renewed = request(GP, "p2", "plan")
                    .dmd(APIXABAN_5MG_TABLETS)
                    .updated("2024-02-01T00:00:00Z")
                    .build();

            // When
            UnifiedItem item = only(reconcile(old, renewed));

            // Then one active item with both contributions and no status discrepancy
            assertEquals(MedicationStatus.ACTIVE, item.status());
            assertEquals(2, item.sources().size());
            assertFalse(item.hasDiscrepancy(DiscrepancyType.STATUS));
        }

        @Test
        void reconcile_readsCancelledRequestsAsStopped() {
            SourceRecord acute = request(ACUTE, "b", "order")
                    .dmd(APIXABAN)
                    .status("cancelled")
                    .build();

            assertEquals(MedicationStatus.STOPPED, only(reconcile(acute)).status());
        }
    }

    @Nested
    class GpConnectAndEpsChains {

        @Test
        void reconcile_readsAStatementItsPlanAndIssuesAsOneContribution() {
            // Given a GP Connect medication: statement basedOn plan, two issues basedOn the plan (completed)
            SourceRecord statement = statement(GP, "ms-1")
                    .dmd(AMITRIPTYLINE_10MG_TABLETS)
                    .dosageText("One at night")
                    .basedOn("MedicationRequest/plan-1")
                    .asserted("2024-01-01")
                    .updated("2024-01-01T08:00:00Z")
                    .build();
            SourceRecord plan = request(GP, "plan-1", "plan")
                    .dmd(AMITRIPTYLINE_10MG_TABLETS)
                    .dosageText("One at night")
                    .started("2023-06-01")
                    .updated("2024-01-01T08:00:00Z")
                    .build();
            SourceRecord firstIssue = request(GP, "issue-1", "order")
                    .dmd(AMITRIPTYLINE_10MG_TABLETS)
                    .status("completed")
                    .basedOn("MedicationRequest/plan-1")
                    .started("2024-01-05")
                    .updated("2024-01-05T08:00:00Z")
                    .build();
            SourceRecord lastIssue = request(GP, "issue-2", "order")
                    .dmd(AMITRIPTYLINE_10MG_TABLETS)
                    .status("completed")
                    .basedOn("https://gp.example/fhir/MedicationRequest/plan-1/_history/2")
                    .started("2024-02-05")
                    .updated("2024-02-05T08:00:00Z")
                    .build();

            // When
            UnifiedItem item = only(reconcile(lastIssue, plan, statement, firstIssue));

            // Then one contribution, led by the statement, with every record and the last issue date
            ItemSource gp = item.sources().get(0);
            assertAll(
                    () -> assertEquals(1, item.sources().size()),
                    () -> assertEquals("MedicationStatement", gp.resourceType()),
                    () -> assertEquals("ms-1", gp.resourceId()),
                    () -> assertEquals("active", gp.status()),
                    () -> assertEquals("2024-02-05", gp.lastIssued()),
                    () -> assertEquals(Instant.parse("2024-02-05T08:00:00Z"), gp.lastUpdated()),
                    () -> assertEquals(
                            List.of("ms-1", "issue-1", "issue-2", "plan-1"),
                            gp.records().stream()
                                    .map(ContributingRecord::resourceId)
                                    .toList()),
                    () -> assertEquals(MedicationStatus.ACTIVE, item.status()),
                    () -> assertTrue(item.discrepancies().isEmpty()));
        }

        @Test
        void reconcile_linksIssuesToTheirPlanByIdentifier() {
            // Given issues that refer to the plan by its business identifier, and no statement
            SourceRecord plan = request(GP, "p", "plan")
                    .dmd(APIXABAN_5MG_TABLETS)
                    .identifier("https://fhir.gp.example/Id/plan|P-77")
                    .build();
            SourceRecord issue = request(GP, "i", "order")
                    .dmd(APIXABAN_5MG_TABLETS)
                    .status("completed")
                    .basedOn("https://fhir.gp.example/Id/plan|P-77")
                    .started("2024-05-01")
                    .build();

            // When
            UnifiedItem item = only(reconcile(plan, issue));

            // Then one contribution led by the plan
            assertEquals(1, item.sources().size());
            assertEquals("plan", item.sources().get(0).intent());
            assertEquals("2024-05-01", item.sources().get(0).lastIssued());
        }

        @Test
        void reconcile_linksIssuesOfAnAbsentPlanToEachOther() {
            SourceRecord first = request(GP, "i1", "order")
                    .dmd(APIXABAN_5MG_TABLETS)
                    .basedOn("MedicationRequest/not-sent")
                    .started("2024-01-01")
                    .build();
            SourceRecord second = request(GP, "i2", "order")
                    .dmd(APIXABAN_5MG_TABLETS)
                    .basedOn("MedicationRequest/not-sent")
                    .started("2024-02-01")
                    .build();

            UnifiedItem item = only(reconcile(first, second));

            assertEquals(1, item.sources().size());
            assertEquals(2, item.sources().get(0).records().size());
        }

        @Test
        void reconcile_readsEpsRepeatsSharingAGroupIdentifierAsOneContribution() {
            // Given an EPS original-order and two instance-orders with one groupIdentifier
            String group = "https://fhir.nhs.uk/Id/prescription|A7B86F-C81007-00001R";
            SourceRecord original = request(GP, "rx-1", "original-order")
                    .coded(SNOMED, SERTRALINE_50MG_TABLETS, null)
                    .group(group)
                    .started("2024-01-02")
                    .build();
            SourceRecord second = request(GP, "rx-2", "instance-order")
                    .coded(SNOMED, SERTRALINE_50MG_TABLETS, null)
                    .group(group)
                    .started("2024-02-02")
                    .build();
            SourceRecord third = request(GP, "rx-3", "instance-order")
                    .coded(SNOMED, SERTRALINE_50MG_TABLETS, null)
                    .group(group)
                    .status("completed")
                    .started("2024-03-01")
                    .build();

            // When
            UnifiedItem item = only(reconcile(third, second, original));

            // Then one contribution led by the original order, last issued in March
            ItemSource gp = item.sources().get(0);
            assertEquals(1, item.sources().size());
            assertEquals("original-order", gp.intent());
            assertEquals("rx-1", gp.resourceId());
            assertEquals("2024-03-01", gp.lastIssued());
            assertEquals(3, gp.records().size());
        }

        @Test
        void reconcile_neverChainsDifferentMedicinesOfOnePrescription() {
            // Given (as in the EPS repeat-prescribing example) four line items of one prescription:
            // one groupIdentifier, and all based on the same order-item identifier
            String group = "https://fhir.nhs.uk/Id/prescription-order-number|24F5DA-A83008-7EFE6Z";
            String item = "https://fhir.nhs.uk/Id/prescription-order-item-number|299c610b-f4f1-4eac-a7d7-4fb6b0556e11";
            SourceRecord amitriptyline = request(GP, "l1", "instance-order")
                    .coded(SNOMED, AMITRIPTYLINE_10MG_TABLETS, null)
                    .group(group)
                    .basedOn(item)
                    .build();
            SourceRecord sertraline = request(GP, "l2", "instance-order")
                    .coded(SNOMED, SERTRALINE_50MG_TABLETS, null)
                    .group(group)
                    .basedOn(item)
                    .build();
            SourceRecord apixaban = request(GP, "l3", "instance-order")
                    .coded(SNOMED, APIXABAN_5MG_TABLETS, null)
                    .group(group)
                    .basedOn(item)
                    .build();
            SourceRecord pseudoephedrine = request(GP, "l4", "instance-order")
                    .coded(SNOMED, "321080004", "Pseudoephedrine hydrochloride 60mg tablets")
                    .group(group)
                    .basedOn(item)
                    .build();

            // When
            UnifiedRecord record = reconcile(amitriptyline, sertraline, apixaban, pseudoephedrine);

            // Then four items, one record each: no medicine is hidden inside another's chain
            assertEquals(4, record.items().size());
            assertTrue(record.items().stream().allMatch(i -> i.derivedFrom().size() == 1));
        }

        @Test
        void reconcile_keepsTwoProductsOfOnePrescriptionApart() {
            // Given one prescription with co-careldopa tablets and co-careldopa modified-release as two line items
            String group = "https://fhir.nhs.uk/Id/prescription-order-number|4243A0-A99968-4E149+";
            SourceRecord tablets = request(ACUTE, "l1", "order")
                    .dmd(CO_CARELDOPA_25_100_TABLETS)
                    .group(group)
                    .build();
            SourceRecord modifiedRelease = request(ACUTE, "l2", "order")
                    .dmd(CO_CARELDOPA_50_200_MR_TABLETS)
                    .group(group)
                    .build();

            // When
            UnifiedRecord record = reconcile(tablets, modifiedRelease);

            // Then two contributions, so two items
            assertEquals(2, record.itemsOfVtm(CO_CARELDOPA).size());
        }

        @Test
        void reconcile_chainsAnAmpIssueWithItsVmpPlan() {
            SourceRecord plan =
                    request(GP, "p", "plan").dmd(CO_CARELDOPA_25_100_TABLETS).build();
            SourceRecord issue = request(GP, "i", "order")
                    .coded(SNOMED, CO_CARELDOPA_25_100_TABLETS_AMP, null)
                    .basedOn("MedicationRequest/p")
                    .status("completed")
                    .started("2024-04-01")
                    .build();

            UnifiedItem item = only(reconcile(plan, issue));

            assertEquals(1, item.sources().size());
            assertEquals("2024-04-01", item.sources().get(0).lastIssued());
        }

        @Test
        void reconcile_neverLinksRecordsOfDifferentSources() {
            // Given the hospital's order claims to be based on a GP plan with the same id
            SourceRecord plan =
                    request(GP, "plan-1", "plan").dmd(APIXABAN_5MG_TABLETS).build();
            SourceRecord order = request(ACUTE, "o", "order")
                    .dmd(APIXABAN)
                    .basedOn("MedicationRequest/plan-1")
                    .build();

            // When
            UnifiedItem item = only(reconcile(plan, order));

            // Then they are two contributions (of one item)
            assertEquals(2, item.sources().size());
        }
    }

    @Nested
    class InpatientOrders {

        @Test
        void reconcile_marksInpatientOrdersFromAnAdmittingSource() {
            // Given GP co-careldopa and a hospital inpatient order of it
            SourceRecord gp =
                    statement(GP, "a").dmd(CO_CARELDOPA_25_100_TABLETS).build();
            SourceRecord ward = request(ACUTE, "b", "order")
                    .dmd(CO_CARELDOPA_25_100_TABLETS_AMP)
                    .category("inpatient")
                    .build();

            // When
            UnifiedRecord record = reconcile(gp, ward);
            UnifiedItem item = only(record);

            // Then the hospital's contribution is an inpatient order, the GP's is not
            assertTrue(sourceOf(item, "acute-b").inpatientOrder());
            assertFalse(sourceOf(item, "gp-a").inpatientOrder());
            assertEquals(List.of("acute-b"), item.sourcesWithActiveInpatientOrder());
            assertEquals(List.of("acute-b"), record.sourcesWithActiveInpatientOrder(CO_CARELDOPA));
        }

        @Test
        void reconcile_doesNotMarkOutpatientStoppedOrNonAdmittingOrders() {
            SourceRecord outpatient = request(ACUTE, "a", "order")
                    .dmd(CO_CARELDOPA)
                    .category("outpatient")
                    .build();
            SourceRecord stopped = request(MENTAL_HEALTH, "b", "order")
                    .dmd(CO_CARELDOPA)
                    .category("inpatient")
                    .status("stopped")
                    .build();
            SourceRecord gp = request(GP, "c", "order")
                    .dmd(CO_CARELDOPA)
                    .category("inpatient")
                    .build();

            UnifiedRecord record = reconcile(outpatient, stopped, gp);

            assertFalse(sourceOf(only(record), "acute-b").inpatientOrder());
            assertTrue(sourceOf(only(record), "mh-c").inpatientOrder());
            assertFalse(sourceOf(only(record), "gp-a").inpatientOrder());
            assertEquals(List.of(), record.sourcesWithActiveInpatientOrder(CO_CARELDOPA));
        }
    }

    @Nested
    class EnteredInError {

        @Test
        void reconcile_leavesEnteredInErrorRecordsOut() {
            // Given a GP record entered in error beside an active mental health one
            SourceRecord wrong = statement(GP, "a")
                    .dmd(SERTRALINE_50MG_TABLETS)
                    .status("entered-in-error")
                    .build();
            SourceRecord mh =
                    statement(MENTAL_HEALTH, "b").dmd(SERTRALINE_50MG_TABLETS).build();

            // When
            UnifiedItem item = only(reconcile(wrong, mh));

            // Then only the mental health source contributes
            assertEquals(
                    List.of("mh-c"),
                    item.sources().stream().map(ItemSource::sourceId).toList());
        }

        @Test
        void reconcile_givesNoItemForOnlyEnteredInErrorRecords() {
            SourceRecord wrong = statement(GP, "a")
                    .dmd(SERTRALINE_50MG_TABLETS)
                    .status("entered-in-error")
                    .build();

            UnifiedRecord record = reconcile(wrong);

            assertTrue(record.allItems().isEmpty());
        }

        @Test
        void reconcile_dropsAnEnteredInErrorPlanFromItsChain() {
            SourceRecord statement = statement(GP, "ms")
                    .dmd(SERTRALINE_50MG_TABLETS)
                    .basedOn("MedicationRequest/p")
                    .build();
            SourceRecord plan = request(GP, "p", "plan")
                    .dmd(SERTRALINE_50MG_TABLETS)
                    .status("entered-in-error")
                    .build();

            UnifiedItem item = only(reconcile(statement, plan));

            assertEquals(
                    List.of("ms"),
                    item.derivedFrom().stream()
                            .map(ContributingRecord::resourceId)
                            .toList());
        }
    }

    @Nested
    class CurrentWindow {

        private final SourceRecord newest = statement(MENTAL_HEALTH, "now")
                .dmd(SERTRALINE_50MG_TABLETS)
                .updated("2024-06-01T00:00:00Z")
                .build();

        @Test
        void reconcile_measuresTheWindowBackFromTheNewestRecordDate() {
            UnifiedRecord record = reconcile(newest);

            assertEquals(Instant.parse("2024-06-01T00:00:00Z"), record.newestRecordAt());
            assertEquals(Instant.parse("2023-06-01T00:00:00Z"), record.currentSince());
        }

        @Test
        void reconcile_movesCoursesThatEndedBeforeTheWindowToHistory() {
            // Given apixaban stopped in January 2023, amitriptyline completed September 2023, an old active record
            SourceRecord longStopped = statement(GP, "a")
                    .dmd(APIXABAN_5MG_TABLETS)
                    .status("stopped")
                    .ended("2023-01-15")
                    .updated("2023-01-15T00:00:00Z")
                    .build();
            SourceRecord recentlyCompleted = statement(GP, "b")
                    .dmd(AMITRIPTYLINE_10MG_TABLETS)
                    .status("completed")
                    .ended("2023-09-01")
                    .updated("2023-09-01T00:00:00Z")
                    .build();
            SourceRecord oldButActive = statement(GP, "c")
                    .dmd(OMEPRAZOLE_20MG_CAPSULES)
                    .updated("2015-01-01T00:00:00Z")
                    .build();

            // When
            UnifiedRecord record = reconcile(newest, longStopped, recentlyCompleted, oldButActive);

            // Then only the apixaban course is history
            assertEquals(
                    List.of(AMITRIPTYLINE, "25673006", "321958004"),
                    record.items().stream().map(i -> i.vtm().code()).toList());
            assertEquals(1, record.history().size());
            UnifiedItem history = record.history().get(0);
            assertEquals(APIXABAN, history.vtm().code());
            assertFalse(history.current());
            assertFalse(history.sources().get(0).current());
            assertEquals(MedicationStatus.STOPPED, history.status());
        }

        @Test
        void reconcile_usesTheWindowFromSettings() {
            SourceRecord recentlyCompleted = statement(GP, "b")
                    .dmd(AMITRIPTYLINE_10MG_TABLETS)
                    .status("completed")
                    .ended("2023-09-01")
                    .build();

            UnifiedRecord record = new Reconciler(new ReconcileSettings(Period.ofMonths(6)))
                    .reconcile(PATIENT, List.of(newest, recentlyCompleted), Records.SOURCES, TestDmd.get());

            assertEquals(Instant.parse("2023-12-01T00:00:00Z"), record.currentSince());
            assertEquals(
                    List.of(AMITRIPTYLINE),
                    record.history().stream().map(i -> i.vtm().code()).toList());
        }

        @Test
        void reconcile_keepsAnOldStopInTheItemButOutOfTheConflict() {
            // Given the GP stopped apixaban two years ago; the hospital has it active now
            SourceRecord gpOld = statement(GP, "a")
                    .dmd(APIXABAN_5MG_TABLETS)
                    .status("stopped")
                    .ended("2022-05-01")
                    .updated("2022-05-01T00:00:00Z")
                    .build();
            SourceRecord acute = request(ACUTE, "b", "order")
                    .dmd(APIXABAN)
                    .updated("2024-06-01T00:00:00Z")
                    .build();

            // When
            UnifiedItem item = only(reconcile(gpOld, acute));

            // Then the item is active, the GP's old stop is listed as not current, and there is no conflict
            assertEquals(MedicationStatus.ACTIVE, item.status());
            assertFalse(sourceOf(item, "gp-a").current());
            assertTrue(sourceOf(item, "acute-b").current());
            assertTrue(item.discrepancies().isEmpty());
        }

        @Test
        void reconcile_hasNoWindowWithoutDates() {
            SourceRecord undated = statement(GP, "a")
                    .dmd(APIXABAN_5MG_TABLETS)
                    .status("stopped")
                    .build();

            UnifiedRecord record = reconcile(undated);

            assertNull(record.currentSince());
            assertEquals(1, record.items().size());
        }
    }

    @Nested
    class StableIds {

        @Test
        void reconcile_keepsAnItemsIdWhenSourcesComeAndGo() {
            SourceRecord gp = statement(GP, "a").dmd(AMITRIPTYLINE_10MG_TABLETS).build();
            SourceRecord acute = request(ACUTE, "b", "order")
                    .dmd(AMITRIPTYLINE)
                    .status("stopped")
                    .build();

            String before = only(reconcile(gp)).id();
            String after = only(reconcile(gp, acute)).id();
            String hospitalOnly = only(reconcile(acute)).id();

            assertEquals(before, after);
            assertEquals(before, hospitalOnly);
            assertEquals(32, before.length());
        }

        @Test
        void reconcile_derivesIdsFromThePatient() {
            SourceRecord mine =
                    statement(GP, "a").dmd(AMITRIPTYLINE_10MG_TABLETS).build();
            SourceRecord theirs = statement(GP, "a")
                    .dmd(AMITRIPTYLINE_10MG_TABLETS)
                    .patient(Records.OTHER_PATIENT)
                    .build();

            String myId = only(reconcile(mine)).id();
            String theirId = only(reconciler.reconcile(
                            Records.OTHER_PATIENT, List.of(theirs), Records.SOURCES, TestDmd.get()))
                    .id();

            assertNotEquals(myId, theirId);
        }

        @Test
        void reconcile_keysUnmappedItemsByTheirRecordNotTheirText() {
            SourceRecord first = statement(GP, "a").text("Aqueous cream").build();
            SourceRecord renamed = statement(GP, "a").text("Aqueous cream 500g").build();

            assertEquals(only(reconcile(first)).id(), only(reconcile(renamed)).id());
        }
    }

    @Nested
    class WhatEachSourceShows {

        @Test
        void reconcile_carriesEachSourcesRecordAsSent() {
            // Given an inpatient order with a structured dosage and a coded display
            SourceRecord order = request(ACUTE, "ord-9", "order")
                    .coded(SNOMED, CO_CARELDOPA_25_100_TABLETS_AMP, "Sinemet-ish 25/100")
                    .text("Co-careldopa 25mg/100mg tablets")
                    .category("inpatient")
                    .dose(1, "tablet", 3)
                    .route(ORAL)
                    .started("2024-05-02T08:00:00Z")
                    .identifier("https://acute-b.example/Id/order|ORD-9")
                    .updated("2024-05-02T08:01:00Z")
                    .build();

            // When
            ItemSource source = only(reconcile(order)).sources().get(0);

            // Then
            assertAll(
                    () -> assertEquals("acute-b", source.sourceId()),
                    () -> assertEquals(SourceSetting.ACUTE, source.setting()),
                    () -> assertEquals("MedicationRequest", source.resourceType()),
                    () -> assertEquals(
                            "identifier:https://acute-b.example/Id/order|ORD-9",
                            source.key().businessKey()),
                    () -> assertEquals("ord-9", source.resourceId()),
                    () -> assertEquals("active", source.status()),
                    () -> assertEquals("order", source.intent()),
                    () -> assertEquals("inpatient", source.category()),
                    () -> assertEquals(
                            new Coding(SNOMED, CO_CARELDOPA_25_100_TABLETS_AMP, "Sinemet-ish 25/100"),
                            source.medication()),
                    () -> assertEquals("Co-careldopa 25mg/100mg tablets", source.medicationText()),
                    () -> assertEquals(CO_CARELDOPA_25_100_TABLETS_AMP, source.dmdCode()),
                    () -> assertEquals(new Dosage(null, 1.0, "tablet", 3.0, ORAL), source.dosage()),
                    () -> assertEquals("1 tablet, 3 times a day", source.dosageText()),
                    () -> assertEquals(Instant.parse("2024-05-02T08:01:00Z"), source.lastUpdated()),
                    () -> assertEquals("2024-05-02T08:00:00Z", source.lastIssued()),
                    () -> assertTrue(source.inpatientOrder()),
                    () -> assertTrue(source.current()),
                    () -> assertEquals(1, source.records().size()));
        }

        @Test
        void reconcile_leavesTheSettingEmptyForAnUnregisteredSource() {
            SourceRecord record =
                    statement(GP, "a").dmd(SERTRALINE_50MG_TABLETS).build();

            UnifiedRecord unified = reconciler.reconcile(PATIENT, List.of(record), Map.of(), TestDmd.get());

            assertNull(only(unified).sources().get(0).setting());
        }

        @Test
        void reconcile_showsTheNewestAssertionsDosageOnTheItem() {
            SourceRecord gp = statement(GP, "a")
                    .dmd(SERTRALINE_50MG_TABLETS)
                    .dosageText("one in the morning")
                    .updated("2024-01-01T00:00:00Z")
                    .build();
            SourceRecord mh = statement(MENTAL_HEALTH, "b")
                    .dmd(SERTRALINE_50MG_TABLETS)
                    .dosageText("two in the morning")
                    .updated("2024-02-01T00:00:00Z")
                    .build();

            assertEquals("two in the morning", only(reconcile(gp, mh)).dosage());
        }
    }

    @Nested
    class PureFunction {

        private final List<SourceRecord> feed = List.of(
                statement(GP, "a")
                        .dmd(AMITRIPTYLINE_10MG_TABLETS)
                        .dose(1, "tablet", 1)
                        .updated("2024-01-01T00:00:00Z")
                        .build(),
                request(ACUTE, "b", "order")
                        .dmd(AMITRIPTYLINE)
                        .dose(20, "mg", 1)
                        .status("stopped")
                        .updated("2024-02-01T00:00:00Z")
                        .build(),
                statement(GP, "c").dmd(CO_CARELDOPA_25_100_TABLETS).build(),
                statement(GP, "d").dmd(CO_CARELDOPA_50_200_MR_TABLETS).build(),
                statement(MENTAL_HEALTH, "e").dmd(CO_CARELDOPA).build(),
                statement(HOMECARE, "f").text("Hypromellose eye drops").build());

        @Test
        void reconcile_givesTheSameRecordAndFingerprintForAnyInputOrder() {
            List<SourceRecord> reversed = new ArrayList<>(feed);
            Collections.reverse(reversed);

            UnifiedRecord forward = reconciler.reconcile(PATIENT, feed, Records.SOURCES, TestDmd.get());
            UnifiedRecord backward = reconciler.reconcile(PATIENT, reversed, Records.SOURCES, TestDmd.get());

            assertEquals(forward, backward);
            assertEquals(forward.fingerprint(), backward.fingerprint());
            assertEquals(64, forward.fingerprint().length());
        }

        @Test
        void reconcile_changesTheFingerprintWhenAStatusChanges() {
            List<SourceRecord> changed = new ArrayList<>(feed);
            changed.set(
                    2,
                    statement(GP, "c")
                            .dmd(CO_CARELDOPA_25_100_TABLETS)
                            .status("on-hold")
                            .build());

            String before = reconciler
                    .reconcile(PATIENT, feed, Records.SOURCES, TestDmd.get())
                    .fingerprint();
            String after = reconciler
                    .reconcile(PATIENT, changed, Records.SOURCES, TestDmd.get())
                    .fingerprint();

            assertNotEquals(before, after);
        }

        @Test
        void reconcile_takesTheNewestVersionWhenAKeyComesTwice() {
            SourceRecord older = statement(GP, "a")
                    .dmd(SERTRALINE_50MG_TABLETS)
                    .updated("2024-01-01T00:00:00Z")
                    .build();
            SourceRecord newer = statement(GP, "a")
                    .dmd(SERTRALINE_50MG_TABLETS)
                    .status("stopped")
                    .updated("2024-02-01T00:00:00Z")
                    .build();

            UnifiedItem item = only(reconcile(newer, older));

            assertEquals(1, item.sources().size());
            assertEquals(MedicationStatus.STOPPED, item.status());
        }

        @Test
        void reconcile_refusesRecordsOfAnotherPatient() {
            SourceRecord theirs = statement(GP, "a")
                    .dmd(SERTRALINE_50MG_TABLETS)
                    .patient(Records.OTHER_PATIENT)
                    .build();

            assertThrows(IllegalArgumentException.class, () -> reconcile(theirs));
        }

        @Test
        void reconcile_answersAnEmptyRecordForNoRecords() {
            UnifiedRecord record = reconcile();

            assertTrue(record.items().isEmpty());
            assertNull(record.newestRecordAt());
            assertEquals(NhsNumber.parse("9449306680"), record.nhsNumber());
        }
    }
}
