/**
 * Reconciliation: a patient's source records from every source → one {@link
 * health.umr.domain.UnifiedRecord} ({@link health.umr.reconcile.Reconciler}). Plain Java: a pure
 * function of the records, the sources' settings, the dm+d release and the settings (the
 * current window). No clock, no I/O, no dependence on input order; everything is sorted.
 *
 * <h2>Matching rules (for a pharmacist to check)</h2>
 * <ol>
 *   <li><b>What the medicine is.</b> The first coding under a dm+d system ({@code https://dmd.nhs.uk},
 *       {@code https://dmd.nhs.uk/}, {@code http://snomed.info/sct}) whose code the dm+d release
 *       knows; a retired id is replaced by its current id. From it: its VMP (for an AMP, VMPP or
 *       AMPP, the VMP above it) and its VTM. A record with no such coding (text only, other code
 *       systems, codes dm+d does not know) is <b>unmapped</b>: it is an item on its own, never
 *       merged with anything by its name.</li>
 *   <li><b>One source's chain is one contribution.</b> Within one source, records linked by
 *       {@code basedOn} (a {@code MedicationRequest/<id>} reference or a {@code system|value}
 *       identifier), by being based on the same request, or by a shared {@code groupIdentifier}
 *       are one medicine, provided they name the same medicine (same VTM and VMP; for unmapped
 *       records the same text or codes): a GP Connect MedicationStatement, its {@code plan} and
 *       its {@code order} issues; an EPS {@code original-order} and its {@code instance-order}s.
 *       Records naming different medicines are never chained (an EPS groupIdentifier is shared by
 *       every line item of a prescription). The chain speaks
 *       through its lead record: the MedicationStatement, else the {@code plan}, else the
 *       {@code original-order}, else an {@code order}, else an {@code instance-order} (newest
 *       lastUpdated first within a kind). Its medicine is the first one resolvable in that order;
 *       the newest issue's authoredOn is shown as the last issue date.</li>
 *   <li><b>One item per VTM.</b> All contributions with the same VTM, at any level (VTM, VMP,
 *       AMP, VMPP, AMPP, retired ids), are one item, whatever the strength, form or route.
 *       Contributions whose VMP has no VTM are grouped by VMP.</li>
 *   <li><b>Except when a source keeps products apart.</b> When one source has two different VMPs
 *       of one VTM active at the same time (co-careldopa 25mg/100mg tablets by day and 50mg/200mg
 *       modified-release at night), that VTM becomes one item per VMP named by any source; the
 *       other sources' VMP, AMP and pack records join the item of their VMP, and records that name
 *       only the VTM form one further item of their own (never guessed into one product), which
 *       carries a {@code product} discrepancy saying why.</li>
 *   <li><b>Dose.</b> Sources (not records) are compared, over their current, active
 *       contributions; pairs whose known routes differ are not compared for dose. Each contribution's
 *       dose is a range ({@code DoseRange}): from its structured dosage where there is one (every
 *       dosage instruction, summed; a doseRange and a frequency range give a low and a high; an
 *       instruction sequence of several steps, a taper, is not compared), else from its text read by
 *       {@code DoseText} ("One tablet three times daily", "1-2 tablets every 4-6 hours when required",
 *       "15mg once a week", "2 tablets in the morning; 1 tablet at night"). Regular doses are amounts
 *       a day; doses taken only as needed are amounts per dose. A count of units (tablet, capsule,
 *       "one") is multiplied by the VMP's strength (each ingredient's VPI numerator), a dose in ml by
 *       the concentration; mass is brought to mg; a week is a seventh of a day. Two sources differ when
 *       (a) both ranges are known and comparable (same ingredients and units, or both counts as written
 *       when one strength is unknown; both regular or both as needed) and share no amount (within 1
 *       in a million); else (b) both name products with known, different strengths; else (c) both
 *       dosages are text neither reader understands and the texts differ ignoring case, spacing and a
 *       closing full stop. A record whose own text and structured dose share no amount ("200mg daily"
 *       with 50 mg structured) is a discrepancy too. Anything else is not called a difference; as
 *       needed in one source and regular in another is not. A source's several contributions to one
 *       item have their ranges added.</li>
 *   <li><b>Form and route.</b> A {@code form} discrepancy when two sources' active products share
 *       no dm+d dose form (tablet / modified-release tablet); a {@code route} discrepancy when two
 *       sources share no route (the route given in the dosage, else the VMP's only dm+d route).</li>
 *   <li><b>Status.</b> A source's status for an item is active if any of its current
 *       contributions is active, else that of its newest one. Active in one source and completed,
 *       stopped (cancelled) or not taken in another is a {@code status} discrepancy. The item's
 *       status is that of the newest assertion among its current contributions: the newest
 *       meta.lastUpdated in the chain (none counts as oldest), then the newest dateAsserted (else
 *       effective start / authoredOn); on a full tie an active one (a tie never hides a
 *       medicine), then the smaller source id, then the smaller record key. Every source stays
 *       listed.</li>
 *   <li><b>Entered in error</b> records are left out entirely.</li>
 *   <li><b>Current window.</b> A completed, stopped or not-taken contribution whose end (the
 *       newest, over its records, of effective end, else dateAsserted, else effective start, else
 *       lastUpdated) is before the window is not current: it is listed with {@code current=false}
 *       and takes no part in discrepancies or the item's status. An item none of whose
 *       contributions is current goes to {@link health.umr.domain.UnifiedRecord#history()}. The
 *       window (12 months by default) ends at the newest date among the patient's records
 *       (lastUpdated, dateAsserted, effective start) — not at "now" — so the record is a pure
 *       function of its inputs. Active records never leave the current view. Partial dates count
 *       from their first day (UTC).</li>
 *   <li><b>Inpatient orders.</b> A chain with a MedicationRequest of category {@code inpatient}
 *       from an acute or mental-health source is marked an inpatient order, with the newest
 *       authoredOn of its inpatient requests.</li>
 *   <li><b>What each source shows.</b> Each contribution keeps its product's routes (the dosage's
 *       route, else the VMP's dm+d routes), dose form and strength, the lead record's
 *       {@code statusReason} and indication (each else the newest one in the chain), and when the source last confirmed it
 *       (the newest lastUpdated, dateAsserted, effective start or authoredOn in the chain). The alert
 *       rules read these; reconciliation does not.</li>
 *   <li><b>Item ids</b> are the first 32 hex digits of SHA-256 over the NHS number and the item
 *       key ({@code vtm:<id>}, {@code vtm:<id>|vmp:<id>}, {@code vmp:<id>},
 *       {@code unmapped:<source>|<type>|<business key>} of the lead record), so an item keeps its
 *       id while its VTM does; an item split by rule 4 gets new ids for its products.</li>
 * </ol>
 */
package health.umr.reconcile;
