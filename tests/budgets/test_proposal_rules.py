"""The rules engine, without a database: explained results with the numbers."""

from __future__ import annotations

from samskap.budgets.proposal_rules import (
    ActorData,
    ActorKind,
    PoolRules,
    ProposalData,
    RuleCode,
    check_proposal,
)
from samskap.budgets.text import join_words, kroner

GROUP = ActorData("Pensjonistgruppa på Forset", ActorKind.RESIDENT_GROUP)
CENTRE = ActorData("Gausdal frivilligsentral", ActorKind.ASSOCIATION)
UNIT = ActorData("Hjemmetjenesten", ActorKind.MUNICIPAL_UNIT)


def data(**overrides):
    values = {
        "cost": 300_000,
        "actors": (GROUP, CENTRE, UNIT),
        "responsible_unit": "Hjemmetjenesten",
        "pool_amount": 800_000,
    }
    values.update(overrides)
    return ProposalData(**values)


def by_rule(check):
    return {r.rule: r for r in check.results}


def test_trondheim_rules_pass():
    check = check_proposal(PoolRules(), data())
    assert check.passed
    assert [r.rule for r in check.results] == [
        RuleCode.MIN_ACTORS,
        RuleCode.MIN_ACTOR_KINDS,
        RuleCode.MUNICIPAL_UNIT,
        RuleCode.MAX_COST,
        RuleCode.WITHIN_POOL,
        RuleCode.NO_POSITIONS,
    ]


def test_two_actors_explained_with_numbers():
    check = check_proposal(PoolRules(), data(actors=(GROUP, CENTRE)))
    assert not check.passed
    results = by_rule(check)
    actors = results[RuleCode.MIN_ACTORS].explanation
    assert actors.startswith("Forslaget har 2 aktører bak seg: Pensjonistgruppa på Forset")
    assert "Reglene krever minst 3. Det mangler 1 aktør." in actors
    kinds = results[RuleCode.MIN_ACTOR_KINDS].explanation
    assert "bare 2 ulike typer" in kinds
    assert "minst 3 ulike typer" in kinds
    assert "for eksempel kommunal enhet, bedrift eller skole/barnehage." in kinds


def test_same_kind_counts_once():
    check = check_proposal(
        PoolRules(), data(actors=(CENTRE, ActorData("Sanitetsforeningen", "association"), UNIT))
    )
    results = by_rule(check)
    assert results[RuleCode.MIN_ACTORS].passed
    assert not results[RuleCode.MIN_ACTOR_KINDS].passed


def test_cost_position_and_unit():
    check = check_proposal(
        PoolRules(),
        data(cost=900_000, responsible_unit=" ", creates_permanent_position=True),
    )
    results = by_rule(check)
    assert not results[RuleCode.MUNICIPAL_UNIT].passed
    assert kroner(500_000) in results[RuleCode.MAX_COST].explanation
    assert not results[RuleCode.WITHIN_POOL].passed
    assert not results[RuleCode.NO_POSITIONS].passed
    assert len(check.failed) == 4


def test_rules_can_be_turned_off_and_stored_as_data():
    rules = PoolRules.from_data({"min_actors": 1, "min_actor_kinds": 0, "unknown": 5})
    assert rules.to_data()["min_actors"] == 1
    check = check_proposal(rules, data(actors=(GROUP,)))
    assert check.passed
    assert RuleCode.MIN_ACTOR_KINDS not in by_rule(check)
    assert len(PoolRules().describe()) == 5


def test_join_words():
    assert join_words(["a", "b", "c"]) == "a, b og c"
    assert join_words(["a"]) == "a"
