package health.umr.domain;

/** What the sources of one unified item disagree about. */
public enum DiscrepancyType {
    /** The daily dose, or the strength named, differs between sources. */
    DOSE("dose"),
    /** One source has the medicine active, another has stopped or completed it. */
    STATUS("status"),
    /** The products named have different dose forms (e.g. tablet and modified-release tablet). */
    FORM("form"),
    /** The routes given differ (e.g. oral and subcutaneous). */
    ROUTE("route"),
    /**
     * A source names only the substance (VTM) while the patient's other records list several
     * products of it that are kept apart, so it cannot be matched to one of them.
     */
    PRODUCT("product");

    private final String code;

    DiscrepancyType(String code) {
        this.code = code;
    }

    /** The code published in the portal JSON ({@code "type": "dose"}). */
    public String code() {
        return code;
    }
}
