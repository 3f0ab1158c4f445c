#!/usr/bin/env python3
"""Build the casebook evidence files for the Rekenkamer Amsterdam (2013) framework (issue 3).

Dev-time only. Reads the extracted report data in ``../shared/seed/data/*.yaml`` (relative to the
repository root) and the hand-written per-cell notes in ``tools/casebook/notes.yaml``, and writes
``frameworks/rekenkamer-amsterdam-2013/evidence/{risicojongeren,mpg,top600}.yaml``.

The output is deterministic: same inputs, same bytes. Run from anywhere:

    /tmp/venv/bin/python tools/casebook/build_evidence.py [--seed DIR] [--check]

``--check`` only verifies that the committed files are up to date (exit 1 otherwise).

Besides building, the script checks its inputs: every toetsaspect in ``regie.norm`` is declared (not
commented out) and worded as in Bijlage 2 (frameworks.yaml), every one of the 482 published symbols
becomes exactly one recorded entry, every finding has a note, and every one of the 22 printed blank
cells is either recorded as a blank (``status: not_assessed``, with a note from ``notes.yaml``) or,
when its target does not apply to the entity's role in the compiled framework, left out and listed
in the file's header. Problems abort the build.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter, OrderedDict
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]
FRAMEWORK_DIR = REPO / "frameworks" / "rekenkamer-amsterdam-2013"
NORM_FILE = FRAMEWORK_DIR / "regie.norm"
EVIDENCE_DIR = FRAMEWORK_DIR / "evidence"
NOTES_FILE = Path(__file__).resolve().parent / "notes.yaml"
DEFAULT_SEED = REPO.parent / "shared" / "seed" / "data"
sys.path.insert(0, str(REPO / "src"))

import regienorm  # noqa: E402  (the engine decides which blank cells can be recorded)

REPORT = "Rekenkamer Amsterdam (2013), Regie in het jeugddomein"
LETTERS = "abcdefgh"

STADSDELEN = OrderedDict([
    ("Centrum", "centrum"),
    ("Nieuw-West", "nieuw_west"),
    ("Noord", "noord"),
    ("Oost", "oost"),
    ("West", "west"),
    ("Zuid", "zuid"),
    ("Zuidoost", "zuidoost"),
])

AANPAKKEN = OrderedDict([
    ("risicojongeren", {
        "file": "risicojongeren.yaml",
        "subject": "Aanpak risicojongeren via de jeugdnetwerken 12+ (hoofdstuk 5, Bijlage 3, Bijlage 6)",
        "survey_table": "Bijlage 6",
    }),
    ("mpg", {
        "file": "mpg.yaml",
        "subject": "Aanpak risico- en MPG-gezinnen (hoofdstuk 6, Bijlage 4, Bijlage 7)",
        "survey_table": "Bijlage 7",
    }),
    ("top600", {
        "file": "top600.yaml",
        "subject": "Top600 aanpak (hoofdstuk 7, Bijlage 8)",
        "survey_table": "Bijlage 8",
    }),
])

# Report scale (measures.yaml derived_scales) -> framework measure.
SCALE_MEASURE = {
    "overzicht": "enquete_overzicht",
    "beleidslijn": "enquete_beleidslijn",
    "samenwerking_organiseren": "enquete_samenwerking",
    "tevredenheid_samenwerking": "enquete_tevredenheid",
    "resultaten": "enquete_resultaten",
}

# Chapter tables whose norm verdicts are computed by a declared rule (so the printed symbol is only
# a recorded verdict, never a finding): survey norms 2-5 and report-mark norm 7 of uitvoering, for
# the regisseurs that have measure records (the stadsdelen groups and the Top600 programmabureau).
COMPUTED_UITVOERING = {2, 3, 4, 5, 7}


class BuildError(Exception):
    pass


# ------------------------------------------------------------------------------ helpers
def load(path: Path):
    with open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def number(value):
    """A float as a short exact decimal (YAML number); ints stay ints."""
    if isinstance(value, bool):
        raise BuildError(f"not a number: {value!r}")
    if isinstance(value, int):
        return value
    text = repr(float(value))
    return float(text)


def entity_id(aanpak: str, table: str, printed: str) -> str:
    """The evidence entity for a verdicts.yaml record."""
    if printed in STADSDELEN:
        return STADSDELEN[printed]
    if table == "Bijlage 3":
        return {"DMO": "dmo_kaders", "totaal": "stadsdelen_opzet"}[printed]
    if table == "Bijlage 4":
        return {"DMO": "dmo", "totaal": "stadsdelen_opzet"}[printed]
    if printed == "DMO":
        return "dmo"
    if printed == "stadsdelen":
        return {"Tabel 5.4": "stadsdelen_opzet", "Tabel 6.3": "stadsdelen_opzet",
                "Tabel 5.6": "stadsdelen_uitvoering", "Tabel 6.5": "stadsdelen_uitvoering"}[table]
    if printed == "aanpak":
        return "aanpak"
    if printed == "programmabureau Top600":
        return "programmabureau"
    raise BuildError(f"no entity for {aanpak} / {table} / {printed}")


def target_of(record) -> str:
    level = record["level"]
    if record["kind"] == "totaal":
        return level
    if record["kind"] == "aspect":
        return f"{level}.{record['norm']}.{LETTERS[record['aspect'] - 1]}"
    return f"{level}.{record['norm']}"


# ------------------------------------------------------------------------------ wording check
def check_wording(frameworks) -> None:
    """Every toetsaspect of Bijlage 2 is in regie.norm with its exact wording, per variant."""
    text = NORM_FILE.read_text(encoding="utf-8")
    found: dict[tuple[str, str], list[tuple[str, str, str]]] = {}
    nk = norm = None
    for line in text.splitlines():
        stripped = line.split("#", 1)[0]
        m = re.match(r"\s*normenkader\s+(\w+)", stripped)
        if m:
            nk, norm = m.group(1), None
            continue
        m = re.match(r"\s*norm\s+(\w+)\s+\"", stripped)
        if m:
            norm = m.group(1)
            continue
        m = re.match(r'\s*aspect\s+(\w+)\s+"((?:[^"\\]|\\.)*)"(.*)$', line)
        if m:
            roles = re.search(r"\bfor\s+([\w, ]+)", m.group(3).split("#", 1)[0])
            role_list = [r.strip() for r in roles.group(1).split(",")] if roles else ["*"]
            for role in role_list:
                found.setdefault((nk, norm), []).append((m.group(1), role, m.group(2)))
    problems = []
    for nk_id, fw in frameworks["frameworks"].items():
        for n in fw["norms"]:
            declared = found.get((nk_id, str(n["number"])), [])
            variants = n.get("toetsaspecten") or {}
            for variant, aspects in variants.items():
                if not isinstance(aspects, list):
                    continue
                role = "*" if variant == "all" else variant
                for index, aspect in enumerate(aspects):
                    letter = LETTERS[index]
                    ok = any(a == letter and t == aspect["text"] and r in (role, "*") for a, r, t in declared)
                    if not ok:
                        problems.append(f"{nk_id}.{n['number']}.{letter} ({variant}): expected {aspect['text']!r}")
    if problems:
        raise BuildError("toetsaspect wording differs from Bijlage 2:\n  " + "\n  ".join(problems))


# ------------------------------------------------------------------------------ notes
class Notes:
    def __init__(self, data, report_lines: list[str]) -> None:
        data = dict(data)
        self.blanks: dict[str, str] = {}
        for index, entry in enumerate(data.pop("blanks", [])):
            for record in entry["records"]:
                if record in self.blanks:
                    raise BuildError(f"notes.yaml blanks[{index}]: {record} has two notes")
                self.blanks[record] = entry["note"]
        self.used_blanks: set[str] = set()
        self.data = data
        self.used: set[tuple[str, int]] = set()
        self.report_lines = report_lines
        for aanpak, entries in data.items():
            for index, entry in enumerate(entries):
                for source in entry.get("sources", []):
                    line = source.get("line")
                    if not isinstance(line, int) or not 1 <= line <= len(report_lines):
                        raise BuildError(f"notes.yaml {aanpak}[{index}]: bad line {line!r}")

    def lookup(self, aanpak: str, entity: str, target: str):
        best = None
        for index, entry in enumerate(self.data.get(aanpak, [])):
            if target not in entry["targets"]:
                continue
            if entity in entry["entities"]:
                best = (index, entry)
                break
            if "*" in entry["entities"] and best is None and not _group(entity):
                best = (index, entry)
        if best is None:
            raise BuildError(f"notes.yaml has no note for {aanpak} / {entity} / {target}")
        self.used.add((aanpak, best[0]))
        return best[1]

    def blank(self, record_id: str) -> str:
        if record_id not in self.blanks:
            raise BuildError(f"notes.yaml has no note for the blank cell {record_id}")
        self.used_blanks.add(record_id)
        return self.blanks[record_id]

    def unused(self) -> list[str]:
        return ([f"{a}[{i}]" for a, entries in self.data.items() for i, _ in enumerate(entries)
                 if (a, i) not in self.used]
                + [f"blanks: {r}" for r in sorted(set(self.blanks) - self.used_blanks)])


def _group(entity: str) -> bool:
    return entity.startswith("stadsdelen_")


def citation(source: dict) -> dict:
    out = OrderedDict()
    for key in ("document", "table", "page", "footnote", "line", "quote"):
        if key in source and source[key] is not None:
            out[key] = source[key]
    return dict(out)


# ------------------------------------------------------------------------------ entities
def entities_for(aanpak: str) -> list[dict]:
    if aanpak == "top600":
        return [
            {"id": "programmabureau", "name": "Programmabureau Top600 (centrale stad, procesregie; Tabel 7.2 en 7.3)",
             "role": "procesregie", "normenkaders": ["opzet", "uitvoering"]},
            {"id": "aanpak", "name": "De Top600 aanpak als geheel (Tabel 7.6)", "role": "aanpak",
             "normenkaders": ["resultaten"]},
        ]
    bijlage, t_dmo_o, t_dmo_u, t_sd_o, t_sd_u, t_res = (
        ("Bijlage 3", "Tabel 5.1", "Tabel 5.2", "Tabel 5.4", "Tabel 5.6", "Tabel 5.9") if aanpak == "risicojongeren"
        else ("Bijlage 4", "Tabel 6.1", "Tabel 6.2", "Tabel 6.3", "Tabel 6.5", "Tabel 6.8"))
    out = []
    if aanpak == "risicojongeren":
        out.append({"id": "dmo", "name": f"Centrale stad (DMO), regie richting de stadsdelen ({t_dmo_o} en {t_dmo_u})",
                    "role": "centrale_stad", "normenkaders": ["opzet", "uitvoering"]})
        out.append({"id": "dmo_kaders",
                    "name": "DMO als opsteller van de stedelijke kaders voor de procesregie van de stadsdelen (Bijlage 3, kolom DMO; niet Tabel 5.1)",
                    "role": "procesregie", "normenkaders": ["opzet"]})
        opzet_members = ["dmo_kaders"] + list(STADSDELEN.values())
    else:
        out.append({"id": "dmo", "name": f"Centrale stad (DMO) ({t_dmo_o} = {bijlage}, kolom DMO; {t_dmo_u})",
                    "role": "centrale_stad", "normenkaders": ["opzet", "uitvoering"]})
        opzet_members = ["dmo"] + list(STADSDELEN.values())
    for printed, ident in STADSDELEN.items():
        out.append({"id": ident, "name": f"Stadsdeel {printed}", "role": "procesregie",
                    "normenkaders": ["opzet", "uitvoering"]})
    out.append({"id": "stadsdelen_opzet",
                "name": f"De stadsdelen, opzet: {bijlage} kolom totaal = {t_sd_o}",
                "role": "procesregie", "members": opzet_members, "normenkaders": ["opzet"]})
    out.append({"id": "stadsdelen_uitvoering", "name": f"De stadsdelen, uitvoering ({t_sd_u})",
                "role": "procesregie", "members": list(STADSDELEN.values()), "normenkaders": ["uitvoering"]})
    out.append({"id": "aanpak", "name": f"De aanpak als geheel ({t_res})", "role": "aanpak",
                "normenkaders": ["resultaten"]})
    return out


# ------------------------------------------------------------------------------ findings and recorded
def is_finding(aanpak: str, record) -> bool:
    """Does this published cell become a finding (the report's own judgement of that target)?"""
    table, kind, level = record["table"], record["kind"], record["level"]
    if record["verdict"] is None or kind == "totaal":
        return False
    ent = entity_id(aanpak, table, record["entity"])
    if ent == "stadsdelen_opzet":
        return False  # judged from its members (across entities by puntentelling)
    if table in ("Bijlage 3", "Bijlage 4"):
        if kind == "aspect":
            return True
        if ent == "dmo":
            return False  # Bijlage 4 DMO column = Tabel 6.1; the finding comes from Tabel 6.1
        return record["norm"] in (1, 2, 7)  # norms 3-6 are computed from their aspects
    if level == "uitvoering" and ent in ("stadsdelen_uitvoering", "programmabureau"):
        return record["norm"] not in COMPUTED_UITVOERING
    return True


def build_findings_and_recorded(aanpak: str, verdicts, notes: Notes, framework):
    """Findings, recorded entries (verdicts and printed blanks, in the report's order) and the blank
    cells left out because their target does not apply to the entity's role."""
    records = [v for v in verdicts["verdicts"] if v["aanpak"] == aanpak]
    roles = {e["id"]: e["role"] for e in entities_for(aanpak)}
    targets = framework.targets()
    # Bijlage 4 DMO norm cells restate Tabel 6.1: cite both on the one finding.
    also_printed: dict[tuple[str, str], list[dict]] = {}
    for v in records:
        if v["verdict"] is None:
            continue
        also_printed.setdefault((entity_id(aanpak, v["table"], v["entity"]), target_of(v)), []).append(v)

    findings, recorded, left_out = [], [], []
    for v in records:
        ent, target = entity_id(aanpak, v["table"], v["entity"]), target_of(v)
        if v["verdict"] is None:
            recorded.append({"entity": ent, "target": target, "status": "not_assessed", "note": notes.blank(v["id"]),
                             "source": {"table": v["table"], "line": v["line"]}, "record": v["id"]})
            continue
        recorded.append({"entity": ent, "target": target, "verdict": v["verdict"],
                         "source": {"table": v["table"], "line": v["line"]}, "record": v["id"]})
        if not is_finding(aanpak, v):
            continue
        entry = notes.lookup(aanpak, ent, target)
        sources = [citation(s) for s in entry.get("sources", [])]
        for printed in also_printed[(ent, target)]:
            sources.append({"table": printed["table"], "line": printed["line"]})
        findings.append({"entity": ent, "target": target, "verdict": v["verdict"], "note": entry["note"],
                         "sources": sources})
    return findings, recorded, left_out


# ------------------------------------------------------------------------------ measures
def build_measures(aanpak: str, measures_data) -> list[dict]:
    out = []
    meta = AANPAKKEN[aanpak]
    scales: dict[str, list[str]] = {}
    for scale in measures_data["derived_scales"]:
        if scale["aanpak"] == aanpak and scale["scale"] in SCALE_MEASURE:
            items = [i.upper() if aanpak == "mpg" else i for i in scale["items"]]
            previous = scales.setdefault(scale["scale"], items)
            if previous != items:
                raise BuildError(f"{aanpak} {scale['scale']}: item lists differ between entities")
    item_scales: dict[str, list[str]] = {}
    for scale, items in scales.items():
        for item in items:
            item_scales.setdefault(item, []).append(scale)

    def survey_entity(record) -> str | None:
        if aanpak == "top600":
            if record["respondents"] != "partners":
                return None  # the partners column is the one the report judges on
            return "programmabureau"
        if record["entity"] == "totaal (alle partners)":
            return "stadsdelen_uitvoering"
        return STADSDELEN[record["entity"]]

    # 1. survey items, in the order of the Bijlage (measures.yaml order)
    for record in measures_data["measures"]:
        if record["aanpak"] != aanpak or not str(record["measure"]).startswith("pct_helemaal_eens_eens:"):
            continue
        item = record["item"]
        for scale in sorted(item_scales.get(item, []), key=list(SCALE_MEASURE).index):
            ent = survey_entity(record)
            if ent is None:
                continue
            if scale == "resultaten":
                # resultaten is judged once per aanpak: only the pooled column, on the aanpak entity
                if ent not in ("stadsdelen_uitvoering", "programmabureau"):
                    continue
                ent = "aanpak"
            row = {"entity": ent, "measure": SCALE_MEASURE[scale], "item": item, "value": number(record["value"])}
            if record.get("n") is not None:
                row["n"] = record["n"]
            row["source"] = {"table": meta["survey_table"], "line": record["line"]}
            out.append(row)

    # 2. report marks (Figuur 5.5, 6.5, 7.5), where the text gives a number
    for record in measures_data["measures"]:
        if record["aanpak"] != aanpak or record["measure"] != "rapportcijfer_algehele_regievoering":
            continue
        if record["value"] is None:
            continue
        if aanpak == "top600":
            if not record["id"].endswith(".partners"):
                continue
            ent = "programmabureau"
        elif record["entity"] == "totaal (alle partners)":
            ent = "stadsdelen_uitvoering"
        else:
            ent = STADSDELEN[record["entity"]]
        row = {"entity": ent, "measure": "rapportcijfer", "value": number(record["value"])}
        if record.get("n") is not None:
            row["n"] = record["n"]
        row["source"] = {"table": record["source"], "line": record["line"]}
        out.append(row)

    # 3. ISJG: closed interventions by result (Tabel 5.7, 1999-2012; Tabel 6.7, 2012), on the aanpak
    isjg_items = {
        "Tabel 5.7": {"interventies_afgesloten": "afgesloten", "interventies_afgebroken": "afgebroken",
                      "interventies_mislukt": "mislukt", "interventies_vervolgtraject": "vervolgtraject",
                      "interventies_resultaat_onbekend": "resultaat onbekend",
                      "interventies_succesvol_afgerond": "succesvol afgerond"},
        "Tabel 6.7": {"afgesloten_interventies_2012_totaal": "afgesloten",
                      "afgesloten_interventies_2012_succesvol": "succesvol afgerond",
                      "afgesloten_interventies_2012_niet_succesvol": "niet succesvol afgerond",
                      "afgesloten_interventies_2012_vervolgtraject": "vervolgtraject",
                      "afgesloten_interventies_2012_onbekend": "resultaat onbekend"},
    }
    for record in measures_data["measures"]:
        items = isjg_items.get(record.get("source"), {})
        if record["aanpak"] != aanpak or record["measure"] not in items:
            continue
        out.append({"entity": "aanpak", "measure": "isjg_interventies", "item": items[record["measure"]],
                    "value": number(record["value"]), "source": {"table": record["source"], "line": record["line"]}})

    # 4. the partners' mark for the results achieved (Figuur 7.6; Top600 only)
    for record in measures_data["measures"]:
        if (record["aanpak"] != aanpak or record["measure"] != "rapportcijfer_bereikte_resultaten"
                or record.get("respondents") != "partners"):
            continue
        row = {"entity": "aanpak", "measure": "rapportcijfer_resultaten", "value": number(record["value"])}
        if record.get("n") is not None:
            row["n"] = record["n"]
        row["source"] = {"table": record["source"], "line": record["line"]}
        out.append(row)

    # 5. capacity in FTE (Tabel 5.5, 6.4; centrale stad from the text)
    fte_items = {"fte_coordinatie": "coordinatie", "fte_adm_ondersteuning": "ondersteuning",
                 "fte_ondersteuning": "ondersteuning", "fte_totaal": "totaal",
                 "fte_coordinatie_regie": "coordinatie", "fte_regie_incl_ompg": "regie incl. OMPG",
                 "fte_functioneel_beheer_isjg": "functioneel beheer ISJG"}
    for record in measures_data["measures"]:
        if record["aanpak"] != aanpak or record["measure"] not in fte_items:
            continue
        if record["entity"] == "centrale stad (DMO)":
            ent = "dmo"
        elif record["entity"] == "totaal":
            ent = "stadsdelen_uitvoering"
        else:
            ent = STADSDELEN[record["entity"]]
        out.append({"entity": ent, "measure": "capaciteit_fte", "item": fte_items[record["measure"]],
                    "value": number(record["value"]),
                    "source": {"table": record["source"] if record["source"].startswith("Tabel") else "tekst",
                               "line": record["line"]}})
    return out


# ------------------------------------------------------------------------------ output
HEADER = """\
# Evidence for the framework regie_jeugddomein (frameworks/rekenkamer-amsterdam-2013/regie.norm):
# {subject}.
#
# GENERATED by tools/casebook/build_evidence.py from /work/shared/seed/data/*.yaml and
# tools/casebook/notes.yaml. Do not edit by hand: change the notes or the script and rebuild.
# The mapping from report tables and columns to entities is in ../README.md.
#
# findings: {n_findings}   measures: {n_measures}   recorded: {n_recorded} printed verdicts + {n_blanks} printed blanks
# blank cells left out (their target does not apply to the entity's role): {n_left_out}{left_out}
"""


class _Dumper(yaml.SafeDumper):
    pass


def _str_representer(dumper, data):
    style = '"' if data in ("+", "-", "+/-", "-/+") or data == "" else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


class Flow(dict):
    """A mapping written on one line: `{table: "Bijlage 3", line: 8263}`."""


class FlowList(list):
    pass


def _dict_representer(dumper, data):
    return dumper.represent_mapping("tag:yaml.org,2002:map", data.items(), flow_style=False)


def _flow_representer(dumper, data):
    return dumper.represent_mapping("tag:yaml.org,2002:map", data.items(), flow_style=True)


def _flow_list_representer(dumper, data):
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=True)


_Dumper.add_representer(str, _str_representer)
_Dumper.add_representer(dict, _dict_representer)
_Dumper.add_representer(OrderedDict, _dict_representer)
_Dumper.add_representer(Flow, _flow_representer)
_Dumper.add_representer(FlowList, _flow_list_representer)


def _styled(doc: dict) -> dict:
    """Block style for structure; one line per measure/recorded entry and per citation."""
    out = dict(doc)
    out["assessment"] = dict(doc["assessment"])
    out["entities"] = [{k: (FlowList(v) if isinstance(v, list) else v) for k, v in e.items()} for e in doc["entities"]]
    out["findings"] = [{**f, "sources": [Flow(s) for s in f["sources"]]} for f in doc["findings"]]
    out["measures"] = [Flow({**m, "source": Flow(m["source"])}) for m in doc["measures"]]
    out["recorded"] = [Flow({**r, "source": Flow(r["source"])}) for r in doc["recorded"]]
    return out


def dump(data) -> str:
    return yaml.dump(_styled(data), Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=120)


def render(aanpak: str, verdicts, measures_data, notes: Notes, framework) -> tuple[str, dict]:
    findings, recorded, left_out = build_findings_and_recorded(aanpak, verdicts, notes, framework)
    n_blanks = sum(1 for r in recorded if "status" in r)
    measures = build_measures(aanpak, measures_data)
    doc = OrderedDict()
    doc["format"] = "regienorm-evidence/1"
    doc["assessment"] = {"framework": "regie_jeugddomein", "version": "2013",
                         "subject": AANPAKKEN[aanpak]["subject"], "assessor": "Rekenkamer Amsterdam",
                         "date": "2013"}
    doc["entities"] = entities_for(aanpak)
    doc["findings"] = findings
    doc["measures"] = measures
    doc["recorded"] = recorded
    body = dump(dict(doc))
    roles = {e["id"]: e["role"] for e in doc["entities"]}
    listed = "".join(f"\n#   {v['id']} ({v['table']}, line {v['line']}): `{target_of(v)}` does not apply to "
                     f"role `{roles[entity_id(aanpak, v['table'], v['entity'])]}`" for v in left_out)
    text = HEADER.format(subject=AANPAKKEN[aanpak]["subject"], n_findings=len(findings),
                         n_measures=len(measures), n_recorded=len(recorded) - n_blanks, n_blanks=n_blanks,
                         n_left_out=len(left_out), left_out=listed) + "\n" + body
    return text, {"findings": len(findings), "measures": len(measures), "recorded": len(recorded) - n_blanks,
                  "blanks": n_blanks, "left_out": len(left_out)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=Path, default=DEFAULT_SEED, help="folder with frameworks/verdicts/measures.yaml")
    parser.add_argument("--check", action="store_true", help="only check that the committed files are up to date")
    args = parser.parse_args(argv)

    try:
        frameworks = load(args.seed / "frameworks.yaml")
        verdicts = load(args.seed / "verdicts.yaml")
        measures_data = load(args.seed / "measures.yaml")
        report_lines = (args.seed.parent / "000_c86debf885bf4676.txt").read_text(encoding="utf-8").splitlines()
        notes = Notes(load(NOTES_FILE), report_lines)
        check_wording(frameworks)
        framework = regienorm.compile_file(NORM_FILE)

        published = [v for v in verdicts["verdicts"] if v["verdict"] is not None]
        if len(published) != verdicts["counts"]["total_published_symbols"]:
            raise BuildError("published symbol count differs from verdicts.yaml counts")

        total_recorded, total_blanks, stale = 0, 0, []
        for aanpak, meta in AANPAKKEN.items():
            text, counts = render(aanpak, verdicts, measures_data, notes, framework)
            total_recorded += counts["recorded"]
            total_blanks += counts["blanks"] + counts["left_out"]
            path = EVIDENCE_DIR / meta["file"]
            if args.check:
                if not path.exists() or path.read_text(encoding="utf-8") != text:
                    stale.append(str(path.relative_to(REPO)))
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
            print(f"{meta['file']}: {counts['findings']} findings, {counts['measures']} measures, "
                  f"{counts['recorded']} recorded verdicts, {counts['blanks']} recorded blanks, "
                  f"{counts['left_out']} blank cells left out (target not for the role)")
        if total_recorded != len(published):
            raise BuildError(f"{total_recorded} recorded entries for {len(published)} published symbols")
        if total_blanks != verdicts["counts"]["bijlage_blank_cells"]:
            raise BuildError(f"{total_blanks} blank cells for {verdicts['counts']['bijlage_blank_cells']} in verdicts.yaml")
        ids = Counter(v["id"] for v in published)
        if any(c > 1 for c in ids.values()):
            raise BuildError("duplicate record ids in verdicts.yaml")
        unused = notes.unused()
        if unused:
            raise BuildError("notes.yaml entries never used: " + ", ".join(unused))
        if stale:
            print("out of date: " + ", ".join(stale), file=sys.stderr)
            return 1
    except BuildError as exc:
        print(f"build_evidence: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
