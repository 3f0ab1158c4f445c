"""Diagnostics: problems found in a framework or evidence file, as data.

A diagnostic has a stable code (``RN201``), a severity, a short message, a span with a column, one
concrete ``help`` and notes. Rendering is separate: :func:`render_full` (the rustc-like block with
the source line and a caret), :func:`render_short` (one line for editors and CI) and
:meth:`Diagnostic.to_json`. Every code has a section in ``docs/errors.md``.
"""

from __future__ import annotations

import difflib
import enum
from collections.abc import Iterable, Mapping

import attrs

from ._escape import escape_controls
from .source import Source, Span


class Severity(enum.Enum):
    ERROR = "error"
    WARNING = "warning"


@attrs.frozen
class Diagnostic:
    code: str
    severity: Severity
    message: str
    span: Span | None
    help: str | None = None
    label: str | None = None
    notes: tuple[str, ...] = ()

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def sort_key(self) -> tuple[str, str, int, int, str]:
        if self.span is None:
            return ("", "", 0, 0, self.code)
        return (self.span.path, self.span.sheet or "", self.span.line, self.span.column, self.code)

    def to_json(self) -> dict[str, object]:
        return {
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
            "span": None if self.span is None else self.span.to_json(),
            "help": self.help,
            "notes": list(self.notes),
        }


def error(code: str, message: str, span: Span | None, help: str | None = None, *, label: str | None = None,
          notes: Iterable[str] = ()) -> Diagnostic:
    """An error: the framework or evidence cannot be used as it is."""
    return Diagnostic(code, Severity.ERROR, message, span, help, label, tuple(notes))


def warning(code: str, message: str, span: Span | None, help: str | None = None, *, label: str | None = None,
            notes: Iterable[str] = ()) -> Diagnostic:
    """A warning: usable, but probably not what the author meant (``--strict`` fails on it)."""
    return Diagnostic(code, Severity.WARNING, message, span, help, label, tuple(notes))


#: How alike a name must be to a known one to be suggested (difflib's ratio): one cutoff for every
#: "did you mean" regienorm writes, so that a typo is suggested alike wherever it is made.
SUGGEST_CUTOFF = 0.6


def did_you_mean(name: str, known: Iterable[str]) -> str | None:
    """The known name closest to ``name``, if any is close enough (:data:`SUGGEST_CUTOFF`)."""
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=SUGGEST_CUTOFF)
    return close[0] if close else None


def sort(diagnostics: Iterable[Diagnostic]) -> tuple[Diagnostic, ...]:
    """Diagnostics in file, line, column order, duplicates removed; ties keep the order in which
    they were reported (so the order never depends on the hash seed)."""
    return tuple(sorted(dict.fromkeys(diagnostics), key=Diagnostic.sort_key))


def localize(diagnostic: Diagnostic, language: str = "en") -> Diagnostic:
    """The diagnostic with its message, help, label and notes in ``language`` (:mod:`regienorm.i18n`):
    the same code, severity and span. A text the catalog has no template for stays English."""
    if language == "en":
        return diagnostic
    from .i18n import translate

    def say(text: str | None) -> str | None:
        return None if text is None else translate(text, language, diagnostic.code)

    return attrs.evolve(diagnostic, message=translate(diagnostic.message, language, diagnostic.code), help=say(diagnostic.help),
                        label=say(diagnostic.label), notes=tuple(say(n) or n for n in diagnostic.notes))


#: The headline's and the lines' words in each language (the severity of the short form stays
#: ``error``/``warning``: editors and CI read that form by its words).
_WORDS = {"en": {"error": "error", "warning": "warning", "help": "help", "note": "note"},
          "nl": {"error": "fout", "warning": "waarschuwing", "help": "tip", "note": "opmerking"}}


def render_short(diagnostic: Diagnostic, language: str = "en") -> str:
    """``file:line:col: error[RN201]: message`` on one line (control characters shown escaped)."""
    diagnostic = localize(diagnostic, language)
    where = f"{escape_controls(str(diagnostic.span))}: " if diagnostic.span is not None else ""
    return f"{where}{diagnostic.severity.value}[{diagnostic.code}]: {escape_controls(diagnostic.message)}"


#: Source lines longer than this are shown as a window around the column.
SHOWN_LINE = 200


def render_full(diagnostic: Diagnostic, sources: Mapping[str, Source] | None = None, language: str = "en") -> str:
    """The diagnostic as a block: headline, location, the source line with a caret, help, notes.

    Everything that comes from a file — the message's names, the path, the source line — is shown
    with control characters escaped (:func:`regienorm._escape.escape_controls`); a long line is
    shown as a window around the column, the caret kept under the place it points at. ``language``:
    the texts and the headline's words in English (``en``) or Dutch (``nl``); code and place alike."""
    words = _WORDS.get(language, _WORDS["en"])
    diagnostic = localize(diagnostic, language)
    lines = [f"{words[diagnostic.severity.value]}[{diagnostic.code}]: {escape_controls(diagnostic.message)}"]
    span = diagnostic.span
    if span is not None:
        gutter = " " * len(str(span.line))
        lines.append(f"{gutter}--> {escape_controls(str(span))}")
        source = (sources or {}).get(span.path)
        # a cell's column (a spreadsheet's, a CSV file's) is no place in a line of text: no caret under it
        text = source.line_text(span.line) if source is not None and span.sheet is None else ""
        if text:
            text = text.expandtabs(1)
            width = (
                span.end_column - span.column
                if span.end_line == span.line and span.end_column > span.column
                else 1
            )
            width = max(1, min(width, len(text) - span.column + 2))
            at = span.column - 1
            if len(text) <= SHOWN_LINE:
                start, stop = 0, len(text)
            elif span.column + 40 <= SHOWN_LINE:
                start, stop = 0, SHOWN_LINE
            else:
                start, stop = at - 120, min(len(text), at + 40 + min(width, 80))
            width = min(width, max(1, stop - at + 1))
            lead = "… " if start > 0 else ""
            marked = text[at: at + width]
            caret = " " * (len(lead) + len(escape_controls(text[start:at]))) + \
                "^" * max(1, len(escape_controls(marked)) + width - len(marked))
            if diagnostic.label:
                caret += f" {escape_controls(diagnostic.label)}"
            shown = lead + escape_controls(text[start:stop]) + (" …" if stop < len(text) else "")
            lines += [f"{gutter} |", f"{span.line} | {shown}", f"{gutter} | {caret}", f"{gutter} |"]
    if diagnostic.help:
        lines.append(f"   = {words['help']}: {escape_controls(diagnostic.help)}")
    for note in diagnostic.notes:
        lines.append(f"   = {words['note']}: {escape_controls(note)}")
    return "\n".join(lines)
