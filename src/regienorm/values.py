"""How a value reads for people: a truth as true/false, a category quoted, a number exactly in
decimals when it has a short decimal form, else to four decimals with ``≈``. Exact integer
arithmetic throughout, so a number too large for a float is shown all the same. Shared by the
reasons (:mod:`regienorm.semantics`) and the views (:mod:`regienorm.render`)."""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

import attrs

from ._decimal import digits, int_text

__all__ = ["Difference", "Record", "differences", "quoted", "same_value", "short_decimal", "value_text"]


@attrs.frozen
class Record:
    """The outputs of one row of a decision table with several outputs, by name, in the order the
    table declares them (DMN's context of a compound output). A list of results is a tuple."""

    fields: tuple[tuple[str, Any], ...]

    def get(self, name: str) -> Any:
        return next(v for k, v in self.fields if k == name)


def same_value(a: Any, b: Any) -> bool:
    """Whether two values are the same: a number exactly, a truth apart from 0 and 1, a list item by
    item in order, a record field by field."""
    if isinstance(a, tuple) and isinstance(b, tuple):
        return len(a) == len(b) and all(same_value(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, Record) and isinstance(b, Record):
        return [k for k, _ in a.fields] == [k for k, _ in b.fields] and all(
            same_value(x, y) for (_, x), (_, y) in zip(a.fields, b.fields, strict=True))
    if isinstance(a, (tuple, Record)) or isinstance(b, (tuple, Record)):
        return False
    return isinstance(a, bool) == isinstance(b, bool) and a == b


@attrs.frozen
class Difference:
    """Where a published list or record and the computed one differ: ``path`` the item (from 1)
    and field, ``printed`` and ``computed`` the values there (None: that side has no such item)."""

    path: tuple[int | str, ...]
    printed: Any
    computed: Any

    @property
    def where(self) -> str:
        """``item 2``, ``status``, ``item 2, status``."""
        return ", ".join(f"item {p}" if isinstance(p, int) else p for p in self.path)


def differences(printed: Any, computed: Any, path: tuple[int | str, ...] = ()) -> list[Difference]:
    """Every item and field where a published list or record differs from the computed value, in
    order (for two scalars, the one difference when they differ); an item one side lacks is a
    difference with None on that side."""
    if isinstance(printed, tuple) and isinstance(computed, tuple):
        out: list[Difference] = []
        for n in range(max(len(printed), len(computed))):
            if n >= len(printed) or n >= len(computed):
                out.append(Difference((*path, n + 1), printed[n] if n < len(printed) else None,
                                      computed[n] if n < len(computed) else None))
            else:
                out.extend(differences(printed[n], computed[n], (*path, n + 1)))
        return out
    if isinstance(printed, Record) and isinstance(computed, Record) and \
            [k for k, _ in printed.fields] == [k for k, _ in computed.fields]:
        return [d for (k, x), (_, y) in zip(printed.fields, computed.fields, strict=True)
                for d in differences(x, y, (*path, k))]
    return [] if same_value(printed, computed) else [Difference(path, printed, computed)]


def value_text(value: Any, *, exact: bool = False) -> str:
    """A value for people: a truth as true/false, a category quoted, a number in decimals (exactly
    when it has a short decimal form; else to four decimals with ``≈``, or exactly as a fraction
    with ``exact``)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return quoted(value)
    if isinstance(value, tuple):
        return "[" + ", ".join(value_text(v, exact=exact) for v in value) + "]"
    if isinstance(value, Record):
        return "{" + ", ".join(f"{k}: {value_text(v, exact=exact)}" for k, v in value.fields) + "}"
    if not isinstance(value, Fraction):
        return str(value)
    if value.denominator == 1:
        return int_text(value.numerator)
    decimal = short_decimal(value)
    if decimal is not None:
        return decimal
    approx = _decimal_digits(value, 4)
    return f"{digits(value.numerator)}/{value.denominator} ≈ {approx}" if exact and value.denominator < 10**6 \
        else f"≈ {approx}"


def short_decimal(value: Fraction, digits: int = 12) -> str | None:
    """The exact decimal form of ``value`` when it has at most ``digits`` decimals, else None."""
    d = value.denominator
    for p in (2, 5):
        while d % p == 0:
            d //= p
    if d != 1:
        return None
    for places in range(1, digits + 1):
        scaled = value * 10**places
        if scaled.denominator == 1:
            return _decimal_digits(value, places)
    return None


def _decimal_digits(value: Fraction, places: int) -> str:
    """``value`` to ``places`` decimals (half away from zero), trailing zeros dropped; exact
    integer arithmetic, so a number too large for a float is shown all the same."""
    sign = "-" if value < 0 else ""
    scaled = abs(value) * 10**places
    n = math.floor(scaled + Fraction(1, 2))
    whole, frac = divmod(n, 10**places)
    text = f"{digits(whole)}.{frac:0{places}d}".rstrip("0").rstrip(".")
    return sign + text


def quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
