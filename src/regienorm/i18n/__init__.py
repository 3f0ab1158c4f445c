"""What regienorm says to people, in English or Dutch: a catalog of templates, applied when a text is shown.

Everything regienorm says is written in English where it is made (a diagnostic's message, help,
label and notes; a reason's sentence; a help text of the command line), and stays English in the
data: ``Diagnostic.to_json``, the JSON reports and the equality of diagnostics never change with the
language. Shown to a person under ``--lang nl``, a text is looked up in a catalog of templates::

    "unknown rule `{name}`"  ->  "onbekende regel `{name}`"

A template is the English text with its variable parts named; it is matched against the whole
text, and the parts found are put into the Dutch template. ``{name|w}`` in a Dutch template puts the
part through :data:`~.nl_words.WORDS` first (``rule`` -> ``regel``), for parts that are English words
themselves (``{kind} `{name}` is declared twice``), ``{kind|p}`` its plural, ``{what|t}`` a part
that is itself a text of the catalog, ``{what|l}`` a list of them separated by ``; ``. A text no template matches is shown as it is,
in English: a diagnostic added without a Dutch text still says what is wrong
(``tests/test_i18n.py`` fails for a code without one, and for every golden diagnostic that is not
translated in full).

Why a Python catalog and not gettext: gettext looks texts up exactly, so every message with a name in
it would have to be rewritten at its call site as a template with named arguments, in every stage at
once (while others add diagnostics in the old style); and a ``.mo`` file is a compiled artefact to
build, ship and keep in step. Templates matched against the English text leave every call site as
it is, keep the translation in one reviewed place next to the English it translates, and are
checked by ordinary tests. The catalogs are plain data, loaded on the first Dutch text.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping, Sequence
from functools import cache, lru_cache

#: The languages regienorm speaks.
LANGUAGES = ("en", "nl")

#: The language when neither ``--lang`` nor the environment names one.
DEFAULT = "en"


def language_from_environment(environ: Mapping[str, str] | None = None) -> str:
    """``nl`` when the locale the environment names is Dutch (``LC_ALL``, else ``LC_MESSAGES``, else
    ``LANG``: the first one set decides, as for any POSIX program), else ``en``.

    >>> language_from_environment({"LANG": "nl_NL.UTF-8"}), language_from_environment({"LC_ALL": "C", "LANG": "nl_BE"})
    ('nl', 'en')
    """
    environ = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name, "")
        if value:
            return "nl" if value.lower().startswith("nl") else DEFAULT
    return DEFAULT


#: ``{name}`` (any text), ``{name:d}`` (digits only: a line number, where any text would match too
#: much), and in a translation ``{name|w}``, ``{name|p}``, ``{name|t}``, ``{name|l}``.
_PLACEHOLDER = re.compile(r"\{(\w+)(?::(d))?(?:\|(\w+))?\}")


class Template:
    """One English template and its translation; :meth:`apply` translates a text it matches."""

    def __init__(self, english: str, translated: str) -> None:
        self.english = english
        self.translated = translated
        pattern, seen, at = [], set(), 0
        for match in _PLACEHOLDER.finditer(english):
            pattern.append(re.escape(english[at:match.start()]))
            name = match.group(1)
            part = r"\d+" if match.group(2) else ".+?"
            pattern.append(f"(?P={name})" if name in seen else f"(?P<{name}>{part})")
            seen.add(name)
            at = match.end()
        pattern.append(re.escape(english[at:]))
        self.pattern = re.compile("".join(pattern), re.DOTALL)
        self.names = frozenset(seen)
        unknown = {m.group(1) for m in _PLACEHOLDER.finditer(translated)} - seen
        if unknown:
            raise ValueError(f"the translation of {english!r} names {sorted(unknown)}, which the English does not")

    def apply(self, text: str, words: Mapping[str, str]) -> str | None:
        match = self.pattern.fullmatch(text)
        if match is None:
            return None
        found = match.groupdict()

        def put(m: re.Match[str]) -> str:
            value, how = found[m.group(1)], m.group(3)
            if how == "w":  # a word, or a phrase the catalog has a template for (a list or record is neither)
                return value if value[:1] in "[{" else words.get(value) or _translate_any(value, words) or value
            if how == "p":  # the plural of a word the English writes as `{kind}s`
                return words.get(value + "s", words.get(value, value))
            if how == "t":  # a part that is itself a text of the catalog ("expected {what}")
                return _translate_any(value, words) or value
            if how == "l":  # a list of such texts, separated by "; "
                return "; ".join(_translate_any(item, words) or item for item in value.split("; "))
            return value

        return _PLACEHOLDER.sub(put, self.translated)


@cache
def _catalog(language: str) -> tuple[dict[str, tuple[Template, ...]], tuple[Template, ...], tuple[Template, ...], dict[str, str]]:
    """Per code its templates; the templates every code may use; the texts that are no diagnostic
    (reasons, the command line's); and the word table."""
    if language != "nl":
        return {}, (), (), {}
    from . import nl_cli, nl_compiler, nl_decisions, nl_distributed, nl_evidence, nl_reasons, nl_reports, nl_scales, nl_words

    by_code: dict[str, list[Template]] = {}
    for part in (nl_compiler.MESSAGES, nl_decisions.MESSAGES, nl_evidence.MESSAGES, nl_scales.MESSAGES,
                 nl_distributed.MESSAGES):
        for code, pairs in part.items():
            by_code.setdefault(code, []).extend(Template(en, nl) for en, nl in pairs)
    common = tuple(Template(en, nl) for en, nl in nl_words.COMMON)
    # the reports' lines first: they start with words of their own, and a reason's template as general
    # as `{verdict}: {note} [{sources}]` would take a reconciliation line that ends in a list
    texts = tuple(Template(en, nl) for en, nl in (*nl_reports.TEXTS, *nl_reasons.TEXTS, *nl_cli.TEXTS))
    return {code: tuple(ts) for code, ts in by_code.items()}, common, texts, dict(nl_words.WORDS)


def _translate_any(text: str, words: Mapping[str, str]) -> str | None:
    """A part of a text that is itself a text of the catalog, of any code."""
    by_code, common, texts, _ = _catalog("nl")
    if text in words:
        return words[text]
    for template in (*common, *texts, *(t for ts in by_code.values() for t in ts)):
        out = template.apply(text, words)
        if out is not None:
            return out
    return None


def translate(text: str, language: str, code: str | None = None) -> str:
    """``text`` in ``language``: the first template of ``code`` (then those every code may use) that
    matches it, applied; without a code, the texts that are no diagnostic (reasons, the command
    line's). The text itself when none matches, or when the language is English.

    >>> translate("unknown rule `puntentelingg`", "nl", "RN201")
    'onbekende regel `puntentelingg`'
    """
    found = lookup(text, language, code)
    return text if found is None else found


@lru_cache(maxsize=8192)  # a report says the same sentence for many entities: matched once
def lookup(text: str, language: str, code: str | None = None) -> str | None:
    """Like :func:`translate`, but None when no template matches (a test asks which texts have none)."""
    if language == DEFAULT or not text:
        return None
    by_code, common, texts, words = _catalog(language)
    if code is None and text in words:
        return words[text]
    templates: Iterable[Template] = (*by_code.get(code, ()), *common) if code else (*texts, *common)
    for template in templates:
        out = template.apply(text, words)
        if out is not None:
            return out
    return None


def codes(language: str) -> frozenset[str]:
    """The diagnostic codes that have at least one text in ``language``'s catalog."""
    return frozenset(_catalog(language)[0])


def word(text: str, language: str) -> str:
    """One word or fixed phrase (``judged``, ``total``) in ``language``, as the reports use them."""
    if language == DEFAULT:
        return text
    return _catalog(language)[3].get(text, translate(text, language))


def words(texts: Sequence[str], language: str) -> list[str]:
    return [word(t, language) for t in texts]
