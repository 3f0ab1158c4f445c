"""Dutch texts of the diagnostics of reading, parsing and compiling a framework (RN0xx–RN5xx; the
inputs, decisions, groups and scores of RN7xx are in :mod:`.nl_decisions`).

Per code: (English template, Dutch template) pairs, the English exactly as the code writes it with
its variable parts named (see :mod:`regienorm.i18n`). Written as a Dutch auditor would say it:
*onbekende regel*, *bedoelt u …?*, *toetsingskader* for the file, *normenkader* for its parts.
"""

from __future__ import annotations

MESSAGES: dict[str, tuple[tuple[str, str], ...]] = {
    # ------------------------------------------------------------------ files
    "RN001": (
        ("the file contains a lone surrogate (not valid Unicode)", "het bestand bevat een los surrogaatteken (geen geldige Unicode)"),
        ("remove it; the text was damaged in a conversion", "verwijder het; de tekst is bij een omzetting beschadigd"),
        ("the file is not valid UTF-8", "het bestand is geen geldige UTF-8"),
        ("save the file as UTF-8 (in Word or Excel: 'Save as', encoding UTF-8)",
         "sla het bestand op als UTF-8 (in Word of Excel: 'Opslaan als', codering UTF-8)"),
        ("byte 0x{byte} at offset {offset}", "byte 0x{byte} op positie {offset}"),
        ("a text holds a lone surrogate, which is not valid Unicode",
         "een tekst bevat een los surrogaatteken, en dat is geen geldige Unicode"),
        ("remove the `\\ud…` escape, or write the character itself", "verwijder de escape `\\ud…`, of schrijf het teken zelf"),
    ),
    "RN002": (
        ("the file contains a NUL character", "het bestand bevat een NUL-teken"),
        ("remove the NUL character; the file may be binary or damaged", "verwijder het NUL-teken; het bestand is misschien binair of beschadigd"),
    ),
    "RN003": (
        ("cannot read `{path}`", "`{path}` kan niet worden gelezen"),
        ("cannot write `{path}`", "`{path}` kan niet worden geschreven"),
        ("cannot read `{path}` again to hash it", "`{path}` kan niet opnieuw worden gelezen om de hash te berekenen"),
        ("cannot find the file `{path}`", "het bestand `{path}` is niet gevonden"),
        ("check the path ({why})", "controleer het pad ({why|t})"),
        ("name a regular file: a device, a FIFO or a folder is never written to",
         "geef een gewoon bestand op: naar een apparaat, een FIFO of een map wordt nooit geschreven"),
        ("the disk is full: free some space and run again (the old file, if any, is unchanged)",
         "de schijf is vol: maak ruimte vrij en probeer het opnieuw (een eventueel bestaand bestand is ongewijzigd)"),
        ("check that the folder exists and can be written", "controleer of de map bestaat en beschrijfbaar is"),
        ("not a regular file", "geen gewoon bestand"),
    ),
    "RN004": (
        ("the file is too large ({size} bytes)", "het bestand is te groot ({size} bytes)"),
        ("framework files may be at most {limit} bytes; split it with `include`",
         "een toetsingskader is ten hoogste {limit} bytes; splits het met `include`"),
    ),
    "RN009": (
        ("{more} not listed", "{more} niet getoond"),
        ("{count} more errors not listed", "nog {count} fouten niet getoond"),
        ("at most {limit} errors are listed; fix these and check again",
         "er worden ten hoogste {limit} fouten getoond; herstel deze en controleer opnieuw"),
        ("the first error not listed", "de eerste fout die niet getoond is"),
    ),
    # ------------------------------------------------------------------ syntax
    "RN101": (
        ("unexpected character {char}", "onverwacht teken {char}"),
        ("expected {want}", "verwacht: {want}"),
        ("remove or quote this character", "verwijder dit teken of zet het tussen aanhalingstekens"),
        ("not part of the language here", "hoort hier niet bij de taal"),
    ),
    "RN102": (
        ("unexpected `{token}`", "onverwacht `{token}`"),
        ("expected {want}", "verwacht: {want}"),
        ("did you mean the keyword `{word}`? (expected {want})", "bedoelt u het sleutelwoord `{word}`? (verwacht: {want})"),
        ("`{word}` is a keyword and cannot be used here; expected {want}",
         "`{word}` is een sleutelwoord en kan hier niet staan; verwacht: {want}"),
        ("not expected here", "hier niet verwacht"),
    ),
    "RN103": (
        ("the file ends too early", "het bestand houdt te vroeg op"),
        ("expected {want}", "verwacht: {want}"),
        ("complete the last declaration", "maak de laatste declaratie af"),
        ("more was expected here", "hier werd meer verwacht"),
    ),
    "RN104": (
        ("too long", "te lang"),
        ("a number of {count} characters", "een getal van {count} tekens"),
        ("numbers in a framework have at most {limit} characters", "getallen in een toetsingskader hebben ten hoogste {limit} tekens"),
    ),
    "RN105": (
        ("split it into several cases, or name the parts in separate rules",
         "verdeel haar over meer gevallen, of geef de delen een naam in aparte regels"),
        ("the file is nested too deeply to read", "het bestand is te diep genest om te lezen"),
        ("the condition is nested more than {limit} levels deep", "de voorwaarde is meer dan {limit} niveaus diep genest"),
        ("the condition is nested too deeply", "de voorwaarde is te diep genest"),
        ("split deeply nested conditions into several cases", "verdeel diep geneste voorwaarden over meer gevallen"),
        ("split it into several cases", "verdeel haar over meer gevallen"),
        ("level {level} starts here", "niveau {level} begint hier"),
    ),
    "RN106": (
        ("unknown language `{code}`", "onbekende taal `{code}`"),
        ("did you mean `{close}`? (known: {known})", "bedoelt u `{close}`? (bekend: {known})"),
        ("the known languages are {known}", "de bekende talen zijn {known}"),
    ),
    "RN107": (
        ("`{name}` cannot be written in the keywords `{language}`: there it is the function `{meant}`",
         "`{name}` kan niet in de sleutelwoorden `{language}` worden geschreven: daar is het de functie `{meant}`"),
        ("rename the call, or correct it to a function of this file's language",
         "geef de aanroep een andere naam, of verbeter hem tot een functie in de taal van dit bestand"),
        ("means `{meant}` there", "betekent daar `{meant}`"),
    ),
    # ------------------------------------------------------------------ names and declarations
    "RN201": (
        ("unknown rule `{name}`", "onbekende regel `{name}`"),
        ("no rule of this name", "geen regel met deze naam"),
    ),
    "RN202": (
        ("unknown role `{name}`", "onbekende rol `{name}`"),
        ("no role of this name", "geen rol met deze naam"),
    ),
    "RN203": (
        ("unknown measure `{name}`", "onbekende indicator `{name}`"),
        ("no measure of this name", "geen indicator met deze naam"),
    ),
    "RN204": (
        ("`{symbol}` is not on the scale `{scale}`", "`{symbol}` staat niet op de schaal `{scale}`"),
        ("did you mean `{close}`? the scale has {symbols}", "bedoelt u `{close}`? de schaal kent {symbols}"),
        ("the scale has {symbols}", "de schaal kent {symbols}"),
        ("not a verdict on the scale", "geen oordeel op de schaal"),
    ),
    "RN205": (
        ("toetsaspect `{name}` is declared twice for the same role", "toetsaspect `{name}` is twee keer gedeclareerd voor dezelfde rol"),
        ("give it another id, or limit each declaration to other roles with `for`",
         "geef het een ander id, of beperk elke declaratie met `for` tot andere rollen"),
        ("{kind} `{name}` is declared twice", "{kind|w} `{name}` is twee keer gedeclareerd"),
        ("give each {kind} its own id, or remove one", "geef ze elk een eigen id, of verwijder er één"),
    ),
    "RN206": (
        ("the file has no framework header", "het bestand heeft geen kop `framework`"),
        ('start the file with `framework ID "Title" version "1"`', 'begin het bestand met `framework ID "Titel" version "1"`'),
    ),
    "RN207": (
        ("a second framework header", "een tweede kop `framework`"),
        ("a file describes one framework; remove this header", "een bestand beschrijft één toetsingskader; verwijder deze kop"),
    ),
    "RN208": (
        ("the framework has no verdict scale", "het toetsingskader heeft geen oordeelschaal"),
        ("declare one: {example}", "declareer er een: {example}"),
    ),
    "RN209": (
        ("a second verdict scale `{name}`", "een tweede oordeelschaal `{name}`"),
        ("a framework has one scale; remove this one", "een toetsingskader heeft één schaal; verwijder deze"),
    ),
    "RN210": (
        ("the symbol `{symbol}` is on the scale twice", "het symbool `{symbol}` staat twee keer op de schaal"),
        ("give every value and alias its own symbol", "geef elke waarde en elke alias een eigen symbool"),
        ("two scale values have {points} points", "twee waarden van de schaal hebben {points} punten"),
        ("points order the scale: give each value different points",
         "de punten ordenen de schaal: geef elke waarde een ander aantal punten"),
        ("points may not be negative", "punten mogen niet negatief zijn"),
        ("use 0 for the lowest value", "gebruik 0 voor de laagste waarde"),
        ("a scale needs at least two values", "een schaal heeft ten minste twee waarden nodig"),
        ("add the missing values", "voeg de ontbrekende waarden toe"),
    ),
    "RN211": (
        ("unknown function `{name}`", "onbekende functie `{name}`"),
        ("functions are {names}", "de functies zijn {names}"),
    ),
    "RN212": (
        ("unknown field `{name}`", "onbekend veld `{name}`"),
        ("fields are {names}", "de velden zijn {names}"),
    ),
    "RN213": (
        ("rule `{rule}` weighs `{name}`, which is not an input of {where}",
         "regel `{rule}` weegt `{name}`, maar dat is geen invoer van {where|t}"),
        ("inputs are {names}", "de invoer is {names}"),
    ),
    "RN214": (
        ("`{a}` and `{b}` look alike", "`{a}` en `{b}` lijken op elkaar"),
        ("rename one, so that a reader can tell them apart", "geef er één een andere naam, zodat een lezer ze uit elkaar houdt"),
        ("among {where}; `{name}` is at {at}", "bij {where|t}; `{name}` staat op {at}"),
    ),
    "RN215": (
        ("a rule cannot be named `{name}`: it starts a kind of rule, so `{by} {name}` would never name this rule",
         "een regel kan niet `{name}` heten: zo begint een soort regel, dus `{by} {name}` zou nooit deze regel noemen"),
        ("give the rule another name: `{name}_{rule}`, or a word of your own",
         "geef de regel een andere naam: `{name}_{rule}`, of een eigen woord"),
        ("a kind of rule", "een soort regel"),
    ),
    # ------------------------------------------------------------------ bands, thresholds, rule bodies
    "RN301": (
        ("no band covers 0..{high} points", "geen klasse dekt 0..{high} punten"),
        ("start the lowest band at 0: every input can be the lowest verdict",
         "laat de laagste klasse bij 0 beginnen: elke invoer kan het laagste oordeel hebben"),
        ("no band covers {gap} points", "geen klasse dekt {gap} punten"),
        ("extend a band to cover {gap}", "breid een klasse uit tot {gap}"),
        ("the band before the gap is at {where}", "de klasse vóór het gat staat op {where}"),
    ),
    "RN302": (
        ("bands {a} and {b} overlap", "de klassen {a} en {b} overlappen"),
        ("start this band at {low}", "laat deze klasse bij {low} beginnen"),
    ),
    "RN303": (
        ("band {band} is {how} for {where}", "klasse {band} is {how|w} voor {where|t}"),
        ("{n} inputs × {points} points reach at most {top}; {part} can never occur",
         "{n} invoerwaarden × {points} punten komen tot ten hoogste {top}; {part} komt nooit voor"),
        ("{n} inputs, each on its own scale, reach at most {top}; {part} can never occur",
         "{n} invoerwaarden, elk op de eigen schaal, komen tot ten hoogste {top}; {part} komt nooit voor"),
        ("rule `{rule}` is used at {where}", "regel `{rule}` wordt gebruikt op {where}"),
    ),
    "RN304": (
        ("band {band} runs backwards", "klasse {band} loopt achteruit"),
        ("write it as {band}", "schrijf haar als {band}"),
    ),
    "RN305": (
        ("thresholds must go from high to low", "drempels lopen van hoog naar laag"),
        ("this one ({bound}) can never be reached after {previous}; put the higher thresholds first",
         "deze ({bound}) wordt na {previous} nooit bereikt; zet de hogere drempels eerst"),
    ),
    "RN306": (
        ("the threshold {bound} lies outside 0..{upper}", "de drempel {bound} ligt buiten 0..{upper}"),
        ("this threshold can never decide; check the number", "deze drempel beslist nooit; controleer het getal"),
    ),
    "RN307": (
        ("measure `{name}` has an empty range", "indicator `{name}` heeft een leeg bereik"),
        ("write the range low..high", "schrijf het bereik als laag..hoog"),
        ("a fraction divides by zero", "een breuk deelt door nul"),
        ("write a fraction such as 5/16", "schrijf een breuk zoals 5/16"),
        ("the weight of `{name}` must be a number of at least 0", "het gewicht van `{name}` is een getal van ten minste 0"),
        ("use a positive weight", "gebruik een positief gewicht"),
        ("`at least 0` always holds", "`at least 0` geldt altijd"),
        ("use at least 1", "gebruik ten minste 1"),
    ),
    "RN308": (
        ("no band of rule `{rule}` covers {points} points for {where}",
         "geen klasse van regel `{rule}` dekt {points} punten voor {where|t}"),
        ("extend the bands to every sum that can occur", "breid de klassen uit tot elke som die kan voorkomen"),
        ("for example when {n} inputs are judged, with points {points}",
         "bijvoorbeeld als {n} invoerwaarden beoordeeld zijn, met punten {points}"),
    ),
    # ------------------------------------------------------------------ types of conditions
    "RN401": (
        ("a verdict `{symbol}` in a rule on values", "een oordeel `{symbol}` in een regel op waarden"),
        ("rules `on values` compare measure values; compare with a number",
         "regels `on values` vergelijken meetwaarden; vergelijk met een getal"),
        ("`{fn}()` in a rule on values", "`{fn}()` in een regel op waarden"),
        ("measure values have no points", "meetwaarden hebben geen punten"),
        ("rule `{rule}` judges measure values, but {where} combines verdicts",
         "regel `{rule}` beoordeelt meetwaarden, maar {where|t} combineert oordelen"),
        ("use a rule on verdicts here (sum or share of points, worst, majority, a table without `on values`, …)",
         "gebruik hier een regel op oordelen (som of aandeel van punten, slechtste, meerderheid, een tabel zonder `on values`, …)"),
    ),
    "RN402": (
        ("rule `{rule}` judges verdicts, but norm `{norm}` is judged on a measure",
         "regel `{rule}` beoordeelt oordelen, maar norm `{norm}` wordt op een indicator beoordeeld"),
        ("use a rule written as `table on values { … }`", "gebruik een regel van de vorm `table on values { … }`"),
    ),
    "RN403": (
        ("a condition must be true or false", "een voorwaarde is waar of onwaar"),
        ("compare it: for example `mean(value) >= 60`", "vergelijk haar: bijvoorbeeld `mean(value) >= 60`"),
        ("`not` needs a condition", "`not` vraagt een voorwaarde"),
        ("compare it first", "vergelijk het eerst"),
        ("`{op}` needs conditions on both sides", "`{op}` vraagt aan beide kanten een voorwaarde"),
        ("compare it, for example `share(points >= 1) > 1/2`", "vergelijk het, bijvoorbeeld `share(points >= 1) > 1/2`"),
        ("`{fn}` needs a condition", "`{fn}` vraagt een voorwaarde"),
        ("for example `{example}`", "bijvoorbeeld `{example}`"),
    ),
    "RN404": (
        ("arithmetic on a true/false value", "rekenen met een waarheidswaarde"),
        ("use a number here", "gebruik hier een getal"),
        ("a comparison of a true/false value", "een vergelijking van een waarheidswaarde"),
        ("compare numbers; combine conditions with `and` / `or`", "vergelijk getallen; combineer voorwaarden met `and` / `or`"),
        ("`{fn}` needs a number", "`{fn}` vraagt een getal"),
        ("for example `{example}`", "bijvoorbeeld `{example}`"),
    ),
    "RN405": (
        ("`{name}` belongs to one input and is used outside an aggregate",
         "`{name}` hoort bij één invoer en wordt buiten een aggregaat gebruikt"),
        ("aggregate it, for example `{a}` or `{b}`", "aggregeer het, bijvoorbeeld `{a}` of `{b}`"),
    ),
    "RN406": (
        ("`of {target}` in a rule", "`of {target}` in een regel"),
        ("a rule aggregates its own inputs; `of` reads a target's parts in a decision",
         "een regel aggregeert zijn eigen invoer; `of` leest de onderdelen van een doel in een beslissing"),
        ("`by entity` in a rule on verdicts", "`by entity` in een regel op oordelen"),
        ("`by entity` groups measure values per entity; use it in a `table on values` rule",
         "`by entity` groepeert meetwaarden per entiteit; gebruik het in een regel `table on values`"),
        ("`{fn}()` cannot be taken by entity", "`{fn}()` kan niet per entiteit worden genomen"),
        ("remove `by entity`", "verwijder `by entity`"),
    ),
    "RN407": (
        ("`{fn}` needs something to aggregate", "`{fn}` heeft iets nodig om te aggregeren"),
        ("for example `{example}`", "bijvoorbeeld `{example}`"),
        ("`{fn}()` takes nothing between its brackets", "tussen de haakjes van `{fn}()` staat niets"),
        ("write `{example}`", "schrijf `{example}`"),
    ),
    "RN408": (
        ("norm `{norm}` has toetsaspecten but no rule to combine them",
         "norm `{norm}` heeft toetsaspecten maar geen regel om ze te combineren"),
        ("add `verdict by RULE` to the norm, or `norms by RULE` to normenkader `{nk}`",
         "voeg `verdict by REGEL` toe aan de norm, of `norms by REGEL` aan normenkader `{nk}`"),
    ),
    "RN409": (
        ("norm `{norm}` is judged from findings; its toetsaspecten are not used",
         "norm `{norm}` wordt beoordeeld uit bevindingen; de toetsaspecten worden niet gebruikt"),
        ("remove `verdict from findings` to judge it from its toetsaspecten",
         "verwijder `verdict from findings` om de norm uit de toetsaspecten te beoordelen"),
        ("norm `{norm}` has no toetsaspecten for `verdict by` to combine",
         "norm `{norm}` heeft geen toetsaspecten die `verdict by` kan combineren"),
        ("write `verdict from findings`, or add its toetsaspecten", "schrijf `verdict from findings`, of voeg de toetsaspecten toe"),
    ),
    "RN410": (
        ("norm `{norm}` says twice where its verdict comes from", "norm `{norm}` zegt twee keer waar het oordeel vandaan komt"),
        ("keep one `verdict` line", "houd één regel `verdict` over"),
    ),
    "RN411": (
        ("normenkader `{nk}` has two `{kind}` lines", "normenkader `{nk}` heeft twee regels `{kind}`"),
    ),
    "RN412": (
        ("toetsaspect `{aspect}` is for role `{role}`, but norm `{norm}` does not apply to it",
         "toetsaspect `{aspect}` is voor rol `{role}`, maar norm `{norm}` geldt niet voor die rol"),
        ("remove the role from the aspect, or add it to the norm", "haal de rol weg bij het toetsaspect, of voeg haar toe aan de norm"),
    ),
    # ------------------------------------------------------------------ includes
    "RN501": (
        ("cannot find the included file `{name}`", "het opgenomen bestand `{name}` is niet gevonden"),
        ("check the path; it is relative to the including file", "controleer het pad; het is relatief aan het bestand dat het opneemt"),
        ("cannot resolve the included file `{name}`", "het opgenomen bestand `{name}` is niet te herleiden"),
    ),
    "RN502": (
        ("include cycle", "kringverwijzing in `include`"),
        ("remove one of the includes in the cycle", "verwijder een van de `include`s in de kring"),
        ("a profile cannot extend itself", "een profiel kan niet voortbouwen op zichzelf"),
    ),
    "RN503": (
        ("the include path is empty or has control characters", "het pad van `include` is leeg of bevat stuurtekens"),
        ("write the path of a framework file, relative to this file", "schrijf het pad van een toetsingskader, relatief aan dit bestand"),
        ("include `{name}` is an absolute path", "`include` `{name}` is een absoluut pad"),
        ("write the path relative to this file", "schrijf het pad relatief aan dit bestand"),
        ("include `{name}` leads outside the framework's folder", "`include` `{name}` leidt buiten de map van het toetsingskader"),
        ("keep included files inside `{root}` or pass a search path", "houd opgenomen bestanden binnen `{root}` of geef een zoekpad op"),
        ("`..` steps, absolute paths and symbolic links may not lead out of the folder tree",
         "`..`, absolute paden en symbolische koppelingen mogen niet buiten de mappenboom leiden"),
    ),
    "RN504": (
        ("an included file declares a framework header", "een opgenomen bestand declareert een kop `framework`"),
        ("only the main file has `framework`; an included file holds shared scales, roles, measures and rules",
         "alleen het hoofdbestand heeft `framework`; een opgenomen bestand bevat gedeelde schalen, rollen, indicatoren en regels"),
    ),
    "RN505": (
        ("an included file declares a normenkader", "een opgenomen bestand declareert een normenkader"),
        ("declare normenkaders in the main framework file", "declareer normenkaders in het hoofdbestand van het toetsingskader"),
    ),
    "RN506": (
        ("includes are nested too deeply", "`include`s zijn te diep genest"),
        ("at most {limit} levels of include", "ten hoogste {limit} niveaus van `include`"),
    ),
    "RN507": (
        ("the casebook names `{name}`, outside its folder", "het casebook noemt `{name}`, buiten de eigen map"),
        ("name the framework and evidence files by paths inside the manifest's folder",
         "noem het toetsingskader en de dossiers met paden binnen de map van het manifest"),
        ("the manifest's folder: {folder}", "de map van het manifest: {folder}"),
    ),
    "RN040": (
        ("`{path}` is a library of shared declarations, not a framework",
         "`{path}` is een bibliotheek van gedeelde declaraties, geen toetsingskader"),
        ('include it from a framework file (`include "…"`), or give it a header `framework ID "Title" version "1"`',
         'neem het op in een toetsingskader (`include "…"`), of geef het een kop `framework ID "Titel" version "1"`'),
        ("no framework header", "geen kop `framework`"),
    ),
    # ------------------------------------------------------------------ profiles
    "RN540": (
        ("no bundled framework `{id}` version \"{version}\"", "geen meegeleverd toetsingskader `{id}` versie \"{version}\""),
        ('give the base by its file (`extends "path/to/framework.norm"`), or the id and version of a framework '
         "under regienorm's frameworks/ folder",
         'geef de basis als bestand (`breidt uit "pad/naar/kader.norm"`), of de id en versie van een toetsingskader '
         "in de map frameworks/ van regienorm"),
        ("the base of this profile declares no framework", "de basis van dit profiel declareert geen toetsingskader"),
        ("extend a framework file (one with a `framework` or `profile` header)",
         "bouw voort op een toetsingskader (een bestand dat begint met `toetsingskader` of `profiel`)"),
    ),
    "RN541": (
        ("the profile changes `{target}`, which the base does not have", "het profiel wijzigt `{target}`, dat de basis niet heeft"),
        ("the profile refines rule `{rule}`, which the base does not have", "het profiel verfijnt regel `{rule}`, die de basis niet heeft"),
        ("did you mean `{name}`?", "bedoelt u `{name}`?"),
        ("name a normenkader, group, norm or toetsaspect of the base (`normenkader.norm.aspect`); something dropped earlier "
         "in the profile is gone",
         "noem een normenkader, groep, norm of toetsaspect van de basis (`normenkader.norm.aspect`); wat het profiel "
         "eerder weglaat, is er niet meer"),
        ("refine a named rule of the base; a new rule is declared with `rule`",
         "verfijn een regel van de basis met een naam; een nieuwe regel declareert u met `regel`"),
        ("the profile drops rule `{rule}`, which the base does not have", "het profiel laat regel `{rule}` weg, die de basis niet heeft"),
        ("drop a named rule of the base", "laat een regel van de basis met een naam weg"),
        ("the profile refines scale `{scale}`, which the base does not have",
         "het profiel verfijnt schaal `{scale}`, die de basis niet heeft"),
        ("name a scale of the base", "noem een schaal van de basis"),
    ),
    "RN542": (
        ("this `select` changes nothing", "deze `selecteer` verandert niets"),
        ("it selects everything there is at that place; remove it, or select fewer",
         "die selecteert alles wat er op die plaats is; verwijder hem, of selecteer minder"),
        ("rule `{rule}` is refined to the body it has", "regel `{rule}` wordt verfijnd tot wat hij al is"),
        ("remove the change, or write the body the profile needs", "verwijder de wijziging, of schrijf de regel die het profiel nodig heeft"),
        ("`{target}` already has this {what}", "`{target}` heeft al deze {what}"),
        ("remove it from the change", "haal het uit de wijziging"),
        ('"{symbol}" is labelled "{label}" already', '"{symbol}" heet al "{label}"'),
        ("`merge {policy}` with one base changes nothing", "`voeg samen {policy|w}` met één basis verandert niets"),
        ('remove it, or name the other bases: `extends "a.norm", "b.norm"`',
         'verwijder het, of noem de andere bases: `breidt uit "a.norm", "b.norm"`'),
    ),
    "RN543": (
        ("a change without a reason", "een wijziging zonder reden"),
        ('say why the profile makes it: `because "…"` (and where it comes from: `source "…"`)',
         'zeg waarom het profiel haar maakt: `omdat "…"` (en waar ze vandaan komt: `bron "…"`)'),
    ),
    "RN544": (
        ("a profile header here", "hier een profielkop"),
        ("only the main file is a profile, and it has one header; an included file holds shared scales, roles, measures and rules",
         "alleen het hoofdbestand is een profiel, met één kop; een opgenomen bestand bevat gedeelde schalen, rollen, indicatoren en regels"),
        ("a change outside a profile", "een wijziging buiten een profiel"),
        ('a change belongs to a profile: start the file with `profile ID "Title" version "1" extends "base.norm"`',
         'een wijziging hoort bij een profiel: begin het bestand met `profiel ID "Titel" versie "1" breidt uit "basis.norm"`'),
        ("a profile has no framework header", "een profiel heeft geen kop `toetsingskader`"),
        ("the `profile` header names the framework; remove this one", "de kop `profiel` noemt het toetsingskader al; verwijder deze"),
    ),
    "RN545": (
        ("a {level} has no {what} to refine", "een {level|w} heeft geen {what} om te verfijnen"),
        ("a {level} can refine {allowed}", "bij een {level|w} kunt u verfijnen: {allowed}"),
    ),
    "RN546": (
        ("`{target}` is a norm: only toetsaspecten can be added to it",
         "`{target}` is een norm: daaraan kunnen alleen toetsaspecten worden toegevoegd"),
        ("add norms and groups to a normenkader or a group", "voeg normen en groepen toe aan een normenkader of een groep"),
        ("`{target}` is a {level}: toetsaspecten are added to a norm",
         "`{target}` is een {level|w}: toetsaspecten worden aan een norm toegevoegd"),
        ("write `add to {target}.NORM { aspect … }`", "schrijf `voeg toe aan {target}.NORM { toetsaspect … }`"),
        ("`{target}` is a toetsaspect: nothing can be added to it", "`{target}` is een toetsaspect: daaraan kan niets worden toegevoegd"),
        ("add toetsaspecten to a norm, norms and groups to a normenkader or a group",
         "voeg toetsaspecten toe aan een norm, normen en groepen aan een normenkader of een groep"),
    ),
    "RN550": (
        ("rule `{rule}` is dropped but still used", "regel `{rule}` wordt weggelaten maar is nog in gebruik"),
        ("drop or refine what uses it first (`refine … verdict by OTHER`), or keep the rule",
         "laat eerst weg of verfijn wat haar gebruikt (`verfijn … oordeel volgens ANDERE`), of houd de regel"),
        ("used by {what} at {where}", "gebruikt door {what|t} op {where}"),
        ("`norms by` of normenkader `{nk}`", "`normen volgens` van normenkader `{nk}`"),
        ("`total by` of normenkader `{nk}`", "`totaal volgens` van normenkader `{nk}`"),
        ("`across entities by` of normenkader `{nk}`", "`over entiteiten volgens` van normenkader `{nk}`"),
        ("`groups by` of normenkader `{nk}`", "`groepen volgens` van normenkader `{nk}`"),
        ("group `{group}`", "groep `{group}`"),
    ),
    "RN551": (
        ('scale `{scale}` has no value "{symbol}"', 'schaal `{scale}` heeft geen waarde "{symbol}"'),
        ("relabel one of its values: {symbols}; a profile cannot add, remove or re-point values (every rule and finding reads them)",
         "geef een van haar waarden een andere naam: {symbols}; een profiel kan geen waarden toevoegen, weglaten of "
         "anders waarderen (elke regel en bevinding leest ze)"),
    ),
    "RN552": (
        ("{kind} `{name}` is declared by two bases differently", "{kind|w} `{name}` wordt door twee bases verschillend gedeclareerd"),
        ("say which the profile keeps: `merge keep first` or `merge keep last` after its bases, or rename one in its base",
         "zeg welke het profiel behoudt: `voeg samen behoud eerste` of `voeg samen behoud laatste` na de bases, "
         "of geef er een in de eigen basis een andere naam"),
    ),
    "RN547": (
        ("`{target}` is in the base already", "`{target}` staat al in de basis"),
        ("give the new node an id of its own, or `refine` the one there is",
         "geef het nieuwe onderdeel een eigen id, of `verfijn` het bestaande"),
    ),
}
