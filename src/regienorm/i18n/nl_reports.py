"""Dutch texts of the text report of ``regienorm evaluate`` (:mod:`regienorm.render.text`): the
reconciliation (*aansluiting*), completeness, the counts and the legend.
"""

from __future__ import annotations

TEXTS: tuple[tuple[str, str], ...] = (
    ("evidence: {path}", "dossier: {path}"),
    ("Decisions", "Beslissingen"),
    ("Decisions and scores", "Beslissingen en scores"),
    ("{n} toetsaspect rows not shown (--aspects shows them); {d} of their cells differs from the printed verdicts.",
     "{n} rijen van toetsaspecten niet getoond (--aspects toont ze); {d} van hun cellen wijkt af van de afgedrukte oordelen."),
    ("{n} toetsaspect rows not shown (--aspects shows them); {d} of their cells differ from the printed verdicts.",
     "{n} rijen van toetsaspecten niet getoond (--aspects toont ze); {d} van hun cellen wijken af van de afgedrukte oordelen."),
    ("{n} toetsaspect rows not shown (--aspects shows them); none of their cells differs from a printed verdict.",
     "{n} rijen van toetsaspecten niet getoond (--aspects toont ze); geen van hun cellen wijkt af van een afgedrukt oordeel."),
    # the reconciliation
    ("Reconciliation: {summary}", "Aansluiting: {summary|t}"),
    ("All evidence files: {summary}", "Alle dossiers: {summary|t}"),
    ("{p} printed: {given}; {c} computed: {agree}; {u} where no finding or rule gives a verdict: {other}.",
     "{p} afgedrukt: {given|t}; {c} berekend: {agree|t}; {u} waar geen bevinding of regel een oordeel geeft: {other|t}."),
    ("{p} printed: {given}; {c} computed: {agree}.", "{p} afgedrukt: {given|t}; {c} berekend: {agree|t}."),
    ("{n} given as findings ({d} other than printed)", "{n} als bevinding gegeven ({d} anders dan afgedrukt)"),
    ("{n} given as findings", "{n} als bevinding gegeven"),
    ("{a} agrees, {d} differs", "{a} komt overeen, {d} wijkt af"),
    ("{a} agrees, {d} differ", "{a} komt overeen, {d} wijken af"),
    ("{a} agree, {d} differs", "{a} komen overeen, {d} wijkt af"),
    ("{a} agree, {d} differ", "{a} komen overeen, {d} wijken af"),
    ("Of the computed: {list}.", "Van de berekende: {list|l}."),
    ("{n} by rules stated in the source ({agree})", "{n} met regels die in de bron staan ({agree|t})"),
    ("{n} by reconstructed rules ({agree})", "{n} met gereconstrueerde regels ({agree|t})"),
    ("{n} by rules the framework declares ({agree})", "{n} met regels van het toetsingskader zelf ({agree|t})"),
    ("{n} by rules of unknown provenance ({agree})", "{n} met regels van onbekende herkomst ({agree|t})"),
    ("Printed blanks: {n}; regienorm computes a verdict for {m} of them.",
     "Lege cellen in het rapport: {n}; regienorm berekent voor {m} daarvan een oordeel."),
    ("- {who}: printed a blank in {source}; computed {computed}", "- {who}: afgedrukt een lege cel in {source|t}; berekend {computed|w}"),
    ("- {who}: printed {printed} in {source}; computed {computed}", "- {who}: afgedrukt {printed} in {source|t}; berekend {computed|w}"),
    # completeness and counts
    ("Completeness: {present} of {expected} expected findings; none missing.",
     "Volledigheid: {present} van {expected} verwachte bevindingen; er ontbreekt niets."),
    ("Completeness: {present} of {expected} expected findings; {n} missing:",
     "Volledigheid: {present} van {expected} verwachte bevindingen; {n} ontbreken:"),
    ("Completeness: {present} of {expected} expected sets of measure values; none missing.",
     "Volledigheid: {present} van {expected} verwachte reeksen meetwaarden; er ontbreekt niets."),
    ("Completeness: {present} of {expected} expected sets of measure values; {n} missing:",
     "Volledigheid: {present} van {expected} verwachte reeksen meetwaarden; {n} ontbreken:"),
    ("Completeness: {present} of {expected} expected input values; none missing.",
     "Volledigheid: {present} van {expected} verwachte waarden van gegevens; er ontbreekt niets."),
    ("Completeness: {present} of {expected} expected input values; {n} missing:",
     "Volledigheid: {present} van {expected} verwachte waarden van gegevens; {n} ontbreken:"),
    ("Records used of those read: findings {f} (of {e} expected), measures {m}, recorded verdicts {r}, overrides {o}.",
     "Gebruikt van wat gelezen is: bevindingen {f} (van {e} verwacht), meetwaarden {m}, vastgelegde oordelen {r}, bijstellingen {o}."),
    ("Records used of those read: findings {f}, measures {m}, recorded verdicts {r}, overrides {o}.",
     "Gebruikt van wat gelezen is: bevindingen {f}, meetwaarden {m}, vastgelegde oordelen {r}, bijstellingen {o}."),
    ("Legend: {na} not assessed, {nap} not applicable, * differs from the printed verdict, "
     "° computed where the report prints a blank, ! overridden.",
     "Legenda: {na} niet beoordeeld, {nap} niet van toepassing, * wijkt af van het afgedrukte oordeel, "
     "° berekend waar het rapport een lege cel heeft, ! bijgesteld."),
    ("Legend: {na} not assessed (or no value), {nap} not applicable, {err} the arithmetic failed, "
     "* differs from the printed verdict, ° computed where the report prints a blank, ! overridden.",
     "Legenda: {na} niet beoordeeld (of geen waarde), {nap} niet van toepassing, {err} de berekening is mislukt, "
     "* wijkt af van het afgedrukte oordeel, ° berekend waar het rapport een lege cel heeft, ! bijgesteld."),
)
