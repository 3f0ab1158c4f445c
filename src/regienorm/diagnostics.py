"""Diagnostics: problems found in a framework or evidence file, as data.

A diagnostic has a stable code (``RN201``), a severity, a short message, a span with a column, one
concrete ``help`` and notes. Rendering is separate: :func:`render_full` (the rustc-like block with
the source line and a caret), :func:`render_short` (one line for editors and CI) and
:meth:`Diagnostic.to_json`. Every code has a section in ``docs/errors.md``.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping

import attrs

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

    def sort_key(self) -> tuple[str, int, int, str]:
        if self.span is None:
            return ("", 0, 0, self.code)
        return (self.span.path, self.span.line, self.span.column, self.code)

    def to_json(self) -> dict[str, object]:
        return {
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
            "span": None if self.span is None else self.span.to_json(),
            "help": self.help,
            "notes": list(self.notes),
        }


def error(
    code: str,
    message: str,
    span: Span | None,
    help: str | None = None,
    *,
    label: str | None = None,
    notes: Iterable[str] = (),
) -> Diagnostic:
    return Diagnostic(code, Severity.ERROR, message, span, help, label, tuple(notes))


def warning(
    code: str,
    message: str,
    span: Span | None,
    help: str | None = None,
    *,
    label: str | None = None,
    notes: Iterable[str] = (),
) -> Diagnostic:
    return Diagnostic(code, Severity.WARNING, message, span, help, label, tuple(notes))


def sort(diagnostics: Iterable[Diagnostic]) -> tuple[Diagnostic, ...]:
    """Diagnostics in file, line, column order, duplicates removed."""
    return tuple(sorted(set(diagnostics), key=Diagnostic.sort_key))


def render_short(diagnostic: Diagnostic) -> str:
    """``file:line:col: error[RN201]: message`` on one line."""
    where = f"{diagnostic.span}: " if diagnostic.span is not None else ""
    return f"{where}{diagnostic.severity.value}[{diagnostic.code}]: {diagnostic.message}"


def render_full(diagnostic: Diagnostic, sources: Mapping[str, Source] | None = None) -> str:
    """The diagnostic as a block: headline, location, the source line with a caret, help, notes."""
    lines = [f"{diagnostic.severity.value}[{diagnostic.code}]: {diagnostic.message}"]
    span = diagnostic.span
    if span is not None:
        gutter = " " * len(str(span.line))
        lines.append(f"{gutter}--> {span}")
        source = (sources or {}).get(span.path)
        text = source.line_text(span.line) if source is not None else ""
        if text:
            text = text.expandtabs(1)
            width = (
                span.end_column - span.column
                if span.end_line == span.line and span.end_column > span.column
                else 1
            )
            width = max(1, min(width, len(text) - span.column + 2))
            caret = " " * (span.column - 1) + "^" * width
            if diagnostic.label:
                caret += f" {diagnostic.label}"
            shown = text if len(text) <= 200 else text[: max(200, span.column + 40)] + " …"
            lines += [f"{gutter} |", f"{span.line} | {shown}", f"{gutter} | {caret}", f"{gutter} |"]
    if diagnostic.help:
        lines.append(f"   = help: {diagnostic.help}")
    for note in diagnostic.notes:
        lines.append(f"   = note: {note}")
    return "\n".join(lines)
