"""The cache trusts nothing it did not write (issue 14): its folder is the user's and private,
every file in it is 0600 and the user's, checked before it is read; Lark's tables are plain data;
HOME or XDG_CACHE_HOME empty or relative do not put the cache somewhere odd. "Another user" is
uid 65534 (nobody), given to files in a temporary folder with os.chown."""

from __future__ import annotations

import hashlib
import os
import pickle
import stat
import threading
from pathlib import Path
from types import SimpleNamespace

import pytest

from regienorm import cachedir
from regienorm.compiler import cache
from regienorm.language import parser

ROOT = Path(__file__).resolve().parents[2]
NOBODY = 65534
needs_root = pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="chown to another user needs root")


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    here = tmp_path / "cache"
    monkeypatch.setenv("REGIENORM_CACHE_DIR", str(here))
    monkeypatch.delenv("REGIENORM_NO_CACHE", raising=False)
    return here


def _framework(tmp_path: Path) -> Path:
    from .test_exhaustion import MEAN_FRAMEWORK

    path = tmp_path / "f.norm"
    path.write_text(MEAN_FRAMEWORK, encoding="utf-8")
    return path


class _Planted:
    """A pickle that opens (creates) a file when it is loaded: proof that it ran."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (open, (str(self.marker), "w"))


def _plant(entry: Path, marker: Path) -> None:
    payload = pickle.dumps(_Planted(marker))
    entry.write_bytes(cache.FORMAT + hashlib.sha256(payload).digest() + payload)


# ---------------------------------------------------------------------------------- the folder
def test_the_folder_is_made_0700_whatever_the_umask(folder: Path) -> None:
    old = os.umask(0)
    try:
        assert cachedir.directory() == folder
    finally:
        os.umask(old)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_a_folder_others_can_read_is_made_private_and_one_they_can_write_is_not_used(folder: Path) -> None:
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    assert cachedir.directory() == folder and stat.S_IMODE(folder.stat().st_mode) == 0o700
    folder.chmod(0o775)
    assert cachedir.directory() is None and stat.S_IMODE(folder.stat().st_mode) == 0o775


def test_a_folder_that_is_a_link_or_in_a_folder_others_can_write_is_not_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = tmp_path / "real"
    real.mkdir(mode=0o700)
    (tmp_path / "link").symlink_to(real)
    monkeypatch.setenv("REGIENORM_CACHE_DIR", str(tmp_path / "link"))
    assert cachedir.directory() is None
    open_parent = tmp_path / "open"
    open_parent.mkdir()
    open_parent.chmod(0o777)  # no sticky bit: anyone could rename the cache folder and put theirs in its place
    monkeypatch.setenv("REGIENORM_CACHE_DIR", str(open_parent / "cache"))
    assert cachedir.directory() is None


@needs_root
def test_a_folder_of_someone_else_is_not_used(folder: Path) -> None:
    folder.mkdir(mode=0o700)
    os.chown(folder, NOBODY, NOBODY)
    assert cachedir.directory() is None


@pytest.mark.parametrize("home", ["", "relative/home"])
def test_an_empty_or_relative_home_falls_back_to_the_password_database(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, home: str) -> None:
    import pwd

    monkeypatch.delenv("REGIENORM_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")  # ignored, as the XDG specification says
    monkeypatch.setenv("HOME", home)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(pwd, "getpwuid", lambda uid: SimpleNamespace(pw_dir=str(tmp_path / "home")))
    root_cache_existed = Path("/.cache").exists()
    assert cachedir.directory() == tmp_path / "home" / ".cache" / "regienorm"
    assert not (tmp_path / "relative").exists() and Path("/.cache").exists() == root_cache_existed
    monkeypatch.setattr(pwd, "getpwuid", lambda uid: SimpleNamespace(pw_dir="/"))
    assert cachedir.directory() is None  # no home at all: no cache, not /.cache
    monkeypatch.setenv("REGIENORM_CACHE_DIR", "relative/regienorm")
    assert cachedir.directory() is None and not (tmp_path / "relative").exists()


# ---------------------------------------------------------------------------------- the files
def test_a_planted_entry_runs_only_when_it_is_the_users_own_0600_file(folder: Path, tmp_path: Path) -> None:
    framework = _framework(tmp_path)
    cache.check_file(framework)
    (entry,) = folder.glob("fw-*.pickle")
    assert stat.S_IMODE(entry.stat().st_mode) == 0o600
    marker = tmp_path / "ran"
    _plant(entry, marker)
    entry.chmod(0o644)  # the user's, but others could read it (or it was written by someone careless)
    assert cache.check_file(framework).framework is not None and not marker.exists()
    _plant(entry, marker)
    entry.chmod(0o600)
    cache.check_file(framework)  # the control: the same file, the user's and 0600, is loaded
    assert marker.exists()


@needs_root
def test_an_entry_of_another_user_is_never_unpickled(folder: Path, tmp_path: Path) -> None:
    framework = _framework(tmp_path)
    cache.check_file(framework)
    (entry,) = folder.glob("fw-*.pickle")
    marker = tmp_path / "ran"
    _plant(entry, marker)
    os.chown(entry, NOBODY, NOBODY)
    assert cache.check_file(framework).framework is not None and not marker.exists()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_an_entry_that_is_a_fifo_or_a_link_to_an_endless_device_is_not_read(folder: Path, tmp_path: Path) -> None:
    framework = _framework(tmp_path)
    cache.check_file(framework)
    (entry,) = folder.glob("fw-*.pickle")
    zero = tmp_path / "zero"
    if os.geteuid() == 0:
        os.mknod(zero, stat.S_IFCHR | 0o600, os.makedev(1, 5))  # a private /dev/zero, never the real one
    else:
        zero.write_bytes(b"\0" * 1024)
    for make in (lambda: os.mkfifo(entry, 0o600), lambda: entry.symlink_to(zero)):
        entry.unlink()
        make()
        done: list[object] = []
        worker = threading.Thread(target=lambda done=done: done.append(cache.check_file(framework)), daemon=True)
        worker.start()
        worker.join(60)  # a hang guard, not a timing: a FIFO opened for reading would wait for ever
        assert done and getattr(done[0], "framework", None) is not None
    assert not zero.is_symlink() and (os.geteuid() != 0 or stat.S_ISCHR(zero.stat().st_mode))


def test_larks_tables_are_written_0600_as_plain_data_and_read_only_when_the_users(
        folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    old = os.umask(0)
    try:
        parser.get_parser.cache_clear()
        built = parser.get_parser("en")
    finally:
        os.umask(old)
    (tables,) = folder.glob("parser-*")
    assert stat.S_IMODE(tables.stat().st_mode) == 0o600
    data = tables.read_bytes()
    assert data.startswith(parser._TABLES_FORMAT) and data[len(parser._TABLES_FORMAT) + 32:][:1] == b"{"  # JSON
    loaded = parser._load_tables(tables)
    text = (ROOT / "frameworks/examples/jeugdhulp.norm").read_text(encoding="utf-8")
    assert loaded is not None and loaded.parse(text) == built.parse(text)
    tables.chmod(0o644)
    assert parser._load_tables(tables) is None
    tables.chmod(0o600)
    tables.write_bytes(data[:-10])  # damaged: the checksum says so
    assert parser._load_tables(tables) is None
    parser.get_parser.cache_clear()
    assert parser.get_parser("en").parse(text) == built.parse(text)
    parser.get_parser.cache_clear()


def test_lark_is_never_given_a_cache_path_of_its_own(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    seen: list[dict[str, object]] = []
    real = parser.Lark

    def spy(*args: object, **kwargs: object) -> object:
        seen.append(kwargs)
        return real(*args, **kwargs)

    monkeypatch.setattr(parser, "Lark", spy)
    parser.get_parser.cache_clear()
    try:
        parser.get_parser("en")
    finally:
        parser.get_parser.cache_clear()
    assert seen and all("cache" not in kwargs for kwargs in seen)
