"""The pure rules of co-creation, without a database."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from samskap.cocreation import domain
from samskap.cocreation.ladder import LADDER
from samskap.cocreation.models import Level, Phase


@pytest.mark.parametrize(
    "text",
    [
        "Hvordan kan flere eldre delta på aktiviteter?",
        "Hva trenger pårørende",
        "hvem kan kjøre til dagsenteret",
        "Hvilke nye aktiviteter og tiltak",
        "Flere eldre på aktiviteter?",
        "  Korleis kan fleire bli med?  ",
    ],
)
def test_questions_are_accepted(text):
    assert domain.is_question(text)


@pytest.mark.parametrize("text", ["", "   ", "Flere eldre på aktiviteter", "Hvaskjer med dette"])
def test_statements_are_not_questions(text):
    assert not domain.is_question(text)


def test_a_mixed_group_is_not_homogeneous():
    mix = domain.assess_mix({"resident": 3, "staff": 2, "volunteer": 2})
    assert mix.total == 7 and mix.sectors == 3
    assert not mix.homogeneous


def test_fewer_than_three_sectors_is_homogeneous():
    mix = domain.assess_mix({"resident": 2, "staff": 2, "volunteer": 0})
    assert mix.too_few_sectors and not mix.one_sector_dominates
    assert mix.homogeneous


def test_one_sector_over_sixty_percent_is_homogeneous():
    mix = domain.assess_mix({"staff": 7, "resident": 2, "volunteer": 1})
    assert mix.one_sector_dominates and mix.largest_sector == "staff"
    assert mix.largest_share == pytest.approx(0.7)
    assert mix.homogeneous


def test_exactly_sixty_percent_is_still_fine():
    mix = domain.assess_mix({"staff": 3, "resident": 1, "volunteer": 1})
    assert not mix.one_sector_dominates and not mix.homogeneous


def test_an_empty_group_is_homogeneous():
    mix = domain.assess_mix({})
    assert mix.total == 0 and mix.homogeneous


@given(st.dictionaries(st.sampled_from(["a", "b", "c", "d", "e"]), st.integers(0, 50)))
def test_mix_assessment_matches_its_definition(counts):
    mix = domain.assess_mix(counts)
    present = [n for n in counts.values() if n]
    assert mix.total == sum(present)
    if present:
        assert mix.homogeneous == (len(present) < 3 or max(present) / sum(present) > 0.6)


def test_dots_are_spent_within_the_budget():
    assert domain.spend_dots(budget=5, used=0) == 4
    assert domain.spend_dots(budget=5, used=3, dots=2) == 0


def test_spending_over_the_budget_is_refused():
    with pytest.raises(domain.BudgetExceeded):
        domain.spend_dots(budget=5, used=5)
    with pytest.raises(domain.BudgetExceeded):
        domain.spend_dots(budget=5, used=4, dots=2)
    with pytest.raises(ValueError):
        domain.spend_dots(budget=5, used=0, dots=0)


@given(st.integers(1, 20), st.lists(st.integers(1, 5), max_size=30))
def test_no_sequence_of_votes_exceeds_the_budget(budget, attempts):
    used = 0
    for dots in attempts:
        try:
            domain.spend_dots(budget=budget, used=used, dots=dots)
        except domain.BudgetExceeded:
            continue
        used += dots
    assert used <= budget
    assert domain.dots_left(budget, used) == budget - used


def test_phases_follow_the_open_close_method():
    assert domain.PHASES == tuple(Phase.values)
    assert domain.next_phase("directions") == "ideas"
    assert domain.next_phase("refined") == "decision"
    assert domain.next_phase("implementation") is None
    assert [p for p in domain.PHASES if domain.is_round(p)] == ["directions", "ideas", "refined"]


def test_the_ladder_covers_every_level_and_marks_the_legal_duties():
    assert [step.level for step in LADDER] == list(Level.values)
    assert [step.level for step in LADDER if step.required_by_law] == ["inform", "consult"]
    assert all(str(step.explanation) and str(step.legal_note) for step in LADDER)
