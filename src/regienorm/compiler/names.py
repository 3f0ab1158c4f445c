"""Looking names up: rules by reference, verdict symbols on the scale, and the "unknown name"
diagnostics with their suggestions (RN201, RN202, RN203, RN204)."""

from __future__ import annotations

from collections.abc import Mapping

from .. import ir
from ..diagnostics import did_you_mean
from ..language.shape import Name, RuleRef
from ..source import Span
from .state import Compilation


def unknown(state: Compilation, code: str, kind: str, name: Name, known: Mapping[str, object]) -> None:
    """Report ``name`` as an unknown ``kind``, suggesting the closest known one."""
    close = did_you_mean(name.text, known)
    if close:
        target = known[close]
        where = getattr(target, "span", None)
        at = f" (declared at line {where.line})" if isinstance(where, Span) else ""
        help_text = f"did you mean `{close}`?{at}"
    elif known:
        help_text = f"declared {kind}s: " + ", ".join(f"`{k}`" for k in sorted(known)[:10])
    else:
        help_text = f"declare it: {kind} {name.text} …"
    state.err(code, f"unknown {kind} `{name.text}`", name.span, help_text, label=f"no {kind} of this name")


def rule_ref(state: Compilation, ref: RuleRef, rules: dict[str, ir.Rule]) -> ir.Rule | None:
    """The rule a reference names (RN201 when there is none)."""
    if ref.inline is not None:
        return ref.inline
    assert ref.name is not None
    rule = rules.get(ref.name.text)
    if rule is None:
        unknown(state, "RN201", "rule", ref.name, rules)
    return rule


def rule_ref_quiet(ref: RuleRef | None, rules: dict[str, ir.Rule]) -> ir.Rule | None:
    """The rule a reference names, or None (an unknown name was reported by the resolve pass)."""
    if ref is None:
        return None
    if ref.inline is not None:
        return ref.inline
    assert ref.name is not None
    return rules.get(ref.name.text)


def check_symbol(state: Compilation, symbol: str, scale: ir.Scale, span: Span | None, why: str | None = None) -> None:
    """RN204 when ``symbol`` is not a value or alias of the scale; RN742 when it is one of another
    scale of the framework (``why`` says why ``scale`` is the one expected here)."""
    if scale.lookup(symbol) is None:
        close = did_you_mean(symbol, [s for v in scale.values for s in (v.symbol, *v.aliases)])
        hint = f"did you mean `{close}`? " if close else ""
        other = state.scale_of(symbol)
        if other is not None and other.name != scale.name:
            state.err("RN742", f"`{symbol}` is on the scale `{other.name}`, but {why or f'a verdict on `{scale.name}` is expected here'}",
                      span, hint + f"`{scale.name}` has " + ", ".join(f'"{s}"' for s in scale.symbols()),
                      label="a verdict of another scale")
            return
        state.err("RN204", f"`{symbol}` is not on the scale `{scale.name}`", span,
                  hint + "the scale has " + ", ".join(f'"{s}"' for s in scale.symbols()),
                  label="not a verdict on the scale")
