"""Source text and positions: where everything a diagnostic or a reason points at lives."""

from __future__ import annotations

import attrs


@attrs.frozen(order=True)
class Span:
    """A region of a source file. Lines and columns are 1-based; the end is exclusive."""

    path: str
    line: int
    column: int
    end_line: int
    end_column: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"

    def to_json(self) -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
        }

    @classmethod
    def point(cls, path: str, line: int, column: int = 1) -> Span:
        return cls(path, line, column, line, column + 1)


@attrs.frozen
class Source:
    """A framework or evidence file's text, with the name used in messages."""

    path: str
    text: str = attrs.field(repr=False)

    def line_text(self, line: int) -> str:
        """The text of a 1-based line, without its line end ('' past the end)."""
        lines = self.text.splitlines()
        return lines[line - 1] if 0 < line <= len(lines) else ""
