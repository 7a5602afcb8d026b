/**
 * dm+d (the NHS Dictionary of medicines and devices): reading NHSBSA releases and answering
 * questions about dm+d codes. Plain Java (java.* and javax.xml.* only), no framework types.
 *
 * <h2>Vocabulary</h2>
 * <ul>
 *   <li><b>VTM</b> (Virtual Therapeutic Moiety): the substance(s), e.g. "Co-amilofruse".</li>
 *   <li><b>VMP</b> (Virtual Medicinal Product): a generic product with strength and form, e.g.
 *       "Co-amilofruse 5mg/40mg tablets". Its detail ({@link health.umr.dmd.VmpDetail}) is its
 *       dose form, routes and ingredients with strengths. Most VMPs have a VTM; some (feeds,
 *       appliances) have none.</li>
 *   <li><b>AMP</b> (Actual Medicinal Product): a VMP from one supplier.</li>
 *   <li><b>VMPP</b> (Virtual Medicinal Product Pack): a VMP in one pack size.</li>
 *   <li><b>AMPP</b> (Actual Medicinal Product Pack): an AMP in one pack size; it has both a VMPP
 *       and an AMP above it.</li>
 *   <li><b>id / code</b>: a dm+d id is a SNOMED CT id ({@link health.umr.dmd.SnomedId}). FHIR
 *       messages send it under {@code https://dmd.nhs.uk} (UK Core), {@code https://dmd.nhs.uk/}
 *       or {@code http://snomed.info/sct} (EPS, GP Connect): one code system
 *       ({@link health.umr.dmd.Dmd#isDmdSystem}).</li>
 *   <li><b>previous id</b>: ids change. A VTM's VTMIDPREV and a VMP's VPIDPREV name the id it
 *       replaced; the optional history file (HISTORIC_CODES/f_history1_*.xml) lists more
 *       (IDPREVIOUS → IDCURRENT). The <b>current code</b> of an id follows these replacements to
 *       the end of the chain (cycle-safe); e.g. the Co-amilofruse VTM 354303007 is now
 *       34186711000001102.</li>
 *   <li><b>invalid</b>: a concept flagged INVALID = 1 in the release. It is still known (lookups
 *       answer it, with {@link health.umr.dmd.DmdConcept#invalid()} true) because old records
 *       use it.</li>
 *   <li><b>release</b>: the files of one NHSBSA week ({@link health.umr.dmd.DmdRelease}), read by
 *       {@link health.umr.dmd.DmdReleaseReader}; a newer release can be laid over an older one
 *       ({@link health.umr.dmd.DmdRelease#mergedWith}) so that ids only the older one had still
 *       resolve.</li>
 * </ul>
 *
 * <h2>Hierarchy and subsumption</h2>
 * The hierarchy is dm+d's product model, not SNOMED's is-a graph:
 * <pre>
 *   VTM ← VMP ← AMP  ← AMPP
 *            ↖ VMPP ↙
 * </pre>
 * The <b>ancestors</b> of a code are the concepts above it: for an AMPP its VMPP, AMP, VMP and
 * VTM; for an AMP or a VMPP its VMP and VTM; for a VMP its VTM; a VTM has none.
 *
 * <p>{@code subsumes(a, b)} is true exactly when, after replacing both a and b by their current
 * codes, a equals b or a is an ancestor of b. So it is:
 * <ul>
 *   <li>reflexive for every non-null code, known or not ({@code subsumes(x, x)});</li>
 *   <li>blind to id changes ({@code subsumes("354303007", "34186711000001102")} is true);</li>
 *   <li>not symmetric: a VTM subsumes its VMPs, a VMP does not subsume its VTM;</li>
 *   <li>false between siblings (two VMPs of one VTM; an AMP and a VMPP of one VMP: neither is
 *       above the other) and false if either code is null or b is unknown (and not equal to
 *       a).</li>
 * </ul>
 * Invalid concepts take part like any other.
 *
 * <h2>Use</h2>
 * <pre>{@code
 *   DmdRelease release = new DmdReleaseReader(log::info).read(Path.of("/data/dmd/nhsbsa_dmd_x.zip"));
 *   Dmd dmd = DmdIndex.of(release);
 *   dmd.vtmOf("8968011000001101");   // Optional[34186711000001102]
 * }</pre>
 */
package health.umr.dmd;
