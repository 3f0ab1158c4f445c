"""Markdown view (CommonMark with GitHub's tables): per evidence file and per normenkader the matrix
as the report's tables (entity names heading the columns, norm and toetsaspect titles beside their
ids, the total last), the decisions, the reconciliation with the printed verdicts, the legend, and
the provenance.

Every text from a framework or evidence is escaped (:func:`text`): a backslash before each
character that could start markup, an HTML tag or an entity, or end a table cell, control
characters shown as escapes and line breaks as spaces, so that a title ``<script>`` or
``[x](javascript:…)`` renders as those characters. The cells are the text view's (:func:`.text.cell`)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from .._escape import escape_controls
from .._gc import pausing
from ..i18n import translate
from ..judgement import VALUE_LEVELS, Assessment
from ..provenance import Run
from .matrix import Matrix, matrices
from .text import MARK_ERROR, MARK_NOT_APPLICABLE, MARK_NOT_ASSESSED, cell, reconciliation_summary, render_reconciliation, value_cell
from .waivers import LEFT_OUT_COLUMNS, WAIVER_COLUMNS, left_out_rows, waiver_counts, waiver_rows

#: Characters that can start markup, a tag or an entity, or end a table cell.
_ACTIVE = frozenset("\\`*_[]<>|~&#!")


def text(value: object) -> str:
    """``value`` as inert markdown text (see the module)."""
    plain = escape_controls(str(value).replace("\r\n", " ").replace("\n", " ").replace("\r", " "))
    return "".join("\\" + c if c in _ACTIVE else c for c in plain)


def _table(m: Matrix, say: Callable[[str], str]) -> list[str]:
    head = say("decision") if m.target == "" else "norm"
    out = ["| " + " | ".join([head, *(text(n) for n in m.names)]) + " |",
           "|" + "---|" + ":-:|" * len(m.names)]
    for row in m.rows:
        label = text(say(row.label) if row.level == "normenkader" else row.label) + (f" {text(row.title)}" if row.title else "")
        if row.level == "normenkader":
            label = f"**{label}**"
        elif row.level == "aspect":
            label = "\u2003" + label  # an em space: the toetsaspect under its norm, as the report indents it
        shown = [value_cell(j) if row.level in VALUE_LEVELS else cell(j) for j in row.cells]
        out.append("| " + " | ".join([label, *(text(s) for s in shown)]) + " |")
    return out


_WAIVERS_HEAD = "### Waivers / afwijkingen"
_LEFT_OUT_HEAD = "### Left out by the profile / buiten het profiel gelaten"


#: The headings in Dutch (English: both languages, as they always were).
_DUTCH = {"### Reconciliation / aansluiting": "### Aansluiting", _WAIVERS_HEAD: "### Afwijkingen",
          _LEFT_OUT_HEAD: "### Buiten het profiel gelaten", "## All evidence files / alle bewijsbestanden": "## Alle dossiers",
          "## Provenance / herkomst": "## Herkomst", "| file / bestand | path / pad | sha256 |": "| bestand | pad | sha256 |"}

#: The legend under each evidence file's tables (``\\*`` escaped for markdown when written).
LEGEND = (f"Legend: {MARK_NOT_ASSESSED} not assessed, {MARK_NOT_APPLICABLE} not applicable, {MARK_ERROR} the arithmetic "
          "failed, * differs from the printed verdict, ° computed where the report prints a blank, ! overridden.")


def _records(head: str, columns: Sequence[str], rows: list[dict[str, object]]) -> list[str]:
    """A table of waivers or left-out records (:mod:`.waivers`), with their count; nothing without any."""
    if not rows:
        return []
    shown = [c for c in columns if c != "evidence"]  # the section names the evidence file
    return ["", f"{head} ({len(rows)})", "", "| " + " | ".join(shown) + " |", "|" + "---|" * len(shown),
            *("| " + " | ".join(text(row[c] if row[c] is not None else "") for c in shown) + " |" for row in rows), ""]


@pausing  # the collector's passes over a large assessment only cost time (regienorm._gc)
def render(assessments: Sequence[tuple[str | None, Assessment]], titles: dict[str, str] | None = None, *,
           aspects: bool = True, provenance: Run | None = None, language: str = "en") -> str:
    """The markdown document for ``assessments`` (pairs of evidence path and assessment), its words
    in ``language`` (``en``, with headings in both languages, or ``nl``); ids, titles, verdicts and
    numbers as written."""
    def say(line: str) -> str:
        return line if language == "en" else _DUTCH.get(line) or translate(line, language)

    out: list[str] = []
    if assessments:
        first = assessments[0][1]
        out += [f"# {text(first.framework_title)} ({text(first.framework_id)} {text(first.framework_version)})", ""]
    for path, a in assessments:
        out += [f"## {text(a.subject or path or a.framework_id)}", ""]
        if path:
            out += [text(say(f"evidence: {path}")), ""]
        for m in matrices(a, titles, aspects=aspects):
            values = "Decisions and scores" if any(r.level == "score" for r in m.rows) else "Decisions"
            out += [f"### {text(m.target)}" + (f": {text(m.title)}" if m.title else "") if m.target else f"### {say(values)}", ""]
            out += [*_table(m, say), ""]
        lines = render_reconciliation(a)[1:]  # the text view's words; its first line is blank
        out += [say("### Reconciliation / aansluiting"), ""]
        for line in lines:
            if line.startswith("- "):
                out.append("- " + text(say(line)[2:]))
            elif line.startswith("    "):
                out.append("  - " + text(say(line.strip())))
            else:
                out += [text(say(line).removeprefix("Reconciliation: ").removeprefix("Aansluiting: ")), ""]
        out += _records(say(_WAIVERS_HEAD), WAIVER_COLUMNS, list(waiver_rows([(path, a)])))
        counted = waiver_counts(a)
        if counted:
            out += [text(say(counted)), ""]
        out += _records(say(_LEFT_OUT_HEAD), LEFT_OUT_COLUMNS, list(left_out_rows([(path, a)])))
        out += ["", say(LEGEND).replace("*", "\\*"), ""]
    if len(assessments) > 1:
        total = sum((a.reconciliation() for _, a in assessments[1:]), assessments[0][1].reconciliation())
        out += [say("## All evidence files / alle bewijsbestanden"), "",
                *(text(say(line)) + "  " for line in reconciliation_summary(total)), ""]
    if provenance is not None:
        out += [say("## Provenance / herkomst"), "", text(provenance.heading()), "", say("| file / bestand | path / pad | sha256 |"),
                "|---|---|---|", *(f"| {text(what)} | {text(path or '')} | `{sha}` |" for what, path, sha in provenance.entries()), ""]
    return "\n".join(out).rstrip("\n") + "\n"
