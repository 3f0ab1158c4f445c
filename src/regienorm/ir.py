"""The compiled framework: immutable rule objects.

Everything here is ``@attrs.frozen`` with tuple fields. Spans are excluded from equality and repr,
so reformatting a framework file never changes what a rule *is*. The compiler builds these; the
evaluator only reads them.

One module past the usual size on purpose: it is the compiled framework's whole data model and
nothing else (frozen classes, no logic beyond lookups), and every stage imports it as the one
vocabulary; read top to bottom it is the language's meaning in types. Split by kind (expressions,
rules, structure) it would be three modules that import each other's types and always change
together.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from fractions import Fraction

import attrs

from .source import Span

_span = attrs.field(default=None, eq=False, repr=False)


@attrs.frozen
class SourceRef:
    """Where a framework element comes from: a report, with table, footnote, page or line."""

    text: str
    table: str | None = None
    footnote: str | None = None
    page: int | None = None
    line: int | None = None

    def describe(self) -> str:
        parts = [self.text]
        if self.table:
            parts.append(self.table)
        if self.footnote:
            parts.append(f"footnote {self.footnote}")
        if self.page is not None:
            parts.append(f"p. {self.page}")
        if self.line is not None:
            parts.append(f"line {self.line}")
        return ", ".join(parts)


# ------------------------------------------------------------------------------------ the scale
@attrs.frozen
class ScaleValue:
    """One value of a scale. ``points`` is an ``int`` when whole and a ``Fraction`` otherwise
    (``"voldoet" = 2.5``): exact, never a float, and a whole number stays the ``int`` it always was."""

    symbol: str
    label: str
    points: int | Fraction
    aliases: tuple[str, ...] = ()
    span: Span | None = _span


@attrs.frozen
class Scale:
    """An ordered verdict scale; ``values`` runs from best to worst (highest points first). Two
    values may share points: then the order they are declared in says which is better (``worst``,
    ``best``, comparisons and ties go by :meth:`rank`; point arithmetic by points)."""

    name: str
    values: tuple[ScaleValue, ...]
    span: Span | None = _span

    @classmethod
    def joined(cls, name: str, scales: Iterable[Scale]) -> Scale:
        """One scale holding every value of ``scales`` (no two scales of a framework share a symbol,
        RN741), by ``name``: where a rule or a check looks symbols up on several scales at once."""
        return cls(name, tuple(v for s in scales for v in s.values))

    def lookup(self, symbol: str) -> ScaleValue | None:
        """The scale value for a symbol or one of its aliases."""
        for value in self.values:
            if symbol == value.symbol or symbol in value.aliases:
                return value
        return None

    def by_symbol(self, symbol: str) -> ScaleValue:
        value = self.lookup(symbol)
        if value is None:
            raise KeyError(symbol)
        return value

    @property
    def best(self) -> ScaleValue:
        return self.values[0]

    @property
    def lowest(self) -> ScaleValue:
        return self.values[-1]

    @property
    def max_points(self) -> int | Fraction:
        return self.values[0].points

    def symbols(self) -> tuple[str, ...]:
        return tuple(v.symbol for v in self.values)

    def rank(self, symbol: str) -> int:
        """How good a symbol (or alias) is in the declared order: 0 for the worst value, higher
        for better; equal points are told apart by the order they are declared in."""
        value = self.by_symbol(symbol)
        return len(self.values) - 1 - next(n for n, v in enumerate(self.values) if v is value)

    @property
    def shares_points(self) -> bool:
        """Two values have the same points (then the declared order tells them apart)."""
        return len({v.points for v in self.values}) < len(self.values)

    @property
    def whole(self) -> bool:
        """Every value's points are whole numbers (the integer fast paths apply)."""
        return all(isinstance(v.points, int) for v in self.values)


# ------------------------------------------------------------------------------------ roles, measures
@attrs.frozen
class Role:
    id: str
    title: str | None = None
    span: Span | None = _span


@attrs.frozen
class Measure:
    """Numeric evidence a norm can be judged on: a percentage, a report mark, a count, FTE."""

    id: str
    title: str | None = None
    unit: str | None = None
    low: Fraction | None = None
    high: Fraction | None = None
    span: Span | None = _span


# ------------------------------------------------------------------------------------ expressions
@attrs.frozen
class Const:
    value: Fraction
    span: Span | None = _span


@attrs.frozen
class VerdictConst:
    """A verdict symbol inside a condition; compared by its points. ``scale``: in a rule over inputs
    of several scales, the scale the symbol is on (an input's verdict compares with it only when
    it is on the same scale; None: the rule's inputs are on one scale)."""

    symbol: str
    span: Span | None = _span
    scale: str | None = None


@attrs.frozen
class Field:
    """``value``, ``points``, ``verdict`` or ``n`` of one input, inside an aggregate."""

    name: str
    span: Span | None = _span


@attrs.frozen
class Compare:
    op: str
    left: Expr
    right: Expr
    span: Span | None = _span


@attrs.frozen
class Arith:
    op: str
    left: Expr
    right: Expr
    span: Span | None = _span


@attrs.frozen
class BoolOp:
    op: str  # "and" | "or"
    operands: tuple[Expr, ...]
    span: Span | None = _span


@attrs.frozen
class Not:
    operand: Expr
    span: Span | None = _span


@attrs.frozen
class Call:
    """An aggregate over the inputs: count, share, all, any, none, min, max, mean, sum, n.

    With ``by_entity`` the aggregate runs over the entities judged (a group's members, or the
    entity itself), its argument evaluated once per entity on that entity's inputs.
    """

    function: str
    argument: Expr | None
    by_entity: bool = False
    span: Span | None = _span
    #: In a decision: the target whose judged parts the aggregate runs over (``sum(points of opzet)``).
    of: str | None = None


#: ``Call.of`` inside a score: a node's judged children (``of parts``), every judged norm below it
#: (``of norms``); neither can be a target's id.
OF_PARTS = "(parts)"
OF_NORMS = "(norms)"


@attrs.frozen
class Ref:
    """A named input or decision, by its id (resolved by the compiler; only inside decisions)."""

    name: str
    span: Span | None = _span


@attrs.frozen
class Text:
    """A quoted category or text inside a decision (``"N"`` in ``AV = "N"``)."""

    value: str
    span: Span | None = _span


@attrs.frozen
class Unassessed:
    """``not_assessed`` as a decision's value: the decision has no value here, as the framework says
    (``if count(of safe) = 0 then not_assessed else …``)."""

    span: Span | None = _span


@attrs.frozen
class Neg:
    operand: Expr
    span: Span | None = _span


@attrs.frozen
class If:
    condition: Expr
    then: Expr
    otherwise: Expr
    span: Span | None = _span


@attrs.frozen
class Func:
    """``min``, ``max`` (of two or more values) or ``abs`` (of one), inside a decision."""

    name: str
    args: tuple[Expr, ...]
    span: Span | None = _span


class Rounding(enum.Enum):
    """How a value is rounded to a multiple of a step (``round half up(x, 0.1)``), with the meanings
    of Python's ``decimal`` and Java's ``RoundingMode`` of the same names."""

    UP = "up"  # away from zero (for the non-negative scores of CVSS: its Roundup)
    DOWN = "down"  # towards zero
    HALF_UP = "half up"  # to the nearest multiple; a tie away from zero
    HALF_DOWN = "half down"  # to the nearest multiple; a tie towards zero
    HALF_EVEN = "half even"  # to the nearest multiple; a tie to the even multiple (banker's rounding)


@attrs.frozen
class Round:
    operand: Expr
    step: Fraction
    mode: Rounding
    span: Span | None = _span


@attrs.frozen
class InList:
    """``x in ("Medium", "Low")``: true when the value equals one of the options."""

    operand: Expr
    options: tuple[Expr, ...]
    span: Span | None = _span


@attrs.frozen
class Arm:
    """One arm of a ``case``: the categories it matches and its value."""

    labels: tuple[str, ...]
    value: Expr
    span: Span | None = _span


@attrs.frozen
class CaseOf:
    """``case AV { "N" -> 0.85; ... }``: the value of the first arm whose category the subject is."""

    subject: Expr
    arms: tuple[Arm, ...]
    otherwise: Expr | None = None
    span: Span | None = _span


@attrs.frozen
class Interval:
    """A band's range of numbers: ``low``/``high`` None for an open end (``>= 88``)."""

    low: Fraction | None
    low_closed: bool
    high: Fraction | None
    high_closed: bool

    def contains(self, value: Fraction) -> bool:
        if self.low is not None and (value < self.low or (value == self.low and not self.low_closed)):
            return False
        return not (self.high is not None and (value > self.high or (value == self.high and not self.high_closed)))


@attrs.frozen
class BandArm:
    interval: Interval
    value: Expr
    span: Span | None = _span


@attrs.frozen
class BandOf:
    """``band x { [0..4) -> "Low"; ... }``: the value of the band the number falls in."""

    subject: Expr
    arms: tuple[BandArm, ...]
    otherwise: Expr | None = None
    span: Span | None = _span


@attrs.frozen
class DateLit:
    """A day written in a decision (``2024-01-31``, DMN's ``date("2024-01-31")``), as ISO 8601
    text: a date input's value is that text too, so that days compare in the order of the calendar."""

    value: str
    span: Span | None = _span


@attrs.frozen
class Truth:
    """``true`` or ``false`` written in a decision."""

    value: bool
    span: Span | None = _span


@attrs.frozen
class Member:
    """``approval.status``: one output of a decision table with several outputs."""

    operand: Expr
    name: str
    span: Span | None = _span


@attrs.frozen
class EntryTest:
    """One of the tests of a table entry (DMN's unary tests), any of which may hold: ``op`` is a
    comparison (``=`` for a value the input must equal, ``<``, ``!=``, …) with ``value``; ``in``, an
    interval from ``low`` to ``high`` (expressions: bounds may be other inputs), each end closed or
    open; or ``not``, none of ``tests`` holds."""

    op: str
    value: Expr | None = None
    low: Expr | None = None
    low_closed: bool = True
    high: Expr | None = None
    high_closed: bool = True
    tests: tuple[EntryTest, ...] = ()
    span: Span | None = _span


class HitPolicy(enum.Enum):
    """What a decision table gives when several rows, one or none match (DMN's hit policies)."""

    UNIQUE = "unique"  # at most one row may match; two are an error, even when they agree
    ANY = "any"  # the rows that match must give the same outputs; else an error
    FIRST = "first"  # the first row that matches, in the order written
    PRIORITY = "priority"  # the match with the highest output priority (never the row order)
    RULE_ORDER = "rule order"  # a list of every match's outputs, in row order
    OUTPUT_ORDER = "output order"  # a list of every match's outputs, by decreasing priority
    COLLECT = "collect"  # a list of every match's outputs (in row order here)
    COLLECT_SUM = "collect sum"
    COLLECT_MIN = "collect min"
    COLLECT_MAX = "collect max"
    COLLECT_COUNT = "collect count"

    @property
    def gives_list(self) -> bool:
        return self in (HitPolicy.RULE_ORDER, HitPolicy.OUTPUT_ORDER, HitPolicy.COLLECT)

    @property
    def aggregates(self) -> bool:
        return self in (HitPolicy.COLLECT_SUM, HitPolicy.COLLECT_MIN, HitPolicy.COLLECT_MAX, HitPolicy.COLLECT_COUNT)


@attrs.frozen
class TableOutput:
    """An output column: its name, its declared kind (None: inferred) and, for a category, its
    values in decreasing priority (DMN's output values: PRIORITY and OUTPUT ORDER decide by them)."""

    name: str
    kind: Kind | None = None
    choices: tuple[str, ...] = ()
    span: Span | None = _span


@attrs.frozen
class TableRow:
    """One row: an entry per input (each a disjunction of tests; ``()`` is ``-``, any value) and a
    value per output. ``label`` names it in reasons (``row 2``; in a grid ``row 1, column 3``)."""

    entries: tuple[tuple[EntryTest, ...], ...]
    outputs: tuple[Expr, ...]
    label: str
    span: Span | None = _span


@attrs.frozen
class TableOf:
    """``table unique { | a | b -> out | … }``: a DMN decision table as a decision's value."""

    policy: HitPolicy
    inputs: tuple[Expr, ...]
    outputs: tuple[TableOutput, ...]
    rows: tuple[TableRow, ...]
    default: tuple[Expr, ...] | None = None
    grid: bool = False  # written as a two-way grid (the first input down the side, the second across)
    span: Span | None = _span


Expr = (Const | VerdictConst | Field | Compare | Arith | BoolOp | Not | Call | Ref | Text | Neg | If | Func | Round
        | InList | CaseOf | BandOf | Unassessed | Truth | Member | TableOf | DateLit)


# ------------------------------------------------------------------------------------ inputs, decisions
class Kind(enum.Enum):
    """What kind of value an input holds or a decision yields."""

    NUMBER = "number"
    TRUTH = "truth"
    CATEGORY = "category"
    TEXT = "text"
    DATE = "date"
    LIST = "list"  # the matches of a RULE ORDER, OUTPUT ORDER or COLLECT table
    RECORD = "record"  # the outputs of one row of a table with several outputs


@attrs.frozen
class InputDecl:
    """A named, typed input that the evidence gives per entity (``inputs:`` of an entity)."""

    id: str
    kind: Kind
    title: str | None = None
    unit: str | None = None
    low: Fraction | None = None
    high: Fraction | None = None
    choices: tuple[str, ...] = ()  # the categories of a `one of` input, in their declared order
    span: Span | None = _span


@attrs.frozen
class Decision:
    """A named value computed per entity from inputs and other decisions."""

    id: str
    expr: Expr
    kind: Kind
    title: str | None = None
    choices: tuple[str, ...] = ()  # a category result: its declared categories
    unit: str | None = None
    stated: bool = False
    reconstructed: str | None = None
    sources: tuple[SourceRef, ...] = ()
    uses: tuple[str, ...] = ()  # the inputs and decisions it reads, in the order written
    parts: tuple[str, ...] = ()  # the targets whose judged parts it aggregates (`sum(points of opzet)`)
    span: Span | None = _span


# ------------------------------------------------------------------------------------ rules
class Policy(enum.Enum):
    """What a rule does with an input that is not assessed or not applicable."""

    SKIP = "skip"  # leave it out and renormalise (the maximum shrinks with it)
    LOWEST = "lowest"  # count it as the lowest verdict on the scale
    PROPAGATE = "propagate"  # the rule's own result becomes not assessed


@attrs.frozen
class CategoryPolicy:
    """What a rule does with an input whose finding gives one of the framework's outcome categories
    (``on "informational" skip``, ``on "error" = "fail"``): ``policy`` skip (left out of numerator
    and denominator), lowest, or propagate (the rule's result is not assessed, with a reason); or,
    with ``symbol``, counted as that scale value."""

    category: str
    policy: Policy | None = None
    symbol: str | None = None
    span: Span | None = _span

    def text(self) -> str:
        return f'= "{self.symbol}"' if self.symbol is not None else self.policy.value  # type: ignore[union-attr]


@attrs.frozen
class Band:
    low: int
    high: int
    symbol: str
    span: Span | None = _span


@attrs.frozen
class Threshold:
    """``from x -> v`` (inclusive, ``strict`` False) or ``above x -> v`` (``strict`` True)."""

    bound: Fraction
    strict: bool
    symbol: str
    span: Span | None = _span


@attrs.frozen
class SumBands:
    bands: tuple[Band, ...]


@attrs.frozen
class ShareThresholds:
    """Share of the maximum points, compared against thresholds checked top-down."""

    thresholds: tuple[Threshold, ...]
    otherwise: str


@attrs.frozen
class MeanThresholds:
    """Mean points per input, compared against thresholds checked top-down."""

    thresholds: tuple[Threshold, ...]
    otherwise: str


@attrs.frozen
class Weighted:
    """Weighted share of the maximum points; inputs not named weigh 1."""

    weights: tuple[tuple[str, Fraction], ...]
    thresholds: tuple[Threshold, ...]
    otherwise: str


@attrs.frozen
class Worst:
    pass


@attrs.frozen
class Best:
    pass


@attrs.frozen
class Majority:
    """The most frequent verdict; a tie goes to ``tie`` ('worst', 'best' or a symbol)."""

    tie: str = "worst"


@attrs.frozen
class AtLeast:
    """At least ``k`` inputs compare ``op`` to ``level``: ``then``, otherwise ``otherwise``."""

    k: int
    op: str
    level: str
    then: str
    otherwise: str


@attrs.frozen
class AllOf:
    op: str
    level: str
    then: str
    otherwise: str


@attrs.frozen
class AnyOf:
    op: str
    level: str
    then: str
    otherwise: str


@attrs.frozen
class Case:
    condition: Expr
    symbol: str
    span: Span | None = _span


@attrs.frozen
class Table:
    """First matching condition wins; ``on_values`` rules take measure values, not verdicts."""

    cases: tuple[Case, ...]
    otherwise: str
    on_values: bool = False


RuleBody = SumBands | ShareThresholds | MeanThresholds | Weighted | Worst | Best | Majority | AtLeast | AllOf | AnyOf | Table


@attrs.frozen
class Rule:
    """A named (or inline) aggregation rule."""

    id: str
    body: RuleBody
    title: str | None = None
    stated: bool = False
    reconstructed: str | None = None
    sources: tuple[SourceRef, ...] = ()
    not_assessed: Policy = Policy.PROPAGATE
    not_applicable: Policy = Policy.SKIP
    span: Span | None = _span
    #: the scale its verdicts are on (``rule r yields rating = …``); None: the framework's scale
    #: (for worst, best and majority: the scale of its inputs, which the compiler fills in)
    yields: str | None = None
    #: the scales of its inputs, set by the compiler from where the rule is used; empty: the
    #: framework's scale. A share over inputs of several scales takes each input's own maximum.
    reads: tuple[str, ...] = ()
    #: per outcome category, what the rule does with an input of it (a category it names not: its
    #: declared meaning, a scale value or the not-assessed / not-applicable policy above)
    categories: tuple[CategoryPolicy, ...] = ()

    def category_policy(self, category: str | None) -> CategoryPolicy | None:
        if category is None or not self.categories:
            return None
        return next((c for c in self.categories if c.category == category), None)

    @property
    def on_values(self) -> bool:
        return isinstance(self.body, Table) and self.body.on_values

    @property
    def kind(self) -> str:
        return _KIND_NAMES[type(self.body)]

    @property
    def provenance_kind(self) -> str:
        """``stated`` (the source states the rule), ``reconstructed`` (fitted to what the source
        printed) or ``declared`` (the framework's own)."""
        return "stated" if self.stated else "reconstructed" if self.reconstructed is not None else "declared"

    def provenance(self) -> str:
        if self.stated:
            return "stated in the source"
        if self.reconstructed is not None:
            return f"reconstructed: {self.reconstructed}"
        return "declared by the framework"


_KIND_NAMES = {
    SumBands: "sum of points",
    ShareThresholds: "share of points",
    MeanThresholds: "mean of points",
    Weighted: "weighted share of points",
    Worst: "worst",
    Best: "best",
    Majority: "majority",
    AtLeast: "at least k of n",
    AllOf: "all",
    AnyOf: "any",
    Table: "table",
}


# ------------------------------------------------------------------------------------ structure
@attrs.frozen
class FromAspects:
    rule: Rule


@attrs.frozen
class FromMeasure:
    measure: str
    rule: Rule


@attrs.frozen
class FromFindings:
    pass


VerdictSource = FromAspects | FromMeasure | FromFindings


@attrs.frozen
class Aspect:
    """A toetsaspect: the level at which findings judge a norm."""

    id: str
    text: str
    roles: tuple[str, ...] = ()  # empty: every role the norm applies to
    sources: tuple[SourceRef, ...] = ()
    span: Span | None = _span

    def applies_to(self, role: str) -> bool:
        return not self.roles or role in self.roles


@attrs.frozen
class Norm:
    id: str  # inside a group: the dotted path from the normenkader (`accounts.root_logins`)
    title: str
    aspects: tuple[Aspect, ...]
    verdict: VerdictSource
    roles: tuple[str, ...] = ()  # empty: every role
    sources: tuple[SourceRef, ...] = ()
    indicators: tuple[str, ...] = ()  # measures declared in the norm: shown in its reasons
    span: Span | None = _span
    weight: Fraction = Fraction(1)  # relative to its siblings (`weight 3`), read by scores as `weight`
    #: the scale its findings are on (`findings on pass_fail`, here, on its normenkader or the
    #: framework); None: the framework's scale
    findings: str | None = None

    def applies_to(self, role: str) -> bool:
        return not self.roles or role in self.roles

    def aspects_for(self, role: str) -> tuple[Aspect, ...]:
        return tuple(a for a in self.aspects if a.applies_to(role))


@attrs.frozen
class Group:
    """A group of norms and groups inside a normenkader, to any depth (XCCDF's Group).

    ``id`` is the dotted path from the normenkader (``system.accounts``); ``children`` are the ids of
    the norms and groups directly inside it, in the order written."""

    id: str
    title: str
    children: tuple[str, ...]
    weight: Fraction = Fraction(1)
    rule: Rule | None = None  # what judges its verdict from its children's (None: it has scores only)
    roles: tuple[str, ...] = ()
    sources: tuple[SourceRef, ...] = ()
    span: Span | None = _span

    def applies_to(self, role: str) -> bool:
        return not self.roles or role in self.roles


@attrs.frozen
class Score:
    """A named result computed at every node of a normenkader's tree (XCCDF's default, flat and
    absolute models; a score and the rating banded from it).

    ``at_group`` is its value at a group and at the normenkader itself, over the node's children
    (``of parts``) or every norm below it (``of norms``); ``at_norm`` its value at a norm, from the
    norm's own verdict (None: norms have no value of it). ``empty`` is its value where nothing below
    the node counts (None: no value, not assessed). ``uses``: the scores it reads at the same node."""

    id: str
    at_group: Expr | None
    at_norm: Expr | None = None
    empty: Expr | None = None
    title: str | None = None
    uses: tuple[str, ...] = ()
    span: Span | None = _span
    #: per outcome category, how the score reads a part whose finding gives it (``on "notchecked" =
    #: "fail"``, ``on "informational" skip``, ``on "error" propagate``); a category it names not: its
    #: declared meaning
    categories: tuple[CategoryPolicy, ...] = ()

    def category_policy(self, category: str | None) -> CategoryPolicy | None:
        if category is None or not self.categories:
            return None
        return next((c for c in self.categories if c.category == category), None)


@attrs.frozen
class Normenkader:
    """A section of the framework: norms (in groups, to any depth), a total across them, and
    optionally across entities.

    ``norms`` holds every norm, however deep, in the order written (a grouped norm's id is its path);
    ``groups`` every group, each after the groups inside it; ``top`` the ids of the norms and groups
    directly inside the normenkader when it has groups (empty: every norm is directly inside it)."""

    id: str
    title: str
    norms: tuple[Norm, ...]
    total: Rule | None = None
    across: Rule | None = None
    roles: tuple[str, ...] = ()
    sources: tuple[SourceRef, ...] = ()
    span: Span | None = _span
    groups: tuple[Group, ...] = ()
    top: tuple[str, ...] = ()
    scores: tuple[Score, ...] = ()  # in an order where each comes after the scores it reads

    def applies_to(self, role: str) -> bool:
        return not self.roles or role in self.roles

    def children(self) -> tuple[str, ...]:
        """The ids of the nodes directly inside the normenkader: its total's inputs."""
        return self.top or tuple(n.id for n in self.norms)


@attrs.frozen
class OutcomeDecl:
    """A result category of the framework's own (``outcome "notchecked" = not_applicable``): a
    finding may give it as its verdict, and it counts as a scale value (``symbol``) or as not
    applicable or not assessed (``status``), which each rule then treats by its policy."""

    name: str
    label: str | None
    symbol: str | None = None
    status: str | None = None  # "not_applicable" | "not_assessed" when ``symbol`` is None
    span: Span | None = _span


@attrs.frozen
class ProfileChange:
    """One change a profile makes to its base (``drop uitvoering.8``), with why and where from.

    ``targets``: the targets of the result it touched (their verdicts may differ from the base's:
    the node changed and every node above it; for a refined rule, every target it judges and what
    is above them); ``removed``: the targets of the base it took out."""

    profile: str
    kind: str  # "select" | "drop" | "drop rule" | "refine rule" | "refine scale" | "refine" | "add" | "merge"
    text: str  # the change in words, as written
    because: tuple[str, ...]
    sources: tuple[SourceRef, ...] = ()
    targets: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    span: Span | None = _span


@attrs.frozen
class Profile:
    """What makes a framework a profile: its base (by id and version) and every change, the base's
    own profile's first (a profile of a profile). ``base`` is the base as compiled: evidence made
    for it is read against it and then judged by the profile."""

    id: str
    title: str
    version: str
    base_id: str
    base_version: str
    changes: tuple[ProfileChange, ...]
    base: Framework | None = attrs.field(default=None, eq=False, repr=False)

    def touching(self) -> dict[str, tuple[ProfileChange, ...]]:
        """The changes that touched each target, by target id."""
        out: dict[str, list[ProfileChange]] = {}
        for change in self.changes:
            for target in change.targets:
                out.setdefault(target, []).append(change)
        return {k: tuple(v) for k, v in out.items()}

    def lineage(self) -> tuple[tuple[str, str], ...]:
        """(id, version) of the base, its base, …: the frameworks evidence may be made for."""
        out = [(self.base_id, self.base_version)]
        if self.base is not None and self.base.profile is not None:
            out.extend(self.base.profile.lineage())
        return tuple(out)

    def ancestor(self, framework_id: str, version: str) -> Framework | None:
        """The base (or its base, …) of this id and version, as compiled."""
        base = self.base
        while base is not None:
            if (base.id, base.version) == (framework_id, version):
                return base
            base = base.profile.base if base.profile is not None else None
        return None


@attrs.frozen
class Framework:
    id: str
    title: str
    version: str
    scale: Scale
    roles: tuple[Role, ...]
    measures: tuple[Measure, ...]
    rules: tuple[Rule, ...]
    normenkaders: tuple[Normenkader, ...]
    sources: tuple[SourceRef, ...] = ()
    inputs: tuple[InputDecl, ...] = ()
    decisions: tuple[Decision, ...] = ()  # in an order where each comes after what it uses
    outcomes: tuple[OutcomeDecl, ...] = ()
    profile: Profile | None = None  # a profile: its base and the changes made to it
    path: str | None = attrs.field(default=None, eq=False)
    digest: str | None = attrs.field(default=None, eq=False, repr=False)
    #: every scale, the framework's own (``scale``, the first declared) first; empty: ``scale`` alone
    scales: tuple[Scale, ...] = ()
    #: where verdicts compared in a decision's aggregate over a target (key: the target) or in the
    #: scores of a tree (key: the normenkader) are on another scale than ``scale``: that scale's name
    compared_on: tuple[tuple[str, str], ...] = ()

    def compared_scale(self, key: str) -> Scale:
        """The scale verdicts compared at ``key`` are on (see ``compared_on``)."""
        for k, name in self.compared_on:
            if k == key:
                return self.scale_named(name)
        return self.scale

    def every_scale(self) -> tuple[Scale, ...]:
        return self.scales or (self.scale,)

    def scale_named(self, name: str | None) -> Scale:
        """The scale of that name; None (or an unknown name) gives the framework's scale."""
        return next((s for s in self.scales if s.name == name), self.scale) if name is not None else self.scale

    def input_scale(self, rule: Rule) -> tuple[Scale, dict[str, int | Fraction] | None]:
        """The scale a rule's inputs are on (the framework's when they are on several), and, when
        they are on several, each symbol's own scale's maximum (the inputs' ``maximum``)."""
        reads = [self.scale_named(name) for name in rule.reads]
        if len(reads) == 1:
            return reads[0], None
        if not reads:
            return self.scale, None
        return self.scale, {s: scale.max_points for scale in reads for v in scale.values for s in (v.symbol, *v.aliases)}

    def verdict_scale(self, target: Target) -> Scale:
        """The scale a target's verdict is on: an aspect's and a norm's from findings, its findings'
        scale; a norm's, group's or total's from a rule, the scale the rule yields. An override or a
        recorded verdict of the target gives a value of it."""
        norm = target.norm
        if norm is not None and target.group is None:
            if target.aspects is None and isinstance(norm.verdict, (FromAspects, FromMeasure)):
                return self.scale_named(norm.verdict.rule.yields)
            return self.scale_named(norm.findings)
        rule = target.group.rule if target.group is not None else target.normenkader.total
        return self.scale_named(rule.yields if rule is not None else None)

    def scale_of(self, symbol: str) -> Scale | None:
        """The scale a symbol (or alias) is on: no two scales of a framework share one (RN741)."""
        return next((s for s in self.every_scale() if s.lookup(symbol) is not None), None)

    def every_rule(self) -> tuple[Rule, ...]:
        """Every rule that can judge: the named ones, then the inline ones where they stand."""
        out: dict[str, Rule] = {r.id: r for r in self.rules}
        for nk in self.normenkaders:
            for norm in nk.norms:
                if isinstance(norm.verdict, (FromAspects, FromMeasure)):
                    out.setdefault(norm.verdict.rule.id, norm.verdict.rule)
            for group in nk.groups:
                if group.rule is not None:
                    out.setdefault(group.rule.id, group.rule)
            for rule in (nk.total, nk.across):
                if rule is not None:
                    out.setdefault(rule.id, rule)
        return tuple(out.values())

    def role(self, role_id: str) -> Role | None:
        return next((r for r in self.roles if r.id == role_id), None)

    def measure(self, measure_id: str) -> Measure | None:
        return next((m for m in self.measures if m.id == measure_id), None)

    def input(self, input_id: str) -> InputDecl | None:
        return next((i for i in self.inputs if i.id == input_id), None)

    def decision(self, decision_id: str) -> Decision | None:
        return next((d for d in self.decisions if d.id == decision_id), None)

    def outcome(self, name: str) -> OutcomeDecl | None:
        return next((o for o in self.outcomes if o.name == name), None)

    def normenkader(self, nk_id: str) -> Normenkader | None:
        return next((n for n in self.normenkaders if n.id == nk_id), None)

    def score_targets(self) -> dict[str, Score]:
        """Every score at every node it has a value at, by its target (``bench.system:default``)."""
        out: dict[str, Score] = {}
        for nk in self.normenkaders:
            for score in nk.scores:
                if score.at_norm is not None:
                    out.update((f"{nk.id}.{n.id}:{score.id}", score) for n in nk.norms)
                if score.at_group is not None:
                    out.update((f"{nk.id}.{g.id}:{score.id}", score) for g in nk.groups)
                    out[f"{nk.id}:{score.id}"] = score
        return out

    def targets(self) -> dict[str, Target]:
        """Every judgeable target by its dotted id (``opzet``, ``opzet.1``, ``opzet.1.a``)."""
        out: dict[str, Target] = {}
        for nk in self.normenkaders:
            out[nk.id] = Target(nk.id, nk, None, None)
            for group in nk.groups:
                out[f"{nk.id}.{group.id}"] = Target(f"{nk.id}.{group.id}", nk, None, None, group)
            for norm in nk.norms:
                out[f"{nk.id}.{norm.id}"] = Target(f"{nk.id}.{norm.id}", nk, norm, None)
                for aspect in norm.aspects:
                    key = f"{nk.id}.{norm.id}.{aspect.id}"
                    previous = out.get(key)
                    if previous is None:
                        out[key] = Target(key, nk, norm, (aspect,))
                    else:  # the same aspect id declared per role
                        assert previous.aspects is not None
                        out[key] = Target(key, nk, norm, previous.aspects + (aspect,))
        return out


@attrs.frozen
class Target:
    """A resolved dotted id: a normenkader, a norm, or an aspect (possibly declared per role)."""

    id: str
    normenkader: Normenkader
    norm: Norm | None
    aspects: tuple[Aspect, ...] | None
    group: Group | None = None

    @property
    def level(self) -> str:
        if self.aspects is not None:
            return "aspect"
        if self.group is not None:
            return "group"
        return "norm" if self.norm is not None else "normenkader"

    def aspect_for(self, role: str) -> Aspect | None:
        return next((a for a in self.aspects or () if a.applies_to(role)), None)

    def applies_to(self, role: str) -> bool:
        if not self.normenkader.applies_to(role):
            return False
        if self.norm is not None and not self.norm.applies_to(role):
            return False
        if self.group is not None and not self.group.applies_to(role):
            return False
        return self.aspects is None or self.aspect_for(role) is not None
