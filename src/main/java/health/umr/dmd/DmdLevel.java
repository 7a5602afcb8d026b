package health.umr.dmd;

/**
 * The five levels of the dm+d product model, from the most general (the therapeutic moiety) to
 * the most specific (a branded pack).
 */
public enum DmdLevel {
    /** Virtual Therapeutic Moiety, e.g. "Co-amilofruse". */
    VTM,
    /** Virtual Medicinal Product, e.g. "Co-amilofruse 5mg/40mg tablets". */
    VMP,
    /** Actual Medicinal Product: a VMP from one supplier. */
    AMP,
    /** Virtual Medicinal Product Pack: a VMP in a pack size, e.g. "... 28 tablet". */
    VMPP,
    /** Actual Medicinal Product Pack: an AMP in a pack size. */
    AMPP
}
