"""The progress bar: on a terminal only, never when piped; nothing for a single step."""

from __future__ import annotations

import io

import pytest

from regienorm._progress import progress
from regienorm.cli import main


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_bar_on_a_terminal_and_nothing_when_piped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TERM", raising=False)
    terminal, piped = _Terminal(), io.StringIO()
    for stream in (terminal, piped):
        with progress("evaluating", 3, stream) as step:
            for _ in range(3):
                step()
    assert "evaluating" in terminal.getvalue() and "3/3" in terminal.getvalue()
    assert piped.getvalue() == ""
    single = _Terminal()
    with progress("evaluating", 1, single) as step:
        step()
    assert single.getvalue() == ""
    monkeypatch.setenv("TERM", "dumb")
    dumb = _Terminal()
    with progress("evaluating", 3, dumb) as step:
        step()
    assert dumb.getvalue() == ""


def test_the_command_line_writes_no_bar_when_standard_error_is_piped(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["evaluate", "--format", "json"]) == 0
    assert capsys.readouterr().err == ""


def test_the_command_line_shows_the_bar_on_a_terminal(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    terminal = _Terminal()
    monkeypatch.delenv("TERM", raising=False)
    monkeypatch.setattr("sys.stderr", terminal)
    assert main(["evaluate", "--format", "json"]) == 0
    assert "evaluating" in terminal.getvalue()
    assert capsys.readouterr().out.startswith("{")  # the output itself is untouched
