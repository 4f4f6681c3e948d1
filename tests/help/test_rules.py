"""Who may do what with needs, helpers and assignments: role × object matrix."""

from __future__ import annotations

import pytest

from samskap.help.models import HelperProfile

pytestmark = pytest.mark.django_db

# user → may they register and see help needs for Eli?
NEEDS_OF_ELI = {
    "eli": True,  # herself
    "axel": True,  # representative (fullmakt)
    "hanne": True,  # coordinator in Gausdal
    "trine": True,  # care staff following Eli
    "randi": False,  # a volunteer sees no one's needs list
    "lars": False,
    "kari": False,  # relative of someone else
    "solveig": False,  # care staff in another kommune
    "berit": False,  # care staff not following Eli
    "lilly": False,  # leader: aggregates only
    "anders": False,  # administrator: no personal data from the role
}


@pytest.mark.parametrize(("username", "allowed"), NEEDS_OF_ELI.items())
def test_who_may_manage_elis_needs(users, username, allowed):
    eli = users["eli"].person
    assert users[username].has_perm("help.add_need_for", eli) is allowed
    assert users[username].has_perm("help.view_needs_of", eli) is allowed


@pytest.mark.parametrize(
    ("username", "coordinate", "statistics"),
    [
        ("hanne", True, True),
        ("lilly", False, None),
        ("anders", False, True),
        ("randi", False, False),
        ("eli", False, False),
        ("trine", False, False),
    ],
)
def test_coordination_and_statistics_in_gausdal(users, username, coordinate, statistics):
    gausdal = users["eli"].person.kommune_id
    user = users[username]
    assert user.has_perm("help.coordinate", gausdal) is coordinate
    if statistics is None:  # leader: allowed where they lead
        from samskap.accounts.selectors import user_kommune_ids_with_role

        statistics = gausdal in user_kommune_ids_with_role(user, "leader")
    assert user.has_perm("help.view_statistics", gausdal) is statistics


def test_helper_profiles_act_for_themselves_and_organisations(users):
    randi = HelperProfile.objects.get(person__given_name="Randi")
    centre = HelperProfile.objects.get(organisation__name="Gausdal frivilligsentral")
    assert users["randi"].has_perm("help.act_as_helper", randi)
    assert not users["randi"].has_perm("help.act_as_helper", centre)
    assert users["marius"].has_perm("help.act_as_helper", centre)
    assert not users["marius"].has_perm("help.act_as_helper", randi)
    assert not users["hanne"].has_perm("help.act_as_helper", randi)
