"""The compiler stage: framework text -> :class:`~regienorm.ir.Framework`.

:mod:`.result` (what a compile produces) and :mod:`.cache` (compiled frameworks kept between runs)
load without Lark; the compile functions load the language stage, and with it Lark, on first use.
"""

from typing import TYPE_CHECKING

from .result import CompileResult

if TYPE_CHECKING:
    from .driver import check_file, check_text, compile_file, compile_text

_LAZY = ("check_file", "check_text", "compile_file", "compile_text")


def __getattr__(name: str) -> object:
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from . import driver

    value = getattr(driver, name)
    globals()[name] = value
    return value


__all__ = ["CompileResult", "check_file", "check_text", "compile_file", "compile_text"]
