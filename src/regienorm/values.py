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

__all__ = ["Record", "quoted", "short_decimal", "value_text"]


@attrs.frozen
class Record:
    """The outputs of one row of a decision table with several outputs, by name, in the order the
    table declares them (DMN's context of a compound output). A list of results is a tuple."""

    fields: tuple[tuple[str, Any], ...]

    def get(self, name: str) -> Any:
        return next(v for k, v in self.fields if k == name)


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
