"""A fit as HTML: a section for the report (``regienorm evaluate --format html --fit RULE``) or a
page of its own (``regienorm fit --format html``). A view: it computes nothing, and says what the
text report says (:mod:`.report`'s words, in English or Dutch), as tables. Every text from a
framework or evidence — rule ids, labels, entity names, tables, arithmetic — is escaped; the page
is self-contained (inline style, no script, nothing fetched)."""

from __future__ import annotations

import html
from collections.abc import Sequence

from .report import WORDS, names
from .result import Fit, Region, region_text

_STYLE = """
body { font-family: system-ui, sans-serif; margin: 1.5em; color: #111; }
section.fit table { border-collapse: collapse; margin: 0.5em 0 1.5em; }
section.fit th, section.fit td { border: 1px solid #bbb; padding: 0.2em 0.5em; vertical-align: top; text-align: left; }
section.fit thead th { background: #eee; font-weight: 600; }
section.fit td.count { text-align: right; }
section.fit tr.current td { background: #d8f0d8; }
section.fit ul { margin: 0; padding-left: 1.2em; }
"""

_HEAD = {
    "en": {"title": "Fit of rule `{rule}`", "parameters": "parameters fitted", "regions": "best regions",
           "region": "region", "reproduces": "reproduces", "exceptions": "printed verdicts it cannot reproduce",
           "between": "and only where", "sets": "minimal sets of printed verdicts that would have to be wrong",
           "loto": "leave one table out", "table": "table left out", "printed": "printed", "right": "right",
           "wrong": "wrong", "undetermined": "undetermined", "fitted": "the fit on the others reproduces",
           "holds": "holds the values as written"},
    "nl": {"title": "Reconstructie van regel `{rule}`", "parameters": "gefitte parameters", "regions": "beste gebieden",
           "region": "gebied", "reproduces": "reproduceert", "exceptions": "afgedrukte oordelen die het niet kan reproduceren",
           "between": "en alleen waar", "sets": "minimale verzamelingen afgedrukte oordelen die fout zouden moeten zijn",
           "loto": "één tabel weglaten", "table": "weggelaten tabel", "printed": "afgedrukt", "right": "goed",
           "wrong": "fout", "undetermined": "onbepaald", "fitted": "de fit op de andere reproduceert",
           "holds": "bevat de waarden zoals geschreven"},
}


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _exceptions(region: Region, lang: str) -> str:
    if not region.exceptions:
        return "—"
    return "<ul>" + "".join(f"<li>{_e(o.describe(lang))}</li>" for o in region.exceptions) + "</ul>"


def _regions(result: Fit, regions: Sequence[Region], lang: str, h: dict[str, str]) -> list[str]:
    joint = any(r.constraints for r in regions)
    out = ["".join(["<table><thead><tr>", f"<th>{_e(h['region'])}</th>",
                    *(f"<th>{_e(p.index)}: {_e(p.label)}</th>" for p in result.parameters),
                    *([f"<th>{_e(h['between'])}</th>"] if joint else []),
                    f"<th>{_e(h['reproduces'])}</th><th>{_e(h['exceptions'])}</th></tr></thead><tbody>"])]
    written = [p.value for p in result.parameters]
    for n, region in enumerate(regions, 1):
        current = region.contains(written)
        marked = f' class="current" title="{_e(h["holds"])}"' if current else ""
        row = [f"<tr{marked}><td>{n}</td>",
               *(f"<td>{_e(region_text(p, i))}</td>" for p, i in zip(result.parameters, region.intervals, strict=True))]
        if joint:
            row.append(f"<td>{_e(', '.join(c.text(names(result)) for c in region.constraints)) or '—'}</td>")
        row.append(f'<td class="count">{region.reproduced} / {region.total}</td><td>{_exceptions(region, lang)}</td></tr>')
        out.append("".join(row))
    out.append("</tbody></table>")
    return out


def section(result: Fit, lang: str = "en") -> str:
    """The fit as one ``<section class="fit">`` (its words in ``lang``), for a page or the report."""
    w, h = WORDS[lang], _HEAD[lang]
    rule = result.rule
    total = len(result.observations)
    tables = sorted({o.table or "?" for o in result.observations})
    out = [f'<section class="fit" id="fit-{_e(rule.id)}">', f"<h2>{_e(h['title'].format(rule=rule.id))}</h2>",
           f"<p>{_e(w['rule'].format(rule=rule.id, kind=rule.kind, provenance=rule.provenance()))}<br>",
           f"{_e(w['places'].format(places=result.places, observed=total, tables=', '.join(tables) or '—'))}<br>",
           f"{_e(w['level'])}</p>",
           f"<h3>{_e(h['parameters'])}</h3><ul>",
           *(f"<li>{_e(w['param'].format(index=p.index, label=p.label))}</li>" for p in result.parameters), "</ul>"]
    if not total:
        out += [f"<p>{_e(w['nothing'])}</p>", "</section>"]
        return "\n".join(out)
    inside = w["inside"] if result.contains_current() else w["outside"]
    out.append(f"<p>{_e(w['best'].format(best=result.best, total=total))}; "
               f"{_e(w['current'].format(current=result.current, total=total, inside=inside))}</p>")
    if result.current_exceptions:
        out.append("<ul>" + "".join(f"<li>{_e(o.describe(lang))}</li>" for o in result.current_exceptions) + "</ul>")
    out.append(f"<h3>{_e(h['regions'])}</h3>")
    out += _regions(result, result.regions, lang, h)
    if result.exception_sets:
        out.append(f"<h3>{_e(h['sets'])}</h3>")
        out += _regions(result, result.exception_sets, lang, h)
    if result.predictions:
        out += [f"<h3>{_e(h['loto'])}</h3>", "<table><thead><tr>",
                *(f"<th>{_e(h[k])}</th>" for k in ("table", "printed", "right", "wrong", "undetermined", "fitted")),
                "</tr></thead><tbody>"]
        for left in result.predictions:
            out.append(f"<tr><td>{_e(left.table or '?')}</td>" + "".join(
                f'<td class="count">{v}</td>' for v in (left.count, left.right, left.wrong, left.undetermined))
                + f'<td class="count">{left.fitted} / {left.fitted_of}</td></tr>')
        right, wrong, undetermined = result.predicted
        summary = w["loto_total"].format(best=result.best, total=total, right=right, wrong=wrong, undetermined=undetermined)
        out += ["</tbody></table>", f"<p>{_e(summary)}</p>"]
    else:
        out.append(f"<p>{_e(w['no_loto'])}</p>")
    out.append("</section>")
    return "\n".join(out)


def style() -> str:
    """The style a section needs, for a page that holds one (the report adds it once)."""
    return f"<style>{_STYLE}</style>"


def render_page(result: Fit, lang: str = "en") -> str:
    """One self-contained HTML page with the fit."""
    title = _HEAD[lang]["title"].format(rule=result.rule.id)
    return (f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{_e(title)}</title>{style()}</head><body>\n{section(result, lang)}\n</body></html>\n")


__all__ = ["render_page", "section", "style"]
