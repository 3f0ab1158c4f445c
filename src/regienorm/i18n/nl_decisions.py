"""Dutch texts of the diagnostics of named inputs, decisions, groups and scores (RN7xx), as
:mod:`.nl_compiler`: (English template, Dutch template) per code.
"""

from __future__ import annotations

MESSAGES: dict[str, tuple[tuple[str, str], ...]] = {
    # ------------------------------------------------------------------ inputs and decisions
    "RN701": (
        ("unknown input or decision `{name}`", "onbekend gegeven of onbekende beslissing `{name}`"),
        ("declare it: `input {name} number` or `decision {other} = …`", "declareer het: `input {name} number` of `decision {other} = …`"),
        ("no input or decision of this name", "geen gegeven of beslissing met deze naam"),
    ),
    "RN702": (
        ("decisions depend on each other in a circle: {chain}", "beslissingen hangen in een kring van elkaar af: {chain}"),
        ("a decision may use only decisions that do not use it", "een beslissing mag alleen beslissingen gebruiken die haar zelf niet gebruiken"),
    ),
    "RN703": (
        ("`case` chooses by category, and {subject} is {kind}", "`case` kiest per categorie, en {subject} is {kind|w}"),
        ("use `band` for numbers and `if` for true/false", "gebruik `band` voor getallen en `if` voor waar/onwaar"),
        ("`{op}` compares numbers, and {left} is {kind}", "`{op}` vergelijkt getallen, en {left} is {kind|w}"),
        ("categories are compared with `=`, `!=` or `in (…)`", "categorieën vergelijkt u met `=`, `!=` of `in (…)`"),
        ("`in` lists {got} for {want}", "`in` noemt {got|w} voor {want|w}"),
        ("list values of the kind of the left side", "noem waarden van de soort van de linkerkant"),
        ("{expr} compares {left} with {right}", "{expr} vergelijkt {left|w} met {right|w}"),
        ("compare values of one kind", "vergelijk waarden van één soort"),
        ("{what} give {first} and {other}", "{what|w} geven {first|w} en {other|w}"),
        ("every branch must give a value of one kind", "elke tak geeft een waarde van dezelfde soort"),
        ("{what} needs {want}, and {expr} is {got}", "{what|w} vraagt {want|w}, en {expr} is {got|w}"),
        ("use {kind} here", "gebruik hier {kind|w}"),
    ),
    "RN704": (
        ('"{label}" is not one of the categories {labels}', '"{label}" is geen van de categorieën {labels}'),
        ("use one of the declared categories", "gebruik een van de gedeclareerde categorieën"),
    ),
    "RN705": (
        ("`case {subject}` has no value for {labels}", "`case {subject}` heeft geen waarde voor {labels}"),
        ("add a case for each, or `otherwise -> …`", "voeg voor elk een geval toe, of `otherwise -> …`"),
        ('the case "{label}" is listed twice', 'het geval "{label}" staat er twee keer'),
        ("the first would always win: remove the second", "het eerste wint altijd: verwijder het tweede"),
    ),
    "RN706": (
        ("its values run from {low} to {high}, in steps of {step}", "de waarden lopen van {low|w} tot {high|w}, in stappen van {step}"),
        ("its values run from {low} to {high}", "de waarden lopen van {low|w} tot {high|w}"),
        ("the values it can take: {list} ({n} in all)", "de waarden die het kan aannemen: {list} ({n} in totaal)"),
        ("for example with {example}", "bijvoorbeeld met {example|l}"),
        ("{n} parts of `{target}` judged, with points {points}", "{n} onderdelen van `{target}` beoordeeld, met punten {points}"),
        (" between {a} and {b}", " tussen {a|t} en {b|t}"),
        (" outside every band ({around})", " buiten elke klasse ({around|t})"),
        ("the band ending at {value}", "de klasse die eindigt bij {value}"),
        ("the band starting at {value}", "de klasse die begint bij {value}"),
        ("{subject} can be {value}, which falls{where}", "{subject} kan {value} zijn, en dat valt{where|t}"),
        ("if {subject} can be {value}, it falls{where}", "als {subject} {value} kan zijn, valt het{where|t}"),
        ("close the gap, or add `otherwise -> …`", "dicht het gat, of voeg `otherwise -> …` toe"),
        ("declare the range of the inputs it is computed from, or add `otherwise -> …`",
         "declareer het bereik van de gegevens waaruit het berekend wordt, of voeg `otherwise -> …` toe"),
    ),
    "RN707": (
        ("the bands {a} and {b} of {subject} both hold {value}", "de klassen {a} en {b} van {subject} bevatten allebei {value}"),
        ("a value must fall in one band: make one end open, for example `[0..4)`",
         "een waarde valt in precies één klasse: maak één grens open, bijvoorbeeld `[0..4)`"),
    ),
    "RN708": (
        ("the band {band} holds no number", "de klasse {band} bevat geen enkel getal"),
        ("write the lower bound first; `[a..a]` or `= a` is the one number a",
         "schrijf de ondergrens eerst; `[a..a]` of `= a` is het ene getal a"),
    ),
    "RN709": (
        ("{n} parts of `{target}` judged, with points {points}", "{n} onderdelen van `{target}` beoordeeld, met punten {points}"),
        ("decision `{name}` fails for some inputs: {problem}", "beslissing `{name}` faalt voor sommige gegevens: {problem|t}"),
        ("guard the arithmetic with `if`, or cover every value", "bescherm de berekening met `if`, of dek elke waarde af"),
        ("for example with {example}", "bijvoorbeeld met {example}"),
        ("{expr} divides by zero whatever the inputs", "{expr} deelt door nul, wat de gegevens ook zijn"),
        ("divide by something that is not 0", "deel door iets wat geen 0 is"),
    ),
    "RN710": (
        ("a decision reads named inputs and decisions", "een beslissing leest benoemde gegevens en beslissingen"),
        ("`{fn}(…)` aggregates the inputs of a rule and has no meaning in a decision",
         "`{fn}(…)` aggregeert de invoer van een regel en heeft in een beslissing geen betekenis"),
        ("a decision reads named inputs and decisions: `min(a, b)`, `max(a, b)`, `abs(a)`; "
         "to aggregate a target's parts, name it: `{example}`",
         "een beslissing leest benoemde gegevens en beslissingen: `min(a, b)`, `max(a, b)`, `abs(a)`; "
         "noem het doel om de onderdelen ervan te aggregeren: `{example}`"),
        ("{expr} has no meaning in a decision", "{expr} heeft in een beslissing geen betekenis"),
    ),
    "RN711": (
        ("unknown function `{name}`", "onbekende functie `{name}`"),
        ("functions are `min`, `max`, `abs` and `round`", "de functies zijn `min`, `max`, `abs` en `round`"),
        ("`{fn}` takes {want} values, here {got}", "`{fn}` neemt {want} waarden, hier {got}"),
        ("`{fn}` takes {want} value, here {got}", "`{fn}` neemt {want} waarde, hier {got}"),
        ("for example `{example}`", "bijvoorbeeld `{example}`"),
    ),
    "RN712": (
        ("an exponent must be a whole number written in the framework",
         "een exponent is een geheel getal dat in het toetsingskader staat"),
        ("write the exponent as a number, for example `^ 15`", "schrijf de exponent als getal, bijvoorbeeld `^ 15`"),
        ("the exponent {value} is not a whole number up to {limit}", "de exponent {value} is geen geheel getal tot en met {limit}"),
        ("powers are exact: use a whole exponent", "machten zijn exact: gebruik een gehele exponent"),
    ),
    "RN713": (
        ("decision `{name}` is declared `one of` categories but gives {kind}",
         "beslissing `{name}` is gedeclareerd als `one of` categorieën, maar geeft {kind|w}"),
        ("give a category, for example with `band` or `case`", "geef een categorie, bijvoorbeeld met `band` of `case`"),
        ('decision `{name}` can give "{label}", which is not one of its categories',
         'beslissing `{name}` kan "{label}" geven, en dat is geen van haar categorieën'),
        ("add it to `one of (…)` or correct it", "voeg het toe aan `one of (…)` of verbeter het"),
    ),
    "RN714": (
        ("rounding to a step of {step}", "afronden op een stap van {step}"),
        ("round to a positive step, for example 0.1 or 1", "rond af op een positieve stap, bijvoorbeeld 0.1 of 1"),
    ),
    "RN715": (
        ('input `{name}` lists the category "{label}" twice', 'gegeven `{name}` noemt de categorie "{label}" twee keer'),
        ("list each category once", "noem elke categorie één keer"),
        ("input `{name}` has a unit or range but is not a number", "gegeven `{name}` heeft een eenheid of bereik maar is geen getal"),
        ("a unit and a range belong to a `number` input", "een eenheid en een bereik horen bij een gegeven `number`"),
        ("input `{name}` has an empty range", "gegeven `{name}` heeft een leeg bereik"),
        ("write the lower bound first", "schrijf de ondergrens eerst"),
    ),
    "RN716": (
        ("`of {word}` belongs in a score of a normenkader, not in a decision",
         "`of {word}` hoort in een score van een normenkader, niet in een beslissing"),
        ("a decision names the target whose parts it reads (`of opzet`); a score at every node of a tree reads `of {word}`: "
         "`score NAME = …` inside the normenkader",
         "een beslissing noemt het doel waarvan zij de onderdelen leest (`of opzet`); een score op elk knooppunt van een boom "
         "leest `of {word}`: `score NAAM = …` binnen het normenkader"),
        ("`{target}` is not a normenkader or norm with parts", "`{target}` is geen normenkader of norm met onderdelen"),
        ("name a normenkader (its norms are the parts) or a norm with toetsaspecten",
         "noem een normenkader (de normen zijn de onderdelen) of een norm met toetsaspecten"),
        ("`of {target}` reads verdicts, and the framework has no verdict scale",
         "`of {target}` leest oordelen, en het toetsingskader heeft geen oordeelschaal"),
        ("declare the scale the parts are judged on", "declareer de schaal waarop de onderdelen beoordeeld worden"),
    ),
    # ------------------------------------------------------------------ trees: groups and scores
    "RN720": (
        ("score `{name}` gives a level twice", "score `{name}` geeft een niveau twee keer"),
        ("keep one `norm =` and one `group =`", "houd één `norm =` en één `group =` over"),
        ("score `{name}` has no value at any level", "score `{name}` heeft op geen enkel niveau een waarde"),
        ("write `group = …` (its value at groups and the normenkader) or `norm = …`",
         "schrijf `group = …` (de waarde bij groepen en het normenkader) of `norm = …`"),
    ),
    "RN721": (
        ("`{name}` is both a group and a norm", "`{name}` is zowel een groep als een norm"),
        ("give the group and the norm different ids", "geef de groep en de norm verschillende id's"),
    ),
    "RN722": (
        ("the weight of group `{name}` is not a number of at least 0", "het gewicht van groep `{name}` is geen getal van ten minste 0"),
        ("the weight of norm `{name}` is not a number of at least 0", "het gewicht van norm `{name}` is geen getal van ten minste 0"),
        ("write a weight such as `weight 1`, `weight 0.5` or `weight 0`", "schrijf een gewicht zoals `weight 1`, `weight 0.5` of `weight 0`"),
    ),
    "RN723": (
        ("group `{name}` says twice what judges it", "groep `{name}` zegt twee keer waarmee zij beoordeeld wordt"),
        ("keep one `verdict by`", "houd één `verdict by` over"),
    ),
    "RN724": (
        ("the total of `{nk}` reads the verdict of group `{group}`, but no rule judges that group",
         "het totaal van `{nk}` leest het oordeel van groep `{group}`, maar geen regel beoordeelt die groep"),
        ("add `groups by RULE` to the normenkader, or `verdict by RULE` to the group",
         "voeg `groups by REGEL` toe aan het normenkader, of `verdict by REGEL` aan de groep"),
    ),
    "RN725": (
        ("score `{name}` is declared twice in `{nk}`", "score `{name}` is twee keer gedeclareerd in `{nk}`"),
        ("give each score its own name", "geef elke score een eigen naam"),
    ),
    "RN726": (
        ("a score cannot read `{name}`", "een score kan `{name}` niet lezen"),
        ("did you mean `{close}`? a score reads `points`, `verdict`, `weight` and the node's other scores, and of its parts the same",
         "bedoelt u `{close}`? een score leest `points`, `verdict`, `weight` en de andere scores van het knooppunt, "
         "en van de onderdelen hetzelfde"),
        ("did you mean `{close}`? a score reads `points`, `verdict`, `weight` and the node's other scores",
         "bedoelt u `{close}`? een score leest `points`, `verdict`, `weight` en de andere scores van het knooppunt"),
        ("a score reads `points`, `verdict`, `weight` and the node's other scores, and of its parts the same",
         "een score leest `points`, `verdict`, `weight` en de andere scores van het knooppunt, en van de onderdelen hetzelfde"),
        ("a score reads `points`, `verdict`, `weight` and the node's other scores",
         "een score leest `points`, `verdict`, `weight` en de andere scores van het knooppunt"),
    ),
    "RN727": (
        ("`{fn}(…)` in a score must say what it runs over", "`{fn}(…)` in een score zegt waarover het loopt"),
        ("write `of parts` (the node's judged children) or `of norms` (every judged norm below it)",
         "schrijf `of parts` (de beoordeelde onderdelen van het knooppunt) of `of norms` (elke beoordeelde norm eronder)"),
        ("a norm's score cannot run over norms", "de score van een norm kan niet over normen lopen"),
        ("at `norm =`, `of parts` runs over the norm's judged toetsaspecten",
         "bij `norm =` loopt `of parts` over de beoordeelde toetsaspecten van de norm"),
        ("an aggregate inside an aggregate over parts", "een aggregaat binnen een aggregaat over onderdelen"),
        ("give the inner value a score of its own and read that", "geef de binnenste waarde een eigen score en lees die"),
    ),
    "RN728": (
        ("scores read each other in a circle: {chain}", "scores lezen elkaar in een kring: {chain}"),
        ("one of them must be computed without the others", "één ervan moet zonder de andere te berekenen zijn"),
    ),
    "RN729": (
        ("outcome `{name}` is declared twice", "uitkomst `{name}` is twee keer gedeclareerd"),
        ("declare each outcome once", "declareer elke uitkomst één keer"),
        ("outcome `{name}` is already a symbol of the scale", "uitkomst `{name}` is al een symbool van de schaal"),
        ("an outcome is a result besides the scale's: choose another name, or use the scale's value",
         "een uitkomst is een resultaat naast die van de schaal: kies een andere naam, of gebruik de waarde van de schaal"),
    ),
}
