from __future__ import annotations

import pytest
from django.test import Client

from samskap.accounts.models import Role, RoleAssignment
from samskap.privacy.models import AuditEvent
from tests.helpers import login

pytestmark = pytest.mark.django_db


def test_administrator_grants_and_revokes_a_role_with_audit(users, demo):
    client = login(Client(), "anders")
    gausdal = demo["kommuner"]["3441"]
    response = client.post(
        "/administrasjon/roller/",
        {"username": "lars", "role": Role.VOLUNTEER, "kommune": gausdal.pk},
    )
    assert response.status_code == 302
    assignment = RoleAssignment.objects.get(user=users["lars"], kommune=gausdal)
    assert assignment.granted_by == users["anders"]
    assert AuditEvent.objects.filter(action="role_granted", subject=users["lars"].person).exists()
    client.post("/administrasjon/roller/", {"revoke": assignment.pk})
    assert not RoleAssignment.objects.filter(pk=assignment.pk).exists()
    assert AuditEvent.objects.filter(action="role_revoked", subject=users["lars"].person).exists()


def test_unknown_user_gets_a_clear_message_and_nothing_is_saved(users, demo):
    client = login(Client(), "anders")
    count = RoleAssignment.objects.count()
    response = client.post(
        "/administrasjon/roller/",
        {"username": "finnesikke", "role": Role.VOLUNTEER, "kommune": demo["kommuner"]["3441"].pk},
    )
    assert response.status_code == 200
    assert "Fant ingen bruker med dette brukernavnet." in response.content.decode()
    assert RoleAssignment.objects.count() == count


def test_organisation_rep_needs_an_organisation(users, demo):
    client = login(Client(), "anders")
    response = client.post(
        "/administrasjon/roller/",
        {"username": "lars", "role": Role.ORGANISATION_REP, "kommune": demo["kommuner"]["3440"].pk},
    )
    assert "Velg hvilken organisasjon brukeren representerer." in response.content.decode()


def test_administrator_cannot_remove_own_admin_role(users):
    client = login(Client(), "anders")
    own = RoleAssignment.objects.filter(user=users["anders"], role=Role.ADMINISTRATOR).first()
    response = client.post("/administrasjon/roller/", {"revoke": own.pk}, follow=True)
    assert "Du kan ikke fjerne din egen administratorrolle." in response.content.decode()
    assert RoleAssignment.objects.filter(pk=own.pk).exists()


@pytest.mark.parametrize("username", ["eli", "lars", "hanne", "lilly", "trine"])
def test_other_roles_cannot_administer_roles(users, username):
    assert login(Client(), username).get("/administrasjon/roller/").status_code == 403


def test_organisation_rep_sees_members_of_own_organisation(users):
    html = login(Client(), "marius").get("/min-side/").content.decode()
    assert "Gausdal frivilligsentral" in html
    assert "Julie Sveen" in html
