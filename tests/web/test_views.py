from __future__ import annotations

import pytest
from django.test import Client

from samskap.privacy.models import AccessLogEntry
from tests.helpers import login

pytestmark = pytest.mark.django_db


def test_start_page_explains_samskap_and_lists_demo_logins(users):
    html = Client().get("/").content.decode()
    assert "Hva er viktig for deg?" in html
    for username in ["eli", "axel", "lars", "marius", "hanne", "trine", "lilly", "anders"]:
        assert f">{username}<" in html


def test_start_page_hides_demo_logins_outside_demo_mode(users, settings):
    settings.SAMSKAP_DEMO_MODE = False
    html = Client().get("/").content.decode()
    assert "samskap-demo" not in html


def test_resident_sees_who_read_their_data_after_staff_opened_it(users):
    eli = users["eli"].person
    staff = login(Client(), "trine")
    assert staff.get(f"/personer/{eli.pk}/").status_code == 200
    assert AccessLogEntry.objects.filter(subject=eli, viewer=users["trine"]).count() == 1
    page = login(Client(), "eli").get(f"/personer/{eli.pk}/").content.decode()
    assert "Hvem har sett på opplysningene mine" in page
    assert "Trine Nordby" in page
    assert "Følger opp personen i tjenesten" in page


@pytest.mark.parametrize(
    "username", ["lars", "marius", "hanne", "lilly", "anders", "torleif", "solveig"]
)
def test_unauthorised_roles_get_403_on_elis_page(users, username):
    eli = users["eli"].person
    client = login(Client(), username)
    response = client.get(f"/personer/{eli.pk}/")
    assert response.status_code == 403
    assert "ikke tilgang" in response.content.decode()
    for path in ("endre/", "samtykke/", "innsyn/"):
        assert client.get(f"/personer/{eli.pk}/{path}").status_code == 403


def test_representative_sees_and_manages_consent(users):
    eli = users["eli"].person
    client = login(Client(), "axel")
    assert client.get(f"/personer/{eli.pk}/").status_code == 200
    response = client.post(
        f"/personer/{eli.pk}/samtykke/", {"scope": "profile", "grantee": "role:coordinator"}
    )
    assert response.status_code == 302
    hanne = login(Client(), "hanne")
    assert hanne.get(f"/personer/{eli.pk}/").status_code == 200


def test_edit_form_shows_errors_and_keeps_what_the_user_wrote(users):
    eli = users["eli"].person
    client = login(Client(), "eli")
    response = client.post(
        f"/personer/{eli.pk}/endre/",
        {
            "given_name": "Eli",
            "family_name": "Haugen",
            "birth_year": "1952",
            "phone": "abc",
            "postal_code": "12",
            "about": "Liker å bake med andre",
            "written_language": "nn",
            "contact_channels": ["app"],
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Noe må rettes før vi kan lagre" in html
    assert "Postnummeret har fire siffer." in html
    assert "Liker å bake med andre" in html
    eli.refresh_from_db()
    assert eli.about != "Liker å bake med andre"


def test_coordinator_registers_a_person_without_login(users):
    client = login(Client(), "hanne")
    response = client.post(
        "/personer/ny/",
        {
            "given_name": "Oddny",
            "family_name": "Kleiven",
            "birth_year": "1938",
            "phone": "61 22 33 44",
            "postal_code": "2651",
            "written_language": "nb",
            "contact_channels": ["via_staff", "letter"],
        },
    )
    assert response.status_code == 302
    from samskap.people.models import Person

    oddny = Person.objects.get(given_name="Oddny")
    assert oddny.contact_channels == ["via_staff", "letter"]
    assert oddny.created_by == users["hanne"]


def test_leader_sees_only_aggregates(users):
    html = login(Client(), "lilly").get("/min-side/").content.decode()
    assert "Nøkkeltall" in html and "Gausdal" in html
    assert "Eli Haugen" not in html


def test_language_switch_to_nynorsk_and_english(users):
    client = Client()
    client.post("/i18n/setlang/", {"language": "nn", "next": "/"})
    assert 'lang="nn"' in client.get("/").content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert 'lang="en"' in client.get("/").content.decode()


def test_language_switch_after_a_failed_post_returns_to_the_form_page(users):
    import re

    gausdal = users["hanne"].person.kommune_id
    client = login(Client(), "hanne")
    form_page = f"http://testserver/skyss/koordinator/{gausdal}/sjaforer/"
    bad = client.post(
        f"/skyss/koordinator/{gausdal}/biler/ny/", {"name": "", "kind": "car", "seats": "3"},
        HTTP_REFERER=form_page,
    )  # fmt: skip
    assert bad.status_code == 400
    back = re.search(r'name="next" type="hidden" value="([^"]*)"', bad.content.decode())
    assert back and back.group(1) == form_page
    switched = client.post("/i18n/setlang/", {"language": "en", "next": back.group(1)})
    assert switched.status_code == 302 and switched["Location"].endswith("/sjaforer/")
    assert client.get(switched["Location"]).status_code == 200


def test_responses_carry_security_headers(users):
    response = Client().get("/")
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_home_query_count_is_bounded_for_coordinator(users, django_assert_max_num_queries):
    client = login(Client(), "hanne")
    with django_assert_max_num_queries(20):
        assert client.get("/min-side/").status_code == 200


def test_browser_language_is_ignored_until_the_user_chooses(users):
    client = Client(headers={"accept-language": "en-US,en;q=0.9"})
    assert 'lang="nb"' in client.get("/").content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert 'lang="en"' in client.get("/").content.decode()


def test_expired_form_gets_a_plain_language_page(users):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/logg-inn/", {"username": "eli", "password": "x"})
    assert response.status_code == 403
    assert "Siden var utløpt" in response.content.decode()
