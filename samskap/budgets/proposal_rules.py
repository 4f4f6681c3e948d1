"""The rules a proposal must meet before residents can vote on it. Pure Python, no ORM.

Each pool stores its rules as data (`BudgetPool.rules`, a JSON object with the fields of
`PoolRules`). `check_proposal` returns one `RuleResult` per active rule, each with a plain
explanation with the numbers, so a proposal that breaks a rule is explained, not just refused.
Defaults follow Trondheim's «Innbyggernes modell»: at least three actors of different kinds,
a municipal unit responsible, at most 500 000 kroner per proposal, no new permanent positions.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from samskap.budgets.text import join_alternatives, join_words, kroner


class ActorKind(models.TextChoices):
    RESIDENT_GROUP = "resident_group", gettext_lazy("Innbyggergruppe")
    ASSOCIATION = "association", gettext_lazy("Lag/forening")
    BUSINESS = "business", gettext_lazy("Bedrift")
    MUNICIPAL_UNIT = "municipal_unit", gettext_lazy("Kommunal enhet")
    SCHOOL = "school", gettext_lazy("Skole/barnehage")
    OTHER = "other", gettext_lazy("Annen aktør")


class RuleCode(models.TextChoices):
    MIN_ACTORS = "min_actors", gettext_lazy("Antall aktører bak forslaget")
    MIN_ACTOR_KINDS = "min_actor_kinds", gettext_lazy("Ulike typer aktører")
    MUNICIPAL_UNIT = "requires_municipal_unit", gettext_lazy("Kommunal enhet er ansvarlig")
    MAX_COST = "max_cost_per_proposal", gettext_lazy("Høyeste beløp per forslag")
    WITHIN_POOL = "within_pool", gettext_lazy("Får plass i potten")
    NO_POSITIONS = "no_permanent_positions", gettext_lazy("Ingen nye faste stillinger")


# The order in which missing kinds are suggested: a municipal unit first, as in Trondheim.
SUGGESTED_KINDS = (
    ActorKind.MUNICIPAL_UNIT,
    ActorKind.RESIDENT_GROUP,
    ActorKind.ASSOCIATION,
    ActorKind.BUSINESS,
    ActorKind.SCHOOL,
)


@dataclass(frozen=True)
class PoolRules:
    """A pool's rules. `0`, `None` or `False` turns a rule off."""

    min_actors: int = 3
    min_actor_kinds: int = 3
    requires_municipal_unit: bool = True
    max_cost_per_proposal: int | None = 500_000
    no_permanent_positions: bool = True

    @classmethod
    def from_data(cls, data: dict[str, Any] | None) -> PoolRules:
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in (data or {}).items() if k in known})

    def to_data(self) -> dict[str, Any]:
        return asdict(self)

    def describe(self) -> list[str]:
        """The rules in plain words, for the pool page."""
        lines = []
        if self.min_actors:
            lines.append(
                ngettext(
                    "Minst %(count)s aktør må stå bak forslaget.",
                    "Minst %(count)s aktører må stå bak forslaget.",
                    self.min_actors,
                )
                % {"count": self.min_actors}
            )
        if self.min_actor_kinds > 1:
            lines.append(
                _(
                    "Aktørene må være av minst %(count)s ulike typer, for eksempel en "
                    "innbyggergruppe, en forening og en kommunal enhet."
                )
                % {"count": self.min_actor_kinds}
            )
        if self.requires_municipal_unit:
            lines.append(_("En kommunal enhet må stå som ansvarlig for forslaget."))
        if self.max_cost_per_proposal:
            lines.append(
                _("Et forslag kan koste høyst %(amount)s.")
                % {"amount": kroner(self.max_cost_per_proposal)}
            )
        if self.no_permanent_positions:
            lines.append(_("Pengene kan ikke brukes til nye faste stillinger."))
        return lines


@dataclass(frozen=True)
class ActorData:
    name: str
    kind: str


@dataclass(frozen=True)
class ProposalData:
    cost: int
    actors: tuple[ActorData, ...] = ()
    responsible_unit: str = ""
    creates_permanent_position: bool = False
    pool_amount: int | None = None


@dataclass(frozen=True)
class RuleResult:
    rule: str
    passed: bool
    explanation: str

    @property
    def label(self) -> str:
        return str(RuleCode(self.rule).label)


@dataclass(frozen=True)
class RuleCheck:
    results: tuple[RuleResult, ...] = field(default_factory=tuple)

    @property
    def passed(self) -> bool:
        return all(r.passed for r in self.results)

    @property
    def failed(self) -> tuple[RuleResult, ...]:
        return tuple(r for r in self.results if not r.passed)


def kind_label(kind: str) -> str:
    try:
        return str(ActorKind(kind).label).lower()
    except ValueError:
        return str(ActorKind.OTHER.label).lower()


def _actor_list(actors: tuple[ActorData, ...]) -> str:
    return join_words(
        [_("%(name)s (%(kind)s)") % {"name": a.name, "kind": kind_label(a.kind)} for a in actors]
    )


def _check_min_actors(rules: PoolRules, data: ProposalData) -> RuleResult:
    have, need = len(data.actors), rules.min_actors
    have_text = ngettext(
        "Forslaget har %(count)s aktør bak seg",
        "Forslaget har %(count)s aktører bak seg",
        have,
    ) % {"count": have}
    if have:
        have_text += ": " + _actor_list(data.actors)
    if have >= need:
        return RuleResult(
            RuleCode.MIN_ACTORS,
            True,
            _("%(have)s. Reglene krever minst %(need)s. Det er nok.")
            % {"have": have_text, "need": need},
        )
    missing = need - have
    return RuleResult(
        RuleCode.MIN_ACTORS,
        False,
        ngettext(
            "%(have)s. Reglene krever minst %(need)s. Det mangler %(missing)s aktør.",
            "%(have)s. Reglene krever minst %(need)s. Det mangler %(missing)s aktører.",
            missing,
        )
        % {"have": have_text, "need": need, "missing": missing},
    )


def _check_kinds(rules: PoolRules, data: ProposalData) -> RuleResult:
    kinds = []
    for actor in data.actors:
        if actor.kind not in kinds:
            kinds.append(actor.kind)
    have, need = len(kinds), rules.min_actor_kinds
    kinds_text = join_words([kind_label(k) for k in kinds])
    if have >= need:
        return RuleResult(
            RuleCode.MIN_ACTOR_KINDS,
            True,
            _("Aktørene er av %(have)s ulike typer (%(kinds)s). Reglene krever minst %(need)s.")
            % {"have": have, "kinds": kinds_text, "need": need},
        )
    missing_kinds = [kind_label(k) for k in SUGGESTED_KINDS if k not in kinds]
    if have:
        start = ngettext(
            "Aktørene er av bare %(have)s type (%(kinds)s)",
            "Aktørene er av bare %(have)s ulike typer (%(kinds)s)",
            have,
        ) % {"have": have, "kinds": kinds_text}
    else:
        start = _("Forslaget har ingen aktører ennå")
    return RuleResult(
        RuleCode.MIN_ACTOR_KINDS,
        False,
        _(
            "%(start)s, men reglene krever minst %(need)s ulike typer. Legg til en aktør av "
            "en annen type, for eksempel %(examples)s."
        )
        % {
            "start": start,
            "need": need,
            "examples": join_alternatives(missing_kinds[:3]),
        },
    )


def _check_municipal_unit(data: ProposalData) -> RuleResult:
    unit = data.responsible_unit.strip()
    if unit:
        return RuleResult(
            RuleCode.MUNICIPAL_UNIT,
            True,
            _("%(unit)s er ansvarlig kommunal enhet.") % {"unit": unit},
        )
    return RuleResult(
        RuleCode.MUNICIPAL_UNIT,
        False,
        _(
            "Ingen kommunal enhet står som ansvarlig. Skriv inn hvilken kommunal enhet som "
            "tar ansvar for forslaget, for eksempel hjemmetjenesten."
        ),
    )


def _check_max_cost(rules: PoolRules, data: ProposalData) -> RuleResult:
    limit = rules.max_cost_per_proposal or 0
    values = {"cost": kroner(data.cost), "limit": kroner(limit)}
    if data.cost <= limit:
        return RuleResult(
            RuleCode.MAX_COST,
            True,
            _("Forslaget koster %(cost)s. Grensen er %(limit)s.") % values,
        )
    return RuleResult(
        RuleCode.MAX_COST,
        False,
        _(
            "Forslaget koster %(cost)s, men et forslag kan koste høyst %(limit)s. "
            "Gjør forslaget mindre, eller del det i to."
        )
        % values,
    )


def _check_within_pool(data: ProposalData) -> RuleResult:
    pool = data.pool_amount or 0
    values = {"cost": kroner(data.cost), "pool": kroner(pool)}
    if data.cost <= pool:
        return RuleResult(
            RuleCode.WITHIN_POOL,
            True,
            _("Forslaget koster %(cost)s, og potten er på %(pool)s.") % values,
        )
    return RuleResult(
        RuleCode.WITHIN_POOL,
        False,
        _("Forslaget koster %(cost)s, mer enn hele potten på %(pool)s.") % values,
    )


def _check_positions(data: ProposalData) -> RuleResult:
    if not data.creates_permanent_position:
        return RuleResult(
            RuleCode.NO_POSITIONS, True, _("Forslaget lager ingen nye faste stillinger.")
        )
    return RuleResult(
        RuleCode.NO_POSITIONS,
        False,
        _(
            "Forslaget lager en ny fast stilling, og det kan ikke pengene brukes til. "
            "Pengene skal gå til det målgruppen selv sier den trenger, for eksempel utstyr, "
            "aktiviteter eller tidsavgrenset innsats."
        ),
    )


def check_proposal(rules: PoolRules, data: ProposalData) -> RuleCheck:
    """One result per active rule, in a fixed order."""
    results = []
    if rules.min_actors:
        results.append(_check_min_actors(rules, data))
    if rules.min_actor_kinds:
        results.append(_check_kinds(rules, data))
    if rules.requires_municipal_unit:
        results.append(_check_municipal_unit(data))
    if rules.max_cost_per_proposal:
        results.append(_check_max_cost(rules, data))
    if data.pool_amount is not None:
        results.append(_check_within_pool(data))
    if rules.no_permanent_positions:
        results.append(_check_positions(data))
    return RuleCheck(tuple(results))
