"""Text view: per normenkader the norm × entity matrix with totals, as the report's tables (entity
names as column heads, norm titles wrapped, not cut), then the reconciliation of every recorded
verdict that differs from the computed one, with the arithmetic on both sides.

No line is wider than ``width`` (the terminal's, 80 when piped: the CLI decides): the tables are
laid out by rich (a plain one by :mod:`.text_table`, line for line as rich lays it out, faster),
which wraps titles and names within their columns, and a matrix with more
entities than fit is split into tables of as many entities as fit, the norm column repeated. The
other lines are wrapped at words. ``color`` paints verdicts (best green, lowest red, between
yellow); without it the text is plain, byte for byte the same but for the escape codes.
Toetsaspect rows are folded away unless ``aspects``, and a line says how many and how many of
their cells differ from the printed verdicts: nothing is left out without a word. The provenance
(the files' sha256, the version, the time of the run) closes the text when it is given.

Every text is passed through :func:`regienorm._escape.escape_controls`, and handed to rich as
text, never as markup: ids, titles, notes and sources come from other people's files and must
not drive the terminal that shows them."""

from __future__ import annotations

import io
import textwrap
from collections.abc import Callable, Sequence
from typing import Any

from .._escape import escape_controls
from .._gc import paused
from ..i18n import translate
from ..judgement import VALUE_LEVELS, Assessment, Judgement, Reconciliation, Status, Tally
from ..provenance import Run
from ..values import Record, differences, value_text
from .matrix import colour, groups_first, points_range, prefixes
from .text_table import plain_table
from .waivers import waiver_counts, where

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


#: rich's style for each colour of a verdict (:func:`.matrix.colour`).
_STYLES = {"best": "green", "lowest": "red", "between": "yellow", "none": "dim"}

#: The narrowest the first column (ids and titles) is made before the entities are split over tables.
_LABEL_MIN = 24
#: An entity's column is at most this wide: a longer name wraps in its head.
_HEAD_MAX = 10
#: A word of a name longer than this is broken in its head.
_WORD_MAX = 16


class _Painter:
    """Lays out tables and paints verdicts with rich (imported here: ``import regienorm`` stays light)."""

    def __init__(self, a: Assessment, width: int, color: bool) -> None:
        from rich import box
        from rich.console import Console
        from rich.table import Table
        from rich.text import Text

        self.width, self.color, self.box, self.Table, self.Text = width, color, box.SIMPLE_HEAD, Table, Text
        self.Console = Console
        self.best, self.lowest = points_range(a)

    def style(self, j: Judgement | None) -> str:
        return _STYLES[colour(j, self.best, self.lowest)]

    def lines(self, renderable: Any) -> list[str]:
        out = io.StringIO()
        console = self.Console(file=out, width=self.width, color_system="standard" if self.color else None,
                               force_terminal=self.color, no_color=not self.color, highlight=False, markup=False,
                               emoji=False, soft_wrap=False, legacy_windows=False, _environ={})
        console.print(renderable)
        return [line.rstrip() for line in out.getvalue().splitlines()]

    def table(self, head: str, heads: Sequence[str], rows: Sequence[tuple[str, Sequence[tuple[str, Judgement | None]]]]) -> list[str]:
        """A matrix: ``rows`` of (label, [(cell text, judgement)…]) under ``heads``, split over as
        many tables as the width needs, the label column repeated in each."""
        # as wide as the name up to _HEAD_MAX, and as its longest word (up to _WORD_MAX): words are not broken
        wanted = [max([min(_HEAD_MAX, len(h)), *(min(len(w), _WORD_MAX) for w in h.split()), 3]) for h in heads]
        for i in range(len(heads)):
            wanted[i] = max([wanted[i], *(len(cells[i][0]) for _, cells in rows)])
        longest = max([len(head) + 6, *(len(label) for label, _ in rows)])
        label_width = min(longest, max(_LABEL_MIN, self.width * 2 // 5))
        whole = [max([len(h), *(len(cells[i][0]) for _, cells in rows)]) for i, h in enumerate(heads)]
        if label_width + 1 + sum(w + 2 for w in whole) <= self.width:  # room for every name on one line
            wanted = whole
        groups: list[list[int]] = [[]]
        used = label_width + 1
        for i, w in enumerate(wanted):
            if groups[-1] and used + w + 2 > self.width:
                groups.append([])
                used = label_width + 1
            groups[-1].append(i)
            used += w + 2
        out: list[str] = []
        hung: dict[int, list[str]] = {}
        for n, group in enumerate(groups):
            room = self.width - sum(wanted[i] + 2 for i in group) - 1
            label = head if len(groups) == 1 else f"{head} ({n + 1}/{len(groups)})"
            label_max = max(label_width, min(longest, room))
            labels = hung.get(label_max)
            if labels is None:  # the same for every table of the split whose label column is as wide
                labels = hung[label_max] = [_hanging(text, label_max) for text, _ in rows]
            if n:
                out.append("")
            plain = None if self.color else plain_table(label, label_max, [heads[i] for i in group], [wanted[i] for i in group],
                                                        [(text, [cells[i][0] for i in group]) for text, (_, cells) in zip(labels, rows, strict=True)],
                                                        self.width)
            if plain is not None:  # laid out as rich would, faster (render.text_table)
                out.extend(plain)
                continue
            table = self.Table(box=self.box, show_edge=False, pad_edge=False, padding=(0, 1), collapse_padding=True,
                               header_style="bold" if self.color else "")
            table.add_column(self.Text(label), justify="left", overflow="fold", max_width=label_max)
            for i in group:
                table.add_column(self.Text(heads[i]), justify="center", overflow="fold", min_width=wanted[i], max_width=wanted[i])
            for text, (_, cells) in zip(labels, rows, strict=True):
                table.add_row(self.Text(text), *(self.Text(cells[i][0], style=self.style(cells[i][1]) if self.color else "")
                                                 for i in group))
            out.extend(self.lines(table))
        return out


#: A name longer than this heads its column by the entity's id, and is given in full below the table.
_NAME_MAX = 28


def _names(a: Assessment, entities: Sequence[str]) -> tuple[list[str], list[str]]:
    """The column heads (the entities' names, or the id of one whose name is too long for a head)
    and the lines that give those long names in full."""
    names = {e: (name or e) for e, name, _ in a.entities}
    heads, long = [], []
    for e in entities:
        name = escape_controls(names.get(e, e))
        if len(name) > _NAME_MAX:
            heads.append(escape_controls(e))
            long.append(f"{escape_controls(e)}: {name}")
        else:
            heads.append(name)
    return heads, long


def _same(text: str) -> str:
    return text


def render_matrix(a: Assessment, titles: dict[str, str] | None = None, *, width: int = 80, color: bool = False,
                  aspects: bool = False, say: Callable[[str], str] = _same) -> list[str]:
    """Per normenkader, its norms (and with ``aspects`` its toetsaspecten) by the entities judged;
    ``say`` puts the view's own words into the reader's language."""
    titles = titles or {}
    painter = _Painter(a, width, color)
    by_key = {(j.entity, j.target): j for j in a.judgements}
    # every (target, level) once, in the order first judged (a dict: a list's `in` made this quadratic)
    targets = list(dict.fromkeys((j.target, j.level) for j in a.judgements if j.level not in VALUE_LEVELS))
    levels = dict(targets)
    targets = groups_first(targets, levels)
    normenkaders = [t for t, level in targets if level == "normenkader"]
    below: dict[str, list[str]] = {nk: [] for nk in normenkaders}  # each normenkader's rows, in one pass
    for t, _ in targets:
        for nk in prefixes(t):
            if nk in below:
                below[nk].append(t)
    lines: list[str] = []
    for nk in normenkaders:
        entities = [e for e, _, _ in a.entities
                    if (e, nk) in by_key and by_key[(e, nk)].status is not Status.NOT_APPLICABLE]
        if not entities:
            continue
        lines.append("")
        lines.extend(_wrap(escape_controls(f"{nk}: {titles.get(nk, '')}".rstrip(": ")), width))
        rows = []
        folded = differ = 0
        for target in [*below[nk], nk]:
            level = levels.get(target, "normenkader")
            label = target[len(nk) + 1:] if target != nk else say("total")
            if level == "aspect" and not aspects:
                folded += 1
                differ += sum(1 for e in entities if getattr(by_key.get((e, target)), "agrees", None) is False)
                continue
            label = ("  " * label.count(".")) + label
            title = titles.get(target)
            if title:
                label = f"{label} {title}"
            rows.append((escape_controls(label), [(escape_controls(cell(by_key.get((e, target)))), by_key.get((e, target)))
                                                  for e in entities]))
        heads, long = _names(a, entities)
        lines.extend(painter.table("norm", heads, rows))
        for text in long:
            lines.extend(_wrap(text, width))
        if folded:
            lines.extend(_wrap(say(f"{folded} toetsaspect rows not shown (--aspects shows them); "
                                   + (f"{differ} of their cells {'differs' if differ == 1 else 'differ'} from the printed verdicts."
                                      if differ else "none of their cells differs from a printed verdict.")), width))
    return lines


def render_decisions(a: Assessment, titles: dict[str, str] | None = None, *, width: int = 80, color: bool = False,
                     say: Callable[[str], str] = _same) -> list[str]:
    """The decisions: one row per decision, one column per entity (as the normenkader tables)."""
    titles = titles or {}
    decided = [j for j in a.judgements if j.level in VALUE_LEVELS]
    if not decided:
        return []
    by_key = {(j.entity, j.target): j for j in decided}
    targets = list(dict.fromkeys(j.target for j in decided))
    entities = [e for e, _, _ in a.entities if any((e, t) in by_key for t in targets)]
    rows = []
    for target in targets:
        title = titles.get(target)
        rows.append((escape_controls(f"{target} {title}" if title else target),
                     [(escape_controls(value_cell(by_key.get((e, target)))), None) for e in entities]))
    heads, long = _names(a, entities)
    heading = "Decisions and scores" if any(j.level == "score" for j in decided) else "Decisions"
    return ["", say(heading), *_Painter(a, width, color).table("decision", heads, rows),
            *(line for text in long for line in _wrap(text, width))]


def _hanging(label: str, width: int) -> str:
    """A row label wrapped to ``width``, its title's lines under the title, not under the id."""
    if len(label) <= width:
        return label
    stripped = label.lstrip()
    indent = len(label) - len(stripped)
    hang = " " * (indent + len(stripped.split(" ", 1)[0]) + 1)
    if len(hang) > width // 2:
        hang = " " * (indent + 2)
    return "\n".join(textwrap.wrap(stripped, width, initial_indent=" " * indent, subsequent_indent=hang,
                                    break_long_words=True, break_on_hyphens=False))


def _wrap(text: str, width: int, indent: str = "", subsequent: str | None = None) -> list[str]:
    """A line wrapped at words to ``width`` (a word longer than the width is broken)."""
    if len(text) <= width:
        return [text]
    lead = indent or text[: len(text) - len(text.lstrip())]
    return textwrap.wrap(text.strip(), width, initial_indent=lead, subsequent_indent=subsequent if subsequent is not None else lead + "  ",
                         break_long_words=True, break_on_hyphens=False) or [text[:width]]


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


def reads_reasons(recorded: Sequence[Any], waivers: Sequence[Any]) -> bool:
    """Whether this report, or the markdown (which shows the same reconciliation and waivers), reads
    any reason of an assessment whose evidence has these printed records and waivers: only the
    reconciliation lists reasons, of the verdicts that differ from a printed one, and a waiver
    applied is an ``override`` reason. Without either it needs none (the command line then judges
    without reasons)."""
    return bool(recorded or waivers)


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
        lines.extend(f"    {line}" for line in difference_lines(r.value, getattr(j, "value", None)))
        for reason in j.reasons:
            if reason.kind in ("rule", "arithmetic", "policy", "override", "missing", "members", "finding", "incomplete",
                               "decision", "step", "result", "no_value", "error", "part"):
                lines.append(f"    {reason.text}")
    return [escape_controls(line) for line in lines]


def difference_lines(printed: Any, computed: Any) -> list[str]:
    """For a published list or record that differs from the computed one: how many items (fields)
    agree, and each that differs, printed against computed."""
    if not isinstance(printed, (tuple, Record)) or not isinstance(computed, (tuple, Record)):
        return []
    found = differences(printed, computed)
    parts = max(len(printed.fields) if isinstance(printed, Record) else len(printed),
                len(computed.fields) if isinstance(computed, Record) else len(computed))
    unit = "field" if isinstance(printed, Record) else "item"
    differing = len({d.path[0] for d in found if d.path})
    out = [f"{parts - differing} of {parts} {unit}s agree" if parts != 1 else f"{1 - differing} of 1 {unit} agrees"]
    for d in found:
        side = (f"printed {value_text(d.printed)}" if d.printed is not None else "not printed") + "; " + (
            f"computed {value_text(d.computed)}" if d.computed is not None else "not computed")
        out.append(f"{d.where}: {side}" if d.path else side)
    return out


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


def render_waivers(a: Assessment) -> list[str]:
    """Every waiver applied, with the verdict it replaced, and every one not applied (expired at the
    assessment's date, or matching nothing): professional judgement is never out of sight."""
    lines: list[str] = []
    applied = a.waivers()
    if applied:
        lines.append(f"Waivers applied ({len(applied)}):")
        lines.extend(f"- waived {entity} {target}: {reason.text}" for entity, target, reason in applied)
    for o in a.waivers_not_applied:
        where = " ".join(x for x in (o.entity, o.target) if x)
        why = f"expired on {o.expires}" if o.expired else "matches no judgement"
        risk = f", risk {o.risk}" if o.risk else ""
        lines.append(f"Waiver not applied, {why}: {where}: {o.verdict} by {o.author}{risk}: {o.justification}")
    counted = waiver_counts(a)  # a waiver of a wider scope sets many judgements
    if counted:
        lines.append(counted)
    return lines


def render_left_out(a: Assessment) -> list[str]:
    """Every record of evidence made for a profile's base that the profile has no place for, with
    where it is written and why: set apart, never dropped unseen."""
    if not a.left_out:
        return []
    lines = [f"Left out by the profile ({len(a.left_out)}):"]
    lines.extend(f"- {_RECORD_WORDS.get(o.kind, o.kind)}: {o.entity} {o.target} at {where(o.span) or '(no file)'}: {o.why}"
                 for o in a.left_out)
    return lines


_RECORD_WORDS = {"recorded": "recorded verdict"}


def render(assessments: Sequence[tuple[str | None, Assessment]], titles: dict[str, str] | None = None, *,
           width: int = 80, color: bool = False, aspects: bool = False, language: str = "en", provenance: Run | None = None) -> str:
    """The text of ``regienorm evaluate``: no line wider than ``width``; verdicts coloured with
    ``color``; toetsaspect rows shown with ``aspects``; ``provenance`` as a footer (see the module);
    its words in ``language`` (``en`` or ``nl``: :mod:`regienorm.i18n`), the ids, titles, verdicts and
    numbers as written."""
    def say(line: str) -> str:  # indentation kept: a reason under its verdict is translated as itself
        body = line.lstrip()
        return line[: len(line) - len(body)] + translate(body, language)

    with paused():  # lines and lists without cycles: the collector's passes over a large assessment only cost time
        return _render(assessments, titles, max(width, 40), color, aspects,  # narrower, no table can be read
                       _same if language == "en" else say, provenance)


def _render(assessments: Sequence[tuple[str | None, Assessment]], titles: dict[str, str] | None, width: int,
            color: bool, aspects: bool, say: Callable[[str], str], provenance: Run | None = None) -> str:
    out: list[str] = []
    tables: set[int] = set()  # lines laid out by rich: not wrapped again

    def table(lines: list[str]) -> None:
        tables.update(range(len(out), len(out) + len(lines)))
        out.extend(lines)

    for path, a in assessments:
        head = f"{a.framework_title} ({a.framework_id} {a.framework_version})"
        out.append("=" * min(len(head), width))
        out.append(head)
        if a.subject:
            out.append(a.subject)
        if path:
            out.append(f"evidence: {path}")
        out.append("=" * min(len(head), width))
        table(render_matrix(a, titles, width=width, color=color, aspects=aspects, say=say))
        table(render_decisions(a, titles, width=width, color=color, say=say))
        out.extend(render_reconciliation(a))
        for extra in (render_waivers(a), render_left_out(a)):
            if extra:
                out.extend(["", *extra])
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
                   if not any(j.level in VALUE_LEVELS for j in a.judgements) else
                   f"Legend: {MARK_NOT_ASSESSED} not assessed (or no value), {MARK_NOT_APPLICABLE} not applicable, "
                   f"{MARK_ERROR} the arithmetic failed, * differs from the printed verdict, "
                   "° computed where the report prints a blank, ! overridden.")
        out.append("")
    if len(assessments) > 1:
        total = sum((a.reconciliation() for _, a in assessments[1:]), assessments[0][1].reconciliation())
        first, *rest = reconciliation_summary(total)
        out.extend([f"All evidence files: {first}", *rest, ""])
    if provenance is not None:
        out.extend([*provenance.lines(), ""])
    shown: list[str] = []
    for n, line in enumerate(out):
        shown.extend([line] if n in tables else _wrap(escape_controls(say(line)), width))
    return "\n".join(shown)
