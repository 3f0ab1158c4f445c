"""The entities an evidence file assesses: ids, roles, the normenkaders each is assessed on, and
groups (their members must be listed; no group may contain itself, directly or through others)."""

from __future__ import annotations

from ... import ir
from ...source import Span
from ..model import Entity
from ..readers import Node
from .fields import Checker
from .named_inputs import named_inputs

_ENTITY_KEYS = ("id", "name", "role", "members", "normenkaders", "inputs")


def entities(ck: Checker, node: Node | None) -> list[Entity]:
    """The entities under `entities:`, each listed once, with the errors of the others."""
    out: dict[str, Entity] = {}
    raw = ck.items(node, "entities")
    if not raw:
        ck.err("RN624", "the file has no entities", node.span if node else Span.point(ck.path, 1),
               "list what is assessed under `entities:` with an id and a role")
    roles = {r.id for r in ck.fw.roles}
    for item in raw:
        if not ck.keys(item, _ENTITY_KEYS, "an entity"):
            continue
        ident = ck.text(item, "id", "an entity")
        # a framework without roles (inputs and decisions alone) has entities without one
        role = ck.text(item, "role", "an entity", required=bool(ck.fw.roles)) or ("" if not ck.fw.roles else None)
        if ident is not None and not ident.strip():
            ck.err("RN648", "an entity has an empty id", (item.get("id") or item).span,
                   "give the entity an id: records name it by that id")
            continue
        if ident is None or role is None:
            continue
        if ident in out:
            ck.err("RN625", f"entity `{ident}` is listed twice", item.span, "give each entity its own id",
                   notes=[f"first listed at {out[ident].span}"])
            continue
        if role not in roles and (role or roles):
            ck.unknown("role", role, (item.get("role") or item).span, roles)
        members = _listed_once(ck, item.get("members"), "members", "a member", "RN646", "the group counts each member once")
        scope_node = item.get("normenkaders")
        scope = None
        if scope_node is not None:
            scope = _listed_once(ck, scope_node, "normenkaders", "a normenkader", "RN647",
                                 "an entity is assessed on each normenkader once")
            for nk_id in scope:
                nk = ck.fw.normenkader(nk_id)
                if nk is None:
                    ck.unknown("normenkader", nk_id, scope_node.span, [n.id for n in ck.fw.normenkaders])
                elif role in roles and not nk.applies_to(role):
                    ck.err("RN626", f"normenkader `{nk_id}` does not apply to role `{role}`", scope_node.span,
                           f"it applies to: {', '.join(nk.roles)}")
        given = named_inputs(ck, item.get("inputs"), ident)
        out[ident] = Entity(ident, role, ck.text(item, "name", "", required=False), members, scope, span=item.span,
                            inputs=given)
    for entity in out.values():
        for member in entity.members:
            if member not in out:
                ck.unknown("entity", member, entity.span, out)
            elif member == entity.id:
                ck.err("RN627", f"group `{entity.id}` lists itself as a member", entity.span, "remove it")
    _group_cycles(ck, out)
    lost: dict[tuple[str, str, str], list[str]] = {}  # _judged_for_member_only, asked once per normenkader and pair of roles
    for entity in out.values():
        if entity.is_group:
            _members_judged_as_the_group(ck, entity, out, lost)
    return list(out.values())


def _members_judged_as_the_group(ck: Checker, group: Entity, entities: dict[str, Entity],
                                 memo: dict[tuple[str, str, str], list[str]]) -> None:
    """RN650: in a normenkader that judges a group across its members, the group's plan follows its
    own role and normenkaders. A member judged where the group is not (a norm or toetsaspect for the
    member's role only) would have its verdicts left out as "not applicable"; a member not judged on
    the normenkader at all would count as "not assessed" everywhere. Both would pass without a word,
    so both are refused. (A target that applies to the group but not to a member's role is fine: the
    member is an input that is not applicable, and the rule's `on not_applicable` policy, `skip`
    unless the framework says otherwise, leaves it out in so many words.)"""
    roles = {r.id for r in ck.fw.roles}
    if group.role not in roles:
        return
    for nk in ck.fw.normenkaders:
        if nk.across is None or (group.normenkaders is not None and nk.id not in group.normenkaders):
            continue
        for member_id in dict.fromkeys(group.members):
            member = entities.get(member_id)
            if member is None or member.role not in roles or member.id == group.id:
                continue
            if not nk.applies_to(member.role) or (member.normenkaders is not None and nk.id not in member.normenkaders):
                ck.err("RN650", f"member `{member.id}` is not judged on normenkader `{nk.id}`", group.span,
                       f"`{group.id}` is judged across its members in `{nk.id}`: remove `{member.id}` from its members, "
                       f"or assess `{member.id}` on `{nk.id}`",
                       notes=[f"`{member.id}` has role `{member.role}`" + (
                           f" and is assessed on {', '.join(f'`{n}`' for n in member.normenkaders) or 'no normenkader'}"
                           if member.normenkaders is not None else "")])
                continue
            key = (nk.id, member.role, group.role)
            lost = memo.get(key)
            if lost is None:
                lost = memo[key] = _judged_for_member_only(nk, member.role, group.role)
            if lost:
                shown = ", ".join(f"`{t}`" for t in lost[:6]) + (f" and {len(lost) - 6} more" if len(lost) > 6 else "")
                ck.err("RN650", f"`{group.id}` (role `{group.role}`) is not judged where its member `{member.id}` is",
                       group.span, f"give `{group.id}` a role to which these apply, or declare them for role `{group.role}` too",
                       notes=[f"{shown} appl{'ies' if len(lost) == 1 else 'y'} to `{member.id}` (role `{member.role}`), not to role `{group.role}`: "
                              "the member's verdicts there would be left out without a word"])


def _judged_for_member_only(nk: ir.Normenkader, member_role: str, group_role: str) -> list[str]:
    """The targets of ``nk`` judged for an entity of ``member_role`` and not for one of ``group_role``."""
    out: list[str] = []
    if not nk.applies_to(group_role):
        return [nk.id]
    for norm in nk.norms:
        target = f"{nk.id}.{norm.id}"
        if not norm.applies_to(member_role):
            continue
        if not norm.applies_to(group_role):
            out.append(target)
            continue
        group_aspects = {a.id for a in norm.aspects_for(group_role)}
        out.extend(f"{target}.{a}" for a in dict.fromkeys(a.id for a in norm.aspects_for(member_role))
                   if a not in group_aspects)
    return out


def _listed_once(ck: Checker, node: Node | None, key: str, what: str, code: str, why: str) -> tuple[str, ...]:
    """The ids of a list (``members``, ``normenkaders``), each once: an empty id (RN648) or one listed
    again (``code``) is an error at its place, never dropped or counted twice silently."""
    out: dict[str, Node] = {}
    for child in ck.items(node, key):
        ident = ck.scalar(child, what)
        if ident is None:
            continue
        if not ident.strip():
            ck.err("RN648", f"{what} with an empty id", child.span, f"write the {what[2:]}'s id, or remove the item")
        elif ident in out:
            ck.err(code, f"`{ident}` is listed twice in `{key}`", child.span, f"remove it: {why}",
                   notes=[f"first listed at {out[ident].span}"])
        else:
            out[ident] = child
    return tuple(out)


def _group_cycles(ck: Checker, entities: dict[str, Entity]) -> None:
    """Depth first through the members, with a stack of our own: groups nested a thousand deep
    must not meet Python's recursion limit. ``path`` is the chain of groups being visited."""
    state: dict[str, int] = {}  # 1: on the path now, 2: done
    for root in entities:
        if root in state:
            continue
        state[root] = 1
        path = [root]
        todo = [iter(entities[root].members)]
        while todo:
            member = next(todo[-1], None)
            if member is None:
                state[path.pop()] = 2
                todo.pop()
                continue
            if member not in entities or member == path[-1] or state.get(member) == 2:
                continue
            if state.get(member) == 1:
                ck.err("RN627", "groups contain each other", entities[member].span,
                       "a group may not contain itself, even through another group",
                       notes=["chain: " + " -> ".join([*path, member])])
                continue
            state[member] = 1
            path.append(member)
            todo.append(iter(entities[member].members))
