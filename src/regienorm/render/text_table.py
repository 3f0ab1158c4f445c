"""A matrix table of the text view laid out as rich lays it out, for the plain case, faster.

The meaning is rich's: :class:`regienorm.render.text._Painter` builds a rich ``Table`` (box
``SIMPLE_HEAD``, no edge, one space of padding collapsed, the label column left-justified, the
entities' columns centred at a fixed width) and prints it without colour. At 20,000 entities that
is 6,000 tables and a million cells, and rich's layout, about 25 µs a cell, was three quarters of
``regienorm evaluate --format text`` (docs/performance.md). :func:`plain_table` writes the same
lines directly where the table is plain:

* no colour (the escape codes are rich's to write);
* every text printable (no tab, no control character) and one terminal cell per character (no
  wide or combining characters: rich measures those by its own tables);
* every cell fits its column, and every label line the label column, as the painter makes them;
* each head made of words split by single spaces, none longer than its column, so that wrapping
  it is putting as many words on a line as fit (rich's greedy wrap without its folding);
* the whole table no wider than the console.

Elsewhere it gives None and the painter asks rich. tests/test_text_table.py holds the two equal,
line by line, on generated tables and on every text report of the bundled frameworks.
"""

from __future__ import annotations

from collections.abc import Sequence

#: What one character per cell means here: the Latin, Greek and Cyrillic letters, punctuation and
#: symbols below the combining marks (U+0300), and the general punctuation rich measures as one.
_NARROW_BELOW = 0x300

#: Between two columns: the right padding, the box's divider (a space) and the left padding, collapsed.
_GAP = "  "


def _narrow(text: str) -> bool:
    """Printable (no tab, line end or other control: rich would act on them), a cell a character."""
    return text.isprintable() and (text.isascii() or all(ord(c) < _NARROW_BELOW for c in text))


def _words(head: str, width: int) -> list[str] | None:
    """``head`` wrapped to ``width``: as many words on a line as fit; None where rich would fold a
    word or where the spaces are not single."""
    words = head.split(" ")
    if not all(words) or any(len(w) > width for w in words):
        return None
    lines = [words[0]]
    for word in words[1:]:
        if len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


def _centre(text: str, width: int) -> str:
    left = (width - len(text)) // 2
    return " " * left + text + " " * (width - len(text) - left)


def plain_table(label: str, label_max: int, heads: Sequence[str], widths: Sequence[int], rows: Sequence[tuple[str, Sequence[str]]],
                console_width: int) -> list[str] | None:
    """The lines rich prints for the table (each stripped at its end, as the painter keeps them),
    or None where the table is not plain (see the module). ``label``: the label column's head;
    ``label_max``: its widest; ``heads`` and ``widths``: the entities' columns; ``rows``: each
    label (lines split by ``\\n``) with its cells."""
    labels = [text.split("\n") for text, _ in rows]
    texts = [label, *heads, *(line for lines in labels for line in lines)]
    for _, cells in rows:
        texts.extend(cells)
    if not all(_narrow(t) for t in texts):
        return None
    label_width = max([len(label), *(len(line) for lines in labels for line in lines)])
    if label_width > label_max:
        return None
    wrapped = []
    for head, width in zip(heads, widths, strict=True):
        lines = _words(head, width)
        if lines is None:
            return None
        wrapped.append(lines)
    if any(len(cell) > width for _, cells in rows for cell, width in zip(cells, widths, strict=True)):
        return None
    total = label_width + sum(len(_GAP) + w for w in widths)
    if total > console_width:
        return None
    height = max([1, *(len(lines) for lines in wrapped)])
    out = []
    for n in range(height):  # the heads stand on the rule: each ends on the last line
        parts = [(label if n == height - 1 else "").ljust(label_width)]
        for lines, width in zip(wrapped, widths, strict=True):
            at = n - (height - len(lines))
            parts.append(_centre(lines[at], width) if at >= 0 else " " * width)
        out.append(_GAP.join(parts).rstrip())
    out.append("─" * total)
    for lines, (_, cells) in zip(labels, rows, strict=True):  # the cells on a label's first line
        out.append(_GAP.join([lines[0].ljust(label_width), *(_centre(c, w) for c, w in zip(cells, widths, strict=True))]).rstrip())
        out.extend(line.rstrip() for line in lines[1:])
    return out
