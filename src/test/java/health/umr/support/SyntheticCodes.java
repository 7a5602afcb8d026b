package health.umr.support;

/**
 * The synthetic dm+d VMPs the API tests prescribe (src/test/resources/dmd/synthetic, namespace
 * 9999999, each hung off its real VTM; see that folder's README). {@link DmdFixtures#loadSynthetic()}
 * loads them into the service.
 */
public final class SyntheticCodes {

    public static final String COCARELDOPA_25_100 = "1019999999106";
    public static final String COCARELDOPA_50_200_MR = "1029999999104";
    public static final String VALPROATE_200 = "1039999999102";
    public static final String AMITRIPTYLINE_10 = "1049999999107";
    public static final String APIXABAN_5 = "1059999999105";
    public static final String RIVAROXABAN_20 = "1069999999108";
    public static final String SERTRALINE_50 = "1079999999100";
    public static final String CITALOPRAM_20 = "1089999999103";
    public static final String OMEPRAZOLE_20 = "1099999999101";
    public static final String LANSOPRAZOLE_30 = "1109999999105";
    public static final String INSULIN_GLARGINE = "1119999999107";
    public static final String LEVETIRACETAM_500 = "1129999999100";
    public static final String OXYBUTYNIN_5 = "1139999999103";
    public static final String HEPARIN_FLUSH = "1149999999108";
    public static final String BUPRENORPHINE_PATCH = "1169999999109";
    public static final String PREDNISOLONE_EYE_DROPS = "1189999999104";
    public static final String HYDROCORTISONE_CREAM = "1209999999100";
    public static final String HYDROCORTISONE_10 = "1219999999103";
    public static final String DESMOPRESSIN_NASAL = "1309999999107";
    public static final String CO_BENELDOPA_DISPERSIBLE = "1239999999107";
    public static final String ATROPINE_EYE_DROPS = "1249999999102";
    public static final String METHOTREXATE_2_5 = "1269999999101";

    private SyntheticCodes() {}
}
