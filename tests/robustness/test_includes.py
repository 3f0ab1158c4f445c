"""Includes stay inside the framework's folder tree (or an explicit search path); every way out is
refused before anything is read, and a missing file or a cycle names the chain of files."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from regienorm import check_file
from regienorm.compiler.driver import MAX_INCLUDE_DEPTH

from .helpers import HEAD, codes
from .test_no_side_effects import watching

SHARED = 'role gedeeld "Gedeeld"\n'
needs_symlinks = pytest.mark.skipif(sys.platform == "win32", reason="symbolic links")


def _tree(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root / "main.norm"


def _main(*includes: str) -> str:
    return HEAD + "".join(f'include "{i}"\n' for i in includes)


def _only(result_codes: list[str], code: str) -> None:
    assert result_codes == [code], result_codes


def test_includes_inside_the_tree_are_read(tmp_path: Path) -> None:
    main = _tree(tmp_path, {"main.norm": _main("shared/a.norm"), "shared/a.norm": 'include "../common/b.norm"\n',
                            "common/b.norm": SHARED})
    result = check_file(main)
    assert result.framework is not None and result.framework.roles[0].id == "gedeeld"


def test_dot_dot_out_of_the_tree_is_refused_before_reading(tmp_path: Path) -> None:
    (tmp_path / "outside.norm").write_text(SHARED)
    main = _tree(tmp_path / "fw", {"main.norm": _main("../outside.norm")})
    with watching() as opened:
        result = check_file(main)
    _only(codes(result), "RN503")
    assert not any("outside.norm" in p for p in opened)


def test_an_absolute_path_is_refused_even_inside_the_tree(tmp_path: Path) -> None:
    main = _tree(tmp_path, {"main.norm": _main(str(tmp_path / "a.norm")), "a.norm": SHARED})
    _only(codes(check_file(main)), "RN503")
    main.write_text(_main("/etc/passwd"))
    with watching() as opened:
        _only(codes(check_file(main)), "RN503")
    assert "/etc/passwd" not in opened


@needs_symlinks
def test_a_symbolic_link_leading_out_is_refused_before_reading(tmp_path: Path) -> None:
    secret = tmp_path / "secret.norm"
    secret.write_text(SHARED)
    main = _tree(tmp_path / "fw", {"main.norm": _main("shared/link.norm")})
    (tmp_path / "fw" / "shared").mkdir()
    (tmp_path / "fw" / "shared" / "link.norm").symlink_to(secret)
    with watching() as opened:
        result = check_file(main)
    _only(codes(result), "RN503")
    assert not any("secret" in p or "link.norm" in p for p in opened)
    # a linked folder leading out is the same
    (tmp_path / "fw" / "dir").symlink_to(tmp_path, target_is_directory=True)
    main.write_text(_main("dir/secret.norm"))
    _only(codes(check_file(main)), "RN503")


@needs_symlinks
def test_a_symbolic_link_inside_the_tree_is_followed(tmp_path: Path) -> None:
    main = _tree(tmp_path, {"main.norm": _main("link.norm"), "real/a.norm": SHARED})
    (tmp_path / "link.norm").symlink_to(tmp_path / "real" / "a.norm")
    assert check_file(main).framework is not None


@needs_symlinks
@pytest.mark.parametrize("loop", ["pair", "self"])
def test_a_symbolic_link_loop_is_a_located_error(tmp_path: Path, loop: str) -> None:
    main = _tree(tmp_path, {"main.norm": _main("a.norm")})
    if loop == "pair":
        (tmp_path / "a.norm").symlink_to(tmp_path / "b.norm")
        (tmp_path / "b.norm").symlink_to(tmp_path / "a.norm")
    else:
        (tmp_path / "a.norm").symlink_to(tmp_path / "a.norm")
    [d] = check_file(main).diagnostics
    assert d.code in ("RN501", "RN503") and d.span is not None and d.span.line == 3


def test_a_missing_include_names_the_chain(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    _tree(tmp_path, {"main.norm": _main("sub/a.norm"), "sub/a.norm": 'include "b.norm"\n'})
    [d] = check_file("main.norm").diagnostics
    assert d.code == "RN501" and d.span is not None and d.span.path == os.path.join("sub", "a.norm")
    assert d.notes == (f"chain: main.norm -> {os.path.join('sub', 'a.norm')} -> {os.path.join('sub', 'b.norm')}",)


@pytest.mark.parametrize("shape", ["self", "pair", "three"])
def test_an_include_cycle_names_the_chain(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shape: str) -> None:
    monkeypatch.chdir(tmp_path)
    files = {
        "self": {"main.norm": _main("main.norm")},
        "pair": {"main.norm": _main("a.norm"), "a.norm": 'include "main.norm"\n'},
        "three": {"main.norm": _main("a.norm"), "a.norm": 'include "b.norm"\n', "b.norm": 'include "a.norm"\n'},
    }[shape]
    _tree(tmp_path, files)
    [d] = check_file("main.norm").diagnostics
    assert d.code == "RN502"
    chain = {"self": "main.norm -> main.norm", "pair": "main.norm -> a.norm -> main.norm",
             "three": "main.norm -> a.norm -> b.norm -> a.norm"}[shape]
    assert d.notes == (f"chain: {chain}",)


def test_a_diamond_is_read_once(tmp_path: Path) -> None:
    main = _tree(tmp_path, {"main.norm": _main("a.norm", "b.norm"), "a.norm": 'include "c.norm"\n',
                            "b.norm": 'include "c.norm"\n', "c.norm": SHARED})
    assert codes(check_file(main)) == []


def test_includes_nested_deeper_than_the_limit(tmp_path: Path) -> None:
    files = {"main.norm": _main("i0.norm")}
    for i in range(MAX_INCLUDE_DEPTH + 2):
        files[f"i{i}.norm"] = f'include "i{i + 1}.norm"\n'
    files[f"i{MAX_INCLUDE_DEPTH + 2}.norm"] = SHARED
    _only(codes(check_file(_tree(tmp_path, files))), "RN506")


def test_a_folder_a_fifo_or_an_impossible_name_is_a_located_error_not_a_hang(tmp_path: Path) -> None:
    main = _tree(tmp_path, {"main.norm": _main("shared"), "shared/a.norm": SHARED})
    _only(codes(check_file(main)), "RN501")
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "pipe.norm")
        main.write_text(_main("pipe.norm"))
        _only(codes(check_file(main)), "RN501")
    for name in ("x" * 5_000 + ".norm", "a/" * 3_000 + "a.norm"):
        main.write_text(_main(name))
        [d] = check_file(main).diagnostics
        assert d.code == "RN501" and d.span is not None and d.span.line == 3


@pytest.mark.parametrize("path", ["", "a\tb.norm", "a\x1bb.norm"])
def test_an_empty_path_or_control_characters_are_refused(tmp_path: Path, path: str) -> None:
    _only(codes(check_file(_tree(tmp_path, {"main.norm": _main(path)}))), "RN503")


def test_a_search_path_is_an_explicit_way_out_and_no_further(tmp_path: Path) -> None:
    library = tmp_path / "library"
    _tree(library, {"shared.norm": SHARED})
    (tmp_path / "secret.norm").write_text(SHARED)
    main = _tree(tmp_path / "fw", {"main.norm": _main("shared.norm")})
    _only(codes(check_file(main)), "RN501")
    assert check_file(main, search_path=[library]).framework is not None
    main.write_text(_main("../secret.norm"))
    _only(codes(check_file(main, search_path=[library])), "RN503")


def test_errors_in_an_included_file_are_located_in_that_file(tmp_path: Path) -> None:
    main = _tree(tmp_path, {"main.norm": _main("a.norm")})
    (tmp_path / "a.norm").write_bytes(b"role caf\xe9\n")
    result = check_file(main)
    [d] = result.diagnostics
    assert d.code == "RN001" and d.span is not None and d.span.path.endswith("a.norm") and d.span.line == 1
    main.write_text(_main("b.norm"))
    (tmp_path / "b.norm").write_text(HEAD)  # a second framework header, in the included file
    assert codes(check_file(main)) == ["RN504"]  # (the later passes would only echo it)
