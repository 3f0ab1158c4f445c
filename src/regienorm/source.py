"""Source text and positions: where everything a diagnostic or a reason points at lives."""

from __future__ import annotations

import bisect
import functools
import re

import attrs


@attrs.frozen(order=True)
class Span:
    """A region of a source file. Lines and columns are 1-based; the end is exclusive.

    In a spreadsheet, ``sheet`` names the sheet, ``line`` is the row and ``column`` the column
    (1 is A): shown as ``file.xlsx, sheet Findings, row 12, column C``, the way a spreadsheet
    user finds a cell; a span over more than one cell (a record: its row) as ``…, row 12``. A
    table without sheets (a CSV file) has ``sheet`` ``""``: ``file.csv, row 1, column C``."""

    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    sheet: str | None = attrs.field(default=None, kw_only=True, order=False)

    def __str__(self) -> str:
        if self.sheet is not None:  # "": a table without sheets (a CSV file's header)
            where = f"{self.path}, sheet {self.sheet}, row {self.line}" if self.sheet else f"{self.path}, row {self.line}"
            if self.end_line == self.line and self.end_column == self.column + 1:  # one cell, not the row
                where += f", column {column_letters(self.column)}"
            return where
        return f"{self.path}:{self.line}:{self.column}"

    def to_json(self) -> dict[str, object]:
        out: dict[str, object] = {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
        }
        if self.sheet is not None:
            out["sheet"] = self.sheet
        return out

    @classmethod
    def point(cls, path: str, line: int, column: int = 1) -> Span:
        return cls(path, line, column, line, column + 1)


def column_letters(column: int) -> str:
    """A 1-based column number as a spreadsheet names it: 1 is ``A``, 27 is ``AA``."""
    letters = ""
    while column > 0:
        column, rest = divmod(column - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters or "?"


@attrs.frozen
class Source:
    """A framework or evidence file's text, with the name used in messages."""

    path: str
    text: str = attrs.field(repr=False)

    def line_text(self, line: int) -> str:
        """The text of a 1-based line, without its line end ('' past the end).

        Lines end at ``\\n`` only, as the parser counts them: a form feed or a U+2028 inside a
        line does not start a new one (``str.splitlines`` would, and show the wrong line)."""
        starts = LineIndex(self.text).starts
        if not 0 < line < len(starts) + (not self.text.endswith("\n")):
            return ""
        end = starts[line] - 1 if line < len(starts) else len(self.text)
        return self.text[starts[line - 1]:end]


class LineIndex:
    """Offsets in a text -> 1-based line and column, as the parser counts them (lines end at
    ``\n`` only). The one such index: the parser, the readers and the diagnostics all use it."""

    __slots__ = ("starts",)

    def __init__(self, text: str) -> None:
        self.starts = _line_starts(text)

    def position(self, offset: int) -> tuple[int, int]:
        """``(line, column)`` of a character offset, both 1-based."""
        line = bisect.bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1

    def span(self, path: str, offset: int) -> Span:
        """A one-character :class:`Span` at ``offset``."""
        line, column = self.position(offset)
        return Span(path, line, column, line, column + 1)


@functools.lru_cache(maxsize=8)
def _line_starts(text: str) -> list[int]:
    """Offsets where lines start; cached, so a thousand diagnostics in a 10 MB file cost one pass."""
    starts = [0]
    starts.extend(found.end() for found in re.finditer("\n", text))
    return starts
