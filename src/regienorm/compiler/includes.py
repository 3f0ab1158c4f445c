"""The main file and its includes -> declarations: parse each file, shape its tree, sort what it
declares into :class:`~regienorm.compiler.state.Decls` and follow its includes (through the loader)."""

from __future__ import annotations

import os
from pathlib import Path

from lark.exceptions import VisitError

from .. import ir
from ..errors import FrameworkError
from ..files import real_path
from ..language.parser import parse
from ..language.shape import (
    ChangeDecl,
    DecisionDecl,
    FindingsScale,
    FrameworkDecl,
    IncludeDecl,
    NormenkaderDecl,
    OutcomeDecl,
    ProfileDecl,
    ScaleDecl,
    Shaper,
)
from ..language.transform import transform
from ..source import Source, Span
from . import profile_bases, profiles
from .loader import display
from .state import Compilation


def load_main(state: Compilation, source: Source) -> None:
    """Read the main file's declarations and, through its includes, every included file's."""
    if source.path == "<text>":
        resolved = None
    else:
        try:
            resolved = real_path(source.path)
        except OSError:  # text given under a name that is a loop of links
            resolved = Path(os.path.abspath(source.path))
    load(state, source, resolved, [], is_main=True)


def load(state: Compilation, source: Source, resolved: Path | None, chain: list[Path], *, is_main: bool) -> None:
    """One file's declarations; ``resolved`` is its real path (None for text), ``chain`` the files that included it."""
    try:
        tree = parse(source)
    except FrameworkError as exc:
        state.diagnostics.extend(exc.diagnostics)
        return
    try:
        items = transform(Shaper(source.path), tree)
    except (RecursionError, VisitError) as exc:  # parse() bounds nesting; this is the backstop
        if isinstance(exc, VisitError) and not isinstance(exc.orig_exc, RecursionError):
            raise
        state.err("RN105", "the file is nested too deeply to read", Span.point(source.path, 1),
                  "split deeply nested conditions into several cases")
        return
    decls = state.decls
    profile = next((i for i in items if isinstance(i, ProfileDecl)), None)
    changes: list[ChangeDecl] = []
    base_broken = False
    if profile is not None and is_main:
        before = len(state.diagnostics)
        extend(state, profile, resolved, chain)
        # a base that could be read only in part (a file not read, a syntax error, an include not
        # found) would have the changes report everything past the break as missing (RN541 at every
        # target), so they are not applied, as for a base not found; its own errors say what to fix
        base_broken = any((d.is_error and d.code < "RN2") or "RN501" <= d.code <= "RN507" for d in state.diagnostics[before:])
    for item in items:
        if isinstance(item, IncludeDecl):
            include(state, item, resolved, chain)
        elif isinstance(item, ProfileDecl):
            if not is_main or item is not profile:
                state.err("RN544", "a profile header here", item.span,
                          "only the main file is a profile, and it has one header; an included file holds shared "
                          "scales, roles, measures and rules")
        elif isinstance(item, ChangeDecl):
            if profile is None or not is_main:
                state.err("RN544", "a change outside a profile", item.span,
                          'a change belongs to a profile: start the file with `profile ID "Title" version "1" extends "base.norm"`')
            else:
                changes.append(item)
        elif isinstance(item, FrameworkDecl) and profile is not None:
            state.err("RN544", "a profile has no framework header", item.span,
                      "the `profile` header names the framework; remove this one")
        elif isinstance(item, FrameworkDecl):
            if not is_main:
                state.err("RN504", "an included file declares a framework header", item.span,
                          "only the main file has `framework`; an included file holds shared scales, roles, measures and rules")
            decls.frameworks.append(item)
        elif isinstance(item, ScaleDecl):
            decls.scales.append(item)
        elif isinstance(item, ir.Role):
            decls.roles.append(item)
        elif isinstance(item, ir.Measure):
            decls.measures.append(item)
        elif isinstance(item, ir.Rule):
            decls.rules.append(item)
        elif isinstance(item, ir.InputDecl):
            decls.inputs.append(item)
        elif isinstance(item, DecisionDecl):
            decls.decisions.append(item)
        elif isinstance(item, OutcomeDecl):
            decls.outcomes.append(item)
        elif isinstance(item, FindingsScale):
            decls.findings.append(item)
        elif isinstance(item, NormenkaderDecl):
            if not is_main:
                state.err("RN505", "an included file declares a normenkader", item.span,
                          "declare normenkaders in the main framework file")
            decls.normenkaders.append(item)
    if profile is not None and is_main and changes and state.profile_base[0] and not base_broken:
        profiles.apply(state, profile.id.text, changes)


def extend(state: Compilation, profile: ProfileDecl, resolved: Path | None, chain: list[Path]) -> None:
    """Load a profile's bases, each as a main file (its normenkaders, its own base and changes), merge
    what two of them both declare (:func:`.profile_bases.merge`), then put the profile's header in the
    place of the first base's."""
    before = len(state.decls.frameworks)
    paths: list[Path | None] = []
    marks = []
    for base in profile_bases.bases(profile):
        start = profile_bases.lengths(state)
        paths.append(_load_base(state, profile, base, resolved, chain))
        marks.append((start, profile_bases.lengths(state)))
    if len(paths) > 1:
        profile_bases.merge(state, profile, marks, [display(p) if p is not None else "?" for p in paths])
    elif profile.merge is not None:
        state.warn("RN542", f"`merge {profile.merge.policy}` with one base changes nothing", profile.merge.span,
                   'remove it, or name the other bases: `extends "a.norm", "b.norm"`')
    path = paths[0]
    header = profile_bases.replace_header(state, profile, before)
    state.profile_header = profile
    state.profile_base = (header.id.text, header.version, path) if header is not None else ("", "", path)
    if header is None and not state.has_errors:
        state.err("RN540", "the base of this profile declares no framework", profile.span,
                  "extend a framework file (one with a `framework` or `profile` header)")


def _load_base(state: Compilation, profile: ProfileDecl, base: profile_bases.Base, resolved: Path | None,
               chain: list[Path]) -> Path | None:
    """Read one base of a profile into the declarations; its file, or None after the error."""
    found = profile_bases.base_path(state, base, profile.span, resolved, chain)
    if found is None:
        return None
    path, root = found
    try:
        source = state.read(path, display(path), profile.span)
    except FrameworkError as exc:
        state.diagnostics.extend(exc.diagnostics)
        return path
    saved, state.root = state.root, root
    try:
        load(state, source, path, chain + ([resolved] if resolved else []), is_main=True)
    finally:
        state.root = saved
    return path


def include(state: Compilation, item: IncludeDecl, resolved: Path | None, chain: list[Path]) -> None:
    """Follow one ``include``: find it (the loader's sandbox), read it once, load it."""
    try:
        target = state.loader.resolve_include(item.path, item.span, root=state.root, chain=chain, current=resolved)
    except FrameworkError as exc:
        state.diagnostics.extend(exc.diagnostics)
        return
    if target in state.loaded:
        return  # included twice (diamond): read once
    state.loaded.add(target)
    try:
        included = state.read(target, display(target), item.span)
    except FrameworkError as exc:
        state.diagnostics.extend(exc.diagnostics)
        return
    load(state, included, target, chain + ([resolved] if resolved else []), is_main=False)
