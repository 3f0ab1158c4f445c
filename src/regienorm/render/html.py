"""HTML view: one self-contained file (no request leaves it: styles and the one small script are
inline, no fonts, no images), per evidence file and per normenkader the matrix as the report's
tables with verdict colours, each cell opening its reasons (down to the findings, their quotes
and sources), then the reconciliation with the printed verdicts, and the provenance (the files'
sha256, the version, the time of the run) in the footer. Filters by entity and to the
cells that differ; readable when printed (every cell's reasons hidden, the matrix kept).

Every string from a framework or evidence is escaped (:func:`html.escape` with quotes): a title
``<script>`` or an id ``"onmouseover=`` stays text. A view: it computes nothing, the cells are the
text view's (:func:`.text.cell`)."""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping, Sequence

from .._gc import pausing
from ..i18n import translate
from ..judgement import VALUE_LEVELS, Assessment, Judgement
from ..provenance import Run
from .matrix import colour, matrices, points_range
from .rows import sources
from .text import MARK_NOT_ASSESSED, cell, reconciliation_summary, value_cell
from .waivers import APPLIED, EXPIRED, applied_fields, not_applied_fields, where

_STYLE = """
body { font-family: system-ui, sans-serif; margin: 1.5em; color: #111; }
table.matrix { border-collapse: collapse; margin: 0.5em 0 1.5em; }
table.matrix th, table.matrix td { border: 1px solid #bbb; padding: 0.2em 0.5em; vertical-align: top; }
table.matrix thead th { background: #eee; font-weight: 600; max-width: 9em; }
table.matrix th.label { text-align: left; font-weight: normal; max-width: 32em; }
table.matrix tr.aspect th.label { padding-left: 1.5em; color: #444; }
table.matrix tr.total th.label { font-weight: 600; }
td.cell { text-align: center; min-width: 3em; }
td.best { background: #d8f0d8; } td.lowest { background: #f6d5d5; } td.between { background: #fbefc6; }
td.none { color: #777; }
td.differs summary { outline: 2px solid #b00; }
details > summary { cursor: pointer; list-style: none; }
details[open] { text-align: left; min-width: 22em; }
details ul { margin: 0.3em 0; padding-left: 1.2em; font-size: 0.9em; }
.filters { margin: 1em 0; padding: 0.5em; background: #f6f6f6; }
.hidden { display: none; }
footer.provenance { margin-top: 2em; font-size: 0.8em; color: #444; }
@media print { .filters { display: none; } details ul { display: none; } td.differs summary { outline: none; text-decoration: underline; } }
"""

_SCRIPT = """
(function () {
  var entity = document.getElementById('rn-entity'), differs = document.getElementById('rn-differs');
  var aspects = document.getElementById('rn-aspects');
  function apply() {
    var e = entity.value;
    document.querySelectorAll('[data-entity]').forEach(function (n) {
      n.classList.toggle('hidden', e !== '' && n.getAttribute('data-entity') !== e);
    });
    document.querySelectorAll('tr[data-target]').forEach(function (r) {
      var hide = (differs.checked && !r.querySelector('td.differs')) || (!aspects.checked && r.classList.contains('aspect'));
      r.classList.toggle('hidden', hide);
    });
  }
  [entity, differs, aspects].forEach(function (n) { n.addEventListener('change', apply); });
  apply();
})();
"""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


@pausing  # the collector's passes over a large assessment only cost time (regienorm._gc)
def render(assessments: Sequence[tuple[str | None, Assessment]], titles: dict[str, str] | None = None,
           changes: Sequence[Mapping[tuple[str, str], Sequence[str]]] | None = None, sections: Sequence[str] = (),
           provenance: Run | None = None, language: str = "en") -> str:
    """The HTML document for ``assessments`` (pairs of evidence path and assessment), with
    ``sections`` (HTML of other views, such as fit's) after them and ``provenance`` in its footer.
    ``language``: ``en`` (the labels in both languages, the reasons in English, as always) or
    ``nl`` (the reasons, the reconciliation and the total row in Dutch too).

    ``changes``, one mapping per assessment: for an (entity, target), the lines that say what would
    change its verdict (:func:`regienorm.counterfactual.report.step_lines`), shown in its cell.
    ``sections``: HTML made (and escaped) by other views, put after the evidence as given (``--fit``:
    the fits)."""
    titles = titles or {}
    say = _same if language == "en" else (lambda text: translate(text, language))
    first = assessments[0][1] if assessments else None
    head = f"{first.framework_title} ({first.framework_id} {first.framework_version})" if first else "regienorm"
    names: dict[str, str] = {}
    for _, a in assessments:
        for e, name, _ in a.entities:
            names.setdefault(e, name or e)
    out = ["<!DOCTYPE html>", '<html lang="nl"><head><meta charset="utf-8">',  # the labels are in both languages
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>{_e(head)}</title><style>{_STYLE}</style></head><body>",
           f"<h1>{_e(head)}</h1>",
           '<form class="filters" onsubmit="return false">',
           '<label>Entiteit / entity <select id="rn-entity"><option value="">alle / all</option>',
           *(f'<option value="{_e(e)}">{_e(n)}</option>' for e, n in names.items()),
           "</select></label> ",
           '<label><input type="checkbox" id="rn-differs"> alleen afwijkend van het rapport / only differing from the report</label> ',
           '<label><input type="checkbox" id="rn-aspects" checked> toetsaspecten / toetsaspecten</label>',
           "</form>"]
    for number, (path, a) in enumerate(assessments):
        out.append('<section class="evidence">')
        if a.subject:
            out.append(f"<h2>{_e(a.subject)}</h2>")
        if path:
            out.append(f"<p>evidence: <code>{_e(path)}</code></p>")
        out.extend(_matrices(a, titles, changes[number] if changes else {}, say))
        out.extend(_decisions(a, titles, say))
        out.extend(_reconciliation(a, say))
        out.extend(_waivers(a))
        out.extend(_left_out(a))
        out.append("</section>")
    out.extend(sections)
    if provenance is not None:
        out.append(f'<footer class="provenance"><p>{_e(provenance.heading())}</p><table>'
                   + "".join(f"<tr><th>{_e(what)}</th><td>{_e(path or '')}</td><td><code>{_e(sha)}</code></td></tr>"
                             for what, path, sha in provenance.entries()) + "</table></footer>")
    out.append(f"<script>{_SCRIPT}</script></body></html>")
    return "\n".join(out) + "\n"


def _waivers(a: Assessment) -> list[str]:
    """The waivers applied (with the verdict each replaced) and those not applied, as a table."""
    applied = a.waivers()
    if not applied and not a.waivers_not_applied:
        return []
    out = ["<h3>Afwijkingen / waivers</h3>", "<table class=\"waivers\"><tr><th>entiteit / entity</th><th>doel / target</th>"
           "<th>oordeel / verdict</th><th>vervangt / replaces</th><th>reikwijdte / scope</th><th>risico / risk</th>"
           "<th>door / by</th><th>goedgekeurd / approved</th><th>datum / date</th><th>tot / until</th><th>waarom / why</th>"
           "<th>waar / at</th></tr>"]
    rows = [((entity, target), applied_fields(reason), "") for entity, target, reason in applied]
    rows += [((o.entity, o.target), not_applied_fields(o), ' class="not-applied"') for o in a.waivers_not_applied]
    for (entity, target), f, kind in rows:
        state = (f["replaces"] or "—") if f["state"] == APPLIED else \
            f"verlopen / expired {f['expires']}" if f["state"] == EXPIRED else "past op niets / matches nothing"
        out.append(f"<tr{kind}>" + "".join(f"<td>{_e(x if x is not None else '')}</td>" for x in (
            entity, target, f["verdict"], state, f["scope"], f["risk"], f["author"], f["approver"], f["date"], f["expires"],
            f["justification"], f["at"])) + "</tr>")
    out.append("</table>")
    return out


def _left_out(a: Assessment) -> list[str]:
    """The records a profile left out of evidence made for its base: each, where it is written and why."""
    if not a.left_out:
        return []
    out = [f"<h3>Buiten het profiel gelaten / left out by the profile ({len(a.left_out)})</h3>",
           '<table class="left-out"><tr><th>soort / kind</th><th>entiteit / entity</th><th>doel / target</th>'
           "<th>waarom / why</th><th>waar / at</th></tr>"]
    out.extend("<tr>" + "".join(f"<td>{_e(x or '')}</td>" for x in (o.kind, o.entity, o.target, o.why, where(o.span))) + "</tr>"
               for o in a.left_out)
    out.append("</table>")
    return out


def _same(text: str) -> str:
    return text


def _cell(j: Judgement | None, entity: str, best: int | None, lowest: int | None, text: str | None = None,
          change: Sequence[str] = (), say: Callable[[str], str] = _same) -> str:
    shown = text if text is not None else cell(j)
    if j is None:
        return f'<td class="cell none" data-entity="{_e(entity)}"></td>'
    kind = colour(j, best, lowest)
    classes = f"cell {kind}" + (" differs" if j.agrees is False else "")
    reasons = "".join(f"<li>{_e(say(r.text))}</li>" for r in j.reasons)
    reasons += "".join(f'<li class="source">source / bron: {_e(s)}</li>' for s in sources(j))  # with their quotes
    for r in j.recorded:
        printed = "a blank / leeg" if r.blank else r.printed
        reasons += f"<li>printed / in het rapport: {_e(printed)} ({_e(r.source.describe())})</li>"
    if change:
        reasons += ('<li class="what-would-change">what would change it / wat het verandert:<ul>'
                    + "".join(f"<li>{_e(line.strip())}</li>" for line in change) + "</ul></li>")
    return (f'<td class="{classes}" data-entity="{_e(entity)}" data-target="{_e(j.target)}">'
            f"<details><summary>{_e(shown or MARK_NOT_ASSESSED)}</summary><ul>{reasons}</ul></details></td>")


def _matrices(a: Assessment, titles: dict[str, str], changes: Mapping[tuple[str, str], Sequence[str]],
              say: Callable[[str], str] = _same) -> list[str]:
    """The normenkaders' tables, as :func:`.matrix.matrices` lays them out for every view: each
    verdict a cell that opens on its reasons."""
    best, lowest = points_range(a)
    out: list[str] = []
    for m in matrices(a, titles):
        if not m.target:
            continue  # the decisions' values: their own table (_decisions)
        out.append(f"<h3>{_e(m.target)}: {_e(m.title or '')}</h3>")
        out.append('<table class="matrix"><thead><tr><th>norm</th>'
                   + "".join(f'<th data-entity="{_e(e)}" title="{_e(e)}">{_e(name)}</th>' for e, name in zip(m.entities, m.names, strict=True))
                   + "</tr></thead><tbody>")
        for row in m.rows:
            label = say("total") if row.level == "normenkader" else row.label
            kind = "aspect" if row.level == "aspect" else "total" if row.level == "normenkader" else "norm"
            out.append(f'<tr class="{kind}" data-target="{_e(row.target)}"><th class="label">{_e(label)}'
                       + (f" {_e(row.title)}" if row.title else "") + "</th>"
                       + "".join(_cell(j, e, best, lowest, change=changes.get((e, row.target), ()), say=say)
                                 for j, e in zip(row.cells, m.entities, strict=True)) + "</tr>")
        out.append("</tbody></table>")
    return out


def _decisions(a: Assessment, titles: dict[str, str], say: Callable[[str], str] = _same) -> list[str]:
    decided = [j for j in a.judgements if j.level in VALUE_LEVELS]
    if not decided:
        return []
    by_key = {(j.entity, j.target): j for j in decided}
    targets = list(dict.fromkeys(j.target for j in decided))
    entities = [e for e, _, _ in a.entities if any((e, t) in by_key for t in targets)]
    names = {e: (name or e) for e, name, _ in a.entities}
    out = ["<h3>Beslissingen / decisions</h3>", '<table class="matrix"><thead><tr><th>decision</th>'
           + "".join(f'<th data-entity="{_e(e)}">{_e(names[e])}</th>' for e in entities) + "</tr></thead><tbody>"]
    for target in targets:
        title = titles.get(target)
        out.append(f'<tr class="decision" data-target="{_e(target)}"><th class="label">{_e(target)}'
                   + (f" {_e(title)}" if title else "") + "</th>"
                   + "".join(_cell(by_key.get((e, target)), e, None, None, value_cell(by_key.get((e, target))), say=say)
                             for e in entities) + "</tr>")
    out.append("</tbody></table>")
    return out


def _reconciliation(a: Assessment, say: Callable[[str], str] = _same) -> list[str]:
    summary = a.reconciliation()
    out = ["<h3>Aansluiting met het rapport / reconciliation</h3>",
           *(f"<p>{_e(say(line))}</p>" for line in reconciliation_summary(summary)), "<ul>"]
    for j in a.judgements:
        for r in j.recorded:
            if j.matches(r):
                continue
            computed = j.outcome if j.outcome is not None else j.status.value.replace("_", " ")
            printed = "a blank / leeg" if r.blank else r.printed
            line = say(f"printed {printed} in {r.source.describe()}; computed {computed}")
            out.append(f'<li data-entity="{_e(j.entity)}"><strong>{_e(j.entity)} {_e(j.target)}</strong>: {_e(line)}<ul>'
                       + "".join(f"<li>{_e(say(reason.text))}</li>" for reason in j.reasons) + "</ul></li>")
    out.append("</ul>")
    return out
