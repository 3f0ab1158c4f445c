"""render.json_text.Encoder writes each judgement's JSON item as render.json.dumps writes the item
render.json.judgement_to_json makes: to the character, compact and spaced, on every bundled
framework with its evidence (decisions, scores, trees, several scales, recorded verdicts, waivers),
on generated frameworks and evidence, and with hostile names and titles."""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from regienorm import EvidenceError, FrameworkError, compile_file, evaluate, load_evidence
from regienorm.cli import casebook_paths
from regienorm.judgement import Judgement, Status, make_reason
from regienorm.render import json_text
from regienorm.render.json import dumps, judgement_to_json
from regienorm.render.json_text import Encoder
from regienorm.render.titles import Titles, titles_of
from regienorm.strategies import evidence_for, frameworks

from .conftest import BUNDLED, BUNDLED_IDS, bundled


def _same(judgements: list[Judgement], names: dict[str, tuple[str | None, str | None]], titles: Titles | None,
          path: str | None) -> int:
    """Every judgement encoded both ways, with one encoder per layout (its kept reasons shared)."""
    for spaced in (False, True):
        encoder = Encoder(spaced)
        for j in judgements:
            name, role = names.get(j.entity, (None, None))
            title = titles_of(titles, j.target, role)
            expected = dumps(judgement_to_json(j, path, title=title, entity_name=name), spaced)
            assert encoder.judgement(j, path, title, name) == expected, (j.entity, j.target, spaced)
    return len(judgements)


def test_the_encoder_writes_what_dumps_writes_on_the_casebook() -> None:
    framework_path, evidence_paths = casebook_paths()
    framework = compile_file(framework_path)
    for path in evidence_paths:
        loaded = load_evidence(path, framework)
        names = {e.id: (e.name, e.role) for e in loaded.entities}
        assert _same(list(evaluate(framework, loaded).judgements), names, Titles.of_framework(framework), str(path)) > 50


@pytest.mark.parametrize("norm, evidence", BUNDLED, ids=BUNDLED_IDS)
def test_the_encoder_writes_what_dumps_writes_on_every_bundled_framework(norm: Path, evidence: Path) -> None:
    framework, loaded = bundled(norm, evidence)
    names = {e.id: (e.name, e.role) for e in loaded.entities}
    assessment = evaluate(framework, loaded)
    assert _same(list(assessment.judgements), names, Titles.of_framework(framework), str(evidence)) == len(assessment.judgements)


def test_the_bundled_frameworks_give_every_kind_of_item_the_template_leaves_to_the_fallback() -> None:
    """Decisions and scores, printed records and points that are not whole are all among the
    judgements the tests above compare, so the fallback is compared too, not only the template."""
    kinds = {"value": 0, "recorded": 0, "fraction": 0}
    for norm, evidence in BUNDLED:
        try:
            framework = compile_file(norm)
            judgements = list(evaluate(framework, load_evidence(evidence, framework)).judgements)
        except (FrameworkError, EvidenceError):
            continue
        kinds["value"] += sum(j.__class__ is not Judgement for j in judgements)
        kinds["recorded"] += sum(bool(j.recorded) for j in judgements)
        kinds["fraction"] += sum(j.points is not None and j.points.__class__ is not int for j in judgements)
    assert all(kinds.values()), kinds


@settings(max_examples=60, deadline=None)
@given(data=st.data(), framework=frameworks())
def test_the_encoder_writes_what_dumps_writes_on_generated_evidence(data: st.DataObject, framework: object) -> None:
    evidence = data.draw(evidence_for(framework))  # type: ignore[arg-type]
    names = {e.id: (e.name, e.role) for e in evidence.entities}
    _same(list(evaluate(framework, evidence).judgements), names, None, "generated.yaml")  # type: ignore[arg-type]


HOSTILE = ['say "reasons":[] here', 'end "reasons"', "\u202eRTL", "line\nbreak", "C1 \x85 and DEL \x7f", "tab\t\\", "é ünï 中文",
           "", ',"reasons":[]}']


@settings(max_examples=200, deadline=None)
@given(name=st.sampled_from([None, *HOSTILE]) | st.text(max_size=12), title=st.sampled_from([None, *HOSTILE]) | st.text(max_size=12),
       note=st.sampled_from(HOSTILE) | st.text(max_size=12), path=st.sampled_from([None, *HOSTILE]))
def test_text_that_looks_like_the_reasons_key_or_must_be_escaped(name: str | None, title: str | None, note: str,
                                                                 path: str | None) -> None:
    reason = make_reason("finding", f"finding: +: {note}", (("note", note), ("verdict", "+")))
    base = Judgement(name or "e", "t.1", "norm", Status.JUDGED, "+", 2, None, (reason, reason))
    for j in (base, attrs.evolve(base, reasons=()), attrs.evolve(base, points=None, rule=title)):
        _same([j], {j.entity: (name, None)}, None, path)


def test_kept_reasons_are_let_go_past_the_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    """Past KEPT the least recently met reason is let go; a reason met again is encoded again, the same."""
    monkeypatch.setattr(json_text, "KEPT", 2)
    encoder = Encoder()
    reasons = [make_reason("rule", f"r{n}", (("n", n),)) for n in range(5)]
    first = [encoder.reason(r) for r in reasons]
    assert len(encoder._reasons) == 2
    assert [encoder.reason(r) for r in reasons] == first == [dumps(r.to_json()) for r in reasons]
