"""What the casebook framework says about its evidence: the uitvoering toetsaspecten are real aspects
that come out not assessed on measure-judged norms, and every measure with values is one a norm is
judged on or an indicator of a norm."""

from __future__ import annotations

import pytest

from regienorm import ir
from regienorm.judgement import Status

from ._casebook import assessment, evidence, evidence_paths, framework


def _norm(nk_id: str, norm_id: str) -> ir.Norm:
    nk = framework().normenkader(nk_id)
    assert nk is not None
    return next(n for n in nk.norms if n.id == norm_id)


def test_uitvoering_norms_2_to_5_keep_their_20_toetsaspecten() -> None:
    counts = {n: len(_norm("uitvoering", n).aspects) for n in ("2", "3", "4", "5")}
    assert counts == {"2": 7, "3": 3, "4": 7, "5": 3}
    for n in ("2", "3", "4", "5"):
        norm = _norm("uitvoering", n)
        assert isinstance(norm.verdict, ir.FromMeasure)
        assert all(a.sources and a.sources[0].table == "Bijlage 2" and a.sources[0].line for a in norm.aspects)


@pytest.mark.parametrize("path", evidence_paths(), ids=lambda p: p.stem)
def test_aspects_of_measure_judged_norms_are_not_assessed_and_say_why(path) -> None:  # type: ignore[no-untyped-def]
    seen = 0
    for j in assessment(path):
        parts = j.target.split(".")
        if parts[0] != "uitvoering" or len(parts) != 3 or parts[1] not in ("2", "3", "4", "5"):
            continue
        if j.status is Status.NOT_APPLICABLE:
            continue  # the centrale stad: these are procesregie aspects
        seen += 1
        assert j.status is Status.NOT_ASSESSED and j.verdict is None, j
        norm = _norm("uitvoering", parts[1])
        assert isinstance(norm.verdict, ir.FromMeasure)
        assert any(r.kind == "missing" and f"judged on measure `{norm.verdict.measure}`" in r.text
                   and "not judged one by one" in r.text for r in j.reasons), j.reasons
    assert seen


def test_every_measure_with_values_is_judged_on_or_an_indicator() -> None:
    fw = framework()
    judged = {n.verdict.measure for nk in fw.normenkaders for n in nk.norms if isinstance(n.verdict, ir.FromMeasure)}
    indicators = {m: f"{nk.id}.{n.id}" for nk in fw.normenkaders for n in nk.norms for m in n.indicators}
    with_values = {m.measure for p in evidence_paths() for m in evidence(p).measures}
    assert with_values <= judged | set(indicators), with_values - judged - set(indicators)
    assert {m: indicators[m] for m in with_values - judged} == {
        "capaciteit_fte": "uitvoering.8",
        "isjg_interventies": "resultaten.1",
        "enquete_resultaten": "resultaten.2",
        "rapportcijfer_resultaten": "resultaten.2",
    }


@pytest.mark.parametrize("path", evidence_paths(), ids=lambda p: p.stem)
def test_every_measure_value_read_is_used(path) -> None:  # type: ignore[no-untyped-def]
    counts = assessment(path).counts
    assert counts.measures == len(evidence(path).measures)
    assert counts.measures_used == counts.measures


def test_indicators_stand_in_the_reasons_of_their_norm() -> None:
    path = next(p for p in evidence_paths() if p.stem == "risicojongeren")
    j = next(j for j in assessment(path) if (j.entity, j.target) == ("stadsdelen_uitvoering", "uitvoering.8"))
    shown = [r for r in j.reasons if r.kind == "indicator"]
    values = [m for m in evidence(path).measures if m.measure == "capaciteit_fte"
              and m.entity != "dmo"]  # the group's own records and its members'
    assert len(shown) == len(values)
    assert any(r.text.startswith("indicator capaciteit_fte zuid coordinatie: 0.5 fte [Tabel 5.5, line ") for r in shown), [r.text for r in shown]
