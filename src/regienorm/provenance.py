"""A provenance stamp: one hash of what an assessment was computed from.

``digest(framework, evidence)`` changes exactly when the compiled framework or the evidence
changes: it hashes the same fields that their equality compares, so source positions, comments
and layout do not count, and evidence records count as a set (records in another order are the
same evidence). ``regienorm diff --format json`` shows it for both sides, so a tool can tell a
changed verdict from changed inputs at a glance.
"""

from __future__ import annotations

import enum
import hashlib
import json
from fractions import Fraction
from typing import Any

import attrs

from .evidence.model import Evidence
from .ir import Framework

#: Evidence collections whose order is not part of the evidence.
_UNORDERED = ("entities", "findings", "measures", "recorded", "overrides")


def canonical(value: Any) -> Any:
    """A JSON-able form of an attrs object holding exactly the fields its equality compares."""
    if attrs.has(type(value)):
        out: dict[str, Any] = {"": type(value).__name__}
        for field in attrs.fields(type(value)):
            if field.eq:
                item = canonical(getattr(value, field.name))
                if isinstance(value, Evidence) and field.name in _UNORDERED:
                    item = sorted(item, key=lambda x: json.dumps(x, sort_keys=True, ensure_ascii=False))
                out[field.name] = item
        return out
    if isinstance(value, (tuple, list)):
        return [canonical(v) for v in value]
    if isinstance(value, Fraction):
        return {"fraction": [value.numerator, value.denominator]}
    if isinstance(value, enum.Enum):
        return {"enum": value.value}
    if isinstance(value, dict):
        return {str(k): canonical(v) for k, v in value.items()}
    return value


def digest(framework: Framework, evidence: Evidence) -> str:
    """``sha256:…`` of the framework and the evidence (see the module)."""
    text = json.dumps([canonical(framework), canonical(evidence)], sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()
