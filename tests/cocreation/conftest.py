from __future__ import annotations

import pytest

from samskap.cocreation import services
from samskap.cocreation.models import Level, Process, Sector

CHALLENGE = "Hvordan kan flere eldre delta på aktiviteter?"


@pytest.fixture
def gausdal(demo):
    return demo["kommuner"]["3441"]


@pytest.fixture
def process(users, gausdal) -> Process:
    return services.process_create(
        kommune=gausdal,
        owner=users["hanne"],
        challenge=CHALLENGE,
        level=Level.COLLABORATE,
        dots_per_round=5,
    )


@pytest.fixture
def joined(process, users) -> Process:
    services.participant_join(process=process, user=users["eli"], sector=Sector.RESIDENT)
    services.participant_join(process=process, user=users["trine"], sector=Sector.STAFF)
    services.participant_join(process=process, user=users["randi"], sector=Sector.VOLUNTEER)
    return process
