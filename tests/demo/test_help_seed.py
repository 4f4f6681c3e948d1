"""The demo's help data: deterministic, idempotent, and a batch over it never breaks a rule."""

from __future__ import annotations

import pytest

from samskap.demo.help_seed import seed_help_population
from samskap.demo.population import demo_population_seed
from samskap.help import services
from samskap.help.models import HelperProfile, HelpSession, Need, NeedStatus
from samskap.municipalities.models import Kommune

pytestmark = pytest.mark.django_db


def test_population_help_seed_is_idempotent_and_a_batch_respects_every_rule(users):
    demo_population_seed(seed=1)
    first = seed_help_population(seed=1)
    assert first["helpers"] > 10 and first["needs"] > 10 and first["sessions"] > 20
    counts = (HelperProfile.objects.count(), Need.objects.count(), HelpSession.objects.count())
    assert seed_help_population(seed=1) == {"helpers": 0, "needs": 0, "sessions": 0}
    assert counts == (
        HelperProfile.objects.count(),
        Need.objects.count(),
        HelpSession.objects.count(),
    )
    gausdal = Kommune.objects.get(number="3441")
    run = services.matching_run_create(kommune=gausdal, started_by=users["hanne"])
    assert run.proven_optimal
    assert run.objective >= run.greedy_objective
    suggested = list(run.assignments.select_related("need__person", "helper__person"))
    assert suggested, "the demo should give the coordinator something to review"
    for assignment in suggested:
        assert assignment.need.status == NeedStatus.OPEN
        problem = services.eligibility_problem(
            assignment.need, assignment.helper, count_capacity=False
        )
        assert problem == "", (assignment, problem)
