"""Demo participatory budget: «Innbyggernes modell for eldre 2027» in Gausdal. Idempotent.

A pool of 800 000 kroner with Trondheim's rules (at least three actors of three different
kinds, a municipal unit responsible, at most 500 000 kroner per proposal, no new permanent
positions), open for proposals, with three proposals:

- «Turvenner med rullestol» (Marius, frivilligsentralen): three actors, submitted;
- «Kafé på Forset for eldre» (Randi): three actors, submitted;
- «Trim i bygdene» (Eli): only two actors, so it stays a draft, and the rule check explains
  what is missing.

Needs the cast (`seed_region_and_cast`) first.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from samskap.accounts.models import User
from samskap.budgets.models import BudgetPool, PoolStatus
from samskap.budgets.proposal_rules import ActorKind, PoolRules
from samskap.budgets.services import (
    ActorInput,
    pool_advance,
    pool_create,
    proposal_save,
    proposal_submit,
)
from samskap.municipalities.models import Kommune
from samskap.organisations.models import Organisation

POOL_TITLE = "Innbyggernes modell for eldre 2027"


@transaction.atomic
def seed_budgets_demo() -> dict:
    found = BudgetPool.objects.filter(title=POOL_TITLE).first()
    if found:
        return {"pool": found, "created": False}
    gausdal = Kommune.objects.get(number="3441")
    users = {
        u.username: u for u in User.objects.filter(username__in=["lilly", "marius", "randi", "eli"])
    }
    centre = Organisation.objects.filter(kommune=gausdal, name="Gausdal frivilligsentral").first()
    home_care = Organisation.objects.filter(
        kommune=gausdal, name="Hjemmetjenesten i Gausdal"
    ).first()
    sports = Organisation.objects.filter(kommune=gausdal, name="Aktiv fritid Gausdal").first()
    pool = pool_create(
        kommune=gausdal,
        title=POOL_TITLE,
        description=(
            "Eldre i Gausdal bestemmer selv hva pengene skal brukes til. Kom med forslag "
            "sammen med andre, og stem på de forslagene du mener er viktigst."
        ),
        target_group="Eldre som bor hjemme i Gausdal",
        period_start=dt.date(2027, 1, 1),
        period_end=dt.date(2027, 6, 30),
        amount=800_000,
        pool_rules=PoolRules(),
        created_by=users["lilly"],
    )
    pool = pool_advance(pool=pool, changed_by=users["lilly"])
    assert pool.status == PoolStatus.PROPOSALS_OPEN

    def actor(name, kind, org=None):
        return ActorInput(name=name, kind=kind, organisation_id=org.pk if org else None)

    walks, _check = proposal_save(
        pool=pool,
        title="Turvenner med rullestol",
        description=(
            "Frivillige turvenner tar med eldre som bruker rullestol eller rullator på tur "
            "langs elva hver uke. Pengene går til to elektriske rullestoltrekk og kurs."
        ),
        cost=300_000,
        responsible_unit="Hjemmetjenesten i Gausdal",
        creates_permanent_position=False,
        actors=[
            actor("Gausdal frivilligsentral", ActorKind.ASSOCIATION, centre),
            actor("Turgruppa på Segalstad bru", ActorKind.RESIDENT_GROUP),
            actor("Hjemmetjenesten i Gausdal", ActorKind.MUNICIPAL_UNIT, home_care),
        ],
        saved_by=users["marius"],
    )
    proposal_submit(proposal=walks, submitted_by=users["marius"])
    cafe, _check = proposal_save(
        pool=pool,
        title="Kafé på Forset for eldre",
        description=(
            "En kafé hver onsdag der eldre møtes, med skyss for dem som trenger det. "
            "Pengene går til leie av lokale, mat og skyss."
        ),
        cost=400_000,
        responsible_unit="Hjemmetjenesten i Gausdal",
        creates_permanent_position=False,
        actors=[
            actor("Pensjonistforeningen i Gausdal", ActorKind.RESIDENT_GROUP),
            actor("Bakeriet på Forset", ActorKind.BUSINESS),
            actor("Hjemmetjenesten i Gausdal", ActorKind.MUNICIPAL_UNIT, home_care),
        ],
        saved_by=users["randi"],
    )
    proposal_submit(proposal=cafe, submitted_by=users["randi"])
    gym, gym_check = proposal_save(
        pool=pool,
        title="Trim i bygdene",
        description="Sterk og stødig i grendehusene, så flere slipper å reise til Forset.",
        cost=200_000,
        responsible_unit="Hjemmetjenesten i Gausdal",
        creates_permanent_position=False,
        actors=[
            actor("Aktiv fritid Gausdal", ActorKind.ASSOCIATION, sports),
            actor("Trimgruppa i Follebu", ActorKind.RESIDENT_GROUP),
        ],
        saved_by=users["eli"],
    )
    assert not gym_check.passed
    return {"pool": pool, "created": True, "proposals": [walks, cafe, gym]}
