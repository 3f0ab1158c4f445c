"""A profile's changes in the reasons: each judgement a change touched says which change of which
profile it was, and why (reason kind ``profile``; docs/json.md)."""

from __future__ import annotations

from collections.abc import Mapping, MutableSequence
from typing import Any

from ..semantics import reasons as say
from .incomplete import with_reason
from .rows import TARGET


def annotate(touching: Mapping[str, tuple[Any, ...]], rows: MutableSequence[Any]) -> None:
    """Add the reasons of the changes that touched each row's target (before an override's, which stays last)."""
    for i, row in enumerate(rows):
        for change in touching.get(row[TARGET], ()):
            rows[i] = row = with_reason(row, say.profile_reason(change))
