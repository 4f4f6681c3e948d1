from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from samskap.people.selectors import person_page_get_for_viewer, residents_for_coordinator
from samskap.privacy.models import AccessLogEntry

pytestmark = pytest.mark.django_db


def test_staff_read_is_logged_with_reason_and_role(users):
    eli = users["eli"].person
    person_page_get_for_viewer(person_id=eli.pk, viewer=users["trine"])
    entry = AccessLogEntry.objects.get(subject=eli)
    assert entry.viewer == users["trine"]
    assert entry.viewer_name == "Trine Nordby"
    assert entry.reason == "Følger opp personen i tjenesten"
    assert "Helse- og omsorgsansatt" in entry.viewer_role


def test_own_read_is_not_logged(users):
    eli = users["eli"].person
    person_page_get_for_viewer(person_id=eli.pk, viewer=users["eli"])
    assert not AccessLogEntry.objects.filter(subject=eli).exists()


def test_refused_read_raises_and_is_not_logged_as_a_read(users):
    eli = users["eli"].person
    with pytest.raises(PermissionDenied):
        person_page_get_for_viewer(person_id=eli.pk, viewer=users["lars"])
    assert not AccessLogEntry.objects.filter(subject=eli).exists()


def test_person_page_query_count_is_constant(users, django_assert_max_num_queries):
    eli = users["eli"].person
    viewer = users["trine"]
    with django_assert_max_num_queries(12):
        page = person_page_get_for_viewer(person_id=eli.pk, viewer=viewer)
        names = [r.other.full_name for r in page.relations] + [
            r.representative.full_name for r in page.representatives
        ]
    assert "Axel Haugen" in names


def test_coordinator_list_is_limited_to_own_kommune(users, demo):
    with pytest.raises(PermissionDenied):
        residents_for_coordinator(user=users["hanne"], kommune_id=demo["kommuner"]["3405"].pk)
    names = [
        p.full_name
        for p in residents_for_coordinator(
            user=users["hanne"], kommune_id=demo["kommuner"]["3441"].pk, query="Eli"
        )
    ]
    assert names == ["Eli Haugen"]
