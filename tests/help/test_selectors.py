"""Reads: every read of someone's needs by others is logged, and pages cost a bounded number
of queries however many needs and helpers a kommune has."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from samskap.help import services
from samskap.help.models import Category, HelperProfile, Need, Recurrence
from samskap.help.selectors import need_get_for_viewer, needs_overview_for_user
from samskap.privacy.models import AccessLogEntry
from tests.factories import PersonFactory
from tests.helpers import login

pytestmark = pytest.mark.django_db


def _need(users, person=None, **overrides) -> Need:
    fields = {
        "person": person or users["eli"].person,
        "created_by": users["hanne"],
        "category": Category.SHOPPING,
        "description": "Handle mat på fredager.",
        "first_date": timezone.localdate() + dt.timedelta(days=3),
        "windows": ["fri_am", "fri_pm"],
        "recurrence": Recurrence.WEEKLY,
    }
    fields.update(overrides)
    return services.need_create(**fields)


def test_reads_by_others_are_logged_for_the_person_and_own_reads_are_not(users):
    need = _need(users)
    eli = users["eli"].person
    before = AccessLogEntry.objects.filter(subject=eli).count()
    need_get_for_viewer(need_id=need.pk, viewer=users["eli"])
    assert AccessLogEntry.objects.filter(subject=eli).count() == before
    need_get_for_viewer(need_id=need.pk, viewer=users["hanne"])
    needs_overview_for_user(user=users["axel"])
    entries = AccessLogEntry.objects.filter(subject=eli).order_by("-at")[:2]
    assert {e.viewer.username for e in entries} == {"hanne", "axel"}
    assert all(e.what == "Behov for hjelp" for e in entries)


def test_a_helper_who_is_not_asked_cannot_read_the_need(users):
    from django.core.exceptions import PermissionDenied

    need = _need(users)
    with pytest.raises(PermissionDenied):
        need_get_for_viewer(need_id=need.pk, viewer=users["randi"])


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def _grow_kommune(users, needs: int, helpers: int) -> None:
    gausdal = users["eli"].person.kommune
    for i in range(needs):
        person = PersonFactory(
            kommune=gausdal, latitude=61.24 + i / 1000, longitude=10.30, postal_place="Follebu"
        )
        _need(users, person=person, category=Category.SNOW if i % 2 else Category.GARDEN)
    for i in range(helpers):
        person = PersonFactory(kommune=gausdal, latitude=61.23, longitude=10.31 + i / 1000)
        services.helper_profile_save(
            saved_by=users["hanne"],
            kommune=gausdal,
            person=person,
            categories=[Category.SNOW, Category.GARDEN],
            availability=["fri_am"],
            latitude=person.latitude,
            longitude=person.longitude,
        )


@pytest.mark.parametrize(
    "url",
    [
        "/hjelp/koordinator/{gausdal}/",
        "/hjelp/koordinator/{gausdal}/hjelpere/",
        "/hjelp/statistikk/{gausdal}/",
    ],
)
def test_coordinator_pages_do_not_grow_queries_with_the_kommune(users, url):
    client = login(Client(), "hanne")
    url = url.format(gausdal=users["eli"].person.kommune_id)
    _grow_kommune(users, needs=2, helpers=2)
    small = _queries(client, url)
    _grow_kommune(users, needs=15, helpers=10)
    assert _queries(client, url) == small


def test_helper_page_and_overview_do_not_grow_with_needs(users):
    randi = login(Client(), "randi")
    axel = login(Client(), "axel")
    helper_id = HelperProfile.objects.get(person=users["randi"].person).pk
    _need(users, category=Category.SHOPPING)
    small = (_queries(randi, f"/hjelp/hjelper/{helper_id}/"), _queries(axel, "/hjelp/"))
    for day in range(4, 12):
        _need(
            users,
            category=Category.SHOPPING,
            first_date=timezone.localdate() + dt.timedelta(days=day),
        )
    assert (_queries(randi, f"/hjelp/hjelper/{helper_id}/"), _queries(axel, "/hjelp/")) == small
