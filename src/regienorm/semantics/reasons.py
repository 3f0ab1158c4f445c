"""Every sentence a judgement's reasons say, written once.

The semantics (:mod:`.rules`) and the engine (:mod:`regienorm.engine`) both build reasons from
these functions; the engine may build a sentence once and share it, never write its own. A
sentence that names the entity is written with :data:`ENTITY` in its place by the engine's plans,
which split it there once and put each entity's id between the halves.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from fractions import Fraction
from typing import Any

from .. import ir
from .._decimal import decimal_text, int_text
from ..judgement import Reason, Status, make_reason

#: Stands for the entity's id in a sentence written before the entity is known (see the module).
ENTITY = "\0entity\0"


# ------------------------------------------------------------------------------------ numbers
def fmt(value: Fraction | int | None) -> str:
    """A number for people: whole numbers plain, others with up to three decimals."""
    if value is None:
        return "—"
    if value.__class__ is int:
        return int_text(value)  # type: ignore[arg-type]
    return decimal_text(value if value.__class__ is Fraction else Fraction(value))


def ratio_text(numerator: int, denominator: int) -> str:
    """``fmt(Fraction(numerator, denominator))`` for whole numbers, without making the Fraction
    (a true division rounds as ``float(Fraction(...))`` does)."""
    if numerator % denominator == 0:
        return int_text(numerator // denominator)
    try:
        return f"{numerator / denominator:.3f}".rstrip("0").rstrip(".")
    except OverflowError:  # beyond a double (a mean of 1e999 and 0.5): exact, as fmt writes it
        return decimal_text(Fraction(numerator, denominator))


def fraction_text(value: Fraction) -> str:
    """A bound or constant as the author would have written it: ``11/16`` when a decimal would round."""
    if value.denominator == 1:
        return int_text(value.numerator)
    decimal = fmt(value)
    exact = f"{value.numerator}/{value.denominator}"
    return exact if len(exact) <= 7 and Fraction(decimal) != value else decimal


def status_words(status: Status) -> str:
    """``not assessed``, ``not applicable``, ``judged``."""
    return status.value.replace("_", " ")


# ------------------------------------------------------------------------------------ rules and inputs
def rule_reason(rule: ir.Rule) -> Reason:
    """Which rule decided, of which kind, from where."""
    text = f"rule `{rule.id}` ({rule.kind}; {rule.provenance()})"
    if rule.title and rule.title != rule.id:
        text = f"rule `{rule.id}` \"{rule.title}\" ({rule.kind}; {rule.provenance()})"
    data: list[tuple[str, Any]] = [("rule", rule.id), ("rule_kind", rule.kind), ("provenance", rule.provenance())]
    if rule.span is not None:
        data.append(("span", rule.span))
    return make_reason("rule", text, tuple(data))


def input_reason(label: str, status: Status, symbol: str | None, points: int | None) -> Reason:
    """One input of a rule on verdicts with its outcome."""
    text = f"{label}: {symbol if symbol else status_words(status)}"
    if points is not None:
        text += f" ({points} point{'' if points == 1 else 's'})"
    return make_reason("input", text, (("input", label), ("status", status), ("verdict", symbol), ("points", points)))


def policy_reason(label: str, status: Status, policy: ir.Policy, scale: ir.Scale) -> Reason:
    """What a rule's policy did with an input that is not assessed or not applicable."""
    what = status_words(status)
    if policy is ir.Policy.PROPAGATE:
        return make_reason("policy", f"{label} is {what}; the rule's policy for {what} inputs is "
                      "`propagate`, so this verdict is not assessed", (("policy", "propagate"),))
    if policy is ir.Policy.LOWEST:
        return make_reason("policy", f"{label} is {what}; counted as the lowest verdict "
                      f"{scale.lowest.symbol} (policy `lowest`)", (("policy", "lowest"),))
    return make_reason("policy", f"{label} is {what}; left out and the rest renormalised (policy `skip`)", (("policy", "skip"),))


def no_inputs_reason(had_inputs: bool) -> Reason:
    return make_reason("missing", "no inputs remain to judge" if had_inputs else "there are no inputs to judge")


def arithmetic_reason(text: str, symbol: str | None) -> Reason:
    """The arithmetic of a rule; with the verdict it gave, or none (no band covers the sum)."""
    return make_reason("arithmetic", text, (("result", symbol),) if symbol is not None else ())


def undecided_reason(problem: Exception) -> Reason:
    """A rule that has no verdict because a value is undefined (an empty mean, a division by zero)."""
    return make_reason("arithmetic", f"cannot decide: {problem}")


# ------------------------------------------------------------------------------------ evidence
def finding_reason(finding: Any) -> Reason:
    """A finding with its verdict or status, the symbol as printed, its note and its sources."""
    verdict = finding.verdict
    text = "finding: " + (verdict if verdict else (finding.status or "").replace("_", " "))
    if finding.printed and verdict is None:  # one of the framework's outcomes (`notchecked`)
        text = f"finding: {finding.printed} (counts as {(finding.status or '').replace('_', ' ')})"
    elif finding.printed:
        text += f" (printed as {finding.printed})"
    if finding.note:
        text += f": {finding.note}"
    described: list[str] = []
    as_json: list[dict[str, object]] = []
    for source in finding.sources:  # one pass: this runs for every finding of every entity
        described.append(source.describe())
        as_json.append(source.to_json())
    if described:
        text += " [" + "; ".join(described) + "]"
    return make_reason("finding", text, (
        ("verdict", verdict), ("status", finding.status), ("note", finding.note), ("sources", as_json), ("at", finding.span)))


def value_reason(record: Any, measure: str, kind: str = "measure", unit: str | None = None) -> Reason:
    """A measure record in words; ``kind`` is 'measure' (an input) or 'indicator' (shown, not used by the rule)."""
    label = f"{record.entity}" + (f" {record.item}" if record.item else "")
    n = f" (n={record.n})" if record.n is not None else ""
    prefix = "indicator " if kind == "indicator" else ""
    shown = fmt(record.value) + ("" if not unit else unit if unit == "%" else f" {unit}")
    where = f" [{record.source.describe()}]" if record.source is not None else ""
    data = (("entity", record.entity), ("measure", measure), ("item", record.item), ("value", record.value),
            ("n", record.n), ("unit", unit), ("source", record.source.to_json() if record.source is not None else None))
    return Reason(kind, f"{prefix}{measure} {label}: {shown}{n}{where}", data)


def override_reason(override: Any, computed: str | None, status: Status) -> Reason:
    """A professional judgement (a waiver) that replaced the computed verdict, with who, why and when."""
    approver = getattr(override, "approver", None)
    date, expires = getattr(override, "date", None), getattr(override, "expires", None)
    scope = getattr(override, "scope", "judgement")
    risk = getattr(override, "risk", None)
    when = "".join([f", approved by {approver}" if approver else "", f", dated {date}" if date else "",
                    f", expires {expires}" if expires else "", f", risk {risk}" if risk else "",
                    f" (scope: {scope})" if scope != "judgement" else ""])
    return Reason(
        "override",
        f"override by {override.author}{when}: {override.verdict} replaces the computed "
        f"{computed if computed else status_words(status)}: {override.justification}",
        (("verdict", override.verdict), ("computed", computed), ("author", override.author),
         ("justification", override.justification), ("at", override.span))
        + tuple((k, v) for k, v in (("approver", approver), ("date", date), ("expires", expires), ("risk", risk))
                if v is not None)
        + ((("scope", scope),) if scope != "judgement" else ()))


def _cited(source: ir.SourceRef) -> dict[str, object]:
    """A framework's source as the evidence's sources read in the JSON (document, table, page, …)."""
    out: dict[str, object] = {"document": source.text}
    for key, value in (("table", source.table), ("page", source.page), ("footnote", source.footnote), ("line", source.line)):
        if value is not None:
            out[key] = str(value) if key == "page" else value
    return out


def profile_reason(change: ir.ProfileChange) -> Reason:
    """A change of a profile that touched this judgement: which profile, what it changed, and why."""
    why = "; ".join(change.because)
    return Reason("profile", f"profile `{change.profile}`: {change.text}" + (f" ({why})" if why else ""),
                  (("profile", change.profile), ("change", change.kind), ("text", change.text),
                   ("because", list(change.because)), ("sources", [_cited(s) for s in change.sources]),
                   ("at", change.span)))


# ------------------------------------------------------------------------------------ what is missing, what does not apply
def roles_text(roles: Iterable[str]) -> str:
    roles = list(roles)
    return "role " + ", ".join(f"`{r}`" for r in roles) if roles else "every role"


def normenkader_not_applicable(nk: ir.Normenkader, entity: str, role: str) -> str:
    return f"normenkader `{nk.id}` applies to {roles_text(nk.roles)}; `{entity}` has role `{role}`"


def norm_not_applicable(target: str, norm: ir.Norm, entity: str, role: str) -> str:
    return f"norm `{target}` applies to {roles_text(norm.roles)}; `{entity}` has role `{role}`"


def aspect_not_applicable(target: str, aspect: ir.Aspect, entity: str, role: str) -> str:
    return f"toetsaspect `{target}` is declared for {roles_text(aspect.roles)}; `{entity}` has role `{role}`"


def no_finding(target: str, entity: str, *, level: str, role: str | None = None) -> str:
    """No finding at a target; ``role`` given: a norm that has no toetsaspecten for that role."""
    text = f"no finding for `{entity}` on {level} `{target}`"
    return text + (f" (it has no toetsaspecten for role `{role}`)" if role is not None else "")


def aspect_of_measured_norm(target: str, measure: str) -> Reason:
    return make_reason("missing", f"norm `{target}` is judged on measure `{measure}`; its toetsaspecten describe what "
                  "the measure covers and are not judged one by one")


def no_total(nk: ir.Normenkader) -> Reason:
    return make_reason("missing", f"normenkader `{nk.id}` declares no `total by` rule, so it has no total")


def no_group_rule(target: str) -> Reason:
    return make_reason("missing", f"no rule judges group `{target}` (its scores are judged apart)")


def group_not_counted(target: str) -> Reason:
    return make_reason("not_applicable", f"nothing in group `{target}` applies, so the group does not count")


def no_values(measure: str, entity: str, is_group: bool) -> Reason:
    return make_reason("missing", f"no values of measure `{measure}` for `{entity}`" + (" or its members" if is_group else ""))


def members_reason(entity: str, members: Sequence[str]) -> Reason:
    return make_reason("members", f"`{entity}` is judged across its members: {', '.join(members)}", (("members", list(members)),))


def members_without_values(measure: str, without: Sequence[str]) -> Reason:
    return make_reason("members", f"left out of `by entity` aggregates, having no values of `{measure}`: "
                  + ", ".join(without), (("without_values", list(without)),))


def incomplete_reason(missing: Sequence[Any]) -> Reason:
    """A verdict that rests on inputs the framework expects and the evidence lacks (each an
    :class:`~regienorm.evidence.expected.Expected`): a rule's policy left them out (``skip``) or
    counted them as the lowest verdict (``lowest``), here or in a judgement this one is computed from."""
    shown = ", ".join(m.describe() for m in missing[:_SHOWN]) + (f" and {len(missing) - _SHOWN} more" if len(missing) > _SHOWN else "")
    findings = sum(1 for m in missing if m.kind == "finding")
    values = len(missing) - findings
    counted = " and ".join(part for part in (
        f"{findings} finding{'' if findings == 1 else 's'}" if findings else "",
        f"{values} set{'' if values == 1 else 's'} of values" if values else "") if part)
    one = len(missing) == 1
    it = "it" if one else "them"
    return make_reason("incomplete", f"the evidence is incomplete: {counted} the framework expects "
                       f"{'is' if one else 'are'} missing ({shown}); this verdict is computed without {it}, "
                       f"a rule's policy having left {it} out or counted {it} as the lowest verdict",
                       (("missing", [m.to_json() for m in missing]),))


#: How many missing inputs a reason names in its text (its data holds them all).
_SHOWN = 8

