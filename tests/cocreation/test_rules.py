"""Who may do what, role by role: resident, relative, volunteer, organisation rep, care staff,
leader, coordinator, administrator; in the process's kommune and outside it."""

from __future__ import annotations

import pytest

from samskap.cocreation import services
from samskap.cocreation.models import Sector

pytestmark = pytest.mark.django_db

# username: (view, join, facilitate, create in Gausdal)
MATRIX = {
    "hanne": (True, True, True, True),  # coordinator in Gausdal, the owner
    "eli": (True, True, False, False),  # resident in Gausdal
    "axel": (True, True, False, False),  # relative in Gausdal
    "randi": (True, True, False, False),  # volunteer in Gausdal
    "marius": (True, True, False, False),  # organisation rep in Gausdal
    "trine": (True, True, False, True),  # care staff in Gausdal
    "lilly": (True, True, False, True),  # leader in Gausdal
    "anders": (True, True, False, True),  # administrator in every kommune
    "torleif": (False, False, False, False),  # resident in Ringebu
    "berit": (False, False, False, False),  # care staff in Ringebu
    "kari": (False, False, False, False),  # relative in Lillehammer
}


@pytest.mark.parametrize("username", sorted(MATRIX))
def test_role_matrix_for_an_open_process(process, users, gausdal, username):
    user = users[username]
    view, join, facilitate, create = MATRIX[username]
    assert user.has_perm("cocreation.view_process", process) is view
    assert user.has_perm("cocreation.join_process", process) is join
    assert user.has_perm("cocreation.facilitate", process) is facilitate
    assert user.has_perm("cocreation.create_process", gausdal) is create
    assert user.has_perm("cocreation.contribute", process) is False


def test_participants_contribute_and_cannot_join_again(process, users):
    services.participant_join(process=process, user=users["eli"], sector=Sector.RESIDENT)
    assert users["eli"].has_perm("cocreation.contribute", process)
    assert not users["eli"].has_perm("cocreation.join_process", process)


def test_a_closed_process_takes_no_new_participants(process, users):
    process.is_open = False
    process.save()
    assert users["eli"].has_perm("cocreation.view_process", process)
    assert not users["eli"].has_perm("cocreation.join_process", process)


def test_another_coordinator_in_the_kommune_facilitates(process, users, gausdal):
    from samskap.accounts.models import Role
    from samskap.accounts.services import role_assign

    role_assign(user=users["lilly"], kommune=gausdal, role=Role.COORDINATOR)
    lilly = type(users["lilly"]).objects.get(pk=users["lilly"].pk)
    assert lilly.has_perm("cocreation.facilitate", process)


def test_anonymous_users_see_nothing(process):
    from django.contrib.auth.models import AnonymousUser

    assert not AnonymousUser().has_perm("cocreation.view_process", process)
