"""The activity pages and iCalendar feeds, per role, with the demo cast."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from samskap.activities import recurrence
from samskap.activities.feeds import person_feed_token
from samskap.activities.models import Activity, Attendance, SignUp, SignUpStatus, SignUpVia
from samskap.activities.services import signup_create
from tests.helpers import login

pytestmark = pytest.mark.django_db


@pytest.fixture
def sterk(demo) -> Activity:
    return Activity.objects.get(title="Sterk og stødig")


def client_for(username: str) -> Client:
    return login(Client(), username)


def last_held(activity: Activity) -> dt.date:
    today = timezone.localdate()
    held = [
        o
        for o in recurrence.occurrences(activity.rule(), today - dt.timedelta(days=21), today)
        if not o.skipped
    ]
    return held[-1].date


def test_list_is_open_to_everyone_and_shows_next_date(sterk):
    response = Client().get(reverse("activities:list"))
    assert response.status_code == 200
    page = response.content.decode()
    assert ">Sterk og stødig</a>" in page
    assert ">Bridge på helsehuset</a>" in page
    assert " kl. 11.00" in page
    assert "Skyss kan ordnes" in page


def test_list_defaults_to_the_users_kommune_and_filters(sterk, users):
    client = client_for("randi")  # lives in Gausdal
    page = client.get(reverse("activities:list")).content.decode()
    assert ">Sterk og stødig</a>" in page
    assert ">Bridge på helsehuset</a>" not in page
    assert "km unna" in page
    assert "kalender/" in page  # the personal feed link
    page = client.get(reverse("activities:list"), {"kommune": "", "day": "1"}).content.decode()
    assert ">Bridge på helsehuset</a>" in page  # Tuesdays
    assert ">Sterk og stødig</a>" not in page
    page = client.get(reverse("activities:list"), {"kommune": "", "hearing_loop": "on"})
    assert ">Bridge på helsehuset</a>" not in page.content.decode()


def test_detail_shows_leaders_dates_and_sign_up_for_self(sterk, users):
    response = Client().get(reverse("activities:detail", args=[sterk.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Instruktørkurs Sterk og stødig" in page
    assert page.count("kl. 11.00") + page.count("Ingen samling") == 8
    client = client_for("eli")
    eli = users["eli"].person
    response = client.post(
        reverse("activities:signup", args=[sterk.pk]), {"person": eli.pk, "needs_ride": "on"}
    )
    assert response.status_code == 302
    signup = SignUp.objects.get(activity=sterk, person=eli)
    assert signup.status == SignUpStatus.CONFIRMED and signup.needs_ride
    page = client.get(reverse("activities:detail", args=[sterk.pk])).content.decode()
    assert "Meld meg av" in page
    client.post(reverse("activities:cancel", args=[sterk.pk, signup.pk]))
    signup.refresh_from_db()
    assert signup.status == SignUpStatus.CANCELLED


def test_detail_shows_a_skipped_holiday_with_its_reason(sterk):
    # Kristi himmelfartsdag is always a Thursday.
    sterk.start_date = dt.date(2027, 4, 1)
    sterk.save()
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(timezone, "localdate", lambda *a, **k: dt.date(2027, 4, 20))
        page = Client().get(reverse("activities:detail", args=[sterk.pk])).content.decode()
    assert "Ingen samling 6. mai – Kristi himmelfartsdag" in page


def test_cannot_sign_up_someone_one_does_not_represent(sterk, users):
    client = client_for("eli")
    client.post(reverse("activities:signup", args=[sterk.pk]), {"person": users["lars"].person.pk})
    assert not SignUp.objects.filter(person=users["lars"].person).exists()


@pytest.mark.parametrize(
    ("username", "status"),
    [("hanne", 200), ("berit", 200), ("eli", 403), ("randi", 403)],
)
def test_staff_sign_up_page_per_role(sterk, username, status):
    response = client_for(username).get(reverse("activities:signup_for", args=[sterk.pk]))
    assert response.status_code == status


def test_care_staff_signs_up_torleif_and_he_is_on_the_leaders_list(sterk, users):
    berit = client_for("berit")
    torleif = users["torleif"].person
    page = berit.get(reverse("activities:signup_for", args=[sterk.pk]), {"q": "Torleif"})
    assert torleif.full_name in page.content.decode()
    response = berit.post(reverse("activities:signup_for", args=[sterk.pk]), {"person": torleif.pk})
    assert response.status_code == 302
    signup = SignUp.objects.get(activity=sterk, person=torleif)
    assert signup.created_via == SignUpVia.STAFF
    page = client_for("randi").get(reverse("activities:register", args=[sterk.pk]))
    assert page.status_code == 200
    assert torleif.full_name in page.content.decode()


def test_coordinator_search_finds_residents_in_the_kommune(sterk, users):
    page = client_for("hanne").get(reverse("activities:signup_for", args=[sterk.pk]), {"q": "Eli"})
    assert users["eli"].person.full_name in page.content.decode()


@pytest.mark.parametrize(
    ("username", "status"), [("randi", 200), ("hanne", 200), ("eli", 403), ("berit", 403)]
)
def test_register_per_role(sterk, username, status):
    response = client_for(username).get(reverse("activities:register", args=[sterk.pk]))
    assert response.status_code == status


def test_register_requires_login(sterk):
    response = Client().get(reverse("activities:register", args=[sterk.pk]))
    assert response.status_code == 302


def test_randi_takes_attendance(sterk, users):
    eli, torleif = users["eli"].person, users["torleif"].person
    signup_create(activity=sterk, person=eli, signed_up_by=users["hanne"])
    signup_create(activity=sterk, person=torleif, signed_up_by=users["berit"])
    day = last_held(sterk)
    client = client_for("randi")
    url = reverse("activities:register", args=[sterk.pk])
    page = client.get(url).content.decode()
    assert f'value="{day.isoformat()}"' in page
    response = client.post(url, {"dato": day.isoformat(), "present": [eli.pk]})
    assert response.status_code == 302
    assert set(
        Attendance.objects.filter(activity=sterk, date=day).values_list("person_id", "present")
    ) == {(eli.pk, True), (torleif.pk, False)}
    page = client.get(f"{url}?dato={day.isoformat()}").content.decode()
    assert "1 av 2 til stede" in page


@pytest.mark.parametrize(("username", "status"), [("hanne", 200), ("randi", 403), ("eli", 403)])
def test_coordinator_page_per_role(sterk, users, username, status):
    kommune_id = sterk.kommune_id
    response = client_for(username).get(reverse("activities:coordinator", args=[kommune_id]))
    assert response.status_code == status


def test_coordinator_sees_first_activity(sterk, users):
    signup_create(activity=sterk, person=users["eli"].person, signed_up_by=users["hanne"])
    hanne = client_for("hanne")
    page = hanne.get(reverse("activities:coordinator", args=[sterk.kommune_id]))
    text = page.content.decode()
    assert "Første aktivitet" in text
    assert "Aktiviteter i Gausdal" in text
    listing = hanne.get(reverse("activities:list")).content.decode()
    assert reverse("activities:coordinator", args=[sterk.kommune_id]) in listing
    assert users["eli"].person.full_name in text


def _events(response) -> list:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    return [c for c in calendar.walk() if c.name == "VEVENT"]


def _expected_dates(activity: Activity) -> list[dt.date]:
    today = timezone.localdate()
    found = recurrence.occurrences(activity.rule(), today, today + dt.timedelta(weeks=26))
    return [o.date for o in found if not o.skipped]


def test_activity_feed_has_one_event_per_held_date_and_skips_holidays(sterk):
    events = _events(Client().get(reverse("activities:ical_activity", args=[sterk.pk])))
    expected = _expected_dates(sterk)
    assert len(events) == len(expected)
    dates = {e.decoded("dtstart").astimezone(dt.UTC).date() for e in events}
    skipped = [
        o.date
        for o in recurrence.occurrences(
            sterk.rule(), timezone.localdate(), timezone.localdate() + dt.timedelta(weeks=26)
        )
        if o.skipped
    ]
    assert skipped  # Christmas Eve/New Year's Eve or a holiday falls on a Thursday
    assert not dates & set(skipped)
    assert str(events[0]["uid"]) == f"activity-{sterk.pk}-{expected[0].isoformat()}@samskap"


def test_organisation_feed(sterk):
    response = Client().get(reverse("activities:ical_organisation", args=[sterk.organisation_id]))
    assert len(_events(response)) == len(_expected_dates(sterk))


def test_personal_feed_has_confirmed_signups_and_rejects_tampering(sterk, users):
    eli = users["eli"].person
    token = person_feed_token(eli.pk)
    assert str(eli.pk) not in token.split(":")[-1]
    assert _events(Client().get(reverse("activities:ical_person", args=[token]))) == []
    signup_create(activity=sterk, person=eli, signed_up_by=users["hanne"])
    events = _events(Client().get(reverse("activities:ical_person", args=[token])))
    assert len(events) == len(_expected_dates(sterk))
    tampered = token[:-2] + ("aa" if not token.endswith("aa") else "bb")
    assert Client().get(reverse("activities:ical_person", args=[tampered])).status_code == 404
    forged = person_feed_token(eli.pk).replace(token.split(":")[0], "eyJwIjoxfQ")
    assert Client().get(reverse("activities:ical_person", args=[forged])).status_code == 404


@pytest.mark.parametrize(("username", "status"), [("randi", 200), ("hanne", 200), ("eli", 403)])
def test_tests_page_per_role(sterk, username, status):
    response = client_for(username).get(reverse("activities:tests", args=[sterk.pk]))
    assert response.status_code == status


def test_instructor_records_tests_and_eli_sees_her_progress(sterk, users):
    eli = users["eli"].person
    signup_create(activity=sterk, person=eli, signed_up_by=users["eli"])
    randi = client_for("randi")
    url = reverse("activities:tests", args=[sterk.pk])
    today = timezone.localdate()
    for phase, day, value in (("start", today - dt.timedelta(days=14), "9"), ("end", today, "12")):
        response = randi.post(
            url,
            {
                "person": eli.pk,
                "test": "chair_stand_30s",
                "phase": phase,
                "date": day.isoformat(),
                "value": value,
            },
        )
        assert response.status_code == 302
    future = randi.post(
        url,
        {
            "person": eli.pk,
            "test": "chair_stand_30s",
            "phase": "other",
            "date": (today + dt.timedelta(days=3)).isoformat(),
            "value": "10",
        },
    )
    assert future.status_code == 200 and "fram i tid" in future.content.decode()
    page = client_for("eli").get(reverse("activities:my_progress", args=[sterk.pk]))
    assert (
        "Du reiste deg 9 ganger ved start og 12 ganger nå – det er fremgang."
        in page.content.decode()
    )
    other = reverse("activities:person_progress", args=[sterk.pk, eli.pk])
    assert client_for("hanne").get(other).status_code == 403
    assert client_for("lars").get(other).status_code == 403


# --- The maps -----------------------------------------------------------------------------


def _list_titles(page: str) -> list[tuple[str, str]]:
    """(number, title) of each card, in the order of the list."""
    import re

    return re.findall(
        r'<span class="map-number">(\d+)</span> <a class="ds-link" href="/aktiviteter/\d+/">'
        r"([^<]+)</a>",
        page,
    )


def test_list_map_is_closed_behind_a_summary_and_numbered_as_the_list(sterk, users):
    import re

    page = client_for("eli").get(reverse("activities:list"), {"kommune": ""}).content.decode()
    cards = _list_titles(page)
    assert len(cards) == 4 and [n for n, _title in cards] == ["1", "2", "3", "4"]
    details = re.search(r"<details[^>]*>\s*<summary>Vis på kart</summary>", page)
    assert details and " open" not in details.group(0)  # closed: the list stays first
    assert page.index("Vis på kart") < page.index('class="activity-list"')
    svg = page[page.index("<svg") : page.index("</svg>")]
    assert 'role="img"' in svg and "style=" not in svg
    assert '<title id="activity-map-title">Kart over aktivitetene i lista</title>' in svg
    assert "4 aktiviteter, nummerert som i lista." in svg
    markers = re.findall(r"<title>(\d+)\. ([^,<]+),", svg)
    assert markers == cards  # the same numbers for the same activities
    # Eli's home is known, so it is on the map as a house with the word "Hjemme".
    assert 'class="activity-map__home"' in svg and ">Hjemme</text>" in svg
    assert "Hjemmet ditt er merket med et hus" in svg


def test_list_map_without_a_home_for_visitors(sterk):
    page = Client().get(reverse("activities:list")).content.decode()
    assert "<summary>Vis på kart</summary>" in page
    assert 'class="activity-map__activity"' in page
    assert "activity-map__home" not in page and "Hjemmet ditt" not in page


def test_no_map_when_no_activities_are_listed(sterk):
    response = Client().get(reverse("activities:list"), {"kommune": "", "category": "crafts"})
    page = response.content.decode()
    assert "Ingen aktiviteter passer" in page
    assert "Vis på kart" not in page and "<svg" not in page


def test_the_map_adds_no_queries_per_activity(sterk, users):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for("eli")
    url = reverse("activities:list")
    client.get(url, {"kommune": ""})  # warm caches (sessions, content types)
    with CaptureQueriesContext(connection) as before:
        client.get(url, {"kommune": ""})
    for n in range(3):
        copy = Activity.objects.get(pk=sterk.pk)
        copy.pk = None
        copy.title = f"Sterk og stødig {n + 2}"
        copy.latitude += 0.01 * (n + 1)
        copy.save()
    with CaptureQueriesContext(connection) as after:
        page = client.get(url, {"kommune": ""}).content.decode()
    assert "7 aktiviteter, nummerert som i lista." in page
    assert len(after.captured_queries) == len(before.captured_queries)


def test_detail_has_a_small_map_with_the_address_and_the_home(sterk, users):
    page = Client().get(reverse("activities:detail", args=[sterk.pk])).content.decode()
    assert 'class="activity-map-figure activity-map-figure--small"' in page
    assert 'role="img"' in page and 'class="activity-map__place"' in page
    assert "activity-map__home" not in page and "Adressen står under kartet." in page
    figure = page[page.index("activity-map-figure--small") : page.index("</figure>")]
    assert f'<figcaption class="ds-paragraph">{sterk.place_name}' in figure
    assert sterk.postal_place in figure.split("<figcaption")[1]
    page = client_for("eli").get(reverse("activities:detail", args=[sterk.pk])).content.decode()
    assert 'class="activity-map__home"' in page
    assert "km fra hjemmet ditt (i luftlinje)." in page
