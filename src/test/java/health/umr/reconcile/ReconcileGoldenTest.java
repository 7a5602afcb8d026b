package health.umr.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import health.umr.dmd.Dmd;
import health.umr.domain.Dosage;
import health.umr.domain.SourceRecord;
import health.umr.domain.UnifiedRecord;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Speed work on the reconciler must not change a single answer: the records of {@value #FEEDS}
 * feeds, generated from a fixed seed as {@link ReconcilerPropertiesTest} generates them but with
 * many more dosages (texts read, ranged, as needed, with strengths, structured and text that agree
 * or not), are taken whole ({@code toString}: every item, source, dose text and discrepancy
 * wording) into one SHA-256, which must equal the one the reconciler gave before the speed work
 * (bcabdf9). Each feed is reconciled twice, the second time shuffled and with some records sent
 * twice, so kept answers (the dose memo) and the reduction to one record per key are compared too. A change to the rules themselves changes the digest: then say so and record the
 * new one.
 */
class ReconcileGoldenTest {

    static final int FEEDS = 800;

    /** The digest at bcabdf9, before the dose memo and the lazy discrepancy wording. */
    static final String EXPECTED = "3520c7201b652bbf700e0cf9ed68dfc2d435028bac9078764747aec3c19a957d";

    static final List<Dosage> DOSAGES = dosages();

    private static List<Dosage> dosages() {
        List<Dosage> all = new ArrayList<>(ReconcilerPropertiesTest.DOSAGES);
        String[] texts = {
            "1 drop in left eye, every 12 hours, until finished.",
            "2 capsules 4 times a day.",
            "500mg - three times a day.",
            "Take 1 capsule, 3 times a day.",
            "1 tablet - 3 times a day - Oral route - One tablet three times daily",
            "1 patch - every 72 hours - One every 72 hours",
            "4 times a day - Oral route - One or two, four times daily",
            "1 tablet, at NIGHT",
            "TAKE ONE 3 TIMES/DAY",
            "TAKE ONE DAILY",
            "20mg once daily at night",
            "10mg at night",
            "1 tablet in the morning and 1 at night",
            "2 tablets in the morning; 1 tablet at night",
            "Methotrexate 2.5mg tablets, six tablets once a week",
            "1-2 tablets every 4-6 hours when required",
            "2 puffs when required",
            "5ml three times a day",
            "200mg bd",
            "half a tablet every other day",
            "Co-careldopa 25mg/100mg tablets, one four times a day",
            "as directed",
            "AS  DIRECTED.",
            "one tablet twice a day",
            "two tablets twice a day",
        };
        for (String text : texts) {
            all.add(new Dosage(text, null, null, null, null));
        }
        all.add(new Dosage("200mg daily", 50.0, "mg", 1.0, null));
        all.add(new Dosage("one tablet twice a day", 1.0, "tablet", 2.0, Codes.ORAL));
        all.add(new Dosage("one tablet twice a day", 2.0, "tablet", 2.0, Codes.SUBCUTANEOUS));
        all.add(new Dosage(null, 1.0, "tablet", 1.0, null, 2.0, null, null, null, List.of()));
        all.add(new Dosage("1-2 tablets when required", 1.0, "tablet", null, null, 2.0, null, true, null, List.of()));
        all.add(new Dosage(null, 10.0, "mg", 2.0, null));
        all.add(new Dosage(null, 0.5, "tablet", 4.0, Codes.ORAL));
        all.add(new Dosage(
                "1 tablet in the morning",
                1.0,
                "tablet",
                1.0,
                null,
                null,
                null,
                null,
                1,
                List.of(new Dosage("1 tablet at night", 1.0, "tablet", 1.0, null))));
        return List.copyOf(all);
    }

    /** The feeds, from a fixed seed. */
    static List<List<SourceRecord>> feeds() {
        Random random = new Random(20261201L);
        List<List<SourceRecord>> feeds = new ArrayList<>(FEEDS);
        for (int f = 0; f < FEEDS; f++) {
            int size = 1 + random.nextInt(24);
            List<ReconcilerPropertiesTest.Sent> sent = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                int medicine = random.nextBoolean()
                        ? 5 + random.nextInt(4)
                        : random.nextInt(ReconcilerPropertiesTest.MEDICINES.size());
                sent.add(new ReconcilerPropertiesTest.Sent(
                        random.nextInt(ReconcilerPropertiesTest.SOURCES.size()),
                        random.nextInt(5),
                        random.nextInt(6),
                        medicine,
                        random.nextInt(ReconcilerPropertiesTest.STATUSES.size()),
                        random.nextInt(DOSAGES.size()),
                        random.nextInt(2501),
                        random.nextInt(4)));
            }
            feeds.add(ReconcilerPropertiesTest.newestPerKey(sent, DOSAGES));
        }
        return feeds;
    }

    /** The digest of every feed's record, each reconciled twice. */
    static String digest() throws Exception {
        Reconciler reconciler = new Reconciler();
        Dmd dmd = TestDmd.get();
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        Random shuffle = new Random(14L);
        for (List<SourceRecord> feed : feeds()) {
            // as generated (one record per key, in key order), then shuffled with every third record sent twice
            List<SourceRecord> resent = new ArrayList<>(feed);
            for (int i = 0; i < feed.size(); i += 3) {
                resent.add(feed.get(i));
            }
            Collections.shuffle(resent, shuffle);
            for (List<SourceRecord> input : List.of(feed, resent)) {
                UnifiedRecord record = reconciler.reconcile(Records.PATIENT, input, Records.SOURCES, dmd);
                sha.update(record.toString().getBytes(StandardCharsets.UTF_8));
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    @Test
    void theRecordsOfGeneratedFeedsAreThoseOfTheReconcilerBeforeTheSpeedWork() throws Exception {
        assertEquals(EXPECTED, digest());
    }

    /** Prints the digest: run against another build's classes to record it. */
    public static void main(String[] args) throws Exception {
        System.out.println(digest());
    }
}
