"""Numbers in evidence: a node as written to the :class:`~fractions.Fraction` it means, or the
diagnostic that says why it cannot be trusted; never a different number, never nothing silently.

The rules (docs/evidence.md, "Numbers"):

- ``number_format: en`` (the default): a decimal point, no separators: ``66.7``, ``1557``.
- ``number_format: nl``: a decimal comma and `.` between groups of three: ``6,6``, ``1.557``,
  ``1.557,5``; ``1.5`` is ambiguous (RN615). A JSON number literal with a point is JSON notation,
  which the declaration contradicts: ambiguous too (write it as a text).
- Unquoted YAML that YAML 1.1 and YAML 1.2 (or people) read differently is refused (:func:`_yaml_oddity`):
  ``1_000``, ``017``, ``0x1F``, ``1:30``, ``.inf``, ``.nan``.
- At most :data:`MAX_NUMBER_LENGTH` characters, an exponent of at most three digits.
"""

from __future__ import annotations

import re
from fractions import Fraction

from ..diagnostics import Diagnostic, error
from .readers import Node, RawNumber

#: Evidence numbers have at most this many characters (docs/robustness.md).
MAX_NUMBER_LENGTH = 64
#: The ways of writing numbers a file may declare with ``number_format:``.
NUMBER_FORMATS = ("en", "nl")
_EN_NUMBER = re.compile(r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE](?P<exp>[-+]?\d+))?")
_NL_GROUPED = re.compile(r"[-+]?[1-9]\d{0,2}(?:\.\d{3})+(?:,\d+)?")  # 1.557 · 1.557,5 · 12.345.678
_NL_PLAIN = re.compile(r"[-+]?\d+(?:,\d+)?")  # 1557 · 6,6


def read_number(child: Node, what: str, number_format: str) -> Fraction | Diagnostic:
    """The number ``child`` means under ``number_format`` (``en`` or ``nl``), or the error (RN614,
    RN615) that says why it has none; ``what`` names it in the message (``a measure value``)."""
    value = child.value
    syntax = value.syntax if isinstance(value, RawNumber) else None
    if isinstance(value, RawNumber):
        text = value.text
    elif isinstance(value, str):
        text = value.strip()
    else:
        shown = child.raw if child.raw is not None else ("a list" if isinstance(value, list) else
                                                         "a mapping" if isinstance(value, dict) else value)
        return error("RN614", f"{what} must be a number, not `{shown}`", child.span, "write a number such as 66.7")
    if len(text) > MAX_NUMBER_LENGTH:
        return error("RN614", f"{what} has {len(text):,} characters", child.span,
                     f"numbers in evidence have at most {MAX_NUMBER_LENGTH} characters")
    if syntax == "yaml":
        odd = _yaml_oddity(text)
        if odd is not None:
            return error("RN614", f"{what} `{text}` {odd[0]}", child.span, odd[1])
    if syntax == "cell":  # a spreadsheet's number cell holds a number, not text: the format is its display only
        return _english(text, child, what)
    if number_format == "nl":
        if syntax == "json" and not re.fullmatch(r"-?\d+", text):
            return error("RN615", f"{what} `{text}` is a JSON number, but the file declares `number_format: nl`", child.span,
                         f'write Dutch numbers as texts in JSON ("{text.replace(".", ",")}" or "{text.replace(".", "")}", '
                         "as meant), or remove `number_format: nl`")
        return _dutch(text, child, what)
    return _english(text, child, what)


def _english(text: str, child: Node, what: str) -> Fraction | Diagnostic:
    plain = _EN_NUMBER.fullmatch(text)
    if plain is not None:
        if plain.group("exp") is not None and len(plain.group("exp").lstrip("+-")) > 3:
            return error("RN614", f"{what} `{text}` has an exponent of more than three digits", child.span,
                         "write the number in full, or with a smaller exponent")
        return Fraction(text)
    if re.fullmatch(r"[-+]?\d+,\d+", text):
        return error("RN614", f"{what} `{text}` is written with a decimal comma", child.span,
                     "write it with a decimal point, or declare `number_format: nl` at the top of the file",
                     notes=[f"if the comma separates thousands, write {text.replace(',', '')}"] if re.fullmatch(r"[-+]?\d{1,3},\d{3}", text) else [])
    return error("RN614", f"{what} must be a number, not `{text}`", child.span,
                 "write a number such as 66.7" + (" (without separators)" if re.fullmatch(r"[-+]?[\d.,]+", text) else ""))


def _dutch(text: str, child: Node, what: str) -> Fraction | Diagnostic:
    if _NL_GROUPED.fullmatch(text):
        return Fraction(text.replace(".", "").replace(",", "."))
    if _NL_PLAIN.fullmatch(text):
        return Fraction(text.replace(",", "."))
    if re.fullmatch(r"[-+]?\d+\.\d+", text):
        return error("RN615", f"{what} `{text}` is ambiguous under `number_format: nl`", child.span,
                     "in Dutch notation `.` groups thousands (1.557 = 1557); write a decimal comma (6,6) or whole groups of three digits")
    return error("RN614", f"{what} must be a number, not `{text}`", child.span, "write a number such as 66,7")


def _yaml_oddity(text: str) -> tuple[str, str] | None:
    """Why an unquoted YAML number cannot be trusted, with the help; None when it can.

    PyYAML follows YAML 1.1, where these scalars are numbers with surprising values; YAML 1.2
    parsers (and people) read them otherwise. Evidence must not depend on which one reads it."""
    bare = text.lstrip("+-")
    if "_" in text:
        return ("has `_` in it: YAML 1.1 reads it as a number, YAML 1.2 as text",
                f"write {text.replace('_', '')}, without the `_`")
    if ":" in text:
        return ("is a base-60 number in YAML 1.1 (1:30 is 90)", "write the number itself; quote it if it is a time")
    if bare[:2].lower() in ("0x", "0b", "0o"):
        return ("is not a decimal number", "write it in decimal")
    if len(bare) > 1 and bare[0] == "0" and bare.isdigit():
        return ("has a leading zero: YAML 1.1 reads it as an octal number",
                f"write {text[: len(text) - len(bare)]}{bare.lstrip('0') or '0'}, or quote it (\"{text}\") if the zero belongs")
    if bare.lower() in (".inf", ".nan") or text.lower() == ".nan":
        return ("is not a finite number", "write a number")
    return None
