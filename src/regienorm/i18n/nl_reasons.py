"""Dutch texts of the reasons a verdict gives (``regienorm explain``, the text reports): the sentences
of :mod:`regienorm.semantics.reasons` and :mod:`regienorm.semantics.rules`, as templates.
The arithmetic itself (``1+2+0 = 3 of 6 points``) keeps its numbers; only the words change.
"""

from __future__ import annotations


def _waiver_parts() -> list[tuple[tuple[str, str], ...]]:
    """Every combination of what a waiver's reason says besides the author, longest first."""
    pieces = ((", approved by {approver}", ", goedgekeurd door {approver}"), (", dated {date}", ", gedateerd {date}"),
              (", expires {expires}", ", verloopt {expires}"), (" (scope: {scope})", " (reikwijdte: {scope})"))
    out = [tuple(p for n, p in enumerate(pieces) if mask >> n & 1) for mask in range(1, 16)]
    return sorted(out, key=lambda parts: -len(parts))


_WAIVER_PARTS = _waiver_parts()

TEXTS: tuple[tuple[str, str], ...] = (
    # which rule decided
    ('rule `{rule}` "{title}" ({kind}; {provenance})', 'regel `{rule}` "{title}" ({kind|w}; {provenance|t})'),
    ("rule `{rule}` ({kind}; {provenance})", "regel `{rule}` ({kind|w}; {provenance|t})"),
    ("stated in the source", "vermeld in de bron"),
    ("reconstructed: {note}", "gereconstrueerd: {note}"),
    ("declared by the framework", "vastgesteld in het toetsingskader"),
    # the arithmetic of each kind of rule
    ("{sum} = {total} of {max} points = {ratio}; {step}", "{sum} = {total} van {max} punten = {ratio}; {step|t}"),
    ("{sum} = {total} points; band {band} -> {symbol}", "{sum} = {total} punten; klasse {band} -> {symbol}"),
    ("{sum} = {total} points; no band covers {same}, so no verdict", "{sum} = {total} punten; geen klasse dekt {same}, dus geen oordeel"),
    ("{sum} = {mean} points on average; {step}", "{sum} = gemiddeld {mean} punten; {step|t}"),
    ("{sum} = {total} of {max} weighted points = {share}; {step}", "{sum} = {total} van {max} gewogen punten = {share}; {step|t}"),
    ("from {bound} -> {symbol}", "vanaf {bound} -> {symbol}"),
    ("above {bound} -> {symbol}", "boven {bound} -> {symbol}"),
    ("otherwise -> {symbol}", "overig -> {symbol}"),
    ("worst of {list} is {symbol}", "slechtste van {list} is {symbol}"),
    ("best of {list} is {symbol}", "beste van {list} is {symbol}"),
    ("{counts}: majority {symbol}", "{counts}: meestvoorkomend {symbol}"),
    ("{counts}: a tie between {list}; tie goes to {tie} -> {symbol}",
     "{counts}: gelijke stand tussen {list}; bij gelijke stand {tie|w} -> {symbol}"),
    ("{hits} of {n} inputs {op} {level} (need at least {k}) -> then {symbol}",
     "{hits} van {n} invoerwaarden {op} {level} (ten minste {k} nodig) -> dan {symbol}"),
    ("{hits} of {n} inputs {op} {level} (need at least {k}) -> else {symbol}",
     "{hits} van {n} invoerwaarden {op} {level} (ten minste {k} nodig) -> anders {symbol}"),
    ("{hits} of {n} inputs {op} {level} (need all) -> then {symbol}", "{hits} van {n} invoerwaarden {op} {level} (alle nodig) -> dan {symbol}"),
    ("{hits} of {n} inputs {op} {level} (need all) -> else {symbol}", "{hits} van {n} invoerwaarden {op} {level} (alle nodig) -> anders {symbol}"),
    ("{hits} of {n} inputs {op} {level} (need any) -> then {symbol}", "{hits} van {n} invoerwaarden {op} {level} (één nodig) -> dan {symbol}"),
    ("{hits} of {n} inputs {op} {level} (need any) -> else {symbol}", "{hits} van {n} invoerwaarden {op} {level} (één nodig) -> anders {symbol}"),
    ("cannot decide: {problem}", "geen beslissing mogelijk: {problem|t}"),
    # inputs, findings, measures
    ("{label}: {symbol} ({points} point)", "{label}: {symbol} ({points} punt)"),
    ("{label}: {symbol} ({points} points)", "{label}: {symbol} ({points} punten)"),
    ("finding: {rest}", "bevinding: {rest|t}"),
    ("{verdict} (printed as {printed}): {note} [{sources}]", "{verdict} (afgedrukt als {printed}): {note} [{sources|l}]"),
    ("{verdict}: {note} [{sources}]", "{verdict}: {note} [{sources|l}]"),
    ("{verdict} [{sources}]", "{verdict} [{sources|l}]"),
    ("{document}, footnote {n:d}, line {line:d}", "{document}, voetnoot {n}, regel {line}"),
    ("{document}, line {line:d}", "{document}, regel {line}"),
    ("footnote {n:d}, line {line:d}", "voetnoot {n}, regel {line}"),
    ("line {line:d}", "regel {line}"),
    ("{document}, footnote {n:d}", "{document}, voetnoot {n}"),
    ("{document}, p. {page:d}, line {line:d}", "{document}, p. {page}, regel {line}"),
    ("(no source given)", "(geen bron opgegeven)"),
    # a waiver's approver, dates and scope, each when given (semantics.reasons.override_reason), before the plain form
    *((f"override by {{author}}{''.join(en for en, _ in parts)}: {{verdict}} replaces the computed {{computed}}: {{why}}",
       f"bijstelling door {{author}}{''.join(nl for _, nl in parts)}: {{verdict}} vervangt het berekende {{computed|w}}: {{why}}")
      for parts in _WAIVER_PARTS),
    ("profile `{profile}`: {change} ({why})", "profiel `{profile}`: {change} ({why})"),
    ("profile `{profile}`: {change}", "profiel `{profile}`: {change}"),
    ("override by {author}: {verdict} replaces the computed {computed}: {why}",
     "bijstelling door {author}: {verdict} vervangt het berekende {computed|w}: {why}"),
    # what is missing, what does not apply
    ("`{entity}` is judged across its members: {members}", "`{entity}` wordt over de leden beoordeeld: {members}"),
    ("left out of `by entity` aggregates, having no values of `{measure}`: {list}",
     "buiten de aggregaten `by entity` gelaten, want zonder waarden van `{measure}`: {list}"),
    ("no inputs remain to judge", "er blijft geen invoer over om te beoordelen"),
    ("there are no inputs to judge", "er is geen invoer om te beoordelen"),
    ("normenkader `{nk}` declares no `total by` rule, so it has no total",
     "normenkader `{nk}` heeft geen regel `total by` en dus geen totaal"),
    ("no values of measure `{measure}` for `{entity}` or its members", "geen waarden van indicator `{measure}` voor `{entity}` of de leden"),
    ("no values of measure `{measure}` for `{entity}`", "geen waarden van indicator `{measure}` voor `{entity}`"),
    ("no finding for `{entity}` on {level} `{target}` (it has no toetsaspecten for role `{role}`)",
     "geen bevinding voor `{entity}` op {level|w} `{target}` (die heeft geen toetsaspecten voor rol `{role}`)"),
    ("no finding for `{entity}` on {level} `{target}`", "geen bevinding voor `{entity}` op {level|w} `{target}`"),
    ("norm `{target}` is judged on measure `{measure}`; its toetsaspecten describe what the measure covers and are not judged one by one",
     "norm `{target}` wordt beoordeeld op indicator `{measure}`; de toetsaspecten beschrijven wat de indicator meet en worden niet "
     "afzonderlijk beoordeeld"),
    ("normenkader `{nk}` applies to {roles}; `{entity}` has role `{role}`", "normenkader `{nk}` geldt voor {roles|t}; `{entity}` heeft rol `{role}`"),
    ("norm `{target}` applies to {roles}; `{entity}` has role `{role}`", "norm `{target}` geldt voor {roles|t}; `{entity}` heeft rol `{role}`"),
    ("toetsaspect `{target}` is declared for {roles}; `{entity}` has role `{role}`",
     "toetsaspect `{target}` is gedeclareerd voor {roles|t}; `{entity}` heeft rol `{role}`"),
    ("role {roles}", "rol {roles}"),
    ("every role", "elke rol"),
    ("{label} is {what}; the rule's policy for {same} inputs is `propagate`, so this verdict is not assessed",
     "{label} is {what|w}; de regel geeft {same|w} invoer door (`propagate`), dus dit oordeel is niet beoordeeld"),
    ("{label} is {what}; counted as the lowest verdict {symbol} (policy `lowest`)",
     "{label} is {what|w}; geteld als het laagste oordeel {symbol} (`lowest`)"),
    ("{label} is {what}; left out and the rest renormalised (policy `skip`)",
     "{label} is {what|w}; weggelaten en de rest naar verhouding meegeteld (`skip`)"),
    ("{label}: not assessed", "{label}: niet beoordeeld"),
    ("{label}: not applicable", "{label}: niet van toepassing"),
)
