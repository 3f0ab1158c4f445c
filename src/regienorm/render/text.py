"""Plain-text view: per normenkader the norm × entity matrix with totals, then the reconciliation
of every recorded verdict that differs from the computed one, with the arithmetic on both sides.

Every line is passed through :func:`regienorm._escape.escape_controls`: ids, titles, notes and
sources come from other people's files and must not drive the terminal that shows them."""

from __future__ import annotations

from collections.abc import Sequence

from .._escape import escape_controls
from .._gc import paused
from ..judgement import Assessment, Judgement, Reconciliation, Status, Tally
from ..values import value_text

MARK_NOT_APPLICABLE = "n/a"
MARK_NOT_ASSESSED = "·"
MARK_ERROR = "error"


def value_cell(j: Judgement | None) -> str:
    """A decision's value in a table: the number as its reasons show it, a category unquoted."""
    if j is None:
        return ""
    if j.status is Status.ERROR:
        return MARK_ERROR
    if j.status is not Status.JUDGED or j.value is None:
        return MARK_NOT_ASSESSED
    text = j.value if isinstance(j.value, str) else value_text(j.value)
    return text + "*" if j.agrees is False else text


def render_decisions(a: Assessment, titles: dict[str, str] | None = None) -> list[str]:
    """The decisions: one row per decision, one column per entity (as the normenkader tables)."""
    titles = titles or {}
    decided = [j for j in a.judgements if j.level == "decision"]
    if not decided:
        return []
    by_key = {(j.entity, j.target): j for j in decided}
    targets = list(dict.fromkeys(j.target for j in decided))
    entities = [e for e, _, _ in a.entities if any((e, t) in by_key for t in targets)]
    rows = [["decision", *(escape_controls(e) for e in entities)]]
    for target in targets:
        title = titles.get(target)
        label = _clip(f"{target} {title}", 48) if title else target
        rows.append([escape_controls(label), *(escape_controls(value_cell(by_key.get((e, target)))) for e in entities)])
    return ["", "Decisions", *_table(rows)]


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


def _agree(tally: Tally) -> str:
    return (f"{tally.agree} {'agrees' if tally.agree == 1 else 'agree'}, "
            f"{tally.differ} {'differs' if tally.differ == 1 else 'differ'}")


def reconciliation_summary(r: Reconciliation) -> list[str]:
    """What the printed verdicts prove: those given as findings apart from those computed, and the
    computed ones per the provenance of their rules."""
    given = f"{r.given.count} given as findings" + (f" ({r.given.differ} other than printed)" if r.given.differ else "")
    head = f"{r.printed} printed: {given}; {r.computed.count} computed: {_agree(r.computed)}"
    if r.unjudged.count:
        head += f"; {r.unjudged.count} where no finding or rule gives a verdict: {_agree(r.unjudged)}"
    lines = [head + "."]
    kinds = [(k, t) for k, t in r.by_provenance if t.count]
    if kinds:
        lines.append("Of the computed: " + "; ".join(f"{t.count} {_PROVENANCE_WORDS[k]} ({_agree(t)})" for k, t in kinds) + ".")
    return lines


_PROVENANCE_WORDS = {"stated": "by rules stated in the source", "reconstructed": "by reconstructed rules",
                     "declared": "by rules the framework declares", "unknown": "by rules of unknown provenance"}


def _prefixes(target: str) -> list[str]:
    """The dotted prefixes of a target that a normenkader's id could be (``a.b.c``: ``a``, ``a.b``)."""
    parts = target.split(".")
    return [".".join(parts[:n]) for n in range(1, len(parts))]


def render_reconciliation(a: Assessment) -> list[str]:
    recorded = [(j, r) for j in a.judgements for r in j.recorded if not r.blank]
    blanks = [(j, r) for j in a.judgements for r in j.recorded if r.blank]
    summary = a.reconciliation()
    lines = [""]
    first, *rest = reconciliation_summary(summary)
    lines.append(f"Reconciliation: {first}")
    lines.extend(rest)
    if blanks:
        lines.append(f"Printed blanks: {summary.blanks}; regienorm computes a verdict for {summary.blanks_filled} of them.")
    for j, r in recorded + blanks:
        if j.matches(r):
            continue
        computed = j.outcome if j.outcome is not None else j.status.value.replace("_", " ")
        if r.blank:
            printed = "a blank"
        else:
            printed = r.printed if r.printed == (r.verdict or r.printed) else f"{r.printed} (= {r.verdict})"
        lines.append(f"- {j.entity} {j.target}: printed {printed} in {r.source.describe()}; computed {computed}")
        for reason in j.reasons:
            if reason.kind in ("rule", "arithmetic", "policy", "override", "missing", "members", "finding", "incomplete",
                               "decision", "step", "result", "no_value", "error"):
                lines.append(f"    {reason.text}")
    return [escape_controls(line) for line in lines]


def render_completeness(a: Assessment) -> list[str]:
    """What the framework expects against what the evidence gives, and each input missing, listed
    per entity: a verdict shown without a word about what it lacks would look complete."""
    c = a.completeness
    assert c is not None
    lines: list[str] = []
    for kind, (expected, present), what in (("finding", c.findings, "expected findings"),
                                            ("values", c.values, "expected sets of measure values"),
                                            ("input", c.inputs, "expected input values")):
        missing = [e for e in c.missing if e.kind == kind]
        if not expected:
            continue
        head = f"Completeness: {present} of {expected} {what}"
        if not missing:
            lines.append(head + "; none missing.")
            continue
        lines.append(f"{head}; {len(missing)} missing:")
        by_entity: dict[str, list[str]] = {}
        for e in missing:
            by_entity.setdefault(e.entity, []).append(e.target + (f" ({e.measure})" if e.measure else ""))
        lines.extend(f"- {entity}: {', '.join(targets)}" for entity, targets in by_entity.items())
    return lines


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
        out.extend(render_decisions(a, titles))
        out.extend(render_reconciliation(a))
        c = a.counts
        out.append("")
        expected = ""
        if a.completeness is not None:
            out.extend(render_completeness(a))
            expected = f" (of {a.completeness.findings[0]} expected)"
        out.append(f"Records used of those read: findings {c.findings_used}/{c.findings}{expected}, "
                   f"measures {c.measures_used}/{c.measures}, "
                   f"recorded verdicts {c.recorded_used}/{c.recorded}, overrides {c.overrides_used}/{c.overrides}.")
        out.append(f"Legend: {MARK_NOT_ASSESSED} not assessed, {MARK_NOT_APPLICABLE} not applicable, "
                   "* differs from the printed verdict, ° computed where the report prints a blank, ! overridden."
                   if not any(j.level == "decision" for j in a.judgements) else
                   f"Legend: {MARK_NOT_ASSESSED} not assessed (or no value), {MARK_NOT_APPLICABLE} not applicable, "
                   f"{MARK_ERROR} the arithmetic failed, * differs from the printed verdict, "
                   "° computed where the report prints a blank, ! overridden.")
        out.append("")
    if len(assessments) > 1:
        total = sum((a.reconciliation() for _, a in assessments[1:]), assessments[0][1].reconciliation())
        first, *rest = reconciliation_summary(total)
        out.extend([f"All evidence files: {first}", *rest, ""])
    return "\n".join(escape_controls(line) for line in out)
