"""Who may sign Eli up, manage Sterk og stødig and take its register."""

from __future__ import annotations

import pytest

from samskap.activities.models import Activity

pytestmark = pytest.mark.django_db

SIGN_UP_ELI = {
    "eli": True,
    "axel": True,
    "hanne": True,
    "trine": True,
    "randi": False,
    "lars": False,
    "kari": False,
    "berit": False,
    "lilly": False,
    "anders": False,
}


@pytest.mark.parametrize(("username", "allowed"), SIGN_UP_ELI.items())
def test_who_may_sign_eli_up(users, username, allowed):
    assert users[username].has_perm("activities.sign_up_for", users["eli"].person) is allowed


@pytest.mark.parametrize(
    ("username", "manage", "lead"),
    [
        ("hanne", True, True),  # coordinator in Gausdal
        ("randi", False, True),  # assistant instructor
        ("marius", False, False),  # represents another organisation
        ("eli", False, False),
        ("lilly", False, False),
    ],
)
def test_manage_and_lead_sterk_og_stodig(users, username, manage, lead):
    sterk = Activity.objects.get(title="Sterk og stødig")
    assert users[username].has_perm("activities.manage_activity", sterk) is manage
    assert users[username].has_perm("activities.lead_activity", sterk) is lead
