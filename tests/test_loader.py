"""The compiler reads files only through its loader: a loader given to check_file sees every read and
every include, and the result records the files read without their being part of its equality."""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path
from typing import Any

import pytest

from regienorm.compiler import cache, check_file, check_text
from regienorm.compiler.loader import Loader

from .conftest import EXAMPLES

MAIN = EXAMPLES / "jeugdhulp.norm"
SHARED = EXAMPLES / "shared" / "oordeel.norm"


class Watching(Loader):
    def __init__(self, search_path: Any = ()) -> None:
        super().__init__(search_path)
        self.reads: list[str] = []
        self.includes: list[str] = []

    def read(self, path: Path, display: str, at: Any) -> Any:
        self.reads.append(display)
        return super().read(path, display, at)

    def resolve_include(self, name: str, at: Any, **where: Any) -> Path:
        self.includes.append(name)
        return super().resolve_include(name, at, **where)


def test_a_loader_given_sees_every_read_and_include_and_changes_nothing() -> None:
    watching = Watching()
    result = check_file(MAIN, loader=watching)
    plain = check_file(MAIN)
    assert result == plain and result.framework is not None
    assert watching.includes == ["shared/oordeel.norm"]
    assert [Path(r).resolve() for r in watching.reads] == [MAIN.resolve(), SHARED.resolve()]
    assert result.files == plain.files == (str(MAIN), str(SHARED.resolve()))


def test_the_files_read_are_recorded_but_not_compared() -> None:
    result = check_file(MAIN)
    again = pickle.loads(pickle.dumps(result))
    assert again == result and again.files == result.files
    text = check_text(MAIN.read_text(encoding="utf-8"), str(MAIN))
    assert text == result and text.files == (str(SHARED.resolve()),)  # the main text was not read from a file


def test_a_loader_brings_its_own_search_path() -> None:
    with pytest.raises(TypeError):
        check_file(MAIN, search_path=[EXAMPLES], loader=Loader())


def test_a_cache_hit_records_the_same_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    work = tmp_path / "work"
    shutil.copytree(EXAMPLES, work, ignore=shutil.ignore_patterns("tutorial"))
    monkeypatch.setenv("REGIENORM_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("REGIENORM_NO_CACHE", raising=False)
    monkeypatch.chdir(work)
    fresh = cache.check_file("jeugdhulp.norm")
    hit = cache.check_file("jeugdhulp.norm")
    assert len(list((tmp_path / "cache").glob("fw-*.pickle"))) == 1
    assert hit == fresh and hit.files == fresh.files == check_file("jeugdhulp.norm").files
    assert len(hit.files) == 2
