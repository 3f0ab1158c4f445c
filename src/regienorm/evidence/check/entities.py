"""The entities an evidence file assesses: ids, roles, the normenkaders each is assessed on, and
groups (their members must be listed; no group may contain itself, directly or through others)."""

from __future__ import annotations

from ...source import Span
from ..model import Entity
from ..readers import Node
from .fields import Checker

_ENTITY_KEYS = ("id", "name", "role", "members", "normenkaders")


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
        role = ck.text(item, "role", "an entity")
        if ident is None or role is None:
            continue
        if ident in out:
            ck.err("RN625", f"entity `{ident}` is listed twice", item.span, "give each entity its own id",
                   notes=[f"first listed at {out[ident].span}"])
            continue
        if role not in roles:
            ck.unknown("role", role, (item.get("role") or item).span, roles)
        members = tuple(m for m in (ck.scalar(n, "a member") for n in ck.items(item.get("members"), "members")) if m)
        scope_node = item.get("normenkaders")
        scope = None
        if scope_node is not None:
            scope = tuple(m for m in (ck.scalar(n, "a normenkader") for n in ck.items(scope_node, "normenkaders")) if m)
            for nk_id in scope:
                nk = ck.fw.normenkader(nk_id)
                if nk is None:
                    ck.unknown("normenkader", nk_id, scope_node.span, [n.id for n in ck.fw.normenkaders])
                elif role in roles and not nk.applies_to(role):
                    ck.err("RN626", f"normenkader `{nk_id}` does not apply to role `{role}`", scope_node.span,
                           f"it applies to: {', '.join(nk.roles)}")
        out[ident] = Entity(ident, role, ck.text(item, "name", "", required=False), members, scope, span=item.span)
    for entity in out.values():
        for member in entity.members:
            if member not in out:
                ck.unknown("entity", member, entity.span, out)
            elif member == entity.id:
                ck.err("RN627", f"group `{entity.id}` lists itself as a member", entity.span, "remove it")
    _group_cycles(ck, out)
    return list(out.values())


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
