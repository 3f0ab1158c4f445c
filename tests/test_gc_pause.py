"""regienorm._gc: the cyclic collector off while regienorm computes, and put back as it was."""

from __future__ import annotations

import gc

import pytest

from regienorm._gc import paused, pausing
from regienorm.render import csv, html, markdown, xlsx


@pausing
def _state(fail: bool = False) -> bool:
    if fail:
        raise ValueError("inside")
    return gc.isenabled()


@pytest.mark.parametrize("was_on", [True, False])
def test_a_pausing_function_runs_with_the_collector_off_and_puts_it_back_even_when_it_raises(was_on: bool) -> None:
    before = gc.isenabled()
    try:
        gc.enable() if was_on else gc.disable()
        assert _state() is False and gc.isenabled() is was_on
        with pytest.raises(ValueError):
            _state(fail=True)
        assert gc.isenabled() is was_on
        with paused():
            assert not gc.isenabled()
        assert gc.isenabled() is was_on
    finally:
        gc.enable() if before else gc.disable()


def test_the_renderers_pause_the_collector() -> None:
    for module in (csv, html, markdown, xlsx):
        assert module.render.__wrapped__.__name__ == "render"  # type: ignore[attr-defined]
