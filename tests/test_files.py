"""The shared file helpers: one bounded read, one atomic write, one line index, one sort."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from regienorm.diagnostics import error, sort
from regienorm.files import NotRegular, TooLarge, read_limited, write_atomically
from regienorm.source import LineIndex, Span


def test_a_bounded_read_stops_past_its_limit(tmp_path: Path) -> None:
    big = tmp_path / "big"
    big.write_bytes(b"x" * 101)
    assert read_limited(big, 101) == b"x" * 101
    with pytest.raises(TooLarge) as raised:
        read_limited(big, 100)
    assert raised.value.size == 101


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_regular_only_read_refuses_a_fifo_without_waiting(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    outcome: list[BaseException] = []
    reader = threading.Thread(target=lambda: outcome.append(pytest.raises(NotRegular, read_limited, fifo, 10, regular_only=True)
                                                            .value))
    reader.start()
    reader.join(5)
    assert not reader.is_alive(), "waited on a FIFO"
    assert isinstance(outcome[0], NotRegular)
    with pytest.raises(NotRegular):
        read_limited(tmp_path, 10, regular_only=True)  # a folder


def test_an_atomic_write_replaces_whole_or_not_at_all(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    write_atomically(target, "één\n")
    write_atomically(target, b"two")
    assert target.read_bytes() == b"two" and sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]
    with pytest.raises(OSError):
        write_atomically(tmp_path / "missing" / "x", "y")


def test_the_line_index_counts_as_the_parser_does() -> None:
    text = "ab\ncd\u2028e\n\nf"
    index = LineIndex(text)
    assert [index.position(i) for i in (0, 2, 3, 5, 6, 8, 9)] == [(1, 1), (1, 3), (2, 1), (2, 3), (2, 4), (3, 1), (4, 1)]
    assert index.span("p", 3) == Span("p", 2, 1, 2, 2)


def test_ties_keep_the_order_they_were_reported_in() -> None:
    at = Span.point("f", 1, 1)
    first, second = error("RN201", "unknown rule `b`", at), error("RN201", "unknown rule `a`", at)
    assert sort([first, second, first]) == (first, second)
    assert sort([second, first]) == (second, first)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_an_atomic_write_replaces_only_a_regular_file(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    link = tmp_path / "link"
    link.symlink_to(fifo)
    for target in (fifo, link, tmp_path):
        with pytest.raises(NotRegular):
            write_atomically(target, "x")
    assert fifo.exists() and not fifo.is_file() and link.is_symlink()
    # without following links, the link itself is replaced: what it pointed at is untouched
    write_atomically(link, "x", follow_links=False)
    assert not link.is_symlink() and link.read_text() == "x" and not fifo.is_file()
