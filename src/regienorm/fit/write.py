"""``regienorm fit --write``: the chosen values put into the framework's text, at the spans of the
numbers they replace, with a ``reconstructed "…"`` note that says what the fit found; the new text
is compiled again to prove that it says what was meant.

There is no formatter yet, so the text is edited precisely where the numbers are written and
nowhere else: comments, spacing and every other line stay as they were.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from fractions import Fraction
from pathlib import Path

from .. import ir
from ..diagnostics import error
from ..errors import RegienormError
from ..files import decode, read_limited
from ..semantics.reasons import fraction_text
from ..source import Span
from .parameters import CONSTANT, CUT, THRESHOLD, Parameter, parameters
from .result import Fit, region_text

_STRING = r'"(?:[^"\\]|\\.)*"'


def _offsets(text: str) -> list[int]:
    starts = [0]
    for n, ch in enumerate(text):
        if ch == "\n":
            starts.append(n + 1)
    return starts


def _offset(starts: Sequence[int], line: int, column: int) -> int:
    return starts[line - 1] + column - 1


def _range(starts: Sequence[int], span: Span) -> tuple[int, int]:
    return _offset(starts, span.line, span.column), _offset(starts, span.end_line, span.end_column)


def _written(value: Fraction) -> str:
    """A number as the language reads it back exactly: whole, a short decimal, or a fraction."""
    if value.denominator == 1:
        return str(value.numerator)
    text = fraction_text(value)
    return text if Fraction(text) == value else f"{value.numerator}/{value.denominator}"


def note(result: Fit, chosen: Sequence[tuple[Parameter, Fraction]], lang: str = "en") -> str:
    """What the ``reconstructed`` note says: the region, the count, the tables, and prediction."""
    region = result.regions[0]
    tables = ", ".join(sorted({o.table or "?" for o in result.observations}))
    parts = [_part(p, region_text(p, i), lang) for p, i in zip(result.parameters, region.intervals, strict=True)]
    right, _, _ = result.predicted
    total = len(result.observations)
    if lang == "nl":
        text = (f"gefit door regienorm fit: {'; '.join(parts)}; reproduceert {region.reproduced} van {total} afgedrukte "
                f"oordelen ({tables})")
        if result.predictions:
            text += f"; één tabel weglaten: {right} van {total} goed voorspeld"
    else:
        text = f"fitted by regienorm fit: {'; '.join(parts)}; reproduces {region.reproduced} of {total} printed verdicts ({tables})"
        if result.predictions:
            text += f"; leave one table out: {right} of {total} predicted right"
    return text.replace("\\", "\\\\").replace('"', '\\"')


def _part(parameter: Parameter, interval: str, lang: str) -> str:
    """``from t -> + for t in (2/3, 7/10]``; a band boundary or a constant: its label ``in`` the interval."""
    if parameter.kind == THRESHOLD:
        word, _, rest = parameter.label.partition(" ")
        return f"{word} t -> {rest.split(' -> ', 1)[1]} {'voor' if lang == 'nl' else 'for'} t in {interval}"
    return f"{parameter.label} in {interval}"


def _fail(message: str, span: Span | None, help: str) -> RegienormError:
    return RegienormError([error("RN901", message, span, help)])


def rewrite(text: str, rule: ir.Rule, chosen: Sequence[tuple[Parameter, Fraction]], reconstructed: str) -> str:
    """``text`` with each chosen value written at its parameter's span and the rule's
    ``reconstructed`` note replaced (or added after its name and title)."""
    if rule.span is None:
        raise _fail(f"rule `{rule.id}` is written inline; --write changes named rules", None,
                    "name the rule (`rule NAME = …`) and use it by name")
    starts = _offsets(text)
    edits: list[tuple[int, int, str]] = []
    body = rule.body
    for parameter, value in chosen:
        if value == parameter.value:
            continue
        if parameter.kind == THRESHOLD:
            assert parameter.span is not None
            start, end = _range(starts, parameter.span)
            found = re.match(r"(from|above)(\s+)(\S+?)(\s*->)", text[start:end])
            assert found is not None, text[start:end]
            edits.append((start + found.start(3), start + found.end(3), _written(value)))
        elif parameter.kind == CUT:
            bands = body.bands  # type: ignore[union-attr]
            for band, low in ((bands[parameter.where], False), (bands[parameter.where + 1], True)):
                assert band.span is not None
                start, end = _range(starts, band.span)
                found = re.match(r"(\d+)(\s*\.\.\s*)(\d+)", text[start:end])
                assert found is not None, text[start:end]
                group = 1 if low else 3
                edits.append((start + found.start(group), start + found.end(group), str(int(value) - (0 if low else 1))))
        else:
            assert parameter.kind == CONSTANT and parameter.span is not None
            start, end = _range(starts, parameter.span)
            edits.append((start, end, _written(value)))
    name_end = _range(starts, rule.span)[1]
    first = min((e[0] for e in edits), default=None)
    header_end = first if first is not None else _header_end(text, name_end, rule, starts)
    header = text[name_end:header_end]
    found = re.search(r"reconstructed\s+" + _STRING, header)
    if found is not None:
        edits.append((name_end + found.start(), name_end + found.end(), f'reconstructed "{reconstructed}"'))
    else:
        title = re.match(r"\s*" + _STRING, header)
        at = name_end + (title.end() if title else 0)
        edits.append((at, at, f' reconstructed "{reconstructed}"'))
    for start, end, new in sorted(edits, reverse=True):
        text = text[:start] + new + text[end:]
    return text


def _header_end(text: str, name_end: int, rule: ir.Rule, starts: Sequence[int]) -> int:
    """Where the rule's body begins: its first parameter's span (every rule fitted has one)."""
    spans = [p.span for p in parameters(rule) if p.span is not None]
    return min((_range(starts, s)[0] for s in spans), default=len(text))


def write(path: Path, result: Fit, chosen: Sequence[tuple[Parameter, Fraction]], lang: str = "en") -> tuple[str, ir.Framework]:
    """The framework file's new text and the framework compiled from it. Refuses a rule the
    source states (a stated rule is not reconstructed), a rule written in another file, and text
    that does not compile back to the chosen values."""
    from ..compiler.driver import compile_text  # the compiler brings Lark: only when writing

    rule = result.rule
    if rule.stated:
        raise _fail(f"rule `{rule.id}` is stated by the source; --write changes only rules that are not", rule.span,
                    "fit it without --write to see how well the stated rule fits")
    if rule.span is None or Path(rule.span.path).resolve() != path.resolve():
        raise _fail(f"rule `{rule.id}` is not written in `{path}`", rule.span,
                    "run --write on the file that declares the rule")
    if not result.regions:
        raise _fail(f"nothing to write for `{rule.id}`: no printed verdicts are recorded where it decides", rule.span,
                    "give evidence with recorded verdicts at the places the rule decides")
    from ..compiler.loader import MAX_FILE_BYTES

    text = decode(read_limited(path, MAX_FILE_BYTES), str(path)).text  # read as the compiler read it
    new_text = rewrite(text, rule, chosen, note(result, chosen, lang))
    framework = compile_text(new_text, str(path))
    written = next((r for r in framework.every_rule() if r.id == rule.id), None)
    got = {p.index: p.value for p in parameters(written)} if written is not None else {}
    want = {p.index: v for p, v in chosen}
    if any(got.get(k) != v for k, v in want.items()):
        raise _fail(f"the rewritten rule `{rule.id}` does not compile back to the chosen values", rule.span,
                    "report this as a bug in regienorm fit; the file is left as it was")
    return new_text, framework
