"""Exact numbers written for people and for JSON, whatever their size.

The engine computes with exact fractions; only the last step, writing a number down, may round.
Two things in Python stop that last step for numbers an evidence file can hold (``1e999`` is a
valid measure value): ``float()`` of a fraction beyond about 1.8e308 raises ``OverflowError``, and
``str()`` of an integer of more than 4,300 digits raises ``ValueError``. Every number written goes
through here, so neither ever reaches the user as a traceback.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

#: Whole numbers with more digits than this are written as digits + ``e`` + zeros (``1e999``):
#: still exact, and a reason does not become a page of zeros.
_LONGEST_PLAIN = 21


def int_text(n: int) -> str:
    """An integer in decimal digits, exact; beyond 21 digits its trailing zeros as an exponent."""
    try:
        digits = str(abs(n))
    except ValueError:  # more digits than int.__str__ allows; Decimal converts without that limit
        digits = str(Decimal(abs(n)))
    if len(digits) > _LONGEST_PLAIN:
        kept = digits.rstrip("0")
        if len(digits) - len(kept) > 1:
            digits = f"{kept}e{len(digits) - len(kept)}"
    return ("-" if n < 0 else "") + digits


def decimal_text(value: Fraction, places: int = 3) -> str:
    """A number for people: whole numbers exact, others rounded to ``places`` decimals with the
    trailing zeros dropped (as ``f"{float(value):.3f}"`` gives, for every size of number)."""
    if value.denominator == 1:
        return int_text(value.numerator)
    try:
        return f"{float(value):.{places}f}".rstrip("0").rstrip(".")
    except OverflowError:  # beyond a double: round exactly, half to even as float formatting does
        pass
    scaled, rest = divmod(abs(value.numerator) * 10**places, value.denominator)
    if 2 * rest > value.denominator or (2 * rest == value.denominator and scaled % 2):
        scaled += 1
    whole, part = divmod(scaled, 10**places)
    fraction = str(part).rjust(places, "0").rstrip("0")
    sign = "-" if value < 0 else ""
    return sign + digits(whole) + (f".{fraction}" if fraction else "")


def json_number(value: Fraction) -> int | float | str:
    """A number for JSON: whole numbers as integers (exact at any size), others as the nearest
    double; a number beyond a double's range as a string with its exact value (the decimal
    expansion when it has one, else ``numerator/denominator``), never ``Infinity`` or a crash."""
    if value.denominator == 1:  # json.dumps writes an int through str(): at most 4,300 digits
        return value.numerator if value.numerator.bit_length() < 13_000 else digits(value.numerator)
    try:
        return float(value)
    except OverflowError:
        pass
    denominator, twos, fives = value.denominator, 0, 0
    while denominator % 2 == 0:
        denominator //= 2
        twos += 1
    while denominator % 5 == 0:
        denominator //= 5
        fives += 1
    if denominator != 1:
        return f"{digits(value.numerator)}/{digits(value.denominator)}"
    places = max(twos, fives)
    scaled = abs(value.numerator) * 10**places // value.denominator
    whole, part = divmod(scaled, 10**places)
    return ("-" if value < 0 else "") + digits(whole) + "." + str(part).rjust(places, "0").rstrip("0")


def digits(n: int) -> str:
    """An integer's decimal digits, exact at any size (past the 4,300 digits `str` allows)."""
    try:
        return str(n)
    except ValueError:
        return str(Decimal(n))
