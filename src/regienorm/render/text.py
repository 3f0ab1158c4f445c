"""Plain-text view: per normenkader the norm × entity matrix with totals, then the reconciliation
of every recorded verdict that differs from the computed one, with the arithmetic on both sides.

Every line is passed through :func:`regienorm._escape.escape_controls`: ids, titles, notes and
sources come from other people's files and must not drive the terminal that shows them."""

from __future__ import annotations

from collections.abc import Sequence

from .._escape import escape_controls
from .._gc import paused
from ..judgement import Assessment, Judgement, Status

MARK_NOT_APPLICABLE = "n/a"
MARK_NOT_ASSESSED = "·"


def cell(j: Judgement | None) -> str:
    if j is None:
        return ""
    if j.status is Status.NOT_APPLICABLE:
        text = MARK_NOT_APPLICABLE
    elif j.status is Status.NOT_ASSESSED:
        text = MARK_NOT_ASSESSED
    else:
        text = str(j.verdict)
    if j.agrees is False:
        text += "*"
    if j.blank_filled:
        text += "°"
    if j.overridden:
        text += "!"
    return text


def _table(rows: list[list[str]]) -> list[str]:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    out = []
    for n, row in enumerate(rows):
        out.append("  ".join(c.ljust(widths[i]) if i == 0 else c.center(widths[i]) for i, c in enumerate(row)).rstrip())
        if n == 0:
            out.append("  ".join("-" * w for w in widths))
    return out


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def render_matrix(a: Assessment, titles: dict[str, str] | None = None) -> list[str]:
    titles = titles or {}
    by_key = {(j.entity, j.target): j for j in a.judgements}
    # every (target, level) once, in the order first judged (a dict: a list's `in` made this quadratic)
    targets = list(dict.fromkeys((j.target, j.level) for j in a.judgements))
    normenkaders = [t for t, level in targets if level == "normenkader"]
    below: dict[str, list[str]] = {nk: [] for nk in normenkaders}  # each normenkader's rows, in one pass
    for t, _ in targets:
        for nk in _prefixes(t):
            if nk in below:
                below[nk].append(t)
    lines: list[str] = []
    for nk in normenkaders:
        entities = [e for e, _, _ in a.entities
                    if (e, nk) in by_key and by_key[(e, nk)].status is not Status.NOT_APPLICABLE]
        if not entities:
            continue
        lines.append("")
        lines.append(f"{nk}: {titles.get(nk, '')}".rstrip(": "))
        rows = [["target", *(escape_controls(e) for e in entities)]]
        rows_targets = [*below[nk], nk]
        for target in rows_targets:
            label = target[len(nk) + 1:] if target != nk else "total"
            depth = label.count(".")
            label = ("  " * depth) + label
            title = titles.get(target)
            if title:
                label = _clip(f"{label} {title}", 48)
            rows.append([escape_controls(label), *(escape_controls(cell(by_key.get((e, target)))) for e in entities)])
        lines.extend(_table(rows))
    return [escape_controls(line) for line in lines]


def _prefixes(target: str) -> list[str]:
    """The dotted prefixes of a target that a normenkader's id could be (``a.b.c``: ``a``, ``a.b``)."""
    parts = target.split(".")
    return [".".join(parts[:n]) for n in range(1, len(parts))]


def render_reconciliation(a: Assessment) -> list[str]:
    recorded = [(j, r) for j in a.judgements for r in j.recorded if not r.blank]
    blanks = [(j, r) for j in a.judgements for r in j.recorded if r.blank]
    agree = sum(1 for j, r in recorded if r.verdict == j.verdict)
    differ = len(recorded) - agree
    lines = ["", f"Reconciliation: {len(recorded)} recorded verdicts; {agree} {'agrees' if agree == 1 else 'agree'}, "
                 f"{differ} {'differs' if differ == 1 else 'differ'}."]
    if blanks:
        filled = [(j, r) for j, r in blanks if j.verdict is not None]
        lines.append(f"Printed blanks: {len(blanks)}; regienorm computes a verdict for {len(filled)} of them.")
    for j, r in recorded + blanks:
        if r.verdict == j.verdict:
            continue
        computed = j.verdict if j.verdict is not None else j.status.value.replace("_", " ")
        if r.blank:
            printed = "a blank"
        else:
            printed = r.printed if r.printed == r.verdict else f"{r.printed} (= {r.verdict})"
        lines.append(f"- {j.entity} {j.target}: printed {printed} in {r.source.describe()}; computed {computed}")
        for reason in j.reasons:
            if reason.kind in ("rule", "arithmetic", "policy", "override", "missing", "members", "finding"):
                lines.append(f"    {reason.text}")
    return [escape_controls(line) for line in lines]


def render(assessments: Sequence[tuple[str | None, Assessment]], titles: dict[str, str] | None = None) -> str:
    with paused():  # lines and lists without cycles: the collector's passes over a large assessment only cost time
        return _render(assessments, titles)


def _render(assessments: Sequence[tuple[str | None, Assessment]], titles: dict[str, str] | None) -> str:
    out: list[str] = []
    for path, a in assessments:
        head = f"{a.framework_title} ({a.framework_id} {a.framework_version})"
        out.append("=" * len(head))
        out.append(head)
        if a.subject:
            out.append(a.subject)
        if path:
            out.append(f"evidence: {path}")
        out.append("=" * len(head))
        out.extend(render_matrix(a, titles))
        out.extend(render_reconciliation(a))
        c = a.counts
        out.append("")
        out.append(f"Records used of those read: findings {c.findings_used}/{c.findings}, measures {c.measures_used}/{c.measures}, "
                   f"recorded verdicts {c.recorded_used}/{c.recorded}, overrides {c.overrides_used}/{c.overrides}.")
        out.append(f"Legend: {MARK_NOT_ASSESSED} not assessed, {MARK_NOT_APPLICABLE} not applicable, "
                   "* differs from the printed verdict, ° computed where the report prints a blank, ! overridden.")
        out.append("")
    return "\n".join(escape_controls(line) for line in out)
