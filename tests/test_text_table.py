"""render.text_table lays a plain matrix table out as rich does: line for line the same as the
painter's rich table, on generated tables and on every text report of the bundled frameworks and
the casebook; where a table is not plain it gives None and rich lays it out."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from regienorm import compile_file, evaluate, load_evidence
from regienorm.cli import casebook_paths
from regienorm.judgement import Assessment
from regienorm.render import text as render_text
from regienorm.render.text_table import plain_table
from regienorm.render.titles import Titles

from .conftest import BUNDLED, BUNDLED_IDS, bundled

EMPTY = Assessment("f", "1", "F", None, ())


@contextmanager
def _counted() -> Iterator[dict[str, int]]:
    """plain_table as it is, counting the tables it lays out and those it leaves to rich."""
    seen = {"plain": 0, "rich": 0}

    def counted(*args: Any) -> list[str] | None:
        lines = plain_table(*args)
        seen["plain" if lines is not None else "rich"] += 1
        return lines

    with mock.patch.object(render_text, "plain_table", counted):
        yield seen


@contextmanager
def _rich_only() -> Iterator[None]:
    with mock.patch.object(render_text, "plain_table", lambda *args: None):
        yield


def _reports(a: Assessment, titles: Any, path: str) -> Iterator[tuple[str, str]]:
    for width in (40, 57, 80, 100, 160):
        for aspects in (False, True):
            for language in ("en", "nl"):
                with _rich_only():
                    rich = render_text.render([(path, a)], titles, width=width, aspects=aspects, language=language)
                yield rich, render_text.render([(path, a)], titles, width=width, aspects=aspects, language=language)


def test_the_casebook_reports_are_the_same_and_mostly_laid_out_plain() -> None:
    framework_path, evidence_paths = casebook_paths()
    framework = compile_file(framework_path)
    with _counted() as seen:
        for path in evidence_paths:
            for rich, fast in _reports(evaluate(framework, load_evidence(path, framework)), Titles.of_framework(framework), str(path)):
                assert fast == rich
    assert seen["plain"] > 4 * seen["rich"] > 0, seen  # both ways are taken


@pytest.mark.parametrize("norm, evidence", BUNDLED, ids=BUNDLED_IDS)
def test_every_bundled_frameworks_report_is_the_same(norm: Path, evidence: Path) -> None:
    framework, loaded = bundled(norm, evidence)
    for rich, fast in _reports(evaluate(framework, loaded), Titles.of_framework(framework), str(evidence)):
        assert fast == rich


_WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyzAEIOU0123456789_-().ëé", min_size=1, max_size=14)
_HEAD = st.lists(_WORD, min_size=1, max_size=4).map(" ".join) | st.sampled_from(["中文名", "a  b", " lead", "tail ", "x\ty", "Ω ω"])
_CELL = st.sampled_from(["+", "-", "+/-", "·", "n/a", "error", "+/-*", "-!", "+°", "12.5", "voldoet", "", "中"])
_LABEL = st.lists(_WORD, min_size=1, max_size=12).map(" ".join) | st.sampled_from(
    ["total", "  1.a kort", "中文 label", "twee  spaties", "eind ", " x", "a\tb"])


@settings(max_examples=300, deadline=None)
@given(heads=st.lists(_HEAD, min_size=1, max_size=9), labels=st.lists(_LABEL, min_size=1, max_size=5),
       cells=st.data(), width=st.integers(min_value=40, max_value=140), head=st.sampled_from(["norm", "decision", "norm (12/345)"]))
def test_generated_tables_are_laid_out_as_rich_lays_them_out(heads: list[str], labels: list[str], cells: st.DataObject,
                                                             width: int, head: str) -> None:
    rows = [(label, [(cells.draw(_CELL), None) for _ in heads]) for label in labels]
    painter = render_text._Painter(EMPTY, width, False)
    with _rich_only():
        rich = painter.table(head, heads, rows)
    assert painter.table(head, heads, rows) == rich


def test_what_is_not_plain_is_left_to_rich() -> None:
    base = ("norm", 30, ["Entiteit een", "twee"], [10, 4], [("1 Norm", ["+", "-"])], 80)
    assert plain_table(*base) is not None
    for changed in ({2: ["中文名", "twee"]}, {2: ["Entiteit  een", "twee"]}, {2: ["Entiteitnaamlang", "twee"]},
                    {4: [("1 Norm", ["+", "-+-+-"])]}, {4: [("1 Norm met een heel lange titel die niet past", ["+", "-"])]},
                    {5: 20}, {0: "norm\nkop"}):
        args = list(base)
        for at, value in changed.items():
            args[at] = value
        assert plain_table(*args) is None, changed
    colour = render_text._Painter(EMPTY, 80, True)
    with mock.patch.object(render_text, "plain_table", side_effect=AssertionError("asked with colour")):
        assert colour.table("norm", ["a"], [("1", [("+", None)])])
