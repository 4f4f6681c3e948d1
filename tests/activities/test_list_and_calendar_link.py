"""The activity list's distance filter, and a private calendar link that can be replaced."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from samskap.activities.feeds import person_feed_token
from tests.helpers import login

pytestmark = pytest.mark.django_db


def test_a_new_link_stops_the_old_one(demo, users):
    eli = users["eli"].person
    old = reverse("activities:ical_person", args=[person_feed_token(eli.pk)])
    anyone = Client()
    assert anyone.get(old).status_code == 200
    client = login(Client(), "eli")
    response = client.post(reverse("activities:ical_person_reset"))
    assert response.status_code == 302
    assert anyone.get(old).status_code == 404  # the shared link no longer shows her calendar
    new = reverse("activities:ical_person", args=[person_feed_token(eli.pk)])
    assert new != old
    assert anyone.get(new).status_code == 200
    page = client.get(reverse("activities:list")).content.decode()
    assert new in page


def test_only_a_logged_in_person_can_renew_and_only_by_post(demo, users):
    url = reverse("activities:ical_person_reset")
    assert Client().post(url).status_code == 302  # to login
    assert login(Client(), "eli").get(url).status_code == 405


def test_list_filters_by_distance_from_home(demo, users):
    client = login(Client(), "eli")
    url = reverse("activities:list")
    everything = client.get(url).content.decode()
    assert "Sterk og stødig" in everything and "Turgruppa på Segalstad bru" in everything
    near = client.get(url, {"max_km": "2"}).content.decode()
    # Sterk og stødig is 2.6 km from Eli's home, the walking group 0.4 km.
    assert "Turgruppa på Segalstad bru" in near
    assert ">Sterk og stødig</a>" in everything
    assert ">Sterk og stødig</a>" not in near
    assert 'name="max_km"' in everything
    anonymous = Client().get(url).content.decode()
    assert 'name="max_km"' not in anonymous  # no home, no distance
