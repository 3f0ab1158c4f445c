"""Dutch texts of the diagnostics of several scales in one framework (RN740–RN749), and of the
scale texts RN209, RN210 and RN204's sibling RN742 added with them.

Per code: (English template, Dutch template) pairs, as in :mod:`.nl_compiler`.
"""

from __future__ import annotations

#: Where a rule is used, as the messages of RN744–RN748 name it (parts translated with ``|t``).
_WHERE = (
    ("norm `{name}`", "norm `{name}`"),
    ("group `{name}`", "groep `{name}`"),
    ("the total of normenkader `{name}`", "het totaal van normenkader `{name}`"),
    ("across entities in `{name}`", "over de entiteiten in `{name}`"),
)

MESSAGES: dict[str, tuple[tuple[str, str], ...]] = {
    "RN209": (
        ("a second verdict scale named `{name}`", "een tweede oordeelschaal met de naam `{name}`"),
        ("give each scale its own name", "geef elke schaal een eigen naam"),
    ),
    "RN210": (
        ("the points divide by zero", "de punten delen door nul"),
        ("write a number such as 2, 2.5 or 5/2", "schrijf een getal zoals 2, 2.5 of 5/2"),
    ),
    "RN740": (
        ("unknown scale `{name}`", "onbekende schaal `{name}`"),
        ("did you mean `{close}`? scales: {names}", "bedoelt u `{close}`? schalen: {names}"),
        ("scales: {names}", "schalen: {names}"),
        ("no scale of this name", "geen schaal met deze naam"),
    ),
    "RN741": (
        ("the symbol `{symbol}` is on the scales `{first}` and `{second}`",
         "het symbool `{symbol}` staat op de schalen `{first}` en `{second}`"),
        ('no two scales of a framework share a symbol, so that every symbol names one value: rename one (for example '
         '"{example}") or make it an alias on one scale only',
         'twee schalen van een toetsingskader delen geen symbool, zodat elk symbool één waarde noemt: hernoem er een '
         '(bijvoorbeeld "{example}") of maak het een alias op één schaal'),
        ("on `{scale}` at {where}", "op `{scale}` op {where}"),
        ("a symbol of another scale", "een symbool van een andere schaal"),
    ),
    "RN742": (
        # the longer forms first: a template matches the whole text, its parts as little as they can
        ("`{symbol}` is on the scale `{other}`, but rule `{rule}` yields `{scale}` (write `yields NAME` for another)",
         "`{symbol}` staat op de schaal `{other}`, maar regel `{rule}` levert `{scale}` (schrijf `levert NAAM` voor een andere)"),
        ("`{symbol}` is on the scale `{other}`, but rule `{rule}` yields `{scale}`",
         "`{symbol}` staat op de schaal `{other}`, maar regel `{rule}` levert `{scale}`"),
        ("`{symbol}` is on the scale `{other}`, but the inputs of rule `{rule}` are on `{scale}`",
         "`{symbol}` staat op de schaal `{other}`, maar de invoer van regel `{rule}` staat op `{scale}`"),
        ("`{symbol}` is on the scale `{other}`, but a verdict on `{scale}` is expected here",
         "`{symbol}` staat op de schaal `{other}`, maar hier hoort een oordeel op `{scale}`"),
        ("did you mean `{close}`? `{scale}` has {symbols}", "bedoelt u `{close}`? `{scale}` kent {symbols}"),
        ("`{scale}` has {symbols}", "`{scale}` kent {symbols}"),
        ("a verdict of another scale", "een oordeel van een andere schaal"),
    ),
    "RN743": (
        ("values share {points} points, but the scale is not written from best to worst",
         "waarden delen {points} punten, maar de schaal is niet van beste naar slechtste geschreven"),
        ("where values share points the order written says which is better: write the scale from its best value to its worst",
         "waar waarden punten delen, zegt de volgorde welke beter is: schrijf de schaal van haar beste waarde naar haar slechtste"),
        ("shared points", "gedeelde punten"),
    ),
    "RN744": (
        ("rule `{rule}` ({kind}) compares verdicts of one scale, but {where|t} combines verdicts on {scales}",
         "regel `{rule}` ({kind}) vergelijkt oordelen van één schaal, maar {where|t} combineert oordelen op {scales}"),
        ("use a rule of points (sum, share, mean or weighted share of points, each input on its own scale's maximum) "
         "or a table, or judge the inputs on one scale",
         "gebruik een regel van punten (som, fractie, gemiddelde of gewogen fractie van punten, elke invoer op het "
         "maximum van haar eigen schaal) of een tabel, of beoordeel de invoer op één schaal"),
        ("rule `{rule}` yields `{yields}`, but {kind} of {where|t} picks a verdict on `{scale}`",
         "regel `{rule}` levert `{yields}`, maar {kind} van {where|t} kiest een oordeel op `{scale}`"),
        ("a {kind} rule yields its inputs' scale: write `yields {scale}` or leave `yields` out",
         "een regel {kind} levert de schaal van zijn invoer: schrijf `levert {scale}` of laat `levert` weg"),
        ("rule `{rule}` is declared at {where}", "regel `{rule}` is gedeclareerd op {where}"),
        *_WHERE,
    ),
    "RN745": (
        ("rule `{rule}` combines verdicts on {scales} for {where|t}, and on {first} where it is used first",
         "regel `{rule}` combineert oordelen op {scales} voor {where|t}, en op {first} waar hij het eerst gebruikt wordt"),
        ("a rule reads one set of scales wherever it is used: declare a rule of its own for these inputs",
         "een regel leest overal waar hij gebruikt wordt dezelfde schalen: declareer een eigen regel voor deze invoer"),
        ("used first at {where}", "het eerst gebruikt op {where}"),
        *_WHERE,
    ),
    "RN746": (
        ("rule `{rule}` counts an input {status|w} as the lowest verdict, but {where|t} combines verdicts on {scales}",
         "regel `{rule}` telt een invoer die {status|w} is als het laagste oordeel, maar {where|t} combineert oordelen op {scales}"),
        ("the lowest value of which scale? use `skip` or `propagate` here",
         "de laagste waarde van welke schaal? gebruik hier `skip` of `propagate`"),
        *_WHERE,
    ),
    "RN747": (
        ("`findings on` twice in one place", "twee keer `findings on` op één plaats"),
        ("findings have one scale per level: keep one", "bevindingen hebben één schaal per niveau: houd er één"),
    ),
    "RN748": (
        ("rule `{rule}` sums points into whole-number bands, but scale `{scale}` has points that are not whole for {where|t}",
         "regel `{rule}` telt punten op in banden van hele getallen, maar schaal `{scale}` heeft punten die geen "
         "hele getallen zijn voor {where|t}"),
        ("a sum could fall between two bands: use `share of points` or `mean of points` with thresholds",
         "een som kan tussen twee banden vallen: gebruik `share of points` of `mean of points` met drempels"),
        *_WHERE,
    ),
    "RN766": (
        ('`"{symbol}"` is compared with the verdicts of the parts of `{target}`, which are on several scales ({scales})',
         '`"{symbol}"` wordt vergeleken met de oordelen van de onderdelen van `{target}`, en die staan op meer dan één '
         'schaal ({scales})'),
        ('`"{symbol}"` is compared with the verdicts of the tree of `{target}`, which are on several scales ({scales})',
         '`"{symbol}"` wordt vergeleken met de oordelen van de boom van `{target}`, en die staan op meer dan één '
         'schaal ({scales})'),
        ("a verdict compares by its points, which mean different things on different scales: read parts of one "
         "scale (a group or norm whose parts share one), or compare `points`",
         "een oordeel vergelijkt op zijn punten, en die betekenen op elke schaal iets anders: lees onderdelen van één "
         "schaal (een groep of norm waarvan de onderdelen er één delen), of vergelijk `points`"),
        ("verdicts of several scales", "oordelen van meer dan één schaal"),
    ),
    "RN749": (
        ("`{symbol}` is on the scale `{scale}`, but findings of `{target}` are on `{expected}`",
         "`{symbol}` staat op de schaal `{scale}`, maar de bevindingen van `{target}` staan op `{expected}`"),
        ("the scale has {symbols}", "de schaal kent {symbols}"),
        ("`{symbol}` is on the scale `{scale}`, but the verdict of `{target}` is on `{expected}`",
         "`{symbol}` staat op de schaal `{scale}`, maar het oordeel van `{target}` staat op `{expected}`"),
        ("an override gives a value of `{expected}`: {symbols}", "een override geeft een waarde van `{expected}`: {symbols}"),
        ("a recorded verdict gives a value of `{expected}`: {symbols}",
         "een vastgelegd oordeel geeft een waarde van `{expected}`: {symbols}"),
    ),
}
