"""A profile's bases: finding each (a file, or a bundled framework by id and version), putting
the profile's header in the place of its base's, and merging what several bases both declare
(OSCAL's profile merge, ``merge keep first|keep last|error``). See :mod:`.profiles`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import FrameworkError
from ..language.shape import ChangeDecl, FrameworkDecl, Name, NormenkaderDecl, ProfileDecl, ScaleDecl
from ..source import Span
from .profiles import Applied
from .state import Compilation

# ------------------------------------------------------------------------------------ the base
Base = tuple[str | None, Name | None, str | None]  # (file, or bundled id and version)


def bases(decl: ProfileDecl) -> list[Base]:
    """Every base a profile extends, in the order written."""
    return [(decl.base_path, decl.base_id, decl.base_version), *decl.also]


def base_path(state: Compilation, base: Base, at: Span, resolved: Path | None, chain: list[Path]) -> tuple[Path, Path] | None:
    """The base's file and the folder its includes stay inside; None after the error that says why."""
    file, base_id, base_version = base
    if file is not None:
        try:
            target = state.loader.resolve_include(file, at, root=state.root, chain=chain, current=resolved)
        except FrameworkError as exc:
            state.diagnostics.extend(exc.diagnostics)
            return None
        return target, state.root
    assert base_id is not None
    found = state.loader.find_bundled(base_id.text, base_version or "")
    if found is None:
        state.err("RN540", f"no bundled framework `{base_id.text}` version \"{base_version}\"", base_id.span,
                  'give the base by its file (`extends "path/to/framework.norm"`), or the id and version of a framework '
                  "under regienorm's frameworks/ folder")
        return None
    if found in chain or found == resolved:
        state.err("RN502", "include cycle", base_id.span, "a profile cannot extend itself")
        return None
    return found, found.parent


def replace_header(state: Compilation, decl: ProfileDecl, before: int) -> FrameworkDecl | None:
    """Put the profile's header in the place of its base's; the base's header, or None."""
    frameworks = state.decls.frameworks
    base = frameworks[before] if len(frameworks) > before else None
    del frameworks[before:]
    frameworks.append(FrameworkDecl(decl.id, decl.title, decl.version, decl.sources, decl.span))
    return base


# ------------------------------------------------------------------------------------ merging bases
#: The declarations two bases may both make, with how each is named.
_MERGED = {"scales": ("scale", lambda d: d.name.text), "roles": ("role", lambda d: d.id),
           "measures": ("measure", lambda d: d.id), "rules": ("rule", lambda d: d.id),
           "inputs": ("input", lambda d: d.id), "decisions": ("decision", lambda d: d.name.text),
           "outcomes": ("outcome", lambda d: d.name), "normenkaders": ("normenkader", lambda d: d.id.text)}


def lengths(state: Compilation) -> dict[str, int]:
    """How many declarations of each kind there are (marks where a base's begin and end)."""
    return {kind: len(getattr(state.decls, kind)) for kind in _MERGED}


def _same(a: Any, b: Any) -> bool:
    """Two declarations that say the same (a scale: its values; the rest: equal, places aside)."""
    if isinstance(a, ScaleDecl) and isinstance(b, ScaleDecl):
        return a.values == b.values
    return a == b  # ir objects compare without their places; a normenkader's declaration with them


def merge(state: Compilation, decl: ProfileDecl, marks: list[tuple[dict[str, int], dict[str, int]]],
          files: list[str]) -> None:
    """Declarations that two bases both make, by id (OSCAL's profile merge): the same declaration
    is kept once; different ones are an error naming both (``merge error``, the default), or the
    first's or the last's is kept (``merge keep first`` / ``keep last``), recorded as a change of
    the profile that names what it chose."""
    policy = decl.merge.policy if decl.merge is not None else "error"
    for kind, (word, key) in _MERGED.items():
        items = getattr(state.decls, kind)
        owner: dict[int, int] = {}
        for n, (start, end) in enumerate(marks):
            owner.update((i, n) for i in range(start[kind], end[kind]))
        by_key: dict[str, list[int]] = {}
        for i in sorted(owner):
            by_key.setdefault(key(items[i]), []).append(i)
        gone: set[int] = set()
        for ident, places in by_key.items():
            if len({owner[i] for i in places}) < 2:
                continue  # declared in one base only (twice there: the duplicates pass says so)
            first = places[0]
            others = [i for i in places if owner[i] != owner[first]]
            if all(_same(items[first], items[i]) for i in others):
                gone.update(others)  # the same declaration in two bases: kept once
                continue
            if policy == "error":
                later = next(i for i in others if not _same(items[first], items[i]))
                state.err("RN552", f"{word} `{ident}` is declared by two bases differently", _where(items[later]),
                          "say which the profile keeps: `merge keep first` or `merge keep last` after its bases, "
                          "or rename one in its base",
                          notes=[f"first declared at {_where(items[first])}"])
                continue
            kept = first if policy == "keep first" else places[-1]
            gone.update(i for i in places if i != kept)
            _record_merge(state, decl, word, ident, items[kept], files[owner[kept]],
                          sorted({files[owner[i]] for i in places if i != kept}))
        if kind == "normenkaders":  # what a later base brings: a change of the profile, so the diff names it
            for i in sorted(owner):
                if owner[i] and len(by_key[key(items[i])]) == 1:  # a conflict's choice is recorded as such
                    _record(state, decl, f"extends {files[owner[i]]}: normenkader {key(items[i])}", items[i])
        if gone:
            items[:] = [item for i, item in enumerate(items) if i not in gone]


def _where(item: Any) -> Span:
    return item.span if item.span is not None else Span.point("<text>", 1)


def _record_merge(state: Compilation, decl: ProfileDecl, word: str, ident: str, kept: Any, kept_in: str,
                  others: list[str]) -> None:
    assert decl.merge is not None
    applied = _record(state, decl, f"merge {decl.merge.policy}: {word} {ident} of {kept_in}, not of {', '.join(others)}",
                      kept if word == "normenkader" else None)
    if word == "rule":
        applied.rule = ident
    elif word != "normenkader":  # a scale, role, measure, input, decision or outcome: whatever reads it may judge otherwise
        applied.touched.extend(nk.id.text for nk in state.decls.normenkaders)


def _record(state: Compilation, decl: ProfileDecl, text: str, nk: NormenkaderDecl | None) -> Applied:
    """A change of the profile that its header makes (a base merged in), touching ``nk``'s targets."""
    # the text says it all: the bases and the policy are in the profile's header; no author's reason to add
    span = decl.merge.span if decl.merge is not None else decl.span
    applied = Applied(decl.id.text, ChangeDecl("merge", (Name(decl.id.text, span),), span))
    applied.text = text
    if nk is not None:
        ident = nk.id.text
        applied.touched.extend([ident, *(f"{ident}.{n.id.text}" for n in nk.norms),
                                *(f"{ident}.{g.id.text}" for g in nk.groups),
                                *(f"{ident}.{n.id.text}.{a.id.text}" for n in nk.norms for a in n.aspects)])
    state.profile_changes.append(applied)
    return applied
