"""Where the grammar and the bundled frameworks live: inside the wheel, or in a source checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """``grammars`` or ``frameworks``: in the installed package, else at the checkout's top."""
    installed = _PACKAGE / name
    if installed.is_dir():
        return installed
    checkout = _PACKAGE.parent.parent / name
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"regienorm's {name}/ folder is missing from the installation")


def grammar_path() -> Path:
    return data_dir("grammars") / "regienorm.lark"


def casebook_dir() -> Path:
    return data_dir("frameworks") / "rekenkamer-amsterdam-2013"
