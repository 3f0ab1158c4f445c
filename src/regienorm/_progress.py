"""A progress bar for long runs of the command line: on standard error, on a terminal only.

Piped, redirected, under ``TERM=dumb`` or for a single step nothing at all is written, so that
what a tool reads from standard error is only the diagnostics. Built on rich's progress display
(rich already lays out the text tables); transient, so the terminal is left as it was."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO


def on_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty() and os.environ.get("TERM") != "dumb"
    except (AttributeError, ValueError):  # a closed or unusual stream
        return False


@contextmanager
def progress(description: str, total: int, stream: TextIO | None = None) -> Iterator[Callable[[], None]]:
    """A function to call once per step done, of ``total`` steps; the bar shows on ``stream``
    (standard error) when it is a terminal and there is more than one step."""
    stream = stream if stream is not None else sys.stderr
    if total < 2 or not on_terminal(stream):
        yield lambda: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    console = Console(file=stream, no_color=bool(os.environ.get("NO_COLOR")))
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=console, transient=True,
                  # the output is written while the bar shows (evaluate --format json streams): rich must
                  # not catch standard output and print it as the bar's
                  redirect_stdout=False, redirect_stderr=False) as bar:
        task = bar.add_task(description, total=total)
        yield lambda: bar.advance(task)
