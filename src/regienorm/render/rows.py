"""One judgement as one row of fields, for the views that list every judgement (csv, xlsx), and
how text from others' files is made inert in a spreadsheet.

Formula injection. A spreadsheet program runs a cell whose text starts with ``=``, ``+``, ``-`` or
``@`` as a formula (and some treat a leading tab or carriage return the same way): a title
``=HYPERLINK(…)`` from a framework or a note ``+cmd|' /C calc'!A0`` from evidence would run when an
auditor opens the file. How each format keeps such text text:

* XLSX: every text is written as a string cell, never a formula (a ``<f>`` element is never
  written), and one that looks like a formula also carries the *quote prefix* flag, which is what
  a spreadsheet program stores when a user types ``'=…``: the cell shows its text exactly (``+/-``
  reads ``+/-``) and stays text when edited.
* CSV has no cell types, so :func:`neutralise` puts an apostrophe before a text that looks like a
  formula (``'=HYPERLINK(…)``), the usual defence. Verdict symbols made only of the signs ``+``,
  ``-``, ``/``, ``±``, ``~``, spaces and the ``;`` between two of them (``+``, ``-``, ``+/-``, ``+/-; -``)
  are left as written: such a
  text is no formula a spreadsheet can evaluate (no name, no number, no reference, no call), so it
  reads as itself. Numbers this program writes (points, a decision's value) are numbers, not text,
  and are written as they are.
"""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction
from typing import Any

from ..judgement import Assessment, Judgement
from .titles import titles_of
from .waivers import applied_fields

#: A text starting with one of these may be run as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: Texts made only of these are a verdict symbol such as `+/-`, never a formula that does anything.
_INERT_SIGNS = frozenset("+-/±~ ;")  # `;` joins the symbols printed in one cell: `+/-; -`


def formula_like(text: str) -> bool:
    """True when a spreadsheet could take ``text`` for a formula (and it is not only signs such as `+/-`)."""
    return text.startswith(FORMULA_STARTS) and not set(text) <= _INERT_SIGNS


def neutralise(text: str) -> str:
    """``text`` for a CSV cell: an apostrophe before one that looks like a formula (see the module)."""
    return "'" + text if formula_like(text) else text


#: The fields of a waiver a judgement row carries (``waiver_…``), when a waiver set its verdict.
WAIVER_FIELDS = ("replaces", "scope", "risk", "author", "approver", "date", "expires", "justification")

_WAIVER_KEYS = tuple((f"waiver_{c}", c) for c in WAIVER_FIELDS)

#: The columns of :func:`judgement_rows`, in order: ``at`` is where the waiver that set the verdict
#: is written (:func:`.waivers.where`).
COLUMNS = ("evidence", "entity", "entity_name", "role", "target", "level", "title", "status", "verdict", "points",
           "value", "rule", "computed", "printed", "printed_in", "agrees", "blank_filled", "overridden", "given",
           "reasons", "sources", *(f"waiver_{c}" for c in WAIVER_FIELDS), "at")


def printed(j: Judgement) -> str:
    """The verdicts (or values) the report printed here, ``; ``-separated (a printed blank is not
    among them: ``blank_filled`` says there is one)."""
    return "; ".join(r.printed for r in j.recorded if not r.blank)


def sources(j: Judgement) -> list[str]:
    """The sources of the findings and values a judgement rests on, each with its quote."""
    out: list[str] = []
    for reason in j.reasons:
        key = "sources" if reason.kind == "finding" else "source"  # a finding's list; a value's one source
        found = None
        for k, v in reason.data:  # the last one given, as a dict of the data would keep it
            if k == key:
                found = v
        if not found:
            continue
        for source in found if key == "sources" else (found,):
            where = ", ".join(str(source[k]) if k != "page" else f"p. {source[k]}"
                              for k in ("document", "table", "page", "footnote", "line") if source.get(k) is not None)
            quote = source.get("quote")
            text = f"{where}: \u201c{quote}\u201d" if quote and where else quote or where
            if text and text not in out:
                out.append(text)
    return out


def judgement_rows(assessments: list[tuple[str | None, Assessment]], titles: dict[str, str] | None) -> Iterator[dict[str, Any]]:
    """Every judgement of every assessment as a dict of :data:`COLUMNS` (text, int, bool, None; a
    decision's value that is not whole a Fraction)."""
    for path, a in assessments:
        entities = {e: (name, role) for e, name, role in a.entities}
        for j in a.judgements:
            name, role = entities.get(j.entity, (None, None))
            yield judgement_row(path, j, name, role, titles)


def judgement_row(path: str | None, j: Judgement, name: str | None, role: str | None,
                  titles: dict[str, str] | None) -> dict[str, Any]:
    """One judgement as a dict of :data:`COLUMNS` (the command line's CSV writes these as the
    entities are judged: :mod:`regienorm.streamed`)."""
    value: Fraction | int | bool | str | None = j.value  # a number stays a Fraction (whole: an int)
    if isinstance(value, Fraction) and value.denominator == 1:
        value = int(value)
    waiver = next((applied_fields(r) for r in reversed(j.reasons) if r.kind == "override"), {})
    return {**{k: waiver.get(c) for k, c in _WAIVER_KEYS}, "at": waiver.get("at"),
            "evidence": path, "entity": j.entity, "entity_name": name, "role": role, "target": j.target,
            "level": j.level, "title": titles_of(titles, j.target, role), "status": j.status.value,
            "verdict": j.verdict, "points": j.points, "value": value, "rule": j.rule, "computed": j.computed,
            "printed": printed(j), "printed_in": "; ".join(r.source.describe() for r in j.recorded if not r.blank),
            "agrees": j.agrees, "blank_filled": j.blank_filled, "overridden": j.overridden, "given": j.given,
            "reasons": "\n".join(r.text for r in j.reasons), "sources": "\n".join(sources(j))}
