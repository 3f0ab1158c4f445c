"""The ``regienorm`` command: thin glue over the public API.

    regienorm check FILE...                      exit 1 when a file has errors
    regienorm evaluate [FRAMEWORK EVIDENCE...]   the bundled casebook when no files are given
    regienorm explain EVIDENCE ENTITY TARGET     one verdict, down to its findings and sources (or what would change it)
    regienorm diff OLD NEW [EVIDENCE...]         every verdict that changed, and why (exit 1 when one did)
    regienorm coverage [FRAMEWORK EVIDENCE...]   which parts of the framework the evidence exercises
    regienorm template FRAMEWORK -o FILE.xlsx    evidence to fill in (also --format csv|yaml)
    regienorm fit [FRAMEWORK EVIDENCE...] --rule NAME   the rule's parameters that reproduce the printed verdicts
    regienorm fmt [--check] [--diff] [--keywords nl|en] FILE...   the canonical layout (exit 1 with --check when a file would change)

Past the usual size: eleven subcommands (and their help texts in two languages), each an argparse parser and a handler of a few lines over
the library, plus the shared handling of diagnostics, exit codes and interrupts; `evaluate`'s
choice of output format is a dispatch to the renderers, each in render/. It is kept as one
module so the whole command line reads in one place; when a handler grows past glue, its work
belongs in the library (as fit, diff and coverage are), not in a second command module.
"""

from __future__ import annotations

import argparse
import errno
import gc
import io
import json
import os
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NamedTuple, TextIO

from . import __version__, provenance
from ._escape import escape_controls, escape_json_text
from .compiler.cache import check_file, compile_file  # compiled frameworks come from the cache when unchanged
from .compiler.result import framework_of, library_is_no_framework
from .diagnostics import Diagnostic, error, render_full, render_short
from .engine.evaluator import evaluate
from .errors import RegienormError
from .evidence import Evidence, load_evidence
from .evidence.expected import missing_diagnostics
from .evidence.readers import MAX_EVIDENCE_BYTES, ReadError, read_yaml
from .evidence.readers import Node as ReadNode
from .explain import explain
from .files import NotRegular, TooLarge, atomic_file, decode, read_limited, real_path
from .files import write_atomically as _write_file
from .i18n import LANGUAGES, language_from_environment, translate
from .ir import Framework
from .judgement import Assessment
from .render import json as render_json
from .render import text as render_text
from .render.titles import Titles
from .resources import casebook_dir, data_dir
from .source import Source, Span
from .streamed import ChunkedJudged, judged


def _sources_for(diagnostics: Sequence[Diagnostic]) -> dict[str, Source]:
    out: dict[str, Source] = {}
    for d in diagnostics:
        if d.span is None or d.span.path in out:
            continue
        try:  # bounded: the path may name a device or a file that has grown since it was read
            out[d.span.path] = decode(read_limited(d.span.path, MAX_EVIDENCE_BYTES), d.span.path)
        except (OSError, TooLarge, RegienormError):
            continue
    return out


def _print_diagnostics(diagnostics: Sequence[Diagnostic], style: str, stream: TextIO, lang: str = "en") -> None:
    """Diagnostics as JSON (always English: the contract), one line each, or in full, in ``lang``."""
    if style == "json":
        stream.write(escape_json_text(json.dumps([d.to_json() for d in diagnostics], ensure_ascii=False, indent=2, sort_keys=True)) + "\n")
        return
    if style == "short":
        for d in diagnostics:
            stream.write(render_short(d, lang) + "\n")
        return
    sources = _sources_for(diagnostics)
    for d in diagnostics:
        stream.write(render_full(d, sources, lang) + "\n\n")


def write_atomically(path: Path, text: str, inputs: Sequence[Path] = ()) -> None:
    """Write through a temporary file and a rename; never over an input file.

    An input is recognised however it is named: another relative path, a symbolic link, a hard
    link (same device and inode). On any failure the temporary file is removed and whatever was
    at ``path`` before is left as it was: a reader sees the old file or the new, never half of one."""
    try:
        target = _refuse_inputs(path, inputs)
        _write_file(target, text)
    except OSError as exc:
        raise RegienormError([_write_error(path, exc)]) from None


def _refuse_inputs(path: Path, inputs: Sequence[Path]) -> Path:
    """``path`` resolved; a usage error if it is one of ``inputs``, however named."""
    target = real_path(path)
    for item in inputs:
        if _resolved_or_none(item) == target or _same_file(item, target):
            raise RegienormError([_usage_error(f"refusing to overwrite the input file `{path}`")])
    return target


def _resolved_or_none(path: Path) -> Path | None:
    try:
        return real_path(path)
    except OSError:  # a loop of links: it cannot be the file written
        return None


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:  # one of them does not exist (yet)
        return False


def _write_error(path: Path, exc: OSError) -> Diagnostic:
    if isinstance(exc, NotRegular):
        help_text = "name a regular file: a device, a FIFO or a folder is never written to"
    elif exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        help_text = "the disk is full: free some space and run again (the old file, if any, is unchanged)"
    else:
        help_text = "check that the folder exists and can be written"
    return error("RN003", f"cannot write `{path}`", None, help_text, notes=[exc.strerror or str(exc)])


def _usage_error(message: str) -> Diagnostic:
    from .diagnostics import error

    return error("RN900", message, None, "see `regienorm --help`")


def casebook_paths(manifest: Path | None = None) -> tuple[Path, list[Path]]:
    """The framework and evidence files a casebook manifest (``casebook.yaml``) names, in its order."""
    manifest = manifest or casebook_dir() / "casebook.yaml"
    try:
        node = read_yaml(decode(read_limited(manifest, MAX_EVIDENCE_BYTES), str(manifest)).text, str(manifest))
    except (OSError, TooLarge) as exc:
        raise RegienormError([error("RN003", f"cannot read `{manifest}`", Span.point(str(manifest), 1),
                                    "check the path", notes=[getattr(exc, "strerror", None) or "the file is too large"])]) from None
    except ReadError as exc:
        raise RegienormError([exc.diagnostic]) from None
    data = node.plain()
    evidence = node.get("evidence")
    if (not isinstance(data, dict) or not isinstance(data.get("framework"), str)
            or not isinstance(data.get("evidence"), list) or set(data) - {"framework", "evidence"}
            or not all(isinstance(item.value, str) for item in (evidence.value if evidence else []))):
        raise RegienormError([error("RN610", "a casebook names `framework: FILE` and `evidence: [FILE, …]`",
                                    node.span, "write the manifest as in frameworks/rekenkamer-amsterdam-2013/casebook.yaml")])
    folder = manifest.parent
    assert evidence is not None
    named = [node.value["framework"], *evidence.value]
    problems = [d for d in (_outside(folder, item) for item in named) if d is not None]
    if problems:
        raise RegienormError(problems)
    return folder / data["framework"], [folder / item.value for item in evidence.value]


def _outside(folder: Path, item: ReadNode) -> Diagnostic | None:
    """RN507 when a path in a manifest leads out of the manifest's folder (``..``, an absolute
    path, a symbolic link out): a manifest names its own files, nothing is read elsewhere."""
    name = item.value
    candidate = folder / name
    try:
        inside = (not os.path.isabs(name) and ".." not in Path(name).parts and name.strip() != ""
                  and real_path(candidate).is_relative_to(real_path(folder)))
    except OSError:  # a loop of links: reading it would say so too, but it is not the manifest's to name
        inside = False
    if inside:
        return None
    return error("RN507", f"the casebook names `{escape_controls(name)}`, outside its folder", item.span,
                 "name the framework and evidence files by paths inside the manifest's folder",
                 notes=[f"the manifest's folder: {folder}"])


def _shown(path: Path) -> str:
    """A path as output shows it: relative to the working folder, or to the installed package."""
    for base in (Path.cwd(), casebook_dir().parent.parent):
        try:
            return str(real_path(path).relative_to(real_path(base)))
        except (ValueError, OSError):
            continue
    return str(path)


def _relative_if_inside(path: Path) -> Path:
    """The path relative to the working folder when it lies inside it (for shorter messages)."""
    try:
        return real_path(path).relative_to(real_path(Path.cwd()))
    except (ValueError, OSError):  # outside, or a loop of links (the compiler says so, located)
        return path


def _cmd_check(args: argparse.Namespace) -> int:
    failed = False
    all_diags: list[Diagnostic] = []
    for name in args.files:
        result = check_file(name)
        all_diags.extend(result.diagnostics)
        failed = failed or bool(result.errors) or (args.strict and bool(result.warnings))
        if args.evidence and result.library and not result.errors:  # a library is checked, but judges nothing
            all_diags.append(library_is_no_framework(str(name)))
            failed = True
        if args.evidence and result.framework is not None:
            for evidence in args.evidence:
                try:
                    loaded = load_evidence(evidence, result.framework)
                except RegienormError as exc:
                    all_diags.extend(exc.diagnostics)
                    failed = True
                    continue
                missing = missing_diagnostics(result.framework, loaded)  # RN651/RN652/RN653: warnings
                all_diags.extend(loaded.warnings)
                all_diags.extend(missing)
                failed = failed or (args.strict and bool(missing or loaded.warnings))
    # the report is the output, in every format: `> problems.txt` and `| less` keep all of it
    _print_diagnostics(all_diags, args.format, sys.stdout, args.lang)
    if args.format != "json":
        errors = sum(1 for d in all_diags if d.is_error)
        warnings = len(all_diags) - errors
        sys.stdout.write(translate(f"{len(args.files)} file(s) checked: {errors} error(s), {warnings} warning(s)", args.lang) + "\n")
    return 1 if failed else 0


class _Loaded(NamedTuple):
    framework: Framework
    results: list[tuple[str, Assessment]]
    titles: Titles
    files: tuple[str, ...]  # the framework files read: the main file, then its includes


def _load_evidence(framework_path: str | Path, evidence_paths: Sequence[str | Path],
                   lang: str = "en") -> tuple[Framework, list[tuple[str, Evidence]], tuple[str, ...]]:
    """The framework compiled and every evidence file read and checked (before anything is judged or
    written: a file with errors stops the command before any output); the framework files read."""
    framework, files = _framework(framework_path)
    loaded = []
    for path in evidence_paths:
        evidence = load_evidence(path, framework)
        if evidence.warnings:  # evaluated all the same; said where the auditor looks for problems
            _warn(lang)(evidence.warnings)
        loaded.append((str(path), evidence))
    return framework, loaded, files


def _load_streamed(framework_path: str | Path, evidence_paths: Sequence[str | Path], lang: str = "en") -> tuple[
        Framework, list[tuple[int, Any]], tuple[str, ...]]:
    """As :func:`_load_evidence`, for the streamed formats: a JSON lines file is checked a chunk at a
    time (every problem reported before anything is written) and given as its chunks, to be read
    again as they are judged (regienorm.evidence.chunks), so that its evidence is never held whole;
    each with its number of entities."""
    from .evidence.chunks import chunked, evidence_chunks

    framework, files = _framework(framework_path)
    loaded: list[tuple[int, Any]] = []
    for path in evidence_paths:
        said = chunked(path, framework)
        if said is not None:
            warnings, count, may_cut = said
            if warnings:
                _warn(lang)(warnings)
            loaded.append((count, lambda path=path, may_cut=may_cut: evidence_chunks(path, framework, may_cut)))
            continue
        evidence = load_evidence(path, framework)
        if evidence.warnings:
            _warn(lang)(evidence.warnings)
        loaded.append((len(evidence.entities), evidence))
    return framework, loaded, files


def _framework(framework_path: str | Path) -> tuple[Framework, tuple[str, ...]]:
    """The framework compiled (its errors, or RN040 for a library, raised) and the files read."""
    shown = _relative_if_inside(Path(framework_path))
    result = check_file(shown)
    return framework_of(result, str(shown)), result.files


def _warn(lang: str) -> Any:
    return lambda warnings: _print_diagnostics(warnings, "text", sys.stderr, lang)


def _load(framework_path: str | Path, evidence_paths: Sequence[str | Path], lang: str = "en", dask: str | None = None,
          sparing: bool = False) -> _Loaded:
    """The framework compiled, the evidence loaded and judged. ``sparing``: for the text and
    markdown reports, judged without reasons where they would read none (render.text.reads_reasons)."""
    from ._progress import progress

    if dask:  # each evidence file a shard, judged on a Dask cluster (regienorm.distributed)
        from .distributed.command import assessments

        framework, files = _framework(framework_path)
        judged_there = assessments(dask, framework, [Path(p) for p in evidence_paths], _warn(lang))
        return _Loaded(framework, judged_there, Titles.of_framework(framework), files)
    framework, loaded, files = _load_evidence(framework_path, evidence_paths, lang)
    results = []
    with progress("evaluating", len(loaded)) as step:
        for path, evidence in loaded:
            reasons = not sparing or render_text.reads_reasons(evidence.recorded, evidence.overrides)
            results.append((path, evaluate(framework, evidence, reasons=reasons)))
            step()
    return _Loaded(framework, results, Titles.of_framework(framework), files)


def _provenance(args: argparse.Namespace, files: Sequence[str], evidence: Sequence[tuple[str, Path]]) -> provenance.Run:
    """What the output states it comes from: every file's sha256, the version, the time (RN920 for a bad SOURCE_DATE_EPOCH)."""
    try:
        time = provenance.run_time(reproducible=args.reproducible, environ=os.environ)
    except provenance.BadEpoch as exc:
        raise RegienormError([error("RN920", f"SOURCE_DATE_EPOCH is `{escape_controls(str(exc))}`, not a number of seconds", None,
                                    "set it to whole seconds since 1970-01-01 UTC (as `date +%s` prints), "
                                    "unset it, or give `--reproducible` to leave the time out")]) from None
    shown_files = [(_shown(Path(f)), f) for f in files]
    try:
        return provenance.run(__version__, time, shown_files, [(shown, path) for shown, path in evidence])
    except OSError as exc:  # a file read a moment ago is gone or unreadable now
        raise RegienormError([error("RN003", f"cannot read `{exc.filename}` again to hash it", None, "check the path",
                                    notes=[exc.strerror or str(exc)])]) from None


def _fit_sections(framework: Framework, evidence_paths: Sequence[Path], results: list[tuple[str, Assessment]],
                  rules: Sequence[str]) -> list[str]:
    """``evaluate --fit RULE``: each rule fitted to the assessments just made, as HTML sections."""
    if not rules:
        return []
    from . import fit as fitting
    from .fit import html as fit_html

    members = {}
    for path, (name, _) in zip(evidence_paths, results, strict=True):
        members[name] = {e.id: e.members for e in load_evidence(path, framework).entities}
    return [fit_html.style(), *(fit_html.section(fitting.fit(framework, results, rule, members=members)) for rule in rules)]


def _cmd_evaluate(args: argparse.Namespace) -> int:
    if args.framework is None or args.casebook:
        framework_path, evidence_paths = casebook_paths(Path(args.casebook) if args.casebook else None)
        shown = [_shown(p) for p in evidence_paths]
    else:
        if not args.evidence:
            raise RegienormError([_usage_error("give the evidence file(s) after the framework")])
        framework_path, evidence_paths = Path(args.framework), [Path(p) for p in args.evidence]
        shown = [str(p) for p in evidence_paths]
    if args.fit and args.format != "html":
        raise RegienormError([_usage_error("--fit adds a section to the HTML report: give --format html too")])
    if args.what_would_change and args.format != "html":
        raise RegienormError([_usage_error("`--what-would-change` is shown in the HTML report (`--format html`); "
                                           "for one verdict use `regienorm explain … --what-would-change`")])
    if args.format == "xlsx" and not args.output:
        raise RegienormError([_usage_error("`--format xlsx` writes a workbook: give the file with `-o FILE.xlsx`")])
    inputs = [Path(framework_path), *evidence_paths]
    if args.framework is None or args.casebook:
        inputs.append(Path(args.casebook) if args.casebook else casebook_dir() / "casebook.yaml")
    if args.format in ("json", "jsonl") and args.dask:  # each evidence file a shard on a Dask cluster, written one at a time
        from .distributed.command import json_shards

        framework, files = _framework(framework_path)
        inputs += [Path(p) for p in files]
        with json_shards(args.dask, framework, evidence_paths, shown, _warn(args.lang)) as shards:
            run = _provenance(args, files, list(zip(shown, evidence_paths, strict=True)))
            _write_streamed(args, shards, framework, inputs, run)
        return 3 if args.fail_on_disagreement and any(p.disagreements for p in shards) else 0
    if args.format in ("json", "jsonl", "csv") and not args.dask:  # written as the entities are judged (regienorm.streamed)
        from ._progress import progress

        framework, evidence, files = _load_streamed(framework_path, evidence_paths, args.lang)
        inputs += [Path(p) for p in files]
        run = _provenance(args, files, list(zip(shown, evidence_paths, strict=True)))
        titles = Titles.of_framework(framework)
        gc.freeze()  # the evidence and framework live to the end: the collector's full passes need not walk them again
        try:
            with progress("evaluating", sum(n for n, _ in evidence)) as step:
                parts = [judged(framework, e, name, step, titles) if isinstance(e, Evidence) else
                         ChunkedJudged(framework, e, name, step, titles) for name, (_, e) in zip(shown, evidence, strict=True)]
                _write_streamed(args, parts, framework, inputs, run)
        finally:
            gc.unfreeze()  # as it was, for a caller of main() in the same process
        return 3 if args.fail_on_disagreement and any(p.disagreements for p in parts) else 0
    loaded = _load(framework_path, evidence_paths, args.lang, args.dask, sparing=args.format in ("text", "markdown"))
    inputs += [Path(p) for p in loaded.files]
    named = [(name, a) for name, (_, a) in zip(shown, loaded.results, strict=True)]
    run = _provenance(args, loaded.files, list(zip(shown, evidence_paths, strict=True)))
    output: str | bytes
    if args.format == "html":
        from .render import html as render_html

        output = render_html.render(named, loaded.titles, _changes(loaded.framework, named) if args.what_would_change else None,
                                    _fit_sections(loaded.framework, evidence_paths, loaded.results, args.fit or []), run,
                                    language=args.lang)
    elif args.format == "markdown":
        from .render import markdown as render_markdown

        output = render_markdown.render(named, loaded.titles, aspects=True, provenance=run, language=args.lang)
    elif args.format == "xlsx":
        try:
            from .render import xlsx as render_xlsx

            output = render_xlsx.render(named, loaded.titles, run, language=args.lang)
        except ImportError:
            raise RegienormError([error("RN900", "writing spreadsheets needs openpyxl, which is not installed", None,
                                        "install it with `pip install 'regienorm[spreadsheets]'`")]) from None
    else:
        output = render_text.render(named, loaded.titles, **_text_options(args), provenance=run)
    if args.output:
        write_atomically(Path(args.output), output, inputs)  # type: ignore[arg-type]  # bytes: files.write_atomically takes both
    else:
        assert isinstance(output, str)
        sys.stdout.write(output)
    if args.fail_on_disagreement and any(a.disagreements() for _, a in named):
        return 3
    return 0


def _write_streamed(args: argparse.Namespace, parts: Sequence[Any], framework: Framework, inputs: Sequence[Path],  # Judged, JsonShard
                    run: provenance.Run) -> None:
    """JSON, JSON lines or CSV written entity by entity (regienorm.streamed), to -o (atomically) or stdout."""
    head = {"id": framework.id, "version": framework.version, "title": framework.title}

    def write(out: TextIO) -> None:
        if args.format == "csv":
            from .render import csv as render_csv

            render_csv.write_rows(out, (row for part in parts for row in part.rows()),
                                  lambda: render_csv.apart_rows([(part.path, part.kept()) for part in parts]), run)
            return
        if args.format == "jsonl":
            render_json.write_lines(out, head, [(part.texts(), part.summary) for part in parts], run.to_json())
            return
        with tempfile.TemporaryFile("w+", encoding="utf-8", newline="") as spool:
            render_json.write_document(out, head, (text for part in parts for text in part.texts(args.indent is not None)),
                                       lambda: [part.summary() for part in parts], spool, args.indent, run.to_json())

    if not args.output:
        write(sys.stdout)
        return
    target = Path(args.output)
    try:
        _refuse_inputs(target, inputs)
        with atomic_file(target) as raw:
            write(_Utf8(raw))  # type: ignore[arg-type]
    except OSError as exc:
        raise RegienormError([_write_error(target, exc)]) from None


class _Utf8:
    """Text written to a binary file as UTF-8, a piece at a time (the file's own buffer batches it)."""

    def __init__(self, raw: Any) -> None:
        self.raw = raw

    def write(self, text: str) -> int:
        self.raw.write(text.encode("utf-8"))
        return len(text)


def _changes(framework: Framework, named: Sequence[tuple[str, Assessment]]) -> list[dict[tuple[str, str], list[str]]]:
    """What would change each verdict of each assessment, as the lines its HTML cell shows."""
    from ._progress import progress
    from .counterfactual import what_would_change
    from .counterfactual.report import lines as change_lines

    out = []
    asked = [[j for j in assessment.judgements if j.verdict is not None and j.level != "decision"] for _, assessment in named]
    with progress("what would change each verdict", sum(map(len, asked))) as step:
        for (_, assessment), judgements in zip(named, asked, strict=True):
            lines: dict[tuple[str, str], list[str]] = {}
            for j in judgements:
                lines[(j.entity, j.target)] = change_lines(what_would_change(framework, assessment, j.entity, j.target))
                step()
            out.append(lines)
    return out


def _text_options(args: argparse.Namespace) -> dict[str, Any]:
    """How wide the text may be and whether it is coloured: the terminal's width and colours on a
    terminal; 80 columns and plain text when piped, written with -o, or under NO_COLOR."""
    import shutil

    on_terminal = not args.output and sys.stdout.isatty()
    color = on_terminal and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"
    width = shutil.get_terminal_size((80, 24)).columns if on_terminal else 80
    return {"width": width, "color": color, "aspects": bool(getattr(args, "aspects", False)), "language": args.lang}


def _cmd_explain(args: argparse.Namespace) -> int:
    evidence = Path(args.evidence)
    if args.framework:
        framework_path = Path(args.framework)
        _refuse_other_framework(evidence, framework_path)
    elif not evidence.exists() and (casebook_dir() / "evidence" / f"{args.evidence}.yaml").exists():
        # a casebook aanpak by name (`risicojongeren`): the bundled casebook, asked for by that name
        framework_path = casebook_paths()[0]
        evidence = casebook_dir() / "evidence" / f"{args.evidence}.yaml"
    else:
        framework_path = _framework_for(evidence)
    if args.depth is not None and args.depth < 0:
        raise RegienormError([_usage_error("`--depth` is a number of levels, 0 or more")])
    loaded = _load(framework_path, [evidence], args.lang)
    framework, assessment = loaded.framework, loaded.results[0][1]
    entity = _entity_named(assessment, args.entity, args.target, args.lang)
    width = _terminal_width()
    try:
        if args.what_would_change:
            from .counterfactual import report as counterfactual_report
            from .counterfactual import what_would_change

            answer = what_would_change(framework, assessment, entity, args.target)
            text = (counterfactual_report.render_json(answer) if args.format == "json"
                    else counterfactual_report.render_text(answer, args.lang, width=width)).rstrip("\n")
        else:
            if args.format == "json":
                raise RegienormError([_usage_error("`--format json` is for `--what-would-change`; the explanation is text "
                                                   "(every reason is in `regienorm evaluate --format json`)")])
            text = explain(assessment, entity, args.target, mode=args.mode, width=width, language=args.lang,
                           **({} if args.depth is None else {"depth": args.depth}))
    except KeyError as exc:
        sys.stderr.write(f"regienorm: {escape_controls(translate(str(exc.args[0]), args.lang))}\n")
        return 2
    sys.stdout.write(text + "\n")
    return 0


def _terminal_width() -> int | None:
    """The terminal's width when standard output is one; None when piped (lines kept whole, for tools)."""
    import shutil

    return shutil.get_terminal_size((80, 24)).columns if sys.stdout.isatty() else None


def _evidence_framework(path: Path) -> tuple[str, str] | None:
    """The framework id (and version) an evidence file says it is for, read without the framework;
    None when the file cannot tell (the full check then says why)."""
    from .evidence.readers import MAX_LINE_BYTES, MAX_LINES_BYTES, is_binary, is_lines, reader_for
    from .files import read_lines

    try:
        reader = reader_for(str(path))
        if is_lines(reader):  # CSV, JSON lines: a line at a time
            root = reader(read_lines(path, MAX_LINES_BYTES, MAX_LINE_BYTES, str(path)), str(path))
        else:
            data = read_limited(path, MAX_EVIDENCE_BYTES)
            root = reader(data, str(path)) if is_binary(reader) else reader(decode(data, str(path)).text, str(path))
    except (OSError, TooLarge, ReadError, RegienormError):
        return None
    assessment = root.get("assessment")
    found = assessment.get("framework") if assessment is not None else None
    version = assessment.get("version") if assessment is not None else None
    if found is None or not isinstance(found.value, str):
        return None
    return found.value, str(version.value) if version is not None and version.value is not None else ""


def _framework_id(path: Path) -> str | None:
    try:
        return compile_file(_relative_if_inside(path)).id
    except RegienormError:
        return None


def _framework_ids(path: Path) -> set[str]:
    """The framework's id and, for a profile, its bases' (evidence made for a base is judged by it)."""
    try:
        framework = compile_file(_relative_if_inside(path))
    except RegienormError:
        return set()
    return {framework.id} | ({i for i, _ in framework.profile.lineage()} if framework.profile is not None else set())


def _refuse_other_framework(evidence: Path, framework_path: Path) -> None:
    """Evidence made for another framework is one error naming both ids, not one per record."""
    said = _evidence_framework(evidence)
    actual = _framework_id(framework_path)
    if said is not None and actual is not None and said[0] not in _framework_ids(framework_path):
        raise RegienormError([error("RN622", f"`{evidence}` is evidence for framework `{said[0]}`, not `{actual}`",
                                    None, f"give the framework `{said[0]}` with --framework, or leave --framework out "
                                    "to have it found by its id")])


def _framework_for(evidence: Path) -> Path:
    """The framework the evidence names by id: a .norm file beside it or one folder up, else a bundled
    one. Never the bundled casebook by default: evidence for another framework would be judged by
    the wrong one and every record reported as an error."""
    said = _evidence_framework(evidence)
    if said is None:
        raise RegienormError([_usage_error(f"cannot tell which framework `{evidence}` is for; give it with --framework FRAMEWORK "
                                           "(the bundled casebook is not assumed)")])
    wanted = said[0]
    folders = [evidence.parent, evidence.parent.parent]
    bundled = sorted(data_dir("frameworks").rglob("*.norm"))
    candidates = [p for folder in folders for p in sorted(folder.glob("*.norm"))] + bundled
    for candidate in dict.fromkeys(candidates):
        try:
            head = candidate.read_text(encoding="utf-8", errors="replace")[:4096]
        except OSError:
            continue
        if wanted in head and _framework_id(candidate) == wanted:
            return candidate
    raise RegienormError([_usage_error(f"`{evidence}` is evidence for framework `{wanted}`, and no framework of that id is beside it "
                                       "or bundled; give it with --framework FRAMEWORK (the bundled casebook is not assumed)")])


def _entity_named(assessment: Assessment, name: str, target: str, lang: str = "en") -> str:
    """``name`` when it is an entity's id; else the one entity whose name has ``name`` as a word
    (`totaal` for "…, Bijlage 3 kolom totaal …"), said on standard error; else ``name`` (and the
    explanation says which entities there are)."""
    import re

    entities = {j.entity for j in assessment.judgements}
    if name in entities:
        return name
    pattern = re.compile(rf"(?<!\w){re.escape(name)}(?!\w)", re.IGNORECASE)
    named = [(eid, title) for eid, title, _ in assessment.entities if eid in entities and title and pattern.search(title)
             and assessment.get(eid, target) is not None]
    if len(named) == 1:
        said = (f"`{escape_controls(name)}` is no entity id; explaining `{named[0][0]}` "
                f"({escape_controls(named[0][1] or '')}), the one entity whose name says `{escape_controls(name)}`")
        sys.stderr.write(f"regienorm: {translate(said, lang)}\n")
        return named[0][0]
    return name


def _version_of(spec: str, rev: str | None = None) -> tuple[Path, str | None]:
    """``FILE@REV`` (or FILE with ``--git REV``) as the file and the revision; a file whose own
    name holds an ``@`` is taken as it is when it exists."""
    if rev is None and "@" in spec and not Path(spec).exists():
        name, _, at = spec.rpartition("@")
        return Path(name), at
    return Path(spec), rev


def _compile_version(path: Path, rev: str | None) -> Framework:
    if rev is None:
        return compile_file(_relative_if_inside(path))
    from .compiler.driver import compile_file as compile_uncached
    from .diff import GitLoader

    return compile_uncached(_relative_if_inside(path), loader=GitLoader(rev))


def _evidence_version(path: Path, rev: str | None, framework: Framework) -> Evidence:
    if rev is None:
        return load_evidence(path, framework)
    from .diff import read_at
    from .evidence import parse_evidence

    return parse_evidence(read_at(rev, path), f"{path}@{rev}", framework)


def _load_both(path: Path, old: Framework, new: Framework, lang: str = "en") -> tuple[Evidence, Evidence]:
    """The evidence checked against both versions of a framework. Evidence names the version it
    was written for (RN623 for another); a diff judges it under both, so that check is waived for
    the version it was not written for, and only that one."""
    import attrs

    from .errors import EvidenceError

    loaded: list[Evidence | None] = []
    for framework in (old, new):
        try:
            loaded.append(load_evidence(path, framework))
        except EvidenceError as exc:
            if {d.code for d in exc.diagnostics} != {"RN623"}:
                raise
            loaded.append(None)
    known = next((e for e in loaded if e is not None), None)
    if known is None:
        load_evidence(path, new)  # neither version: report it as the check does
        raise AssertionError("unreachable")
    out = [e if e is not None else load_evidence(path, attrs.evolve(f, version=known.assessment.version))
           for e, f in zip(loaded, (old, new), strict=True)]
    if None in loaded:
        said = f"`{path}` is evidence for version {known.assessment.version}; judged under both versions"
        sys.stderr.write(f"regienorm: {translate(said, lang)}\n")
    return out[0], out[1]


def _cmd_diff(args: argparse.Namespace) -> int:
    from .diff import compare
    from .diff import render_json as diff_json
    from .diff import render_text as diff_text

    try:
        files = list(args.files)
        old_spec: tuple[Path, str | None]
        new_spec: tuple[Path, str | None]
        if args.git is not None:
            old_spec, new_spec = (Path(files[0]), args.git), (Path(files[0]), None)
            rest = files[1:]
        elif len(files) >= 2:
            old_spec, new_spec, rest = _version_of(files[0]), _version_of(files[1]), files[2:]
        else:
            raise RegienormError([_usage_error("give two versions (OLD NEW, FILE@REV FILE, or --git REV FILE) and the evidence")])
        (old_path, old_rev), (new_path, new_rev) = old_spec, new_spec
        if old_path.suffix == ".norm":
            if not rest:
                raise RegienormError([_usage_error("give the evidence file(s) to judge with both versions of the framework")])
            old_fw, new_fw = _compile_version(old_path, old_rev), _compile_version(new_path, new_rev)
            pairs = []
            for item in rest:
                old_ev, new_ev = _load_both(Path(item), old_fw, new_fw, args.lang)
                pairs.append((str(item), evaluate(old_fw, old_ev), old_ev, evaluate(new_fw, new_ev), new_ev))
        else:
            if args.framework is None or rest:
                raise RegienormError([_usage_error("two versions of evidence are compared under one framework: "
                                                   "`regienorm diff OLD.yaml NEW.yaml --framework FRAMEWORK`")])
            old_fw = new_fw = _compile_version(Path(args.framework), None)
            old_ev = _evidence_version(old_path, old_rev, old_fw)
            new_ev = _evidence_version(new_path, new_rev, new_fw)
            pairs = [(str(new_path), evaluate(old_fw, old_ev), old_ev, evaluate(new_fw, new_ev), new_ev)]
        named = [f"{p}@{r}" if r else str(p) for p, r in ((old_path, old_rev), (new_path, new_rev))]
        result = compare(old_fw, new_fw, pairs, old_name=named[0], new_name=named[1])
    except RegienormError as exc:  # diff(1)'s convention: 0 the same, 1 different, 2 trouble
        _print_diagnostics(exc.diagnostics, "text", sys.stderr, args.lang)
        return 2
    sys.stdout.write(diff_json(result) if args.format == "json" else diff_text(result, args.lang))
    return 1 if result else 0


def _framework_and_evidence(args: argparse.Namespace) -> tuple[Path, list[Path]]:
    """The framework and evidence a command names, or without them the bundled casebook's."""
    if args.framework is None:
        framework_path, evidence_paths = casebook_paths()
        return Path(_shown(framework_path)), [Path(_shown(p)) for p in evidence_paths]
    if not args.evidence:
        raise RegienormError([_usage_error("give the evidence file(s) after the framework")])
    return Path(args.framework), [Path(p) for p in args.evidence]


def _cmd_coverage(args: argparse.Namespace) -> int:
    from . import coverage

    framework_path, evidence_paths = _framework_and_evidence(args)
    framework = compile_file(_relative_if_inside(framework_path))
    runs = []
    for path in evidence_paths:
        evidence = load_evidence(path, framework)
        runs.append((evaluate(framework, evidence), evidence))
    measured = [coverage.measure(framework, runs)]
    if args.format == "json":
        output = coverage.render_json(measured)
    elif args.format == "html":
        output = coverage.render_html(measured, args.lang)
    else:
        output = coverage.render_text(measured, args.lang)
    if args.output:
        write_atomically(Path(args.output), output, [framework_path, *evidence_paths])
    else:
        sys.stdout.write(output)
    if args.fail_under is not None and measured[0].percent < args.fail_under:
        said = f"coverage {measured[0].percent:.1f}% is below --fail-under {args.fail_under:g}%"
        sys.stderr.write(f"regienorm: {translate(said, args.lang)}\n")
        return 4
    return 0


def _cmd_template(args: argparse.Namespace) -> int:
    from .evidence.spreadsheet import template, template_document, write

    suffix = Path(args.output).suffix.lower().lstrip(".") if args.output else ""
    chosen = args.format or {"csv": "csv", "yaml": "yaml", "yml": "yaml"}.get(suffix, "xlsx")
    if chosen == "xlsx" and (not args.output or suffix != "xlsx"):
        raise RegienormError([_usage_error("write the template to a spreadsheet: `-o evidence.xlsx` "
                                           "(a spreadsheet is a binary file; it is not written to the terminal), "
                                           "or choose `--format csv` or `--format yaml`")])
    framework = compile_file(_relative_if_inside(Path(args.framework)))
    inputs = [Path(args.framework), *(Path(p) for p in check_file(args.framework).sources)]
    if chosen != "xlsx":
        from .evidence.template_text import write_csv, write_yaml

        if args.evidence:
            raise RegienormError([_usage_error("`--evidence` carries evidence over into a spreadsheet (`.xlsx`); "
                                               "YAML or JSON evidence is already text")])
        document = template_document(framework, [_entity_arg(item, framework) for item in args.entities or ()])
        text = (write_csv if chosen == "csv" else write_yaml)(document, framework)
        if args.output:
            write_atomically(Path(args.output), text, inputs)
        else:
            sys.stdout.write(escape_controls(text) if sys.stdout.isatty() else text)
        return 0
    try:
        if args.evidence:
            from .evidence.readers import is_binary, reader_for

            load_evidence(args.evidence, framework)  # checked first: carrying bad evidence over helps no one
            reader = reader_for(args.evidence)
            if is_binary(reader):
                raise RegienormError([_usage_error("`--evidence` takes YAML or JSON evidence; this one is a spreadsheet already")])
            data = reader(decode(read_limited(args.evidence, MAX_EVIDENCE_BYTES), args.evidence).text, args.evidence).plain()
            inputs.append(Path(args.evidence))
            output = write(data, framework)
        else:
            output = template(framework, [_entity_arg(item, framework) for item in args.entities or ()])
    except ImportError:
        raise RegienormError([error("RN900", "writing spreadsheets needs openpyxl, which is not installed", None,
                                    "install it with `pip install 'regienorm[spreadsheets]'`")]) from None
    write_atomically(Path(args.output), output, inputs)  # type: ignore[arg-type]  # bytes: files.write_atomically takes both
    return 0


def _entity_arg(item: str, framework: Framework) -> dict[str, object]:
    """``ID=ROLE`` (or ``ID`` when the framework has one role, or none) from ``--entities``."""
    entity, _, role = item.partition("=")
    roles = [r.id for r in framework.roles]
    if not role:
        if len(roles) > 1:
            raise RegienormError([_usage_error(f"give the role of `{entity}`: `{entity}=ROLE`, one of " + ", ".join(roles))])
        role = roles[0] if roles else ""
    elif role not in roles:
        raise RegienormError([_usage_error(f"unknown role `{role}` for `{entity}`; the roles are " + ", ".join(roles))])
    return {"id": entity, "role": role or None}


def _cmd_fit(args: argparse.Namespace) -> int:
    from . import fit as fitting
    from .fit import report, write

    framework_path, evidence_paths = _framework_and_evidence(args)
    framework = compile_file(_relative_if_inside(framework_path))
    runs, members = [], {}
    for path in evidence_paths:
        evidence = load_evidence(path, framework)
        runs.append((str(path), evaluate(framework, evidence)))
        members[str(path)] = {e.id: e.members for e in evidence.entities}
    result = fitting.fit(framework, runs, args.rule, params=args.param, tables=args.table, members=members)
    if args.format == "html":
        from .fit import html as fit_html

        sys.stdout.write(fit_html.render_page(result, args.lang))
    else:
        sys.stdout.write(report.render_json(result) if args.format == "json" else report.render_text(result, args.lang))
    if args.write:
        chosen = fitting.choose(result)
        text, rewritten = write.write(framework_path, result, chosen, args.lang)
        try:
            _write_file(framework_path.resolve(), text)
        except OSError as exc:
            raise RegienormError([_write_error(framework_path, exc)]) from None
        before = sum((a.reconciliation() for _, a in runs[1:]), runs[0][1].reconciliation()) if runs else None
        after_runs = [evaluate(rewritten, load_evidence(p, rewritten)) for p in evidence_paths]
        after = sum((a.reconciliation() for a in after_runs[1:]), after_runs[0].reconciliation()) if after_runs else None
        values = ", ".join(f"{p.index} = {write.fraction_text(v)}" for p, v in chosen)
        sys.stderr.write(f"regienorm: wrote `{args.rule}` ({values}) into {framework_path}; compiled again\n")
        if before is not None and after is not None:
            sys.stderr.write(f"regienorm: re-evaluated: computed verdicts agreeing with the printed ones "
                             f"{before.computed.agree} of {before.computed.count} before, "
                             f"{after.computed.agree} of {after.computed.count} after (every level)\n")
    return 0


def _cmd_fmt(args: argparse.Namespace) -> int:
    import difflib

    from .compiler.loader import MAX_FILE_BYTES
    from .language.format import format_source

    failed = False
    changed: list[str] = []
    problems: list[Diagnostic] = []
    for name in args.files:
        try:
            data = read_limited(name, MAX_FILE_BYTES)
            formatted = format_source(decode(data, name), args.keywords)
        except (OSError, TooLarge) as exc:
            problems.append(error("RN003", f"cannot read `{name}`", None, "check the path",
                                  notes=[getattr(exc, "strerror", None) or "the file is too large"]))
            failed = True
            continue
        except RegienormError as exc:
            problems.extend(exc.diagnostics)
            failed = True
            continue
        if formatted.encode("utf-8") == data:
            continue
        changed.append(name)
        if args.diff:
            before = data.decode("utf-8", errors="replace").splitlines(keepends=True)
            sys.stdout.writelines(difflib.unified_diff(before, formatted.splitlines(keepends=True), name, name))
        if not (args.check or args.diff):
            try:
                _write_file(name, formatted)
            except OSError as exc:
                problems.append(_write_error(Path(name), exc))
                failed = True
    _print_diagnostics(problems, "text", sys.stderr, args.lang)
    if args.check:
        for name in changed:
            sys.stdout.write(translate(f"would reformat {escape_controls(name)}", args.lang) + "\n")
        return 1 if failed or changed else 0
    if not args.diff:
        for name in changed:
            sys.stderr.write(translate(f"reformatted {escape_controls(name)}", args.lang) + "\n")
    return 1 if failed else 0




def _indent(text: str) -> int:
    value = int(text)
    if not 0 <= value <= 16:
        raise argparse.ArgumentTypeError("give 0 to 16 spaces")
    return value


class _Parser(argparse.ArgumentParser):
    """argparse in the user's language: its headings, its messages and every help text.

    argparse asks gettext for its own words, and Python has no Dutch for them; the few it says are
    in :data:`regienorm.i18n.nl_cli.ARGPARSE`, the messages of a command line it cannot read are
    templates of the catalog."""

    lang = "en"

    def __init__(self, *args: Any, lang: str = "en", **kwargs: Any) -> None:
        self.lang = lang
        kwargs.setdefault("add_help", False)
        kwargs.setdefault("formatter_class", _formatter(lang))
        super().__init__(*args, **kwargs)
        if lang != "en":
            self._positionals.title = _argparse_word("positional arguments", lang)
            self._optionals.title = _argparse_word("options", lang)
        self.add_argument("-h", "--help", action="help", help=_argparse_word("show this help message and exit", lang))

    def error(self, message: str) -> Any:  # argparse's messages, in the user's language
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: {'fout' if self.lang == 'nl' else 'error'}: {translate(message, self.lang)}\n")


def _argparse_word(text: str, lang: str) -> str:
    if lang == "en":
        return text
    from .i18n.nl_cli import ARGPARSE

    return ARGPARSE.get(text, text)


def _formatter(lang: str) -> type[argparse.HelpFormatter]:
    class Formatter(argparse.HelpFormatter):
        def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
            super().add_usage(usage, actions, groups, _argparse_word("usage: ", lang) if prefix is None else prefix)

    return Formatter


def build_parser(lang: str = "en") -> argparse.ArgumentParser:
    """The command line, its help texts in ``lang`` (``en`` or ``nl``)."""
    def T(text: str) -> str:  # noqa: N802 - reads as a marker around every help text
        return translate(text, lang)

    # --lang is a global option: before the subcommand or after it, the same for every subcommand
    # (SUPPRESS: a subcommand's default would otherwise overwrite a --lang given before it)
    lang_help = T("the language of messages, help texts and text reports (default: from LC_ALL, LC_MESSAGES or LANG)")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--lang", choices=LANGUAGES, default=argparse.SUPPRESS, help=lang_help)
    parents: dict[str, Any] = {"parents": [common], "lang": lang}

    parser = _Parser(prog="regienorm", description=T("Norm frameworks as text; verdicts that explain themselves."), lang=lang)
    parser.add_argument("--version", action="version", version=f"regienorm {__version__}",
                        help=_argparse_word("show program's version number and exit", lang))
    parser.add_argument("--lang", choices=LANGUAGES, default=None, help=lang_help)
    sub = parser.add_subparsers(dest="command", metavar="{check,evaluate,explain,diff,coverage,fit,template,fmt,lsp}",
                                parser_class=_Parser)

    check = sub.add_parser("check", help=T("compile framework files and report every problem"), **parents)
    check.add_argument("files", nargs="+", metavar="FILE")
    check.add_argument("--evidence", action="append", metavar="EVIDENCE", help=T("also check evidence against the framework"))
    check.add_argument("--format", choices=("text", "short", "json"), default="text",
                       help=T("how the problems are written: text, one line each, or JSON"))
    check.add_argument("--strict", action="store_true", help=T("fail on warnings too"))
    check.set_defaults(run=_cmd_check)

    ev = sub.add_parser("evaluate", help=T("judge evidence against a framework (default: the bundled casebook)"), **parents)
    ev.add_argument("framework", nargs="?", metavar="FRAMEWORK")
    ev.add_argument("evidence", nargs="*", metavar="EVIDENCE")
    ev.add_argument("--casebook", metavar="MANIFEST", help=T("a casebook.yaml naming a framework and evidence files"))
    ev.add_argument("--format", choices=("text", "json", "jsonl", "html", "markdown", "csv", "xlsx"), default="text",
                    help=T("the output format; json (compact) and jsonl (a line per judgement) are written as they are judged; "
                           "xlsx needs -o FILE.xlsx"))
    ev.add_argument("--indent", type=_indent, metavar="N", help=T("with --format json: lay the document out for people, N spaces a level"))
    ev.add_argument("--output", "-o", metavar="FILE", help=T("write here (atomically) instead of to standard output"))
    ev.add_argument("--aspects", action="store_true", help=T("show the toetsaspect rows in the text tables (folded away by default)"))
    ev.add_argument("--fail-on-disagreement", action="store_true", help=T("exit 3 when a recorded verdict differs"))
    ev.add_argument("--reproducible", action="store_true",
                    help=T("leave the time of the run out of the provenance: the same files give the same bytes"))
    ev.add_argument("--what-would-change", action="store_true",
                    help=T("with --format html: in each cell, the smallest sets of findings that move its verdict a step"))
    ev.add_argument("--dask", metavar="SCHEDULER", help=T("judge each evidence file on a Dask cluster: `local:N` worker processes "
                                                          "here, or a scheduler's address (pip install 'regienorm[dask]')"))
    ev.add_argument("--fit", action="append", metavar="RULE",
                    help=T("with --format html: add a section fitting RULE to the printed verdicts (repeatable)"))
    ev.set_defaults(run=_cmd_evaluate)

    ex = sub.add_parser("explain", help=T("one verdict, followed down to its findings and sources"), **parents)
    ex.add_argument("evidence", metavar="EVIDENCE", help=T("an evidence file (or a casebook aanpak: risicojongeren, mpg, top600)"))
    ex.add_argument("entity", metavar="ENTITY", help=T("an entity's id, or a word only its name holds"))
    ex.add_argument("target", metavar="TARGET", help=T("a dotted id such as opzet.1 or opzet.3.a"))
    ex.add_argument("--framework", metavar="FRAMEWORK",
                    help=T("default: the framework the evidence names, beside it or bundled (never the casebook by default)"))
    ex.add_argument("--depth", type=int, metavar="N", help=T("follow the reasons N levels down (default 8; 0: the verdict alone)"))
    ex.add_argument("--mode", choices=("full", "fails", "notes"), default="full",
                    help=T("full: every reason; fails: only the branches below the best verdict; notes: only notes, quotes and sources"))
    ex.add_argument("--what-would-change", action="store_true",
                    help=T("the smallest sets of findings that move the verdict one step up or down, from the rules"))
    ex.add_argument("--format", choices=("text", "json"), default="text", help=T("json: with --what-would-change"))
    ex.set_defaults(run=_cmd_explain)

    df = sub.add_parser("diff", help=T("every verdict that changes between two versions of a framework or of the evidence, and why"),
                        **parents)
    df.add_argument("files", nargs="+", metavar="FILE",
                    help=T("OLD NEW [EVIDENCE...]; OLD and NEW are files or FILE@REV (read with `git show`)"))
    df.add_argument("--git", metavar="REV", help=T("compare FILE at git revision REV with FILE as it is: `--git REV FILE [EVIDENCE...]`"))
    df.add_argument("--framework", metavar="FRAMEWORK", help=T("the framework, when OLD and NEW are evidence files"))
    df.add_argument("--format", choices=("text", "json"), default="text", help=T("the output format"))
    df.set_defaults(run=_cmd_diff)

    cv = sub.add_parser("coverage", help=T("which norms, aspects, bands, thresholds, table rows and roles the evidence exercises"),
                        **parents)
    cv.add_argument("framework", nargs="?", metavar="FRAMEWORK", help=T("default: the bundled casebook"))
    cv.add_argument("evidence", nargs="*", metavar="EVIDENCE")
    cv.add_argument("--format", choices=("text", "json", "html"), default="text", help=T("the output format"))
    cv.add_argument("--output", "-o", metavar="FILE", help=T("write here (atomically) instead of to standard output"))
    cv.add_argument("--fail-under", type=float, metavar="PERCENT", help=T("exit 4 when coverage is below PERCENT"))
    cv.set_defaults(run=_cmd_coverage)

    ft = sub.add_parser("fit", help=T("every region of a rule's parameters that reproduces the most printed verdicts, exactly"),
                        **parents)
    ft.add_argument("framework", nargs="?", metavar="FRAMEWORK", help=T("default: the bundled casebook"))
    ft.add_argument("evidence", nargs="*", metavar="EVIDENCE")
    ft.add_argument("--rule", required=True, metavar="NAME", help=T("the rule to fit"))
    ft.add_argument("--param", type=int, action="append", metavar="N", help=T("fit only parameter N (repeatable; default all)"))
    ft.add_argument("--table", action="append", metavar="TABLE", help=T("count only printed verdicts from this table (repeatable)"))
    ft.add_argument("--format", choices=("text", "json", "html"), default="text", help=T("the output format"))
    ft.add_argument("--write", action="store_true", help=T("put the chosen values into the framework, with a `reconstructed` note"))
    ft.set_defaults(run=_cmd_fit)

    tp = sub.add_parser("template", help=T("a spreadsheet of evidence to fill in for a framework (or evidence carried over)"), **parents)
    tp.add_argument("framework", metavar="FRAMEWORK")
    tp.add_argument("--entities", nargs="+", metavar="ID=ROLE",
                    help=T("the entities to assess (default: one row per role, the id left to fill in)"))
    tp.add_argument("--evidence", metavar="EVIDENCE", help=T("carry this YAML or JSON evidence over into the spreadsheet"))
    tp.add_argument("--output", "-o", metavar="FILE",
                    help=T("the file to write (.xlsx, .csv or .yaml); csv and yaml may go to standard output"))
    tp.add_argument("--format", choices=("xlsx", "csv", "yaml"),
                    help=T("default: from the name given with -o (xlsx otherwise); csv has the spreadsheet's sheets stacked"))
    tp.set_defaults(run=_cmd_template)

    fm = sub.add_parser("fmt", help=T("rewrite framework files in the one canonical layout (comments and blank lines kept)"), **parents)
    fm.add_argument("files", nargs="+", metavar="FILE")
    fm.add_argument("--check", action="store_true", help=T("write nothing; list the files that would change and exit 1 if any"))
    fm.add_argument("--diff", action="store_true", help=T("write nothing; show what would change as a unified diff"))
    fm.add_argument("--keywords", choices=("en", "nl"), help=T("write the keywords in this language (translates the file)"))
    fm.set_defaults(run=_cmd_fmt)
    ls = sub.add_parser("lsp", help=T("a language server for editors, over standard input and output (pip install 'regienorm[lsp]')"),
                        **parents)
    ls.add_argument("--stdio", action="store_true",
                    help=T("accepted for editors that pass it; standard input and output is the only transport"))
    ls.set_defaults(run=_cmd_lsp)
    return parser


def _cmd_lsp(args: argparse.Namespace) -> int:
    try:  # pygls is an extra: only the language server needs it
        import pygls  # noqa: F401
    except ImportError:
        sys.stderr.write("regienorm: `regienorm lsp` needs pygls; install it with pip install 'regienorm[lsp]'\n")
        return 2
    from .lsp.server import serve

    return serve()


def _language(arguments: Sequence[str]) -> str:
    """The language the command line asks for (``--lang X`` or ``--lang=X`` anywhere before a lone
    ``--``), else the environment's: known before the parser is built, so that its help is in it."""
    for n, item in enumerate(arguments):
        if item == "--":
            break
        if item == "--lang" and n + 1 < len(arguments) and arguments[n + 1] in LANGUAGES:
            return arguments[n + 1]
        if item.startswith("--lang=") and item[7:] in LANGUAGES:
            return item[7:]
    return language_from_environment()


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; with no command at all, the main job (``evaluate`` on the casebook)."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    if not arguments or arguments in (["--lang", "en"], ["--lang", "nl"], ["--lang=en"], ["--lang=nl"]):
        arguments = [*arguments, "evaluate"]  # the main job, also in the language asked for
    for stream in (sys.stdout, sys.stderr):  # a console that cannot show `·` or `é` gets `\xb7`, not a traceback
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")
    lang = _language(arguments)
    args = build_parser(lang).parse_args(arguments)
    if args.command is None:
        build_parser(lang).print_usage(sys.stderr)
        return 2
    args.lang = lang
    previous = _on_sigterm(_terminated)
    try:
        code = int(args.run(args))
        sys.stdout.flush()  # a full disk behind standard output is reported here, not at exit
        return code
    except KeyboardInterrupt:
        sys.stderr.write(f"regienorm: {translate('interrupted; no output file was changed', lang)}\n")
        return 130
    except _Terminated:
        sys.stderr.write(f"regienorm: {translate('stopped by SIGTERM; no output file was changed', lang)}\n")
        return 143
    except BrokenPipeError:
        _quiet_stdout()
        return 0
    except OSError as exc:  # writing to standard output failed (a full disk, an I/O error); reads are RN003 already
        _quiet_stdout()
        where = f" `{exc.filename}`" if exc.filename else " to standard output"
        said = f"cannot write{escape_controls(where)}: {escape_controls(exc.strerror or str(exc))}"
        sys.stderr.write(f"regienorm: {translate(said, lang)}\n")
        return 1
    except RegienormError as exc:
        if getattr(args, "format", "text") == "json":
            # a tool reading JSON gets the errors as JSON too, in place of the assessment
            document = {"format": render_json.FORMAT, "errors": [d.to_json() for d in exc.diagnostics]}
            sys.stdout.write(escape_json_text(json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True)) + "\n")
        _print_diagnostics(exc.diagnostics, "text", sys.stderr, lang)
        return 1
    finally:
        _on_sigterm(previous)


class _Terminated(BaseException):
    """SIGTERM, raised where the program is, so that a temporary file being written is removed."""


def _terminated(signum: int, frame: object) -> None:
    raise _Terminated


def _on_sigterm(handler: object) -> object:
    """Install ``handler`` for SIGTERM (where there is one, in the main thread); the old handler."""
    import signal
    import threading

    if not hasattr(signal, "SIGTERM") or threading.current_thread() is not threading.main_thread() or handler is None:
        return None
    return signal.signal(signal.SIGTERM, handler)  # type: ignore[arg-type]


def _quiet_stdout() -> None:
    """Point standard output at the null device, so that Python's own flush at exit does not fail
    a second time with a traceback (the recipe in the signal module's documentation)."""
    try:
        if sys.stdout is sys.__stdout__ and sys.stdout is not None:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass
