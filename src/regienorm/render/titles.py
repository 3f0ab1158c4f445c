"""The titles the views show beside ids: a normenkader's, a group's and a norm's title, a
toetsaspect's text (which may differ per role), a score's and a decision's title. Read from the compiled framework once; the views
only look them up."""

from __future__ import annotations

from ..ir import Framework


class Titles(dict[str, str]):
    """Target id -> title (for an aspect declared per role, its first text); :meth:`of` gives the
    text an entity of a given role reads. A dict, so a view can also be given a plain mapping."""

    def __init__(self, titles: dict[str, str] | None = None, per_role: dict[tuple[str, str], str] | None = None) -> None:
        super().__init__(titles or {})
        self.per_role = per_role or {}

    @classmethod
    def of_framework(cls, framework: Framework) -> Titles:
        titles: dict[str, str] = {}
        per_role: dict[tuple[str, str], str] = {}
        for nk in framework.normenkaders:
            titles[nk.id] = nk.title
            for group in nk.groups:
                titles[f"{nk.id}.{group.id}"] = group.title
            for norm in nk.norms:
                titles[f"{nk.id}.{norm.id}"] = norm.title
                for aspect in norm.aspects:
                    key = f"{nk.id}.{norm.id}.{aspect.id}"
                    titles.setdefault(key, aspect.text)
                    for role in aspect.roles:
                        per_role.setdefault((key, role), aspect.text)
        for target, score in framework.score_targets().items():
            if score.title:
                titles[target] = score.title
        for decision in framework.decisions:
            if decision.title:
                titles[decision.id] = decision.title
        return cls(titles, per_role)

    def of(self, target: str, role: str | None = None) -> str | None:
        """The title of ``target`` as an entity of ``role`` reads it; None without one."""
        if role is not None and (target, role) in self.per_role:
            return self.per_role[(target, role)]
        return self.get(target)


def titles_of(titles: dict[str, str] | None, target: str, role: str | None) -> str | None:
    """:meth:`Titles.of` for any mapping a view was given (a plain dict has no per-role texts)."""
    if isinstance(titles, Titles):
        return titles.of(target, role)
    return (titles or {}).get(target)
