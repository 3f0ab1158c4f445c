"""Framework files as bytes from many hands: encodings, BOMs, line ends, tabs, NUL, Unicode forms.

Each case either compiles to the same framework as the clean file or gives one located error with
a code. docs/robustness.md lists them.
"""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

import pytest

from regienorm import check_file, check_text, compile_file, compile_text, evaluate, parse_evidence, render_full
from regienorm.compiler.driver import MAX_FILE_BYTES

from .helpers import HEAD, codes

CLEAN = HEAD + """role wijkteam "Wijkteam"
rule aandeel = share of points { from 2/3 -> "+"; above 1/3 -> "+/-"; otherwise -> "-" }
normenkader opzet "Opzet" {
  norms by aandeel
  norm 1 "Een convenant" {
    aspect a "Partners"
    aspect b "Afspraken"
  }
}
"""


def _write(tmp_path: Path, data: bytes, name: str = "f.norm") -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def test_invalid_utf8_is_located_by_line_and_character(tmp_path: Path) -> None:
    # "café" saved as Latin-1 (Word's "Western European"): the é is the byte 0xE9
    data = (HEAD + 'role r "caf').encode() + b"\xe9" + b'"\n'
    result = check_file(_write(tmp_path, data))
    [d] = result.diagnostics
    assert d.code == "RN001" and d.span is not None
    assert (d.span.line, d.span.column) == (3, 12)
    assert "0xe9" in d.notes[0]


def test_invalid_utf8_after_multibyte_characters_counts_characters_not_bytes(tmp_path: Path) -> None:
    data = "€€€ ".encode() + b"\xff"
    [d] = check_file(_write(tmp_path, data)).diagnostics
    assert d.code == "RN001" and d.span is not None and d.span.column == 5


def test_a_bom_is_dropped(tmp_path: Path) -> None:
    with_bom = check_file(_write(tmp_path, b"\xef\xbb\xbf" + CLEAN.encode()))
    assert with_bom.framework == compile_text(CLEAN)


@pytest.mark.parametrize("line_end", ["\r\n", "\r", "mixed"])
def test_crlf_and_lone_cr_read_like_lf(tmp_path: Path, line_end: str) -> None:
    lines = CLEAN.split("\n")
    if line_end == "mixed":
        text = "".join(line + ("\r\n", "\r", "\n")[n % 3] for n, line in enumerate(lines))
    else:
        text = line_end.join(lines)
    assert check_file(_write(tmp_path, text.encode())).framework == compile_text(CLEAN)
    # and a mistake is reported on the same line whatever the line ends
    broken = text.replace("norms by", "norms bij")
    [d] = check_file(_write(tmp_path, broken.encode(), "g.norm")).diagnostics
    assert d.span is not None and d.span.line == 6


def test_tabs_are_whitespace_and_columns_count_a_tab_as_one(tmp_path: Path) -> None:
    text = CLEAN.replace("  ", "\t")
    assert compile_text(text) == compile_text(CLEAN)
    result = check_text(HEAD + "\t\trole @\n")
    [d] = result.diagnostics
    assert d.code == "RN101" and d.span is not None and (d.span.line, d.span.column) == (3, 8)
    rendered = render_full(d, result.sources)
    assert "3 |   role @" in rendered and "  |        ^" in rendered


def test_nul_is_a_located_error(tmp_path: Path) -> None:
    [d] = check_file(_write(tmp_path, (HEAD + "role a\0b\n").encode())).diagnostics
    assert d.code == "RN002" and d.span is not None and (d.span.line, d.span.column) == (3, 7)
    assert codes(check_text(HEAD + "\0")) == ["RN002"]


def test_a_lone_surrogate_in_text_is_a_located_error() -> None:
    [d] = check_text(HEAD + 'role r "\ud800"\n').diagnostics
    assert d.code == "RN001" and d.span is not None and d.span.line == 3


def test_control_characters_outside_strings_are_located_and_inside_strings_are_text() -> None:
    [d] = check_text(HEAD + "role r\x1b[31m\n").diagnostics
    assert d.code == "RN101" and d.span is not None and (d.span.line, d.span.column) == (3, 7)
    assert compile_text(HEAD + 'role r "rood \x1b[31m"\n').roles[0].title == "rood \x1b[31m"


def test_a_form_feed_or_line_separator_does_not_shift_the_line_shown() -> None:
    # the parser counts lines by \n only; the source line shown must be the same line
    for odd in ("\x0c", "\u2028", "\x85", "\x1c"):
        text = HEAD + f'role a "x{odd}y"\nrole b\nrole @\n'
        result = check_text(text)
        [d] = result.diagnostics
        assert d.span is not None and d.span.line == 5
        assert "5 | role @" in render_full(d, result.sources)


NFC = unicodedata.normalize("NFC", "café")
NFD = unicodedata.normalize("NFD", "café")


def test_a_name_typed_as_nfc_and_as_nfd_is_one_name() -> None:
    assert NFC != NFD
    framework = compile_text(HEAD + f"role {NFC}\n" + CLEAN[len(HEAD):].replace('"Opzet" {', f'"Opzet" for {NFD} {{'))
    assert framework.roles[0].id == NFC and framework.normenkaders[0].roles == (NFC,)
    twice = check_text(HEAD + f"role {NFC}\nrole {NFD}\n")
    assert codes(twice) == ["RN205"]


def test_evidence_ids_match_the_framework_in_either_unicode_form() -> None:
    framework = compile_text(HEAD + f"role {NFD}\n" + CLEAN[len(HEAD):].replace('norm 1 "Een', f'norm {NFD} "Een'))
    text = (f'format: regienorm-evidence/1\nassessment: {{framework: f, version: "1"}}\n'
            f'entities:\n  - {{id: {NFD}, role: {NFC}}}\n'
            f'findings:\n  - {{entity: {NFC}, target: opzet.{NFC}.a, verdict: "+", note: n}}\n')
    evidence = parse_evidence(text, "<e>.yaml", framework)
    assert evidence.entities[0].id == NFC and evidence.findings[0].entity == NFC
    judged = {(j.entity, j.target): j.verdict for j in evaluate(framework, evidence)}
    assert judged[(NFC, f"opzet.{NFC}.a")] == "+"
    nfd_bytes = parse_evidence(text.encode(), "<e>.yaml", framework)
    assert nfd_bytes.findings == evidence.findings


def test_an_empty_or_blank_file_says_it_has_no_header(tmp_path: Path) -> None:
    for data in (b"", b"\xef\xbb\xbf", b"\n\n  \t\r\n", b"# only a comment"):
        assert codes(check_file(_write(tmp_path, data))) == ["RN206", "RN208"]


def test_a_file_over_the_limit_is_refused_without_reading_it_all(tmp_path: Path) -> None:
    path = tmp_path / "big.norm"
    with open(path, "wb") as handle:  # sparse: costs no disk
        handle.truncate(MAX_FILE_BYTES + 1)
    [d] = check_file(path).diagnostics
    assert d.code == "RN004" and f"{MAX_FILE_BYTES + 1:,}" in d.message


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_an_endless_device_is_refused_not_read_into_memory() -> None:
    [d] = check_file("/dev/zero").diagnostics  # not a regular file: refused before a byte is read
    assert d.code == "RN003" and any("not a regular file" in n for n in d.notes)


def test_a_folder_or_a_missing_file_is_a_located_error(tmp_path: Path) -> None:
    assert codes(check_file(tmp_path)) == ["RN003"]
    assert codes(check_file(tmp_path / "missing.norm")) == ["RN003"]


def test_the_example_still_compiles() -> None:
    assert compile_file("frameworks/examples/jeugdhulp.norm").id == "jeugdhulp"
