"""The command line's cache of compiled frameworks: a hit is exactly a fresh compile, any change to
what a compile read is noticed, and a cache that cannot be used only costs time."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from regienorm import files
from regienorm.cli import main
from regienorm.compiler import cache
from regienorm.compiler import driver as compiler

from .conftest import EXAMPLES, ROOT


@pytest.fixture()
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the example framework (with its include) and a cache folder of its own."""
    work = tmp_path / "work"
    shutil.copytree(EXAMPLES, work, ignore=shutil.ignore_patterns("tutorial"))
    monkeypatch.setenv("REGIENORM_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("REGIENORM_NO_CACHE", raising=False)
    monkeypatch.chdir(work)
    return work


def _entries(folder: Path) -> list[Path]:
    return sorted((folder.parent / "cache").glob("fw-*.pickle"))


def _same_as_fresh(path: str) -> compiler.CompileResult:
    cached = cache.check_file(path)
    fresh = compiler.check_file(path)
    assert cached == fresh
    assert cached.framework == fresh.framework and cached.diagnostics == fresh.diagnostics
    assert {k: v.text for k, v in cached.sources.items()} == {k: v.text for k, v in fresh.sources.items()}
    return cached


def test_a_hit_is_a_fresh_compile(folder: Path) -> None:
    first = _same_as_fresh("jeugdhulp.norm")
    assert len(_entries(folder)) == 1
    second = _same_as_fresh("jeugdhulp.norm")
    assert second.framework == first.framework
    assert len(_entries(folder)) == 1
    assert [d.span for d in second.diagnostics] == [d.span for d in first.diagnostics]


def test_editing_an_included_file_recompiles(folder: Path) -> None:
    before = _same_as_fresh("jeugdhulp.norm")
    included = folder / "shared" / "oordeel.norm"
    included.write_text(included.read_text(encoding="utf-8").replace('"voldoet niet"', '"onvoldoende"'), encoding="utf-8")
    after = _same_as_fresh("jeugdhulp.norm")
    assert after.framework != before.framework
    assert [v.label for v in after.framework.scale.values][-1] == "onvoldoende"  # type: ignore[union-attr]


def test_editing_the_file_itself_recompiles(folder: Path) -> None:
    _same_as_fresh("jeugdhulp.norm")
    main_file = folder / "jeugdhulp.norm"
    main_file.write_text(main_file.read_text(encoding="utf-8").replace("rule zwakste", "rule zwakst"), encoding="utf-8")
    broken = _same_as_fresh("jeugdhulp.norm")
    assert broken.framework is None and any(d.code == "RN201" for d in broken.diagnostics)


def test_an_include_that_appears_or_is_redirected_is_noticed(folder: Path) -> None:
    included = folder / "shared" / "oordeel.norm"
    text = included.read_text(encoding="utf-8")
    included.unlink()
    missing = _same_as_fresh("jeugdhulp.norm")
    assert any(d.code == "RN501" for d in missing.diagnostics)
    (folder / "shared" / "echt.norm").write_text(text, encoding="utf-8")
    included.symlink_to("echt.norm")
    assert _same_as_fresh("jeugdhulp.norm").framework is not None
    (folder / "shared" / "anders.norm").write_text(text.replace('"voldoet niet"', '"onvoldoende"'), encoding="utf-8")
    included.unlink()
    included.symlink_to("anders.norm")  # the same include line, another file behind it
    assert [v.label for v in _same_as_fresh("jeugdhulp.norm").framework.scale.values][-1] == "onvoldoende"  # type: ignore[union-attr]


def test_the_working_folder_and_the_path_as_given_are_part_of_the_key(folder: Path) -> None:
    main_file = folder / "jeugdhulp.norm"
    main_file.write_text(main_file.read_text(encoding="utf-8").replace("rule zwakste", "rule zwakst"), encoding="utf-8")
    here = _same_as_fresh("jeugdhulp.norm")
    os.chdir(folder / "shared")
    there = _same_as_fresh("../jeugdhulp.norm")
    assert here.diagnostics != there.diagnostics  # the message names the file as it was given
    assert len(_entries(folder)) == 2


def test_a_damaged_entry_is_not_used(folder: Path) -> None:
    _same_as_fresh("jeugdhulp.norm")
    (entry,) = _entries(folder)
    data = bytearray(entry.read_bytes())
    data[-10] ^= 0xFF
    entry.write_bytes(bytes(data))
    _same_as_fresh("jeugdhulp.norm")
    entry.write_bytes(entry.read_bytes()[:100])  # truncated
    _same_as_fresh("jeugdhulp.norm")
    entry.write_bytes(b"")
    _same_as_fresh("jeugdhulp.norm")


@pytest.mark.skipif(not hasattr(os, "getuid") or os.getuid() == 0, reason="root writes anywhere")
def test_an_unwritable_cache_folder_only_costs_time(folder: Path) -> None:
    store = folder.parent / "cache"
    store.mkdir()
    store.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        _same_as_fresh("jeugdhulp.norm")
        _same_as_fresh("jeugdhulp.norm")
        assert _entries(folder) == []
    finally:
        store.chmod(stat.S_IRWXU)


def test_a_failing_write_only_costs_time(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(files.tempfile, "mkstemp", refuse)
    _same_as_fresh("jeugdhulp.norm")
    _same_as_fresh("jeugdhulp.norm")
    assert _entries(folder) == []


def test_a_cache_folder_that_cannot_be_made_or_is_shared_is_not_used(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = folder.parent / "a_file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("REGIENORM_CACHE_DIR", str(blocker / "cache"))
    assert cache.directory() is None
    _same_as_fresh("jeugdhulp.norm")
    shared = folder.parent / "shared_cache"
    shared.mkdir()
    shared.chmod(0o777)
    monkeypatch.setenv("REGIENORM_CACHE_DIR", str(shared))
    if hasattr(os, "getuid"):
        assert cache.directory() is None  # others could write a pickle there
    _same_as_fresh("jeugdhulp.norm")


def test_no_cache_when_switched_off(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REGIENORM_NO_CACHE", "1")
    _same_as_fresh("jeugdhulp.norm")
    assert _entries(folder) == []


def test_the_cache_keeps_at_most_so_many_entries(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache, "MAX_ENTRIES", 3)
    main_file = folder / "jeugdhulp.norm"
    text = main_file.read_text(encoding="utf-8")
    for n in range(6):
        main_file.write_text(text + f"\n# edit {n}\n", encoding="utf-8")
        _same_as_fresh("jeugdhulp.norm")
    assert len(_entries(folder)) == 3


def test_the_limit_is_the_compilers() -> None:
    assert cache.MAX_FILE_BYTES == compiler.MAX_FILE_BYTES


def test_the_command_line_gives_the_same_output_from_the_cache(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main_file = folder / "jeugdhulp.norm"
    main_file.write_text(main_file.read_text(encoding="utf-8").replace("rule zwakste", "rule zwakst"), encoding="utf-8")
    outputs = []
    for _ in range(2):
        assert main(["check", "jeugdhulp.norm", "--format", "json"]) == 1
        outputs.append(capsys.readouterr().out)
    assert outputs[0] == outputs[1] and "RN201" in outputs[0]
    assert len(_entries(folder)) == 1


def test_a_hit_needs_neither_the_compiler_nor_lark_beyond_what_import_loads(folder: Path) -> None:
    """`regienorm check` from the cache loads no module that `import regienorm` does not."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    probe = ("import sys, regienorm; before = set(sys.modules); from regienorm.compiler import cache; "
             "r = cache.check_file('jeugdhulp.norm'); print(sorted(m for m in set(sys.modules) - before if m.startswith(('regienorm', 'lark'))))")
    subprocess.run([sys.executable, "-c", probe], env=env, check=True, capture_output=True, text=True)
    second = subprocess.run([sys.executable, "-c", probe], env=env, check=True, capture_output=True, text=True)
    # Besides the cache, only where its folder and the grammar are (`cachedir`, `resources`): they
    # used to come with `import regienorm` because the evidence loader imported the parser, and Lark.
    assert second.stdout.strip() == "['regienorm.cachedir', 'regienorm.compiler.cache', 'regienorm.resources']", second.stdout


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_an_entry_that_is_a_fifo_or_a_link_to_a_device_is_not_read(folder: Path) -> None:
    import threading

    _same_as_fresh("jeugdhulp.norm")
    (entry,) = _entries(folder)
    entry.unlink()
    os.mkfifo(entry)
    done: list[object] = []
    worker = threading.Thread(target=lambda: done.append(cache.check_file("jeugdhulp.norm")), daemon=True)
    worker.start()
    worker.join(10)
    assert not worker.is_alive(), "the cache waited on a FIFO"
    assert done[0] == compiler.check_file("jeugdhulp.norm")
    entry.unlink()
    entry.symlink_to("/dev/zero")
    assert cache.check_file("jeugdhulp.norm") == compiler.check_file("jeugdhulp.norm")


def test_a_bundled_base_newly_matching_extends_id_version_is_noticed(folder: Path, tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """`extends ID version "V"` resolves against the bundled frameworks: an entry made when none
    matched (RN540), or when another file matched, is not served once that changes."""
    from regienorm.compiler import bundled

    shelf = tmp_path / "frameworks"
    shelf.mkdir()
    monkeypatch.setattr(bundled, "data_dir", lambda name: shelf)
    (folder / "p.norm").write_text('profile p "P" version "1" extends jeugdhulp version "1.0"\n'
                                   'drop opzet because "alleen de uitvoering"\n', encoding="utf-8")
    missing = _same_as_fresh("p.norm")
    assert [d.code for d in missing.diagnostics if d.is_error] == ["RN540"]
    assert _same_as_fresh("p.norm").framework is None  # a hit: nothing changed
    base = shelf / "z" / "jeugdhulp.norm"
    base.parent.mkdir()
    shutil.copytree(folder / "shared", base.parent / "shared")
    base.write_text((folder / "jeugdhulp.norm").read_text(encoding="utf-8"), encoding="utf-8")
    found = _same_as_fresh("p.norm")
    assert found.framework is not None and found.framework.profile is not None
    assert str(base.resolve()) in found.files
    assert "opzet" not in [nk.id for nk in found.framework.normenkaders]
    first = shelf / "a" / "jeugdhulp.norm"  # sorted before z/: now the one that matches
    shutil.copytree(base.parent, first.parent)
    first.write_text(base.read_text(encoding="utf-8"), encoding="utf-8")
    moved = _same_as_fresh("p.norm")
    assert str(first.resolve()) in moved.files and str(base.resolve()) not in moved.files
