"""Which measures the evaluator reads, for an entity of a given role: :func:`measures_read`.

The function is defined in :mod:`regienorm.evidence.inputs`, because the evidence check (which
refuses measure records no judgement reads, RN645) needs it and the evidence stage may not import
the semantics (tests/test_architecture.py); the engine is to import it from here. One definition,
two names: there is no second copy of the logic.
"""

from __future__ import annotations

from ..evidence.inputs import MeasureRead, measure_uses, measures_read

__all__ = ["MeasureRead", "measure_uses", "measures_read"]
