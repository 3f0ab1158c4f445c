"""Inputs that once crashed, hung, ran out of memory or were wrongly refused, replayed in CI.

The files live in tests/robustness/crashes/: ``framework-*`` inputs go through the framework
pipeline, ``evidence-*`` inputs through the evidence pipeline (tests/fuzz/pipelines.py, shared
with the atheris harnesses, so a find replays exactly as it was found). Each file's expected
outcome is pinned below; the name says what it found. docs/robustness.md tells the story of each.
Add a new find from a fuzzer by copying its crash file here under such a name and pinning it.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from regienorm import EvidenceError, check_file, load_evidence

from ..fuzz.pipelines import evidence_pipeline, example_framework, framework_pipeline

FOLDER = Path(__file__).parent / "crashes"
CRASHES = sorted(p for p in FOLDER.iterdir() if p.is_file() and not p.name.startswith("."))

#: What each input must give now: the codes of its diagnostics, or [] when it compiles / loads.
EXPECTED = {
    "framework-5000-digit-number.norm": ["RN104"],  # was: VisitError from int() (4300-digit limit)
    "framework-band-of-100-million.norm": ["RN303"],  # was: 33 s and gigabytes enumerating the band
    "framework-points-of-2e12.norm": ["RN308"],  # was: MemoryError enumerating every reachable sum
    "framework-and-chain-of-2000.norm": [],  # was: RN105 for a flat chain, at a depth set by the stack
    "framework-calls-nested-3000-deep.norm": ["RN105"],  # must stay a located error, never RecursionError
    "framework-include-name-too-long.norm": ["RN501"],  # was: OSError ENAMETOOLONG traceback
    "framework-nfd-name.norm": [],  # was: RN101 on the combining accent
    "evidence-yaml-nested-20000-deep.yaml": ["RN604"],  # was: RecursionError in PyYAML's composer after 10 s
    "evidence-json-nested-20000-deep.json": ["RN604"],
    "evidence-exponent-of-nine-digits.yaml": ["RN614"],  # was: a hang computing 10**999999999
    "evidence-5000-digit-number.yaml": ["RN614"],  # was: the record silently dropped (ValueError -> None)
    "evidence-json-lone-surrogate.json": ["RN001"],  # was: UnicodeEncodeError when the output was written
    "evidence-yaml-lone-surrogate.yaml": ["RN001"],
}

#: A hang guard, not a measurement: each input is tiny and takes well under a second.
HANG = 20.0


def test_every_input_has_an_expected_outcome() -> None:
    assert sorted(p.name for p in CRASHES) == sorted(EXPECTED)


@pytest.mark.parametrize("case", CRASHES, ids=[p.name for p in CRASHES])
def test_a_find_stays_fixed(case: Path) -> None:
    data = case.read_bytes()
    start = time.perf_counter()
    if case.name.startswith("framework-"):
        framework_pipeline(data)
        codes = [d.code for d in check_file(case).diagnostics if d.is_error or d.code == "RN303"]
    else:
        evidence_pipeline(data)
        try:
            load_evidence(case, example_framework())
            codes = []
        except EvidenceError as exc:
            codes = [d.code for d in exc.diagnostics]
    assert time.perf_counter() - start < HANG
    assert codes == EXPECTED[case.name]
