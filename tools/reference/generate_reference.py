#!/usr/bin/env python3
"""Derives the reference CSVs of UMR from public data (see ../README.md).

Usage:  python3 generate_reference.py [DATA_DIR] [OUT_DIR]
        DATA_DIR defaults to /work/shared/data (the project's copy of the public files listed in
        its README.md); OUT_DIR defaults to the service's src/main/resources/reference/.

Inputs (all copied unchanged from public repositories):
  dmd/nhsbsa-2019-04-01-subset/f_vtm2_3010419.xml   NHSBSA dm+d VTM file, release
                                                     NHSBSA_4.0.1_20190401000001 (OGL v3.0)
  acb/ACB_table.csv, acb/ACBcalc.csv                 g-b-f/ACB-data commit f10b2afd
  dmd-codelists/*.csv                                OpenSAFELY codelists (MIT)

Everything a person decided (synonyms, salt forms, exclusions, class lists) is a table in this
file, with its reason. The script refuses to write anything if a name does not resolve to exactly
one valid VTM of the 2019 file, so ids are never typed by hand.
"""
import csv
import io
import os
import sys
import xml.etree.ElementTree as ET
from collections import OrderedDict, defaultdict

VERSION = "2026-12-01.1"
DATA = sys.argv[1] if len(sys.argv) > 1 else "/work/shared/data"
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = sys.argv[2] if len(sys.argv) > 2 else os.path.join(ROOT, "src", "main", "resources", "reference")

VTM_FILE = "dmd/nhsbsa-2019-04-01-subset/f_vtm2_3010419.xml"
DMD_CITATION = ("NHSBSA dm+d release NHSBSA_4.0.1_20190401000001 (1 April 2019), file f_vtm2_3010419.xml "
                "(2,859 VTMs), as kept in ebmdatalab/openprescribing openprescribing/dmd/tests/data/dmd/1/ "
                "(commit 62015f4a); dm+d data (c) NHSBSA, Open Government Licence v3.0")

# ---------------------------------------------------------------------------------------------
# dm+d VTMs
# ---------------------------------------------------------------------------------------------
VTMS = []
for el in ET.parse(os.path.join(DATA, VTM_FILE)).getroot().findall("VTM"):
    VTMS.append({c.tag: (c.text or "") for c in el})
VALID = [v for v in VTMS if v.get("INVALID") != "1"]
BY_NAME = {v["NM"].lower(): v for v in VALID}
assert len(BY_NAME) == len(VALID), "VTM names are not unique"
SINGLES = sorted((v for v in VALID if " + " not in v["NM"]), key=lambda v: -len(v["NM"]))
COMBOS = [v for v in VALID if " + " in v["NM"]]
INVALID_NAMES = {v["NM"].lower() for v in VTMS if v.get("INVALID") == "1"}


def vtm(name):
    """The one valid VTM with this exact name (case-insensitive), or fail."""
    v = BY_NAME.get(name.lower())
    if v is None:
        raise SystemExit(f"no valid VTM named {name!r} in {VTM_FILE}")
    return v


# Components of the 'Co-' approved names that dm+d uses as VTM names (BNF approved names).
CO_NAMES = {
    "co-amilofruse": ["Amiloride", "Furosemide"],
    "co-amilozide": ["Amiloride", "Hydrochlorothiazide"],
    "co-amoxiclav": ["Amoxicillin", "Clavulanic acid"],
    "co-beneldopa": ["Benserazide", "Levodopa"],
    "co-careldopa": ["Carbidopa", "Levodopa"],
    "co-codamol": ["Codeine", "Paracetamol"],
    "co-codaprin": ["Codeine", "Aspirin"],
    "co-cyprindiol": ["Cyproterone", "Ethinylestradiol"],
    "co-danthramer": ["Dantron", "Poloxamer"],
    "co-danthrusate": ["Dantron", "Docusate"],
    "co-dydramol": ["Dihydrocodeine", "Paracetamol"],
    "co-fluampicil": ["Flucloxacillin", "Ampicillin"],
    "co-flumactone": ["Hydroflumethiazide", "Spironolactone"],
    "co-magaldrox": ["Magnesium hydroxide", "Aluminium hydroxide"],
    "co-methiamol": ["Methionine", "Paracetamol"],
    "co-phenotrope": ["Diphenoxylate", "Atropine"],
    "co-prenozide": ["Oxprenolol", "Cyclopenthiazide"],
    "co-proxamol": ["Dextropropoxyphene", "Paracetamol"],
    "co-simalcite": ["Simeticone", "Hydrotalcite"],
    "co-tenidone": ["Atenolol", "Chlortalidone"],
    "co-triamterzide": ["Triamterene", "Hydrochlorothiazide"],
    "co-trimoxazole": ["Trimethoprim", "Sulfamethoxazole"],
    "co-zidocapt": ["Hydrochlorothiazide", "Captopril"],
}


def components(v):
    """Component substance names of a combination VTM (' + ' names or a Co- name), else None."""
    nm = v["NM"]
    if " + " in nm:
        return [p.strip() for p in nm.split(" + ")]
    return CO_NAMES.get(nm.lower())


def prefix_vtm(text):
    """The valid single-substance VTM whose name is the longest prefix of text (word boundary)."""
    t = text.strip().lower()
    for v in SINGLES:
        n = v["NM"].lower()
        if t == n or (t.startswith(n) and t[len(n)] in " ,("):
            return v
    return None


# dm+d product names whose substance has only an INVALID plain VTM: which valid VTM holds them.
PRODUCT_OVERRIDES = [
    # (product-name prefix, words that must appear, VTM name)
    ("flupentixol ", ("injection",), "Flupentixol decanoate"),   # depot ampoules
    ("flupentixol ", ("tablets", "oral"), "Flupentixol dihydrochloride"),
    ("promethazine ", ("tablets", "oral", "injection"), "Promethazine hydrochloride"),
]


def product_to_vtm(name):
    """Maps a dm+d VMP/AMP name (generic names only; brand names do not map) to its VTM."""
    low = name.lower()
    for pre, words, target in PRODUCT_OVERRIDES:
        if low.startswith(pre) and not any(low.startswith(pre + s) for s in ("decanoate", "dihydrochloride", "hydrochloride", "teoclate")) \
                and any(w in low for w in words):
            return vtm(target)
    for sep in (" / ", " and "):
        if sep in name:
            parts = [prefix_vtm(p) for p in name.split(sep)]
            if all(parts):
                key = {p["NM"].lower() for p in parts}
                hits = [c for c in COMBOS if {x.lower() for x in components(c)} == key]
                return hits[0] if len(hits) == 1 else None
            if sep == " / ":
                return None
    return prefix_vtm(name)


def read_codelist(fname):
    rows = []
    with open(os.path.join(DATA, "dmd-codelists", fname), encoding="utf-8") as f:
        for r in csv.DictReader(f):
            rows.append((r.get("dmd_name") or r.get("nm") or r.get("term") or "", r.get("bnf_code", "")))
    return rows


def codelist_vtms(fname):
    """VTM name -> (count of product rows, BNF code prefixes seen) for one OpenSAFELY codelist."""
    out = OrderedDict()
    for name, bnf in read_codelist(fname):
        v = product_to_vtm(name)
        if v is None:
            continue
        n, bnfs = out.get(v["NM"], (0, set()))
        if bnf:
            bnfs.add(bnf[:7])
        out[v["NM"]] = (n + 1, bnfs)
    return out


def write_csv(path, comments, header, rows):
    buf = io.StringIO()
    for c in comments:
        buf.write("# " + c + "\n" if c else "#\n")
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    for r in rows:
        w.writerow(r)
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(buf.getvalue())
    print(f"wrote {path}: {len(rows)} rows")


# =============================================================================================
# 1. Anticholinergic burden
# =============================================================================================
# Names in the ACB sources that are US/old/misspelt forms of a dm+d VTM name, or that name a
# moiety dm+d keeps under other VTM names. name -> (VTM names, why)
ACB_SYNONYMS = {
    "acldinium": (["Aclidinium bromide"], "misspelling in ACBcalc; dm+d VTM is the bromide salt"),
    "benztropine": (["Benzatropine"], "US name"),
    "brompheniramine maleate": (["Brompheniramine"], "salt of brompheniramine"),
    "buproprion": (["Bupropion"], "misspelling in ACBcalc"),
    "chlorpheniramine": (["Chlorphenamine"], "US name"),
    "chlorthalidone": (["Chlortalidone"], "US name"),
    "clorazepate": (["Dipotassium clorazepate"], "dm+d VTM is the dipotassium salt"),
    "coumadin": (["Warfarin"], "US brand of warfarin"),
    "desloratidine": (["Desloratadine"], "misspelling in ACBcalc"),
    "dicyclomine": (["Dicycloverine"], "US name"),
    "empracet": (["Co-codamol"], "US brand of paracetamol + codeine"),
    "glycopyrronium": (["Glycopyrronium bromide"], "dm+d VTM is the bromide salt"),
    "hyoscine hydrobromide": (["Hyoscine hydrobromide", "Hyoscine (base)"],
                              "hyoscine base (transdermal patches) is the same moiety"),
    "isosorbide": (["Isosorbide dinitrate", "Isosorbide mononitrate"], "both isosorbide nitrates"),
    "ketoralac": (["Ketorolac"], "misspelling in ACBcalc"),
    "loratidine": (["Loratadine"], "misspelling in ACBcalc"),
    "meclizine": (["Meclozine"], "US name"),
    "meperidine": (["Pethidine"], "US name"),
    "mepethidine": (["Pethidine"], "misspelling of meperidine in the ACB_table Boustani column"),
    "methotrimeprazine": (["Levomepromazine"], "old name"),
    "phenobarbitol": (["Phenobarbital", "Phenobarbital sodium"], "misspelling in ACBcalc; sodium salt is the same moiety"),
    "pyrilamine": (["Mepyramine"], "US name"),
    "scopolamine": (["Hyoscine hydrobromide", "Hyoscine (base)"], "US name of hyoscine"),
    "tranolapril": (["Trandolapril"], "misspelling in ACBcalc"),
    "trazadone": (["Trazodone"], "misspelling in ACBcalc"),
    "valproic acid": (["Valproic acid", "Sodium valproate"], "sodium valproate is the same moiety"),
}
# Systemic salt/ester VTMs of a name that also has its own exact VTM (same moiety, same use).
ACB_EXTRA_FORMS = {
    "haloperidol": (["Haloperidol decanoate"], "depot ester of haloperidol"),
    "olanzapine": (["Olanzapine embonate"], "depot salt of olanzapine"),
    "methylprednisolone": (["Methylprednisolone acetate", "Methylprednisolone sodium succinate"],
                           "injectable esters of methylprednisolone"),
}
# Names with no valid VTM of their own (none, or only an INVALID one) whose valid single-substance
# '<name> <salt or ester>' VTMs carry the score (reviewed one by one).
ACB_SALT_ONLY = {"fluphenazine", "lithium", "promethazine", "triamcinolone"}
# Salt-form VTMs that the automatic '<name> <salt>' rule would pick up but that are left out.
ACB_EXCLUDED_FORMS = {
    "Lithium chloride": "dm+d lists it for the cardiac-output indicator injection, not lithium therapy",
}
# Notes for people on single rows whose VTM is used mostly by another route than the scales score.
ACB_ROW_NOTES = {
    "Mepyramine": "review: UK products under this VTM are mainly topical (mepyramine cream); the ACB scale scores oral pyrilamine",
}
# Source names with no VTM: reason.
ACB_UNMAPPED_REASONS = {
    "benazepril": "no VTM in dm+d (ACE inhibitor not marketed in the UK)",
    "carbinoxamine": "no VTM in dm+d (not marketed in the UK)",
    "clidinium": "no single-substance VTM in dm+d; only in the combination Chlordiazepoxide + Clidinium, scored as a combination",
    "cyclobenzaprine": "no VTM in dm+d (not marketed in the UK)",
    "desipramine": "no VTM in dm+d (no longer marketed in the UK)",
    "dimetindene": "no VTM in dm+d (not marketed in the UK)",
    "doxylamine": "no single-substance VTM in dm+d; only in the combination Doxylamine + Pyridoxine, scored as a combination",
    "hyoscyamine": "no VTM in dm+d (not marketed in the UK)",
    "iloperidone": "no VTM in dm+d (not marketed in the UK)",
    "molindone": "no VTM in dm+d (not marketed in the UK)",
    "opipramol": "no VTM in dm+d (not marketed in the UK)",
    "piperacillin": "no single-substance VTM in dm+d; only in the combination Piperacillin + Tazobactam, scored as a combination",
    "triazolam": "no VTM in dm+d (withdrawn in the UK)",
}
# Combination VTMs that contain a scored substance but are NOT scored, with why. The ACB scales
# score systemic use; these combinations are topical, ocular, otic, rectal or local-only products
# (from the dm+d names and BNF), or the scored part is not meant to act.
ACB_COMBINATION_EXCLUSIONS = {}
for _n in ["Hydrocortisone + Clotrimazole", "Lidocaine + Hydrocortisone", "Hydrocortisone + Miconazole",
           "Hydrocortisone + Neomycin", "Oxytetracycline + Hydrocortisone", "Hydrocortisone + Urea",
           "Econazole + Hydrocortisone", "Hydrocortisone + Clioquinol", "Hydrocortisone + Crotamiton",
           "Hydrocortisone + Fusidic acid", "Gentamicin + Hydrocortisone", "Cinchocaine + Hydrocortisone",
           "Hydrocortisone + Potassium hydroxyquinoline sulfate", "Hydrocortisone + Sodium fusidate",
           "Hydrocortisone + Pramocaine", "Ichthammol + Hydrocortisone", "Hydrocortisone + Tretinoin + Hydroquinone",
           "Clindamycin + Hydrocortisone", "Hydrocortisone + Salicylic acid + Sulfur", "Sulfur + Hydrocortisone",
           "Hydrocortisone + Salicylic acid", "Menthol + Hydrocortisone", "Ichthammol + Clioquinol + Hydrocortisone",
           "Coal tar + Salicylic acid + Hydrocortisone", "Nystatin + Chlorhexidine + Hydrocortisone",
           "Coal tar + Hydrocortisone", "Hydrocortisone + Hydroquinone",
           "Triamcinolone + Chlortetracycline", "Neomycin + Triamcinolone",
           "Dexamethasone + Tobramycin", "Tramazoline + Dexamethasone", "Ciprofloxacin + Dexamethasone",
           "Cinchocaine + Prednisolone", "Neomycin + Prednisolone",
           "Benzoyl peroxide + Clindamycin", "Clindamycin + Tretinoin", "Benzocaine + Mepyramine",
           "Amitriptyline + Ketamine"]:
    ACB_COMBINATION_EXCLUSIONS[_n] = "topical, eye, ear, nasal or rectal product: not systemic use"
ACB_COMBINATION_EXCLUSIONS["Methylprednisolone + Lidocaine"] = "local (intra-articular or soft-tissue) injection"
ACB_COMBINATION_EXCLUSIONS["Atropine + Adrenaline + Procaine"] = "local anaesthetic preparation"
ACB_COMBINATION_EXCLUSIONS["Co-phenotrope"] = ("atropine is present at a sub-therapeutic dose to deter misuse; "
                                               "no ACB source scores co-phenotrope")


def norm(s):
    return " ".join(s.strip().lower().split())


def build_acb():
    boustani = defaultdict(list)   # normalised name -> [(original name, score)]
    calc = defaultdict(list)
    table_calc = {}
    with open(os.path.join(DATA, "acb/ACB_table.csv"), encoding="utf-8") as f:
        for r in csv.DictReader(f):
            if r["Boustani2008"].strip():
                boustani[norm(r["Name"])].append((r["Name"].strip(), int(r["Boustani2008"])))
            if r["ACBcalc"].strip():
                table_calc[norm(r["Name"])] = int(r["ACBcalc"])
    with open(os.path.join(DATA, "acb/ACBcalc.csv"), encoding="utf-8") as f:
        for r in csv.DictReader(f):
            calc[norm(r["Name"])].append((r["Name"].strip(), int(r["Score"])))
    # The ACBcalc column of ACB_table.csv must agree with ACBcalc.csv (same upstream scrape).
    for n, s in table_calc.items():
        assert n in calc and calc[n][0][1] == s, f"ACB_table ACBcalc column disagrees with ACBcalc.csv for {n}"
    assert set(table_calc) == set(calc), "ACBcalc names differ between the two files"

    names = sorted(set(boustani) | set(calc))
    mapping = {}          # source name -> [VTM]
    unmapped = []
    for n in names:
        if n in ACB_SYNONYMS:
            targets = [vtm(t) for t in ACB_SYNONYMS[n][0]]
        elif n in BY_NAME:
            targets = [BY_NAME[n]] + [vtm(t) for t in ACB_EXTRA_FORMS.get(n, ([], ""))[0]]
        else:
            # no valid VTM with this exact name: the valid single-substance '<name> <salt>' VTMs
            targets = [v for v in SINGLES if v["NM"].lower().startswith(n + " ")
                       and v["NM"] not in ACB_EXCLUDED_FORMS]
            if targets and n not in ACB_SALT_ONLY:
                raise SystemExit(f"unexpected salt-only mapping for {n}: review and add to ACB_SALT_ONLY")
        if targets:
            mapping[n] = targets
        else:
            unmapped.append(n)

    # Evidence per VTM.
    ev = OrderedDict()
    for n, targets in mapping.items():
        for v in targets:
            e = ev.setdefault(v["VTMID"], {"vtm": v, "b": [], "c": [], "names": []})
            e["b"] += boustani.get(n, [])
            e["c"] += calc.get(n, [])
            e["names"].append(n)

    def pick(entries, v):
        """One score from several same-scale entries: the one named like the VTM, else the highest."""
        scores = {s for _, s in entries}
        if len(scores) == 1:
            return scores.pop()
        exact = [s for nm, s in entries if norm(nm) == v["NM"].lower()]
        return exact[0] if exact else max(scores)

    rows = {}
    for vid, e in ev.items():
        v = e["vtm"]
        b = pick(e["b"], v) if e["b"] else None
        c = pick(e["c"], v) if e["c"] else None
        parts = []
        if e["b"]:
            parts.append("ACB scale: " + ", ".join(f"{nm} {s}" for nm, s in e["b"]))
        else:
            parts.append("ACB scale: not listed")
        if e["c"]:
            parts.append("ACBcalc: " + ", ".join(f"{nm} {s}" for nm, s in e["c"]))
        else:
            parts.append("ACBcalc: not listed")
        if c is not None and b is not None:
            score = max(b, c)
            scale = ("ACB+ACBcalc" if b == c and len({s for _, s in e["b"]}) == 1
                     else "ACB" if b > c else "ACBcalc")
        elif c is not None:
            score, scale = c, "ACBcalc"
        else:
            score, scale = b, "ACB"
        if len({s for _, s in e["b"] + e["c"]}) > 1:
            parts.append(f"sources disagree: {score} used (the higher score, {scale}, by policy)")
        for n in e["names"]:
            if n in ACB_SYNONYMS and ACB_SYNONYMS[n][0] and v["NM"] in ACB_SYNONYMS[n][0] and norm(v["NM"]) != n:
                parts.append(f"'{n}' mapped here: {ACB_SYNONYMS[n][1]}")
            if n in ACB_EXTRA_FORMS and v["NM"] in ACB_EXTRA_FORMS[n][0]:
                parts.append(f"'{n}' mapped here: {ACB_EXTRA_FORMS[n][1]}")
            if n in ACB_SALT_ONLY:
                why = "is invalid in dm+d" if n in INVALID_NAMES else "does not exist in dm+d"
                parts.append(f"'{n}' mapped here: a plain VTM '{n}' {why}; its salt/ester VTMs carry the score")
        if v["NM"] in ACB_ROW_NOTES:
            parts.append(ACB_ROW_NOTES[v["NM"]])
        rows[vid] = [vid, v["NM"], score, scale, ";".join(dict.fromkeys(e["names"])), "; ".join(parts)]

    # Score of a substance name, for combinations.
    def substance_score(name):
        n = norm(name)
        if n in BY_NAME and BY_NAME[n]["VTMID"] in rows:
            r = rows[BY_NAME[n]["VTMID"]]
            return r[2], r[3]
        if n in mapping:
            r = rows[mapping[n][0]["VTMID"]]
            return r[2], r[3]
        b = boustani[n][0][1] if n in boustani else None
        c = calc[n][0][1] if n in calc else None
        if c is not None and b is not None:
            return max(b, c), ("ACB+ACBcalc" if b == c else "ACB" if b > c else "ACBcalc")
        if c is not None:
            return c, "ACBcalc"
        if b is not None:
            return b, "ACB"
        return None

    combo_rows = []
    combo_excluded = []
    for v in sorted(VALID, key=lambda v: v["NM"].lower()):
        comps = components(v)
        if not comps or v["VTMID"] in rows:
            continue
        scored = [(c, substance_score(c)) for c in comps]
        scored = [(c, s) for c, s in scored if s]
        if not scored:
            continue
        if v["NM"] in ACB_COMBINATION_EXCLUSIONS:
            combo_excluded.append((v["NM"], ACB_COMBINATION_EXCLUSIONS[v["NM"]]))
            continue
        total = sum(s for _, (s, _) in scored)
        detail = " + ".join(f"{c} {s} ({sc})" for c, (s, sc) in scored)
        how = "" if " + " in v["NM"] else f"{v['NM']} = {' + '.join(comps)}; "
        combo_rows.append([v["VTMID"], v["NM"], total, "sum-of-components", ";".join(norm(c) for c, _ in scored),
                           f"combination: {how}{detail}; unlisted components score 0"])
    for n in ACB_COMBINATION_EXCLUSIONS:
        if n.lower() not in BY_NAME:
            raise SystemExit(f"excluded combination {n!r} is not a valid VTM")
    out = sorted(rows.values(), key=lambda r: r[1].lower()) + combo_rows

    un_rows = []
    for n in unmapped:
        if n not in ACB_UNMAPPED_REASONS:
            raise SystemExit(f"ACB name {n!r} maps to no VTM and has no recorded reason")
        score = calc[n][0][1] if n in calc else boustani[n][0][1]
        orig = (calc.get(n) or boustani.get(n))[0][0]
        un_rows.append([orig, score, ACB_UNMAPPED_REASONS[n]])
    return out, un_rows, combo_excluded, len(names)


# =============================================================================================
# 2. Time-critical medicines
# =============================================================================================
TC_SOURCES = [
    "NPSA-RRR009 = National Patient Safety Agency. Rapid Response Report NPSA/2010/RRR009 'Reducing harm from "
    "omitted and delayed medicines in hospital', 24 February 2010 (CAS alert 101353): every hospital to list "
    "critical medicines, including anti-infectives, anticoagulants, insulin, resuscitation medicines and "
    "medicines for Parkinson's disease, and other medicines identified locally",
    "PUK-GIOT = Parkinson's UK, 'Get It On Time' campaign and 'Time critical medication' professional resources "
    "(parkinsons.org.uk); report 'Every Minute Counts' (September 2023): 'on time' means within "
    "30 minutes of the prescribed time; in 2022 only 42% of people with Parkinson's got their medication on time",
    "EMC-2023 = joint statement with 'Every Minute Counts' (Parkinson's UK with Diabetes UK, Epilepsy Action, "
    "National AIDS Trust, Rethink Mental Illness and the Richmond Group; September 2023): time-critical "
    "medication in Parkinson's, diabetes, epilepsy, HIV and mental illness",
    "NATPSA-2020-005 = NHS England and NHS Improvement. National Patient Safety Alert NatPSA/2020/005/NHSPS "
    "'Steroid Emergency Card to support early recognition and treatment of adrenal crisis in adults', "
    "13 August 2020: omission of steroids in adrenal insufficiency can lead to adrenal crisis",
    "CLOZAPINE-SMPC = clozapine Summary of Product Characteristics (e.g. Clozaril, section 4.2): if more than "
    "2 days (48 hours) have passed since the last dose, re-start at 12.5 mg and re-titrate",
    "LOCAL-LIST = NPSA/2010/RRR009 action 1 'other medicines identified locally': classes that NHS trusts' "
    "critical-medicines lists commonly add (antiepileptics, immunosuppressants, steroids, myasthenia gravis "
    "medicines, clozapine, opioid substitution), as summarised in the project's shared clinical data notes "
    "('Time-critical medicines'); not one national list: review against the local trust list",
    "ORANGE-BOOK-2017 = Department of Health and Social Care. 'Drug misuse and dependence: UK guidelines on "
    "clinical management' (2017): continuity of opioid substitution treatment, including in hospital",
]

TC_SOURCES += [
    "PUK-NBM = Brennan KA, Genever RW. 'Managing Parkinson's disease during surgery'. BMJ 2010;341:c5718, and "
    "Parkinson's UK nil-by-mouth guidance: when a person cannot swallow, levodopa is given as dispersible "
    "co-beneldopa (by mouth or nasogastric tube) or converted to a rotigotine patch",
    "BNF-EPILEPSY = British National Formulary, phenytoin, fosphenytoin and phenobarbital monographs: "
    "phenytoin sodium 100 mg is about phenytoin (base) 92 mg; fosphenytoin sodium 1.5 mg is phenytoin sodium "
    "1 mg (the parenteral replacement when a patient cannot take phenytoin by mouth)",
    "BHIVA-2016 = British HIV Association guidelines for the treatment of HIV-1-positive adults with "
    "antiretroviral therapy 2015 (2016 interim update): missed doses risk viral rebound and drug resistance",
    "NICE-NG33 = NICE guideline NG33 'Tuberculosis' (2016): interrupted or incomplete treatment risks relapse and "
    "drug resistance",
    "PSA-DESMOPRESSIN = NHS Improvement Patient Safety Alert NHS/PSA/W/2016/001 (February 2016): 'Risk of severe "
    "harm or death when desmopressin is omitted or delayed in patients with cranial diabetes insipidus'",
    "DELAY = trust critical-medicines policies (LOCAL-LIST): a dose is 'delayed' once more than 30 to 120 minutes "
    "past its time, and 'omitted' if not given before the next is due (project shared clinical data notes); UMR "
    "escalates an omission after 30 minutes for Parkinson's medicines (PUK-GIOT) and after 2 hours for the others",
]

# class -> (source keys, reason, VTM names or None (every insulin), applies_to, due_within)
# applies_to: which products of the VTM are the time-critical medicine. 'systemic' = any route that is not
# local (eye, ear, skin, nose, vagina, joint ... : alerts/Routes); route words name routes; 'not-line-flush'
# leaves out heparin line flushes and locks; 'for-epilepsy' counts the medicine only where its record says it
# is for epilepsy or seizures. A product whose route is not known counts (an alert is safer than silence).
SYSTEMIC_NOT_LOCAL = "systemic"
STEROID_ROUTES = "oral;gastroenteral;intravenous;intramuscular;subcutaneous"
TC_CLASSES = OrderedDict([
    ("parkinsons", ("NPSA-RRR009; PUK-GIOT",
                    "Parkinson's medicine: a delay beyond 30 minutes risks loss of mobility and swallowing, falls, aspiration; abrupt withdrawal risks a neuroleptic-malignant-like syndrome",
                    ["Levodopa", "Co-careldopa", "Co-beneldopa", "Levodopa + Carbidopa + Entacapone", "Carbidopa",
                     "Ropinirole", "Pramipexole", "Rotigotine", "Apomorphine", "Bromocriptine", "Cabergoline",
                     "Pergolide", "Rasagiline", "Selegiline", "Safinamide", "Entacapone", "Opicapone",
                     "Tolcapone", "Amantadine"], SYSTEMIC_NOT_LOCAL, "PT30M")),
    ("antiepileptics", ("LOCAL-LIST; EMC-2023",
                        "antiepileptic: a missed or delayed dose risks breakthrough seizures and status epilepticus",
                        ["Levetiracetam", "Sodium valproate", "Valproic acid", "Carbamazepine", "Lamotrigine",
                         "Phenytoin", "Phenytoin sodium", "Fosphenytoin", "Oxcarbazepine", "Eslicarbazepine",
                         "Lacosamide", "Brivaracetam", "Topiramate", "Zonisamide", "Perampanel", "Clobazam",
                         "Clonazepam", "Phenobarbital", "Phenobarbital sodium", "Primidone", "Ethosuximide",
                         "Rufinamide", "Stiripentol", "Vigabatrin", "Tiagabine", "Retigabine", "Cannabidiol"],
                        SYSTEMIC_NOT_LOCAL, "PT2H")),
    ("antiepileptics-gabapentinoid", ("LOCAL-LIST; EMC-2023",
                                      "gabapentinoid prescribed for epilepsy: a missed dose risks seizures; most gabapentin and pregabalin is prescribed for neuropathic pain or anxiety, where a missed dose is not time-critical, so it counts only where the record says it is for epilepsy or seizures",
                                      ["Gabapentin", "Pregabalin"], "systemic;for-epilepsy", "PT2H")),
    ("insulins", ("NPSA-RRR009; EMC-2023",
                  "insulin: omission or delay risks hyperglycaemia and diabetic ketoacidosis",
                  None, SYSTEMIC_NOT_LOCAL, "PT2H")),  # every insulin VTM, filled in below
    ("anticoagulants", ("NPSA-RRR009",
                        "anticoagulant: a missed dose risks thrombosis or embolism (stroke, pulmonary embolism)",
                        ["Warfarin", "Acenocoumarol", "Phenindione", "Apixaban", "Rivaroxaban", "Edoxaban",
                         "Dabigatran etexilate", "Heparin", "Enoxaparin", "Dalteparin", "Tinzaparin",
                         "Fondaparinux sodium"], SYSTEMIC_NOT_LOCAL, "PT2H")),
    ("immunosuppressants", ("LOCAL-LIST",
                            "immunosuppressant: missed doses risk transplant rejection and loss of disease control",
                            ["Tacrolimus", "Ciclosporin", "Mycophenolate mofetil", "Mycophenolic acid",
                             "Azathioprine", "Sirolimus", "Everolimus"], SYSTEMIC_NOT_LOCAL, "PT2H")),
    ("corticosteroids", ("NATPSA-2020-005; LOCAL-LIST",
                         "corticosteroid taken by mouth or injection: omission in adrenal insufficiency or steroid dependence risks adrenal crisis",
                         ["Hydrocortisone", "Prednisolone", "Dexamethasone", "Fludrocortisone",
                          "Methylprednisolone", "Deflazacort", "Betamethasone"], STEROID_ROUTES, "PT2H")),
    ("myasthenia", ("LOCAL-LIST",
                    "myasthenia gravis: a delayed dose risks weakness of swallowing and breathing (myasthenic crisis)",
                    ["Pyridostigmine"], SYSTEMIC_NOT_LOCAL, "PT2H")),
    ("clozapine", ("CLOZAPINE-SMPC; LOCAL-LIST",
                   "clozapine: after 48 hours without it the dose must be re-titrated from 12.5 mg; relapse of psychosis",
                   ["Clozapine"], SYSTEMIC_NOT_LOCAL, "PT2H")),
    ("opioid-substitution", ("ORANGE-BOOK-2017; LOCAL-LIST",
                             "opioid substitution: a missed dose risks withdrawal, self-discharge and illicit use; a restarted full dose after loss of tolerance risks overdose",
                             ["Methadone", "Buprenorphine", "Buprenorphine + Naloxone"], None, "PT2H")),
    ("antiretrovirals", ("EMC-2023; BHIVA-2016; NPSA-RRR009",
                         "antiretroviral: missed or delayed doses risk viral rebound and resistance (NPSA lists anti-infectives)",
                         ["Abacavir", "Abacavir + Lamivudine", "Abacavir + Lamivudine + Dolutegravir",
                          "Abacavir + Lamivudine + Zidovudine", "Atazanavir", "Atazanavir + Cobicistat",
                          "Bictegravir + Emtricitabine + Tenofovir alafenamide", "Cobicistat", "Darunavir",
                          "Darunavir + Cobicistat", "Darunavir + Cobicistat + Emtricitabine + Tenofovir alafenamide",
                          "Didanosine", "Dolutegravir", "Dolutegravir + Rilpivirine", "Doravirine", "Efavirenz",
                          "Efavirenz + Emtricitabine + Tenofovir disoproxil", "Elvitegravir", "Emtricitabine",
                          "Emtricitabine + Rilpivirine + Tenofovir alafenamide",
                          "Emtricitabine + Tenofovir alafenamide", "Emtricitabine + Tenofovir disoproxil",
                          "Enfuvirtide", "Etravirine", "Fosamprenavir", "Indinavir", "Lamivudine",
                          "Lamivudine + Tenofovir disoproxil + Doravirine", "Lopinavir + Ritonavir", "Maraviroc",
                          "Nevirapine", "Raltegravir", "Rilpivirine", "Ritonavir", "Saquinavir", "Stavudine",
                          "Tenofovir alafenamide", "Tenofovir alafenamide + Cobicistat + Elvitegravir + Emtricitabine",
                          "Tenofovir disoproxil", "Tenofovir disoproxil + Cobicistat + Elvitegravir + Emtricitabine",
                          "Tenofovir disoproxil + Emtricitabine + Rilpivirine", "Tipranavir", "Zidovudine",
                          "Zidovudine + Lamivudine"], SYSTEMIC_NOT_LOCAL, "PT2H")),
    ("antituberculosis", ("NPSA-RRR009; NICE-NG33",
                          "antituberculosis treatment: interrupted doses risk relapse and drug resistance (NPSA lists anti-infectives)",
                          ["Rifampicin", "Isoniazid", "Pyrazinamide", "Ethambutol", "Rifampicin + Isoniazid",
                           "Rifampicin + Isoniazid + Pyrazinamide", "Rifabutin"], SYSTEMIC_NOT_LOCAL, "PT2H")),
    ("desmopressin", ("PSA-DESMOPRESSIN",
                      "desmopressin in cranial diabetes insipidus: an omitted or delayed dose risks severe dehydration, hypernatraemia and death",
                      ["Desmopressin"], "systemic;nasal", "PT2H")),
])
# applies_to of single rows, where it differs from the class's (with why, in the reason column).
TC_ROW_APPLIES = {
    "Heparin": ("systemic;not-line-flush", "heparin line flushes and locks (100 units/ml or weaker, or named a flush or lock) are not anticoagulation"),
    "Methadone": ("oral", "methadone by mouth (oral solution for opioid substitution; methadone tablets for pain are oral too and cannot be told apart)"),
    "Buprenorphine": ("sublingual;oromucosal;subcutaneous", "opioid substitution is sublingual or oral lyophilisate, or the prolonged-release subcutaneous injection; buprenorphine patches (transdermal) and analgesic injections are for pain and not opioid substitution"),
    "Buprenorphine + Naloxone": ("sublingual;oromucosal", "sublingual tablets or film for opioid substitution"),
    "Fludrocortisone": ("oral", "mineralocorticoid replacement by mouth"),
    "Desmopressin": ("systemic;nasal", "tablets, oral lyophilisates, nasal spray or injection; desmopressin for nocturnal enuresis or nocturia is not time-critical"),
}
# Reasons added to single rows: where the VTM also covers uses that are not time-critical.
TC_ROW_NOTES = {
    "Hydrocortisone": "creams, ointments, rectal foams and other local products are not time-critical",
    "Prednisolone": "eye drops and rectal products are not time-critical",
    "Dexamethasone": "eye and ear drops are not time-critical",
    "Betamethasone": "creams, ointments, eye, ear and nose drops (most betamethasone products) are not time-critical",
    "Tacrolimus": "tacrolimus ointment is not time-critical",
    "Ciclosporin": "ciclosporin eye drops are not time-critical",
    "Everolimus": "also used in cancer treatment",
    "Clonazepam": "also used outside epilepsy",
    "Amantadine": "also an antiviral",
    "Bromocriptine": "also used for hyperprolactinaemia",
    "Cabergoline": "also used for hyperprolactinaemia",
    "Sodium valproate": "also subject to the valproate pregnancy prevention programme",
    "Valproic acid": "also subject to the valproate pregnancy prevention programme",
    "Lamivudine": "also used alone for hepatitis B",
    "Tenofovir alafenamide": "also used alone for hepatitis B",
    "Tenofovir disoproxil": "also used alone for hepatitis B",
    "Emtricitabine + Tenofovir disoproxil": "also used as HIV pre-exposure prophylaxis",
    "Rifampicin": "also used for other infections (with another antibacterial)",
    "Rifabutin": "also used for Mycobacterium avium complex",
}


def build_time_critical():
    insulins = sorted((v["NM"] for v in VALID if v["NM"].lower().startswith("insulin")), key=str.lower)
    rows = []
    for clazz, (source, reason, names, applies, due) in TC_CLASSES.items():
        for n in (names if names is not None else insulins):
            v = vtm(n)
            r = reason
            a = applies
            if n in TC_ROW_APPLIES:
                a, why = TC_ROW_APPLIES[n]
                r += "; " + why
            if n in TC_ROW_NOTES:
                r += "; " + TC_ROW_NOTES[n]
            if a is None:
                raise SystemExit(f"time-critical {n}: no applies_to")
            rows.append([v["VTMID"], v["NM"], clazz, a, due, r, source])
    return rows


# Named substitutes: an inpatient order for the substitute, at the routes given, replaces the medicine
# (it clears an omission). medicine -> [(substitute, applies_to of the substitute, reason, source)].
LEVODOPA = ["Levodopa", "Co-careldopa", "Co-beneldopa", "Levodopa + Carbidopa + Entacapone"]
TC_SUBSTITUTES = []
for a in LEVODOPA:
    for b in LEVODOPA:
        if a != b:
            TC_SUBSTITUTES.append((a, b, "systemic",
                                   "another levodopa preparation (e.g. dispersible co-beneldopa when the patient cannot swallow)",
                                   "PUK-NBM"))
for a in LEVODOPA + ["Ropinirole", "Pramipexole"]:
    TC_SUBSTITUTES.append((a, "Rotigotine", "transdermal",
                           "rotigotine patch, the recognised conversion when nothing can be given by mouth or tube",
                           "PUK-NBM"))
for a, b in [("Phenytoin", "Phenytoin sodium"), ("Phenytoin sodium", "Phenytoin"), ("Phenytoin", "Fosphenytoin"),
             ("Phenytoin sodium", "Fosphenytoin"), ("Phenobarbital", "Phenobarbital sodium"),
             ("Phenobarbital sodium", "Phenobarbital")]:
    TC_SUBSTITUTES.append((a, b, "systemic", "the same antiepileptic moiety in another salt or a parenteral form",
                           "BNF-EPILEPSY"))
for a, b in [("Sodium valproate", "Valproic acid"), ("Valproic acid", "Sodium valproate")]:
    TC_SUBSTITUTES.append((a, b, "systemic", "the same valproate moiety (e.g. sodium valproate injection when nil by mouth)",
                           "BNF-EPILEPSY"))
for a in ["Prednisolone", "Dexamethasone", "Methylprednisolone", "Deflazacort", "Betamethasone"]:
    TC_SUBSTITUTES.append((a, "Hydrocortisone", "intravenous;intramuscular;subcutaneous",
                           "parenteral hydrocortisone, the steroid cover given when oral steroids cannot be taken",
                           "NATPSA-2020-005"))
for a, b in [("Buprenorphine", "Buprenorphine + Naloxone"), ("Buprenorphine + Naloxone", "Buprenorphine")]:
    TC_SUBSTITUTES.append((a, b, "sublingual;oromucosal;subcutaneous",
                           "the same buprenorphine opioid substitution, with or without naloxone", "ORANGE-BOOK-2017"))


def build_substitutes():
    rows = []
    for a, b, applies, reason, source in TC_SUBSTITUTES:
        va, vb = vtm(a), vtm(b)
        rows.append([va["VTMID"], va["NM"], vb["VTMID"], vb["NM"], applies, reason, source])
    return rows


# Names recognised in a medicine's text when it has no dm+d code (a text-only "Epilim Chrono 500mg"):
# every VTM name of the time-critical and valproate lists, plus these brand and other names.
# name -> VTM name. Brand names as the BNF and the electronic medicines compendium (medicines.org.uk)
# list them; the bundled dm+d subset has no AMPs to derive them from.
NAME_SYNONYMS = {
    # valproate
    "Epilim": "Sodium valproate", "Episenta": "Sodium valproate", "Epival": "Sodium valproate",
    "Dyzantil": "Sodium valproate", "Belvo": "Sodium valproate", "Orlept": "Sodium valproate",
    "valproate": "Sodium valproate", "Convulex": "Valproic acid", "Depakote": "Valproic acid",
    "valproate semisodium": "Valproic acid", "semisodium valproate": "Valproic acid",
    # Parkinson's
    "Sinemet": "Co-careldopa", "Lecado": "Co-careldopa", "Caramet": "Co-careldopa", "Duodopa": "Co-careldopa",
    "carbidopa/levodopa": "Co-careldopa", "Madopar": "Co-beneldopa", "benserazide/levodopa": "Co-beneldopa",
    "Stalevo": "Levodopa + Carbidopa + Entacapone", "Sastravi": "Levodopa + Carbidopa + Entacapone",
    "Requip": "Ropinirole", "Ropiqual": "Ropinirole", "Mirapexin": "Pramipexole", "Neupro": "Rotigotine",
    "APO-go": "Apomorphine", "Azilect": "Rasagiline", "Xadago": "Safinamide", "Comtess": "Entacapone",
    "Ongentys": "Opicapone", "Tasmar": "Tolcapone", "Eldepryl": "Selegiline", "Zelapar": "Selegiline",
    # antiepileptics
    "Keppra": "Levetiracetam", "Desitrend": "Levetiracetam", "Tegretol": "Carbamazepine",
    "Carbagen": "Carbamazepine", "Lamictal": "Lamotrigine", "Epanutin": "Phenytoin sodium",
    "Trileptal": "Oxcarbazepine", "Zebinix": "Eslicarbazepine", "Vimpat": "Lacosamide",
    "Briviact": "Brivaracetam", "Topamax": "Topiramate", "Zonegran": "Zonisamide", "Fycompa": "Perampanel",
    "Frisium": "Clobazam", "Tapclob": "Clobazam", "Rivotril": "Clonazepam", "Epidyolex": "Cannabidiol",
    "Sabril": "Vigabatrin", "Inovelon": "Rufinamide", "Diacomit": "Stiripentol", "Zarontin": "Ethosuximide",
    # insulins
    "Lantus": "Insulin glargine", "Abasaglar": "Insulin glargine", "Toujeo": "Insulin glargine",
    "Semglee": "Insulin glargine", "Levemir": "Insulin detemir", "Tresiba": "Insulin degludec",
    "NovoRapid": "Insulin aspart", "Fiasp": "Insulin aspart", "NovoMix": "Insulin aspart biphasic",
    "Humalog Mix": "Insulin lispro biphasic", "Humalog": "Insulin lispro", "Admelog": "Insulin lispro",
    "Apidra": "Insulin glulisine", "Humulin S": "Insulin soluble human", "Actrapid": "Insulin soluble human",
    "Humulin I": "Insulin isophane human", "Insulatard": "Insulin isophane human",
    "Humulin M3": "Insulin isophane biphasic human", "Xultophy": "Insulin degludec + Liraglutide",
    "Suliqua": "Insulin glargine + Lixisenatide",
    # anticoagulants
    "Marevan": "Warfarin", "Sinthrome": "Acenocoumarol", "Eliquis": "Apixaban", "Xarelto": "Rivaroxaban",
    "Lixiana": "Edoxaban", "Pradaxa": "Dabigatran etexilate", "dabigatran": "Dabigatran etexilate",
    "Clexane": "Enoxaparin", "Inhixa": "Enoxaparin", "Fragmin": "Dalteparin", "Innohep": "Tinzaparin",
    "Arixtra": "Fondaparinux sodium", "fondaparinux": "Fondaparinux sodium",
    # immunosuppressants
    "Prograf": "Tacrolimus", "Advagraf": "Tacrolimus", "Adoport": "Tacrolimus", "Modigraf": "Tacrolimus",
    "Envarsus": "Tacrolimus", "Neoral": "Ciclosporin", "Sandimmun": "Ciclosporin", "Capimune": "Ciclosporin",
    "CellCept": "Mycophenolate mofetil", "Myfortic": "Mycophenolic acid", "Imuran": "Azathioprine",
    "Rapamune": "Sirolimus", "Certican": "Everolimus",
    # others
    "Calcort": "Deflazacort", "Mestinon": "Pyridostigmine", "Clozaril": "Clozapine", "Denzapine": "Clozapine",
    "Zaponex": "Clozapine", "Physeptone": "Methadone", "Subutex": "Buprenorphine", "Espranor": "Buprenorphine",
    "Buvidal": "Buprenorphine", "Suboxone": "Buprenorphine + Naloxone", "DDAVP": "Desmopressin",
    "Desmotabs": "Desmopressin", "Desmomelt": "Desmopressin", "Noqdirna": "Desmopressin",
    "Octim": "Desmopressin",
    # antiretrovirals, antituberculosis
    "Triumeq": "Abacavir + Lamivudine + Dolutegravir", "Biktarvy": "Bictegravir + Emtricitabine + Tenofovir alafenamide",
    "Genvoya": "Tenofovir alafenamide + Cobicistat + Elvitegravir + Emtricitabine",
    "Stribild": "Tenofovir disoproxil + Cobicistat + Elvitegravir + Emtricitabine",
    "Descovy": "Emtricitabine + Tenofovir alafenamide", "Truvada": "Emtricitabine + Tenofovir disoproxil",
    "Atripla": "Efavirenz + Emtricitabine + Tenofovir disoproxil",
    "Eviplera": "Tenofovir disoproxil + Emtricitabine + Rilpivirine",
    "Odefsey": "Emtricitabine + Rilpivirine + Tenofovir alafenamide", "Juluca": "Dolutegravir + Rilpivirine",
    "Kivexa": "Abacavir + Lamivudine", "Combivir": "Zidovudine + Lamivudine",
    "Trizivir": "Abacavir + Lamivudine + Zidovudine", "Tivicay": "Dolutegravir", "Isentress": "Raltegravir",
    "Prezista": "Darunavir", "Rezolsta": "Darunavir + Cobicistat",
    "Symtuza": "Darunavir + Cobicistat + Emtricitabine + Tenofovir alafenamide", "Reyataz": "Atazanavir",
    "Evotaz": "Atazanavir + Cobicistat", "Norvir": "Ritonavir", "Kaletra": "Lopinavir + Ritonavir",
    "Sustiva": "Efavirenz", "Viramune": "Nevirapine", "Edurant": "Rilpivirine", "Intelence": "Etravirine",
    "Celsentri": "Maraviroc", "Pifeltro": "Doravirine", "Delstrigo": "Lamivudine + Tenofovir disoproxil + Doravirine",
    "Epivir": "Lamivudine", "Ziagen": "Abacavir", "Retrovir": "Zidovudine", "Emtriva": "Emtricitabine",
    "Viread": "Tenofovir disoproxil", "Vemlidy": "Tenofovir alafenamide", "Tybost": "Cobicistat",
    "Telzir": "Fosamprenavir", "Rifadin": "Rifampicin", "Rimactane": "Rifampicin",
    "Rifater": "Rifampicin + Isoniazid + Pyrazinamide", "Rifinah": "Rifampicin + Isoniazid",
    "Mycobutin": "Rifabutin",
}


def build_names(tc_rows, valproate_names):
    """name -> VTM: every listed VTM name, then the synonyms; a name may name one VTM only."""
    out = OrderedDict()
    for r in tc_rows:
        out.setdefault(r[1], (r[0], r[1], "VTM name (dm+d)"))
    for n in valproate_names:
        v = vtm(n)
        out.setdefault(v["NM"], (v["VTMID"], v["NM"], "VTM name (dm+d)"))
    listed = {r[0] for r in tc_rows} | {vtm(n)["VTMID"] for n in valproate_names}
    seen = {k.lower() for k in out}
    for name, target in NAME_SYNONYMS.items():
        v = vtm(target)
        if v["VTMID"] not in listed:
            raise SystemExit(f"name {name!r} names {target}, which is in no list")
        if name.lower() in seen:
            raise SystemExit(f"name {name!r} given twice")
        seen.add(name.lower())
        out[name] = (v["VTMID"], v["NM"], "brand or other name (BNF; medicines.org.uk)"
                     if name[0].isupper() else "other name of the substance (BNF)")
    return [[name, vid, nm, src] for name, (vid, nm, src) in out.items()]


# =============================================================================================
# 3. Duplication classes
# =============================================================================================
BNF_TITLES = {
    "0208020": "BNF 2.8.2 oral anticoagulants", "0403030": "BNF 4.3.3 selective serotonin re-uptake inhibitors",
    "0103050": "BNF 1.3.5 proton pump inhibitors", "1001010": "BNF 10.1.1 non-steroidal anti-inflammatory drugs",
    "0212000": "BNF 2.12 lipid-regulating drugs", "0205051": "BNF 2.5.5.1 angiotensin-converting enzyme inhibitors",
    "0205052": "BNF 2.5.5.2 angiotensin-II receptor antagonists", "0407020": "BNF 4.7.2 opioid analgesics",
    "0401010": "BNF 4.1.1 hypnotics", "0401020": "BNF 4.1.2 anxiolytics", "0408010": "BNF 4.8.1 control of epilepsy",
    "0402010": "BNF 4.2.1 antipsychotic drugs", "0402020": "BNF 4.2.2 antipsychotic depot injections",
}

# class id -> (class name, [codelists], [(VTM name, BNF section) added from the BNF],
#              filter of codelist VTMs or None)
BENZODIAZEPINES = ["Alprazolam", "Chlordiazepoxide", "Clobazam", "Clonazepam", "Diazepam", "Flurazepam",
                   "Loprazolam", "Lorazepam", "Lormetazepam", "Nitrazepam", "Oxazepam", "Temazepam"]
TCAS = ["Amitriptyline", "Clomipramine", "Dosulepin", "Doxepin", "Imipramine", "Lofepramine", "Nortriptyline",
        "Protriptyline", "Trimipramine"]
SNRIS = ["Venlafaxine", "Duloxetine"]
MAOIS = ["Phenelzine", "Isocarboxazid", "Tranylcypromine", "Moclobemide"]
# class id -> (class name, [codelists], [(VTM name, BNF section) added from the BNF], filter of codelist VTMs
#              or None, severity, advice shown with the alert)
DUP_CLASSES = OrderedDict([
    ("anticoagulant", ("Anticoagulants (vitamin K antagonists, direct oral anticoagulants, heparins, fondaparinux)",
                       ["opensafely-direct-acting-oral-anticoagulants-doac.csv", "opensafely-warfarin.csv",
                        "opensafely-low-molecular-weight-heparins-dmd.csv"],
                       [("Acenocoumarol", "BNF 2.8.2"), ("Phenindione", "BNF 2.8.2"), ("Heparin", "BNF 2.8.1"),
                        ("Fondaparinux sodium", "BNF 2.8.1")], None, "high",
                       "Two anticoagulants together risk serious bleeding; bridging (a heparin while warfarin starts) "
                       "is sometimes intended: confirm the plan and the stop date.")),
    ("serotonergic-antidepressant", ("Serotonergic antidepressants (SSRIs and SNRIs)",
                                     ["opensafely-selective-serotonin-reuptake-inhibitors-dmd_new.csv"],
                                     [(n, "BNF 4.3.4") for n in SNRIS], None, "moderate",
                                     "Two serotonergic antidepressants risk serotonin syndrome; a cross-taper during a "
                                     "switch may be intended: confirm it.")),
    ("maoi", ("Monoamine-oxidase inhibitors with another serotonergic antidepressant",
              [], [(n, "BNF 4.3.2") for n in MAOIS], None, "high",
              "A monoamine-oxidase inhibitor with an SSRI, SNRI, tricyclic or another MAOI risks serotonin syndrome "
              "and hypertensive crisis: these combinations are contraindicated without a washout.")),
    ("tricyclic", ("Tricyclic antidepressants", [], [(n, "BNF 4.3.1") for n in TCAS], None, "moderate",
                   "Two tricyclics add anticholinergic, cardiac (QT) and sedative effects.")),
    ("ppi", ("Proton pump inhibitors", ["opensafely-proton-pump-inhibitors-ppi-oral.csv"], [], None, "low",
             "Two proton pump inhibitors add nothing: stop one.")),
    ("nsaid", ("Non-steroidal anti-inflammatory drugs (systemic)", [],
               [(n, "BNF 10.1.1") for n in
                ["Aceclofenac", "Acemetacin", "Celecoxib", "Dexibuprofen", "Dexketoprofen", "Diclofenac",
                 "Diclofenac potassium", "Diclofenac sodium", "Etodolac", "Etoricoxib", "Fenbufen", "Fenoprofen",
                 "Flurbiprofen", "Ibuprofen", "Indometacin", "Ketoprofen", "Ketorolac", "Lornoxicam",
                 "Mefenamic acid", "Meloxicam", "Nabumetone", "Naproxen", "Parecoxib", "Piroxicam",
                 "Piroxicam betadex", "Sulindac", "Tenoxicam", "Tiaprofenic acid", "Tolfenamic acid"]], None,
               "moderate", "Two NSAIDs add gastrointestinal bleeding and kidney risk without more benefit.")),
    ("statin", ("Statins (HMG-CoA reductase inhibitors)", ["opensafely-statin-medication.csv"], [], None, "moderate",
                "Two statins add the risk of myopathy: stop one.")),
    ("ace-inhibitor-or-arb", ("ACE inhibitors and angiotensin-II receptor blockers (renin-angiotensin system)",
                              ["opensafely-ace-inhibitor-medications.csv"],
                              [("Moexipril", "BNF 2.5.5.1"), ("Zofenopril", "BNF 2.5.5.1")] +
                              [(n, "BNF 2.5.5.2") for n in ["Azilsartan", "Candesartan", "Eprosartan", "Irbesartan",
                                                             "Losartan", "Olmesartan", "Telmisartan", "Valsartan"]],
                              None, "moderate",
                              "Dual renin-angiotensin blockade risks hyperkalaemia, hypotension and kidney injury.")),
    ("opioid", ("Opioids",
                ["opensafely-opioid-containing-medicines-oral-excluding-drugs-for-substance-misuse-dmd.csv",
                 "opensafely-opioid-containing-medicines-buccal-nasal-and-oromucosal-excluding-drugs-for-substance-misuse-dmd.csv"],
                [("Papaveretum", "BNF 4.7.2"), ("Meptazinol", "BNF 4.7.2"), ("Dipipanone + Cyclizine", "BNF 4.7.2")],
                None, "high",
                "Two opioids risk sedation and respiratory depression; a regular opioid with a different one for "
                "breakthrough pain, or an analgesic with opioid substitution, may be intended: confirm the total dose.")),
    ("benzodiazepine-or-z-drug", ("Benzodiazepines and Z-drugs", ["opensafely-addictive-medicines.csv"],
                                  [("Zopiclone", "BNF 4.1.1"), ("Zolpidem", "BNF 4.1.1"), ("Zaleplon", "BNF 4.1.1")],
                                  BENZODIAZEPINES + ["Zopiclone", "Zolpidem", "Zaleplon"], "moderate",
                                  "Two sedatives (benzodiazepines or Z-drugs) add sedation, falls and respiratory "
                                  "depression.")),
    ("gabapentinoid", ("Gabapentinoids (gabapentin, pregabalin)", [],
                       [("Gabapentin", "BNF 4.8.1"), ("Pregabalin", "BNF 4.8.1")], None, "moderate",
                       "Gabapentin with pregabalin adds sedation and respiratory depression (worse with opioids).")),
    ("p2y12-inhibitor", ("P2Y12 inhibitors", [],
                         [(n, "BNF 2.9") for n in ["Clopidogrel", "Prasugrel", "Ticagrelor", "Cangrelor"]], None,
                         "high", "Two P2Y12 inhibitors are never intended together (except during a switch): bleeding risk.")),
    ("antiplatelet", ("Antiplatelets (aspirin, P2Y12 inhibitors, dipyridamole)", [],
                      [(n, "BNF 2.9") for n in ["Aspirin", "Clopidogrel", "Prasugrel", "Ticagrelor", "Cangrelor",
                                                "Dipyridamole"]], None, "low",
                      "Dual antiplatelet therapy is often intended for a limited time after a stent or acute coronary "
                      "syndrome: confirm the indication and the stop date.")),
    ("antipsychotic", ("Antipsychotics (first and second generation; oral and depot)",
                       ["opensafely-first-generation-antipsychotics-excluding-long-acting-depots-dmd.csv",
                        "opensafely-second-generation-antipsychotics-excluding-long-acting-injections.csv",
                        "opensafely-long-acting-injectable-and-depot-antipsychotics-dmd.csv"], [], None, "moderate",
                       "Two antipsychotics add QT, metabolic and extrapyramidal risk; high-dose or combined "
                       "antipsychotic therapy should be a documented specialist decision.")),
])
# The class whose duplication needs one of its anchors (an MAOI) among the medicines: the others are members
# only through it. Other classes: every member is an anchor.
DUP_ANCHORS = {"maoi": set(MAOIS)}
# Members added to a class from other classes (after they are built): class -> [classes].
DUP_MEMBERS_FROM = {"maoi": ["serotonergic-antidepressant", "tricyclic"]}
# Which products of a member count (see applies_to in the time-critical list).
DUP_APPLIES = {"Heparin": "systemic;not-line-flush"}
# Codelist VTMs that are not members of the class, with why.
DUP_CODELIST_EXCLUSIONS = {
    ("opioid", "Ipecacuanha"): "mis-mapped name (Ipecacuanha and Morphine mixture has no VTM of its own)",
    ("opioid", "Kaolin"): "kaolin alone is not an opioid",
}
# Combination VTMs left out of a class although a component is a member: topical/local products, and
# analgesic aspirin combinations (not antiplatelet use).
DUP_COMBINATION_EXCLUSIONS = {
    "Ibuprofen + Levomenthol": "topical gel",
    "Cholesterol + Simvastatin": "topical (special-order cream), not a lipid-lowering statin",
    "Amitriptyline + Ketamine": "topical (special-order cream)",
    "Aspirin + Codeine": "analgesic aspirin, not antiplatelet use",
    "Aspirin + Paracetamol": "analgesic aspirin, not antiplatelet use",
    "Aspirin + Caffeine": "analgesic aspirin, not antiplatelet use",
    "Aspirin + Papaveretum": "analgesic aspirin, not antiplatelet use",
    "Aspirin + Metoclopramide": "migraine treatment, not antiplatelet use",
}
DUP_EXCLUDED_SINGLES = {
    "Diclofenac diethylammonium": "nsaid: topical gels only (no systemic use)",
    "Midazolam": "benzodiazepine: rescue (buccal) and procedural sedation; usually intended alongside a regular benzodiazepine",
}


def build_duplication():
    classes = OrderedDict()
    evidence_files = []
    for cid, (cname, lists, added, only, severity, advice) in DUP_CLASSES.items():
        members = OrderedDict()
        for fname in lists:
            evidence_files.append(fname)
            for nm, (count, bnfs) in codelist_vtms(fname).items():
                if (cid, nm) in DUP_CODELIST_EXCLUSIONS or nm in DUP_EXCLUDED_SINGLES:
                    continue
                if only is not None and nm not in only:
                    continue
                bnf = ", ".join(BNF_TITLES.get(b, "BNF " + b) for b in sorted(bnfs) if b in BNF_TITLES)
                src = f"OpenSAFELY {fname[:-4]} ({count} products)" + (f"; {bnf}" if bnf else "")
                if nm in members:
                    members[nm] += "; " + src
                else:
                    members[nm] = src
        for nm, bnf in added:
            vtm(nm)
            if nm not in members:
                members[nm] = bnf + (" (not in the codelist)" if lists else "")
        if only is not None:
            missing = set(only) - set(members)
            if missing:
                raise SystemExit(f"{cid}: no codelist evidence for {sorted(missing)}")
        classes[cid] = members
    for cid, others in DUP_MEMBERS_FROM.items():
        for other in others:
            for nm in classes[other]:
                if " + " not in nm and nm not in classes[cid]:
                    classes[cid][nm] = f"member of {other}, with an anchor of this class"
    rows = []
    for cid, members in classes.items():
        cname, _, _, _, severity, advice = DUP_CLASSES[cid]
        # combinations containing a member substance
        singles = {n.lower() for n in members if " + " not in n}
        for v in sorted(VALID, key=lambda v: v["NM"].lower()):
            comps = components(v)
            if not comps or v["NM"] in members:
                continue
            hit = [c for c in comps if c.lower() in singles]
            if hit and v["NM"] not in DUP_COMBINATION_EXCLUSIONS:
                members[v["NM"]] = "combination containing " + " and ".join(hit)
        anchors = DUP_ANCHORS.get(cid)
        for nm in sorted(members, key=lambda n: (" + " in n or n.lower().startswith("co-"), n.lower())):
            src = members[nm]
            v = vtm(nm)
            role = "anchor" if anchors is None or nm in anchors else "member"
            rows.append([cid, cname, severity, v["VTMID"], v["NM"], role, DUP_APPLIES.get(nm, "systemic"),
                         advice, src])
    return rows, evidence_files


# =============================================================================================
def main():
    acb_rows, acb_unmapped, combo_excluded, n_names = build_acb()
    tc_rows = build_time_critical()
    dup_rows, dup_files = build_duplication()
    made_dmd = f"VTM ids and names: {DMD_CITATION}; only valid (non-INVALID) VTMs are used"

    write_csv(os.path.join(OUT, "time-critical-medicines.csv"), [
        "title: Time-critical medicines (omission or delay on admission causes harm)",
        f"version: {VERSION}",
        *["source: " + s for s in TC_SOURCES],
        "source: " + made_dmd,
        "made: classes chosen from the sources above; each class lists every valid 2019 VTM of its substances, "
        "found by exact name in f_vtm2_3010419.xml by tools/reference/generate_reference.py (insulins: every VTM whose name "
        "starts 'Insulin'). The source column names the keys above.",
        "policy: applies_to says which products of the VTM are the time-critical medicine: 'systemic' = any route "
        "that is not local (eye, ear, skin, nose, vagina, mouth and throat, joints, bladder ...); route words "
        "(oral, sublingual, oromucosal, nasal, subcutaneous, intravenous, intramuscular, transdermal, gastroenteral) "
        "add or name routes; 'not-line-flush' leaves out heparin flushes and locks (100 units/ml or weaker, or "
        "named a flush or lock); 'for-epilepsy' counts it only where the record names epilepsy or seizures. A "
        "product whose route is not known counts.",
        "policy: due_within (ISO 8601 duration) is how long after admission an omission escalates to overdue "
        "(DELAY): 30 minutes for Parkinson's medicines, 2 hours for the others. Only an inpatient order for the same "
        "VTM, or for a substitute named in time-critical-substitutes.csv, clears an omission: never another "
        "medicine of the same class.",
    ], ["vtm_id", "vtm_name", "class", "applies_to", "due_within", "reason", "source"], tc_rows)

    write_csv(os.path.join(OUT, "time-critical-substitutes.csv"), [
        "title: Named substitutes for time-critical medicines (an inpatient order for one clears an omission)",
        f"version: {VERSION}",
        *["source: " + s for s in TC_SOURCES if s.split(" = ")[0] in
          {"PUK-NBM", "BNF-EPILEPSY", "NATPSA-2020-005", "ORANGE-BOOK-2017"}],
        "source: " + made_dmd,
        "made: by hand (tools/reference/generate_reference.py TC_SUBSTITUTES); each pair is one direction: an inpatient order "
        "for substitute_vtm at one of its applies_to routes replaces vtm. Nothing else of the same class does.",
    ], ["vtm_id", "vtm_name", "substitute_vtm_id", "substitute_vtm_name", "applies_to", "reason", "source"],
        build_substitutes())

    write_csv(os.path.join(OUT, "medicine-names.csv"), [
        "title: Names of high-risk medicines recognised in text (text-only records are never merged by name)",
        f"version: {VERSION}",
        "source: every VTM name of time-critical-medicines.csv and valproate.csv (" + DMD_CITATION + ")",
        "source: brand names as the British National Formulary (bnf.nice.org.uk) and the electronic medicines "
        "compendium (medicines.org.uk) list them; the bundled dm+d subset holds no AMPs to derive them from",
        "made: tools/reference/generate_reference.py NAME_SYNONYMS. A name matches a medicine's text as whole words, "
        "ignoring case and punctuation; the longest matching name wins. A match raises the medicine's valproate "
        "or time-critical alert, marked 'matched by name, confirm'; it never merges the record with a coded one.",
    ], ["name", "vtm_id", "vtm_name", "source"], build_names(tc_rows, ["Sodium valproate", "Valproic acid"]))

    write_csv(os.path.join(OUT, "anticholinergic-burden.csv"), [
        "title: Anticholinergic burden (ACB) scores by VTM",
        f"version: {VERSION}",
        "source: ACB = Anticholinergic Cognitive Burden scale: Boustani M, Campbell N, Munger S, Maidment I, Fox C. "
        "'Impact of anticholinergics on the aging brain: a review and practical application'. Aging Health "
        "2008;4(3):311-320; with the 2012 update by the Aging Brain Care programme (Indianapolis); as transcribed "
        "in the Boustani2008 column of ACB_table.csv",
        "source: ACBcalc = the UK ACB calculator, acbcalc.com (King R, Rabino S, 2023), scraped 31 August 2023, "
        "as ACBcalc.csv",
        "source: both files from g-b-f/ACB-data (GitHub), commit f10b2afde5b9ba55451cdd149255bddd308ae1d5 "
        "(2023-08-31); no licence stated; the scores are published facts, the compilation is unverified transcription",
        "source: " + made_dmd,
        "policy: where the two scales disagree the higher score is kept (the burden is not under-counted); a drug "
        "only one scale lists keeps that score. scale column: ACB+ACBcalc = both list it with this score; "
        "ACBcalc = the ACBcalc score (higher, or the only one); ACB = the ACB scale's score (higher, or the only one); "
        "sum-of-components = a combination VTM scored as the sum of its listed substances (can exceed 3). Several "
        "names of one source for one VTM: the name equal to the dm+d name wins, else the highest score",
        "policy: names map to VTMs by exact case-insensitive name, then by the synonym, salt and ester tables in "
        "tools/reference/generate_reference.py (each reason is in the note column); names that map to nothing are in "
        "anticholinergic-burden-unmapped.csv. Topical, eye, ear, nasal and rectal combinations are not scored; a "
        "single-substance VTM carries its score whatever the route here; the acb-high rule counts no score for a "
        "product used only on the skin, eye, ear, nose or another local route (UMR README, alerts/Routes)",
        f"made: tools/reference/generate_reference.py from {n_names} distinct names with a score in either source; "
        f"{len(combo_excluded)} combination VTMs containing a scored substance left unscored (listed in README.md)",
    ], ["vtm_id", "vtm_name", "acb_score", "scale", "source_name", "note"], acb_rows)

    write_csv(os.path.join(OUT, "anticholinergic-burden-unmapped.csv"), [
        "title: ACB source names with no dm+d VTM (not scored by UMR)",
        f"version: {VERSION}",
        "source: the ACB scale and ACBcalc, as in anticholinergic-burden.csv",
        "source: " + DMD_CITATION,
        "made: tools/reference/generate_reference.py; acb_score is the score the name would have under the same policy",
    ], ["drug_name", "acb_score", "reason"], acb_unmapped)

    write_csv(os.path.join(OUT, "duplication-classes.csv"), [
        "title: Therapeutic duplication classes (two different VTMs of one class active together)",
        f"version: {VERSION}",
        "source: OpenSAFELY codelists (MIT licence; codes NHS dm+d): opensafely/dmd_codelist_investigation commit "
        "07d11c8804e4c6d793ffc9f9003c2b7aae931562 (DOAC, warfarin, PPI, statin, ACE inhibitor, opioid, "
        "antipsychotic codelists); opensafely/antidepressant-prescribing-lda commit "
        "87245f1506f4c5d29817ca01854c6faa60de0c90 (SSRI codelist); opensafely/medication-reviews commit "
        "055debcf05445195d135fdd9825a440e5d58dd3c (addictive medicines: benzodiazepines)",
        "source: BNF = British National Formulary, legacy chapter/section numbering as used by the BNF codes in "
        "dm+d and the codelists (2.8.2 oral anticoagulants, 4.3.3 SSRIs, 1.3.5 PPIs, 10.1.1 NSAIDs, 2.12 statins, "
        "2.5.5.1 ACE inhibitors, 2.5.5.2 angiotensin-II receptor antagonists, 4.7.2 opioid analgesics, 4.1 "
        "hypnotics and anxiolytics, 4.2 antipsychotics)",
        "source: " + made_dmd,
        "made: each codelist's VMP/AMP generic names mapped to their VTM by the longest VTM name that starts the "
        "product name (combination products ' / ' or ' and ' to the combination VTM of the same substances); "
        "brand-name rows carry no name evidence and are skipped; members the codelists lack are added from the "
        "BNF section named in the source column; then every valid combination VTM containing a member substance "
        "joins the class, except topical ones. No NSAID or ARB codelist was available: those members come from the BNF",
        "policy: severity is the class's (opioids, anticoagulants, MAOI combinations, two P2Y12 inhibitors: high); "
        "a class with anchors (maoi) needs one anchor among the medicines, the other rows are members only with it; "
        "applies_to as in time-critical-medicines.csv (products on a local route never count; heparin line "
        "flushes are not anticoagulation); advice is shown with the alert",
        "policy: a combination VTM may sit in two classes (e.g. Naproxen + Esomeprazole is nsaid and ppi); "
        "Diclofenac diethylammonium (topical only) and Midazolam (rescue/procedural) are deliberately left out",
    ], ["class", "class_name", "severity", "vtm_id", "vtm_name", "role", "applies_to", "advice", "source"],
        dup_rows)

    print("combination VTMs not scored for ACB:")
    for n, why in combo_excluded:
        print(f"  {n}: {why}")


if __name__ == "__main__":
    main()
