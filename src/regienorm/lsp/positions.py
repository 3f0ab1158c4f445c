"""Where things are, in the two ways of counting: regienorm's spans (1-based lines and columns
counted in characters, the end exclusive) and the protocol's positions (0-based lines, columns
counted in UTF-16 code units unless the client agreed to another encoding)."""

from __future__ import annotations

from ..source import LineIndex, Span


class Text:
    """A document's text with its lines, to convert columns both ways."""

    def __init__(self, text: str, encoding: str = "utf-16") -> None:
        self.text = text
        self.lines = text.split("\n")
        self.encoding = encoding
        self._index: LineIndex | None = None

    def _units(self, chars: str) -> int:
        if self.encoding == "utf-32":
            return len(chars)
        if self.encoding == "utf-8":
            return len(chars.encode("utf-8", "surrogatepass"))
        return len(chars.encode("utf-16-le", "surrogatepass")) // 2

    def line(self, number: int) -> str:
        """The 0-based line ``number`` ('' past the end)."""
        return self.lines[number] if 0 <= number < len(self.lines) else ""

    def to_position(self, line: int, column: int) -> tuple[int, int]:
        """A 1-based line and character column -> a 0-based line and a column in code units."""
        text = self.line(line - 1)
        return line - 1, self._units(text[: max(0, column - 1)])

    def to_column(self, line: int, units: int) -> int:
        """A 0-based line and a column in code units -> the 1-based character column."""
        text = self.line(line)
        count = 0
        for n, ch in enumerate(text):
            if count >= units:
                return n + 1
            count += self._units(ch)
        return len(text) + 1

    def range_of(self, span: Span) -> tuple[tuple[int, int], tuple[int, int]]:
        """A span as ``((line, character), (line, character))`` in the protocol's counting."""
        return self.to_position(span.line, span.column), self.to_position(span.end_line, span.end_column)

    def slice(self, span: Span) -> str:
        """The text a one-line or several-line span covers."""
        if self._index is None:
            self._index = LineIndex(self.text)
        starts = self._index.starts
        if span.line > len(starts) or span.end_line > len(starts):
            return ""
        begin = starts[span.line - 1] + span.column - 1
        end = starts[span.end_line - 1] + span.end_column - 1
        return self.text[begin:end]


def contains(span: Span, line: int, column: int) -> bool:
    """Whether a 1-based line and character column lie in ``span`` (its end included: the cursor
    just after a name is on it)."""
    if (line, column) < (span.line, span.column):
        return False
    return (line, column) <= (span.end_line, span.end_column)
