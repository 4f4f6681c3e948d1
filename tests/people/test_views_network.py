from __future__ import annotations

import pytest
from django.test import Client

from samskap.people.models import Relation, Representation
from samskap.privacy.models import AuditEvent
from tests.helpers import login

pytestmark = pytest.mark.django_db


def test_nurse_adds_a_neighbour_to_elis_network(users):
    eli = users["eli"].person
    client = login(Client(), "trine")
    response = client.post(
        f"/personer/{eli.pk}/nettverk/ny/",
        {
            "given_name": "Gunvor",
            "family_name": "Kleiven",
            "kind": "neighbour",
            "phone": "+47 912 34 567",
            "description": "Stikker innom på søndager",
        },
    )
    assert response.status_code == 302
    relation = Relation.objects.get(person=eli, other__given_name="Gunvor")
    assert relation.recorded_by == users["trine"]
    assert relation.other.kommune == eli.kommune
    assert AuditEvent.objects.filter(subject=eli, action="relation_added").exists()
    page = client.get(f"/personer/{eli.pk}/").content.decode()
    assert "Gunvor Kleiven" in page and "Stikker innom på søndager" in page


def test_volunteer_cannot_add_to_someone_elses_network(users):
    eli = users["eli"].person
    client = login(Client(), "lars")
    response = client.post(
        f"/personer/{eli.pk}/nettverk/ny/",
        {"given_name": "X", "family_name": "Y", "kind": "friend"},
    )
    assert response.status_code == 403
    assert not Relation.objects.filter(person=eli, other__given_name="X").exists()


def test_representation_needs_documented_basis_and_valid_dates(users):
    eli = users["eli"].person
    client = login(Client(), "trine")
    axel = users["axel"].person
    before = Representation.objects.count()
    response = client.post(
        f"/personer/{eli.pk}/representant/ny/",
        {
            "representative": axel.pk,
            "basis": "lasting_power",
            "basis_reference": "",
            "start_date": "2026-03-01",
            "end_date": "2026-02-01",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Til-datoen må være etter fra-datoen." in html
    assert Representation.objects.count() == before
    response = client.post(
        f"/personer/{eli.pk}/representant/ny/",
        {
            "representative": axel.pk,
            "basis": "lasting_power",
            "basis_reference": "Stadfestet av Statsforvalteren 2026-02-20",
            "start_date": "2026-03-01",
        },
    )
    assert response.status_code == 302
    rep = Representation.objects.filter(person=eli, basis="lasting_power").get()
    assert rep.recorded_by == users["trine"]
