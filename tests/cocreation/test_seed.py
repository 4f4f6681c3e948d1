from __future__ import annotations

import pytest

from samskap.cocreation.models import Process
from samskap.cocreation.selectors import participant_mix
from samskap.demo.cocreation_seed import seed_cocreation_demo

pytestmark = pytest.mark.django_db


def test_seed_is_idempotent_and_mixed(demo):
    first = seed_cocreation_demo()
    second = seed_cocreation_demo()
    assert first["process"].pk == second["process"].pk
    assert Process.objects.count() == 6
    assert Process.objects.filter(is_example=True).count() == 5
    assert first["ideas"] == second["ideas"] == 6
    assert not participant_mix(first["process"]).assessment.homogeneous
    assert {p.kommune.number for p in first["examples"]} == {"3405", "3439", "3440", "3441"}
