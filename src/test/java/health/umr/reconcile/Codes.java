package health.umr.reconcile;

import health.umr.dmd.SnomedId;

/**
 * dm+d ids used in the tests. VTMs are real (2019 VTM file); VMP/AMP ids in namespace 9999999 are
 * the synthetic fixture's, rebuilt by its rule (src/test/resources/dmd/synthetic/README.md);
 * co-amilofruse ids are the real 2021 extract's; adenosine and Nutrison the real 2019 subset's.
 */
final class Codes {

    static final String DMD = "https://dmd.nhs.uk";
    static final String DMD_SLASH = "https://dmd.nhs.uk/";
    static final String SNOMED = "http://snomed.info/sct";

    static final String AMITRIPTYLINE = "40589005";
    static final String AMITRIPTYLINE_10MG_TABLETS = synthetic(104);
    static final String AMITRIPTYLINE_10MG_TABLETS_AMP = synthetic(204);

    static final String CO_CARELDOPA = "404830004";
    static final String CO_CARELDOPA_RETIRED = "346377002";
    static final String CO_CARELDOPA_25_100_TABLETS = synthetic(101);
    static final String CO_CARELDOPA_25_100_TABLETS_AMP = synthetic(201);
    static final String CO_CARELDOPA_50_200_MR_TABLETS = synthetic(102);
    static final String CO_CARELDOPA_50_200_MR_TABLETS_AMP = synthetic(202);

    static final String APIXABAN = "703906002";
    static final String APIXABAN_RETIRED = "19510611000001104";
    static final String APIXABAN_5MG_TABLETS = synthetic(105);

    static final String INSULIN_GLARGINE = "126212009";
    static final String INSULIN_GLARGINE_PREFILLED = synthetic(111);

    static final String ADENOSINE = "108502004";
    static final String ADENOSINE_6MG_2ML_VIALS = "35894711000001106";

    static final String SERTRALINE_50MG_TABLETS = synthetic(107);
    static final String OMEPRAZOLE_20MG_CAPSULES = synthetic(109);

    /** A VMP without a VTM (2019 subset). */
    static final String NUTRISON_LIQUID = "3549611000001100";

    static final String CO_AMILOFRUSE = "34186711000001102";
    static final String CO_AMILOFRUSE_RETIRED = "354303007";
    static final String CO_AMILOFRUSE_5_40_TABLETS = "318136009";
    static final String CO_AMILOFRUSE_2_5_20_TABLETS = "318135008";
    static final String CO_AMILOFRUSE_5_40_COMBINATION_PACK_AMPP = "8968011000001101";

    static final String ORAL = "26643006";
    static final String SUBCUTANEOUS = "34206005";
    static final String INTRAVENOUS = "47625008";

    private Codes() {}

    /** The id of a synthetic fixture concept: item number in namespace 9999999 (see the fixture's README). */
    private static String synthetic(long item) {
        return SnomedId.extensionConceptId(item, "9999999");
    }
}
