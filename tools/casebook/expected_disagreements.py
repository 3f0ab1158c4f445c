#!/usr/bin/env python3
"""Write tests/casebook/expected_disagreements.yaml from the engine's reconciliation (issue 3).

Runs ``python -m regienorm evaluate --format json`` on the casebook framework and each evidence
file, and lists every recorded (printed) verdict that differs from the computed one, and every
printed blank cell with what regienorm computes for it (a verdict, or nothing). The lists come from
the computation only; the one-line English reasons below are keyed by the record id of
verdicts.yaml and explain *why* the printed cell and the rule differ. The script fails if the
engine reports a disagreement that has no reason here, or if a reason is no longer needed, so the
file can never drift from what the engine computes. tests/casebook/ asserts the file as data.

    /tmp/venv/bin/python tools/casebook/expected_disagreements.py [--check]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]
FRAMEWORK = "frameworks/rekenkamer-amsterdam-2013/regie.norm"
EVIDENCE = [
    "frameworks/rekenkamer-amsterdam-2013/evidence/risicojongeren.yaml",
    "frameworks/rekenkamer-amsterdam-2013/evidence/mpg.yaml",
    "frameworks/rekenkamer-amsterdam-2013/evidence/top600.yaml",
]
OUTPUT = REPO / "tests" / "casebook" / "expected_disagreements.yaml"

REASONS = {
    # footnote 209/210 rule on the Bijlage totaal column (notes.md §4)
    "T5.4.n1": "footnote-209 rule: 1+1+0+2+1+1+0+0 = 6 points -> +/-; Tabel 5.4 prints - (as does Bijlage 3 totaal)",
    "B3.n1.totaal": "footnote-209 rule: 1+1+0+2+1+1+0+0 = 6 points -> +/-; Bijlage 3 totaal prints -",
    "B3.a5.2.totaal": "footnote-209 rule: 2+0+0+2+0+0+0+2 = 6 points -> +/-; Bijlage 3 totaal prints -",
    "B4.a3.3.totaal": "footnote-210 rule over the 7 filled cells (DMO blank): 1+0+0+2+0+0+2 = 5 points -> -; "
                      "Bijlage 4 prints +/- (a share-scaled band, 5/14 > 5/16, would give +/-)",
    # toetsaspecten -> norm (notes.md §6)
    "B3.n4.Nieuw-West": "aspects - - + give 2/6 points (> 5/16) -> +/-; Bijlage 3 prints - although the same "
                        "2/6 gives +/- six times in Bijlage 4",
    "B3.n6.Zuid": "aspects - - give 0/4 points -> -; Bijlage 3 prints +/- (no monotone rule gives this; "
                  "l.2571 says Zuid recorded nothing on verantwoording)",
    # norms -> TOTAAL, Bijlage 3 row (notes.md §5)
    "B3.TOTAAL.Noord": "norms give 8/14 points (< 7/10) -> +/-; Bijlage 3 prints +, which no share rule "
                       "fitting the 13 chapter totals reproduces",
    "B3.TOTAAL.Zuidoost": "norms give 8/14 points (< 7/10) -> +/-; Bijlage 3 prints +, which no share rule "
                          "fitting the 13 chapter totals reproduces",
    "B3.TOTAAL.Oost": "norms give 4/14 points (>= 1/4) -> +/-; Bijlage 3 prints - although Tabel 5.4 "
                      "prints +/- for the same 4/14",
    "B3.TOTAAL.West": "norms give 4/14 points (>= 1/4) -> +/-; Bijlage 3 prints - although Tabel 5.4 "
                      "prints +/- for the same 4/14",
    "B3.TOTAAL.Zuid": "computed norms give 4/14 points (5/14 with the printed norm-6 +/-), >= 1/4 -> +/-; "
                      "Bijlage 3 prints - although Tabel 6.1 prints +/- for 5/14",
}

# Printed blanks (notes.md §3): why regienorm computes, or does not compute, a verdict where the report
# printed nothing. Keyed by record id like REASONS; the same drift checks apply.
BLANK_REASONS = {
    "B3.a5.3.totaal": "footnote-209 rule over the 8 printed member cells: 8 points -> +/-; Bijlage 3 leaves the totaal cell blank",
    "B3.a5.4.totaal": "footnote-209 rule over the 8 printed member cells: 8 points -> +/-; Bijlage 3 leaves the totaal cell blank",
    "B3.a5.5.totaal": "footnote-209 rule over the 8 printed member cells: 5 points -> -; Bijlage 3 leaves the totaal cell blank",
    "B3.a6.1.totaal": "footnote-209 rule over the 8 printed member cells: 3 points -> -; Bijlage 3 leaves the totaal cell blank",
    "B3.a6.2.totaal": "footnote-209 rule over the 8 printed member cells: 6 points -> +/-; Bijlage 3 leaves the totaal cell blank",
    "B3.n7.totaal": "footnote-209 rule over the 8 member cells (alignment hypothesis A): 2 points -> -, as Tabel 5.4 prints; "
                    "the Bijlage 3 totaal cell is blank",
    "B3.TOTAAL.totaal": "footnote-209 rule over the members' computed totals: 7 points -> +/-, as Tabel 5.4 prints; "
                        "the Bijlage 3 TOTAAL row leaves the totaal cell blank",
    "B4.a3.1.DMO": "procesregie toetsaspect; DMO (centrale_stad) has no toetsaspecten here, so it is not applicable: the blank agrees",
    "B4.a3.2.DMO": "procesregie toetsaspect; DMO (centrale_stad) has no toetsaspecten here, so it is not applicable: the blank agrees",
    "B4.a3.3.DMO": "procesregie toetsaspect; DMO (centrale_stad) has no toetsaspecten here, so it is not applicable: the blank agrees",
    "B4.a3.4.DMO": "procesregie toetsaspect; DMO (centrale_stad) has no toetsaspecten here, so it is not applicable: the blank agrees",
    "B4.a3.5.DMO": "procesregie toetsaspect; DMO (centrale_stad) has no toetsaspecten here, so it is not applicable: the blank agrees",
    "B4.a4.1.DMO": "procesregie toetsaspect; DMO (centrale_stad) has no toetsaspecten here, so it is not applicable: the blank agrees",
    "B4.a4.2.DMO": "procesregie toetsaspect; DMO (centrale_stad) has no toetsaspecten here, so it is not applicable: the blank agrees",
    "B4.a4.3.DMO": "procesregie toetsaspect; DMO (centrale_stad) has no toetsaspecten here, so it is not applicable: the blank agrees",
    "B4.a5.1.DMO": "procesregie toetsaspect; DMO (centrale_stad) has no toetsaspecten here, so it is not applicable: the blank agrees",
    "B4.a5.2.DMO": "procesregie toetsaspect; DMO (centrale_stad) has no toetsaspecten here, so it is not applicable: the blank agrees",
    "B4.a5.3.DMO": "procesregie toetsaspect; DMO (centrale_stad) has no toetsaspecten here, so it is not applicable: the blank agrees",
    "B4.a5.4.DMO": "procesregie toetsaspect; DMO (centrale_stad) has no toetsaspecten here, so it is not applicable: the blank agrees",
    "B4.a5.5.DMO": "procesregie toetsaspect; DMO (centrale_stad) has no toetsaspecten here, so it is not applicable: the blank agrees",
    "B4.a6.1.DMO": "DMO's opzet norm 6 is judged on the norm (Tabel 6.1), so its toetsaspecten are not assessed: the blank agrees",
    "B4.a6.2.DMO": "DMO's opzet norm 6 is judged on the norm (Tabel 6.1), so its toetsaspecten are not assessed: the blank agrees",
}


def evaluate(evidence: str) -> dict:
    env = dict(os.environ, PYTHONPATH=str(REPO / "src"))
    proc = subprocess.run([sys.executable, "-m", "regienorm", "evaluate", "--format", "json", FRAMEWORK, evidence],
                          cwd=REPO, env=env, capture_output=True, text=True)
    if proc.returncode not in (0, 3):
        raise SystemExit(f"evaluate {evidence} failed ({proc.returncode}):\n{proc.stderr}")
    return json.loads(proc.stdout)


def judgements(result: dict) -> list[dict]:
    """The judgements of an assessment document (top-level list; older engines nested them)."""
    if "judgements" in result:
        return result["judgements"]
    return [j for a in result.get("assessments", []) for j in a["judgements"]]


def arithmetic(judgement: dict) -> str:
    texts = [r["text"] for r in judgement.get("reasons", []) if r.get("kind") == "arithmetic"]
    return texts[-1] if texts else ""


def collect() -> tuple[list[dict], list[dict]]:
    rows, blanks = [], []
    for evidence in EVIDENCE:
        result = evaluate(evidence)
        for judgement in judgements(result):
            for recorded in judgement.get("recorded", []):
                if recorded.get("blank"):
                    blanks.append({
                        "file": evidence,
                        "entity": judgement["entity"],
                        "target": judgement["target"],
                        "record": recorded.get("record"),
                        "source": {"table": recorded["source"].get("table"), "line": recorded["source"].get("line")},
                        "computed": judgement.get("computed") or judgement.get("status"),
                        "computation": arithmetic(judgement),
                    })
                    continue
                if recorded["verdict"] == judgement.get("computed"):
                    continue
                rows.append({
                    "file": evidence,
                    "entity": judgement["entity"],
                    "target": judgement["target"],
                    "recorded": recorded["printed"],
                    "computed": judgement.get("computed") or judgement.get("status"),
                    "record": recorded.get("record"),
                    "source": {"table": recorded["source"].get("table"), "line": recorded["source"].get("line")},
                    "computation": arithmetic(judgement),
                })
    for items in (rows, blanks):
        items.sort(key=lambda r: (EVIDENCE.index(r["file"]), r["source"]["line"], r["record"] or ""))
    return rows, blanks


HEADER = """\
# Published verdicts of Rekenkamer Amsterdam (2013) that regienorm's computation does not reproduce.
#
# GENERATED by tools/casebook/expected_disagreements.py from
#   PYTHONPATH=src python -m regienorm evaluate --format json frameworks/rekenkamer-amsterdam-2013/regie.norm EVIDENCE
# for the three casebook evidence files. Every entry comes from the reconciliation output; only the
# `reason` is written by hand (keyed by `record`, the cell id in /work/shared/seed/data/verdicts.yaml).
# A change in the framework, evidence or engine that adds or removes a disagreement makes the
# generator fail until this list is reviewed.
#
# `blanks` lists every printed blank cell recorded in the evidence (`status: not_assessed`) with what
# regienorm computes there: a verdict (the report printed nothing where the rule gives one) or
# `not_assessed` / `not_applicable` (the blank agrees).
"""


def render(collected: tuple[list[dict], list[dict]]) -> str:
    rows, blanks = collected
    for items, reasons, what in ((rows, REASONS, "disagreement(s)"), (blanks, BLANK_REASONS, "printed blank(s)")):
        missing = [r["record"] for r in items if r["record"] not in reasons]
        if missing:
            raise SystemExit(f"no reason for {what}: " + ", ".join(map(str, missing)))
        unused = sorted(set(reasons) - {r["record"] for r in items})
        if unused:
            raise SystemExit(f"reasons for records that are no longer {what}: " + ", ".join(unused))
    blanks = [{**{k: v for k, v in b.items() if k != "computation"}, "reason": BLANK_REASONS[b["record"]],
               "computation": b["computation"]} for b in blanks]
    out = []
    for r in rows:
        out.append({"file": r["file"], "entity": r["entity"], "target": r["target"], "recorded": r["recorded"],
                    "computed": r["computed"], "record": r["record"], "source": r["source"],
                    "reason": REASONS[r["record"]], "computation": r["computation"]})
    counts = {}
    for r in rows:
        counts[Path(r["file"]).name] = counts.get(Path(r["file"]).name, 0) + 1
    summary = {"total": len(rows), "per_file": {Path(e).name: counts.get(Path(e).name, 0) for e in EVIDENCE},
               "blanks": len(blanks),
               "blanks_computed": sum(1 for b in blanks if b["computed"] not in ("not_assessed", "not_applicable"))}
    return HEADER + "\n" + yaml.safe_dump({"summary": summary, "disagreements": out, "blanks": blanks}, sort_keys=False,
                                            allow_unicode=True, width=110)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="only check that the committed file is up to date")
    args = parser.parse_args(argv)
    text = render(collect())
    if args.check:
        if not OUTPUT.exists() or OUTPUT.read_text(encoding="utf-8") != text:
            print(f"out of date: {OUTPUT.relative_to(REPO)}", file=sys.stderr)
            return 1
        return 0
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(text, encoding="utf-8")
    rows, blanks = yaml.safe_load(text)["disagreements"], yaml.safe_load(text)["blanks"]
    print(f"{OUTPUT.relative_to(REPO)}: {len(rows)} disagreements, {len(blanks)} printed blanks")
    return 0


if __name__ == "__main__":
    sys.exit(main())
