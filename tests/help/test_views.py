"""The help pages through the test client: who may see what, and the POST flows.

Eli (resident, Gausdal) is represented by Axel; Randi is a checked volunteer in Gausdal;
Hanne coordinates in Gausdal; Lars volunteers in Øyer; Kari is Torleif's daughter without
representation; Lilly leads in Gausdal. See samskap/demo/cast.py and help_seed.py.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from samskap.help import services
from samskap.help.maps import HELPER, NEED, MapPoint, render_help_map
from samskap.help.models import (
    Assignment,
    AssignmentStatus,
    Category,
    CategoryRequirement,
    ConcernReport,
    Feedback,
    HelperBlock,
    HelperProfile,
    HelpSession,
    MatchingRun,
    Need,
    NeedStatus,
    Recurrence,
    Verification,
    VerificationKind,
)
from samskap.notifications.models import Channel, Notification
from tests.helpers import login

pytestmark = pytest.mark.django_db

TUESDAY = ["tue_am", "tue_pm"]
ELI_PHONE = "+47 913 45 120"


def next_tuesday() -> dt.date:
    today = timezone.localdate()
    return today + dt.timedelta(days=(1 - today.weekday()) % 7 or 7)


def randi(users) -> HelperProfile:
    return HelperProfile.objects.get(person=users["randi"].person)


def shopping_for_eli(users, **overrides) -> Need:
    """Axel asks for help with Eli's shopping on Tuesdays (identity check required)."""
    fields = {
        "person": users["eli"].person,
        "created_by": users["axel"],
        "category": Category.SHOPPING,
        "description": "Handle mat på Coop i Follebu, Eli lager handlelista.",
        "first_date": next_tuesday(),
        "windows": TUESDAY,
        "recurrence": Recurrence.ONCE,
        "duration_minutes": 60,
    }
    fields.update(overrides)
    return services.need_create(**fields)


def asked_randi(users, **overrides) -> Assignment:
    need = shopping_for_eli(users, **overrides)
    return services.assignment_ask(need=need, helper=randi(users), asked_by=users["hanne"])


def accepted_randi(users, **overrides) -> Assignment:
    assignment = asked_randi(users, **overrides)
    return services.assignment_accept(assignment=assignment, accepted_by=users["randi"])


def gausdal(users):
    return users["eli"].person.kommune


# --- Who may open which page --------------------------------------------------------------


def test_relative_sees_the_overview_with_a_button_for_the_person_he_represents(users):
    shopping_for_eli(users)
    html = login(Client(), "axel").get("/hjelp/").content.decode()
    assert "Hjelp i hverdagen" in html
    assert "Hjelp til Eli Haugen" in html
    assert f"/hjelp/ny/{users['eli'].person.pk}/" in html
    assert "Be om hjelp for Eli" in html
    assert "Handling" in html
    assert "Vi leter etter en hjelper" in html
    assert "Ring koordinatoren på" in html


def test_overview_shows_the_helper_and_phone_only_once_they_said_yes(users):
    assignment = asked_randi(users)
    client = login(Client(), "eli")
    html = client.get("/hjelp/").content.decode()
    assert "venter på svar" in html
    assert "Randi" not in html
    services.assignment_accept(assignment=assignment, accepted_by=users["randi"])
    html = client.get("/hjelp/").content.decode()
    assert "Randi Holm" in html
    assert 'href="tel:+4795714220"' in html


@pytest.mark.parametrize(("username", "status"), [("eli", 200), ("axel", 200), ("hanne", 200)])
def test_need_form_opens_for_self_representative_and_coordinator(users, username, status):
    eli = users["eli"].person
    response = login(Client(), username).get(f"/hjelp/ny/{eli.pk}/")
    assert response.status_code == status
    assert "Be om hjelp" in response.content.decode()


@pytest.mark.parametrize("username", ["lars", "randi", "lilly"])
def test_others_cannot_open_the_need_form_for_eli(users, username):
    eli = users["eli"].person
    assert login(Client(), username).get(f"/hjelp/ny/{eli.pk}/").status_code == 403


def test_relative_without_representation_cannot_create_a_need(users):
    torleif = users["torleif"].person
    client = login(Client(), "kari")
    assert client.get(f"/hjelp/ny/{torleif.pk}/").status_code == 403
    before = Need.objects.count()
    response = client.post(f"/hjelp/ny/{torleif.pk}/", _need_post())
    assert response.status_code == 403
    assert Need.objects.count() == before


def test_need_form_for_an_unknown_person_is_404(users):
    assert login(Client(), "axel").get("/hjelp/ny/999999/").status_code == 404


@pytest.mark.parametrize("username", ["lars", "randi", "lilly", "trine", "eli"])
def test_only_the_coordinator_opens_the_coordinator_pages(users, username):
    kommune = gausdal(users)
    client = login(Client(), username)
    for path in ("", "hjelpere/", "innstillinger/"):
        assert client.get(f"/hjelp/koordinator/{kommune.pk}/{path}").status_code == 403
    assert client.post(f"/hjelp/koordinator/{kommune.pk}/fordel/").status_code == 403


def test_coordinator_page_has_the_map_table_and_call_list(users):
    need = shopping_for_eli(users)
    Notification.objects.create(
        recipient=users["torleif"].person,
        kommune=gausdal(users),
        channel=Channel.STAFF,
        subject="Du har fått hjelp",
        body="Randi kommer tirsdag.",
    )
    kommune = gausdal(users)
    response = login(Client(), "hanne").get(f"/hjelp/koordinator/{kommune.pk}/?sort=category")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in html
    assert 'role="img"' in html
    assert "style=" not in html
    assert f"/hjelp/behov/{need.pk}/" in html
    assert 'aria-sort="ascending"' in html
    assert "Ring disse" in html
    assert "Torleif Bakken" in html
    assert "Fordel oppdrag" in html


def test_coordinator_filters_open_needs_by_category(users):
    shopping = shopping_for_eli(users)
    garden = shopping_for_eli(users, category=Category.GARDEN, description="Klippe plenen.")
    kommune = gausdal(users)
    html = (
        login(Client(), "hanne")
        .get(f"/hjelp/koordinator/{kommune.pk}/?kategori=garden")
        .content.decode()
    )
    table = html.split('id="open-needs"')[1].split("</table>")[0]
    assert f"/hjelp/behov/{garden.pk}/" in table
    assert f"/hjelp/behov/{shopping.pk}/" not in table


def test_coordinator_finds_a_resident_to_register_a_need_for(users):
    kommune = gausdal(users)
    html = login(Client(), "hanne").get(f"/hjelp/koordinator/{kommune.pk}/?q=Eli").content.decode()
    assert f"/hjelp/ny/{users['eli'].person.pk}/" in html


def test_need_page_for_person_side_and_coordinator_but_not_others(users):
    need = shopping_for_eli(users, private_note="Eli hører dårlig. Ring Axel først.")
    for username in ("eli", "axel"):
        html = login(Client(), username).get(f"/hjelp/behov/{need.pk}/").content.decode()
        assert "Avlys" in html
        assert "Meld bekymring" in html
        assert "Ring Axel først" not in html
    html = login(Client(), "hanne").get(f"/hjelp/behov/{need.pk}/").content.decode()
    assert "Ring Axel først" in html
    assert "Forslag til hjelpere" in html
    assert "Randi Holm" in html
    assert "km unna" in html
    for username in ("lars", "randi", "kari", "lilly"):
        assert login(Client(), username).get(f"/hjelp/behov/{need.pk}/").status_code == 403
    assert login(Client(), "eli").get("/hjelp/behov/999999/").status_code == 404


def test_coordinator_asks_a_suggested_helper_from_the_need_page(users):
    need = shopping_for_eli(users)
    helper = randi(users)
    response = login(Client(), "hanne").post(f"/hjelp/behov/{need.pk}/spor/", {"helper": helper.pk})
    assert response.status_code == 302
    assignment = Assignment.objects.get(need=need, helper=helper)
    assert assignment.status == AssignmentStatus.ASKED


def test_a_relative_cannot_ask_helpers(users):
    need = shopping_for_eli(users)
    response = login(Client(), "axel").post(
        f"/hjelp/behov/{need.pk}/spor/", {"helper": randi(users).pk}
    )
    assert response.status_code == 403
    assert not Assignment.objects.filter(need=need).exists()


def test_cancel_asks_for_confirmation_then_cancels(users):
    need = shopping_for_eli(users)
    client = login(Client(), "axel")
    html = client.get(f"/hjelp/behov/{need.pk}/avlys/").content.decode()
    assert "Ja, avlys" in html
    need.refresh_from_db()
    assert need.status == NeedStatus.OPEN
    response = client.post(f"/hjelp/behov/{need.pk}/avlys/")
    assert response.status_code == 302
    need.refresh_from_db()
    assert need.status == NeedStatus.CANCELLED
    assert login(Client(), "lars").post(f"/hjelp/behov/{need.pk}/avlys/").status_code == 403


# --- The need form ------------------------------------------------------------------------


def _need_post(**overrides) -> dict:
    data = {
        "category": Category.SHOPPING,
        "description": "Handle mat på Coop, Eli lager lista. «Husk kaffe!»",
        "destination": "",
        "where": "home",
        "place": "",
        "first_date": next_tuesday().isoformat(),
        "recurrence": Recurrence.WEEKLY,
        "time_of_day": ["am", "pm"],
        "duration_minutes": "60",
        "private_note": "",
    }
    data.update(overrides)
    return data


def test_relative_creates_a_need_and_the_windows_follow_the_weekday(users):
    eli = users["eli"].person
    response = login(Client(), "axel").post(f"/hjelp/ny/{eli.pk}/", _need_post())
    need = Need.objects.filter(person=eli, category=Category.SHOPPING).latest("created_at")
    assert response.status_code == 302
    assert response["Location"] == f"/hjelp/behov/{need.pk}/"
    assert need.windows == TUESDAY
    assert need.recurrence == Recurrence.WEEKLY
    assert need.created_by == users["axel"]


def test_other_days_also_fit_gives_every_day_with_the_chosen_parts(users):
    eli = users["eli"].person
    login(Client(), "eli").post(
        f"/hjelp/ny/{eli.pk}/", _need_post(time_of_day=["ev"], other_days="on")
    )
    need = Need.objects.filter(person=eli, category=Category.SHOPPING).latest("created_at")
    assert need.windows == ["mon_ev", "tue_ev", "wed_ev", "thu_ev", "fri_ev", "sat_ev", "sun_ev"]


def test_need_form_bad_input_saves_nothing_keeps_input_and_explains_in_norwegian(users):
    eli = users["eli"].person
    before = Need.objects.count()
    response = login(Client(), "axel").post(
        f"/hjelp/ny/{eli.pk}/", _need_post(first_date="2020-01-07")
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert Need.objects.count() == before
    assert "Datoen kan ikke være tilbake i tid." in html
    assert "Handle mat på Coop, Eli lager lista. «Husk kaffe!»" in html
    assert 'aria-invalid="true"' in html
    assert "<title>Feil:" in html


def test_need_form_without_a_time_of_day_saves_nothing(users):
    eli = users["eli"].person
    before = Need.objects.count()
    response = login(Client(), "axel").post(f"/hjelp/ny/{eli.pk}/", _need_post(time_of_day=[]))
    assert response.status_code == 200
    assert Need.objects.count() == before
    assert "Når på dagen passer det?" in response.content.decode()


def test_need_form_somewhere_else_needs_a_place(users):
    eli = users["eli"].person
    before = Need.objects.count()
    response = login(Client(), "axel").post(
        f"/hjelp/ny/{eli.pk}/", _need_post(where="elsewhere", place="")
    )
    assert Need.objects.count() == before
    assert "Skriv hvor hjelpen skal skje" in response.content.decode()


# --- Assignments: ask, accept, decline, log, feedback --------------------------------------


def test_helper_sees_area_and_distance_but_no_phone_before_accepting(users):
    assignment = asked_randi(users)
    client = login(Client(), "randi")
    html = client.get(f"/hjelp/oppdrag/{assignment.pk}/").content.decode()
    assert "Kan du hjelpe med handling?" in html
    assert "Østre Gausdal" in html
    assert "km fra deg" in html
    assert ELI_PHONE not in html
    assert "Vestringsvegen" not in html
    assert "Eli Haugen" not in html
    assert "Ja, jeg tar det" in html
    # The need page does not leak it either.
    html = client.get(f"/hjelp/behov/{assignment.need_id}/").content.decode()
    assert ELI_PHONE not in html
    assert "Vestringsvegen" not in html


def test_helper_accepts_and_then_sees_name_address_phone_and_about(users):
    assignment = asked_randi(users)
    client = login(Client(), "randi")
    response = client.post(f"/hjelp/oppdrag/{assignment.pk}/ja/")
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.ACCEPTED
    html = client.get(f"/hjelp/oppdrag/{assignment.pk}/").content.decode()
    assert "Eli Haugen" in html
    assert "Vestringsvegen 12" in html
    assert 'href="tel:+4791345120"' in html
    assert "Savner å komme seg ut" in html
    assert "Registrer utført" in html


def test_person_side_sees_helper_phone_only_after_accepting(users):
    assignment = asked_randi(users)
    client = login(Client(), "axel")
    html = client.get(f"/hjelp/oppdrag/{assignment.pk}/").content.decode()
    assert "Vi venter på svar fra hjelperen" in html
    assert "+47 957 14 220" not in html
    services.assignment_accept(assignment=assignment, accepted_by=users["randi"])
    html = client.get(f"/hjelp/oppdrag/{assignment.pk}/").content.decode()
    assert "Randi Holm" in html
    assert "+47 957 14 220" in html


def test_only_the_helper_can_answer(users):
    assignment = asked_randi(users)
    for username in ("axel", "hanne"):
        client = login(Client(), username)
        assert client.post(f"/hjelp/oppdrag/{assignment.pk}/ja/").status_code == 403
        assert client.post(f"/hjelp/oppdrag/{assignment.pk}/nei/").status_code == 403
    assert login(Client(), "lars").get(f"/hjelp/oppdrag/{assignment.pk}/").status_code == 403
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.ASKED


def test_helper_declines_with_a_reason(users):
    assignment = asked_randi(users)
    response = login(Client(), "randi").post(
        f"/hjelp/oppdrag/{assignment.pk}/nei/", {"reason": "Bortreist den uka"}
    )
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.DECLINED
    assert assignment.decline_reason == "Bortreist den uka"


def test_answering_twice_shows_a_message_not_an_error_page(users):
    assignment = accepted_randi(users)
    client = login(Client(), "randi")
    response = client.post(f"/hjelp/oppdrag/{assignment.pk}/ja/", follow=True)
    assert response.status_code == 200
    assert "Forespørselen er ikke lenger åpen." in response.content.decode()


def test_helper_logs_a_one_off_job_and_it_is_done(users):
    assignment = accepted_randi(users)
    response = login(Client(), "randi").post(
        f"/hjelp/oppdrag/{assignment.pk}/utfort/",
        {"date": timezone.localdate().isoformat(), "hours": "1,5", "note": "Handlet på Coop"},
    )
    assert response.status_code == 302
    session = HelpSession.objects.get(assignment=assignment)
    assert session.hours == Decimal("1.5")
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.DONE


def test_logging_a_future_date_is_refused_on_the_form(users):
    assignment = accepted_randi(users)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = login(Client(), "randi").post(
        f"/hjelp/oppdrag/{assignment.pk}/utfort/", {"date": tomorrow.isoformat(), "hours": "1"}
    )
    assert response.status_code == 200
    assert "Du kan bare registrere det som er gjort." in response.content.decode()
    assert not HelpSession.objects.filter(assignment=assignment).exists()


def test_recurring_task_continues_until_last_time_is_ticked(users):
    assignment = accepted_randi(users, recurrence=Recurrence.WEEKLY)
    client = login(Client(), "randi")
    today = timezone.localdate().isoformat()
    html = client.get(f"/hjelp/oppdrag/{assignment.pk}/").content.decode()
    assert "Dette var siste gang" in html
    client.post(f"/hjelp/oppdrag/{assignment.pk}/utfort/", {"date": today, "hours": "1"})
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.ACCEPTED
    client.post(
        f"/hjelp/oppdrag/{assignment.pk}/utfort/", {"date": today, "hours": "1", "finish": "on"}
    )
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.DONE


def test_feedback_from_both_sides_and_not_again(users):
    assignment = accepted_randi(users)
    services.session_log(
        assignment=assignment,
        logged_by=users["randi"],
        date=timezone.localdate(),
        hours=Decimal(1),
    )
    helper_client = login(Client(), "randi")
    html = helper_client.get(f"/hjelp/oppdrag/{assignment.pk}/").content.decode()
    assert "Jeg ønsker ikke denne hjelperen igjen" not in html
    helper_client.post(f"/hjelp/oppdrag/{assignment.pk}/tilbakemelding/", {"rating": "3"})
    person_client = login(Client(), "axel")
    html = person_client.get(f"/hjelp/oppdrag/{assignment.pk}/").content.decode()
    assert "Jeg ønsker ikke denne hjelperen igjen" in html
    response = person_client.post(
        f"/hjelp/oppdrag/{assignment.pk}/tilbakemelding/",
        {"rating": "1", "comment": "Kom for sent", "not_again": "on"},
    )
    assert response.status_code == 302
    assert set(Feedback.objects.filter(assignment=assignment).values_list("side", flat=True)) == {
        "helper",
        "person",
    }
    assert HelperBlock.objects.filter(person=users["eli"].person, helper=randi(users)).exists()
    html = person_client.get(f"/hjelp/oppdrag/{assignment.pk}/").content.decode()
    assert "du har gitt tilbakemelding" in html


def test_feedback_without_a_rating_is_shown_on_the_form(users):
    assignment = accepted_randi(users)
    services.session_log(
        assignment=assignment, logged_by=users["randi"], date=timezone.localdate(), hours=1
    )
    response = login(Client(), "axel").post(f"/hjelp/oppdrag/{assignment.pk}/tilbakemelding/", {})
    assert response.status_code == 200
    assert not Feedback.objects.filter(assignment=assignment).exists()


# --- Concerns ------------------------------------------------------------------------------


def test_concern_from_the_person_side_reaches_the_coordinator_with_a_trail(users):
    assignment = accepted_randi(users)
    client = login(Client(), "axel")
    html = client.get(f"/hjelp/bekymring/ny/?oppdrag={assignment.pk}").content.decode()
    assert "113" in html and "112" in html
    response = client.post(
        f"/hjelp/bekymring/ny/?oppdrag={assignment.pk}",
        {"what_happened": "Hjelperen ville låne penger.", "urgent": "on"},
    )
    assert response.status_code == 302
    report = ConcernReport.objects.get(assignment=assignment)
    assert report.urgent
    coordinator = login(Client(), "hanne")
    html = coordinator.get(f"/hjelp/bekymring/{report.pk}/").content.decode()
    assert "Hjelperen ville låne penger." in html
    assert "En bekymring ble meldt" in html
    coordinator.post(
        f"/hjelp/bekymring/{report.pk}/",
        {"status": "in_progress", "handling_notes": "Ringt Randi og Axel."},
    )
    report.refresh_from_db()
    assert report.status == "in_progress"
    html = coordinator.get(f"/hjelp/bekymring/{report.pk}/").content.decode()
    assert "En bekymringsmelding ble behandlet" in html
    for username in ("axel", "randi", "lilly"):
        assert login(Client(), username).get(f"/hjelp/bekymring/{report.pk}/").status_code == 403


def test_concern_about_a_need_and_empty_text_saves_nothing(users):
    need = shopping_for_eli(users)
    client = login(Client(), "eli")
    response = client.post(f"/hjelp/bekymring/ny/?behov={need.pk}", {"what_happened": ""})
    assert response.status_code == 200
    assert not ConcernReport.objects.exists()
    assert client.get("/hjelp/bekymring/ny/").status_code == 404
    assert client.get("/hjelp/bekymring/ny/?behov=abc").status_code == 404


# --- Helper pages ----------------------------------------------------------------------------


def test_helper_page_shows_requests_upcoming_hours_and_checks(users):
    assignment = asked_randi(users)
    html = login(Client(), "randi").get("/hjelp/hjelper/").content.decode()
    assert "Forespørsler til deg" in html
    assert f"/hjelp/oppdrag/{assignment.pk}/" in html
    assert "Timene dine i år" in html
    assert "Identitet kontrollert" in html


def test_helper_takes_a_nearby_need_and_gets_the_contact_details(users):
    need = shopping_for_eli(users)
    helper = randi(users)
    client = login(Client(), "randi")
    html = client.get("/hjelp/hjelper/").content.decode()
    assert f"/hjelp/hjelper/{helper.pk}/ta/{need.pk}/" in html
    assert "Jeg kan ta dette" in html
    response = client.post(f"/hjelp/hjelper/{helper.pk}/ta/{need.pk}/")
    assignment = Assignment.objects.get(need=need, helper=helper)
    assert response["Location"] == f"/hjelp/oppdrag/{assignment.pk}/"
    assert assignment.status == AssignmentStatus.ACCEPTED
    # Taking it again says someone already did.
    response = client.post(f"/hjelp/hjelper/{helper.pk}/ta/{need.pk}/", follow=True)
    assert "allerede tatt" in response.content.decode()


def test_someone_else_cannot_take_a_need_for_a_helper(users):
    need = shopping_for_eli(users)
    helper = randi(users)
    assert (
        login(Client(), "lars").post(f"/hjelp/hjelper/{helper.pk}/ta/{need.pk}/").status_code == 403
    )
    assert (
        login(Client(), "hanne").post(f"/hjelp/hjelper/{helper.pk}/ta/{need.pk}/").status_code
        == 403
    )
    assert not Assignment.objects.filter(need=need).exists()


def test_user_without_profile_is_invited_to_become_a_helper(users):
    HelperProfile.objects.filter(person=users["axel"].person).delete()
    html = login(Client(), "axel").get("/hjelp/hjelper/").content.decode()
    assert "Bli hjelper" in html
    assert "/hjelp/hjelper/profil/" in html


def test_helper_page_of_another_helper_is_for_the_coordinator_only(users):
    helper = randi(users)
    assert login(Client(), "hanne").get(f"/hjelp/hjelper/{helper.pk}/").status_code == 200
    assert login(Client(), "axel").get(f"/hjelp/hjelper/{helper.pk}/").status_code == 403


def test_a_resident_registers_as_helper_with_the_availability_grid(users):
    HelperProfile.objects.filter(person=users["axel"].person).delete()
    client = login(Client(), "axel")
    html = client.get("/hjelp/hjelper/profil/").content.decode()
    assert '<table class="availability-grid">' in html
    assert 'value="sun_ev"' in html
    assert "mandag formiddag" in html
    response = client.post(
        "/hjelp/hjelper/profil/",
        {
            "categories": [Category.SNOW, Category.DIGITAL_HELP],
            "availability": ["mon_am", "wed_ev"],
            "area_name": "Østre Gausdal",
            "transport": "car",
            "max_distance_km": "12",
            "languages": ["en"],
            "other_languages": "fr",
            "max_tasks_per_week": "1",
            "max_tasks_per_month": "3",
            "active": "on",
        },
    )
    profile = HelperProfile.objects.get(person=users["axel"].person)
    assert response["Location"] == f"/hjelp/hjelper/{profile.pk}/"
    assert profile.availability == ["mon_am", "wed_ev"]
    assert profile.languages == ["en", "fr"]
    assert profile.latitude == users["axel"].person.latitude


def test_helper_profile_form_bad_input_saves_nothing(users):
    HelperProfile.objects.filter(person=users["axel"].person).delete()
    response = login(Client(), "axel").post(
        "/hjelp/hjelper/profil/",
        {
            "categories": [Category.SNOW],
            "availability": ["mon_am"],
            "transport": "car",
            "max_distance_km": "12",
            "max_tasks_per_week": "4",
            "max_tasks_per_month": "2",
        },
    )
    assert response.status_code == 200
    assert "Per måned kan ikke være færre enn per uke." in response.content.decode()
    assert not HelperProfile.objects.filter(person=users["axel"].person).exists()


def test_coordinator_edits_a_helpers_profile_but_a_stranger_cannot(users):
    helper = randi(users)
    assert login(Client(), "hanne").get(f"/hjelp/hjelper/{helper.pk}/profil/").status_code == 200
    assert login(Client(), "lars").get(f"/hjelp/hjelper/{helper.pk}/profil/").status_code == 403


# --- Coordinator: batch run, helpers, checks, settings, statistics --------------------------


def test_batch_run_review_and_send_through_the_views(users):
    need = shopping_for_eli(users)
    kommune = gausdal(users)
    client = login(Client(), "hanne")
    response = client.post(f"/hjelp/koordinator/{kommune.pk}/fordel/")
    run = MatchingRun.objects.get(kommune=kommune, status=MatchingRun.Status.DRAFT)
    assert response["Location"] == f"/hjelp/fordeling/{run.pk}/"
    html = client.get(f"/hjelp/fordeling/{run.pk}/").content.decode()
    assert "Send forespørsler" in html
    assert "Ikke send" in html
    assert "en enkel fordeling" in html.lower()
    suggestion = run.assignments.get(need=need)
    others = list(run.assignments.exclude(pk=suggestion.pk).values_list("pk", flat=True))
    response = client.post(
        f"/hjelp/fordeling/{run.pk}/",
        {"action": "send", "exclude": [str(pk) for pk in others]},
    )
    assert response.status_code == 302
    run.refresh_from_db()
    assert run.status == MatchingRun.Status.SENT
    suggestion.refresh_from_db()
    assert suggestion.status == AssignmentStatus.ASKED
    assert all(
        s == AssignmentStatus.WITHDRAWN
        for s in Assignment.objects.filter(pk__in=others).values_list("status", flat=True)
    )


def test_batch_run_can_be_discarded_and_others_cannot_see_it(users):
    shopping_for_eli(users)
    kommune = gausdal(users)
    run = services.matching_run_create(kommune=kommune, started_by=users["hanne"])
    for username in ("lars", "lilly"):
        assert login(Client(), username).get(f"/hjelp/fordeling/{run.pk}/").status_code == 403
    response = login(Client(), "hanne").post(f"/hjelp/fordeling/{run.pk}/", {"action": "discard"})
    assert response.status_code == 302
    run.refresh_from_db()
    assert run.status == MatchingRun.Status.DISCARDED
    assert not run.assignments.filter(status=AssignmentStatus.SUGGESTED).exists()


def test_helpers_list_and_recording_a_check(users):
    kommune = gausdal(users)
    helper = randi(users)
    client = login(Client(), "hanne")
    html = client.get(f"/hjelp/koordinator/{kommune.pk}/hjelpere/").content.decode()
    assert "Randi Holm" in html
    assert f"/hjelp/hjelper/{helper.pk}/kontroll/" in html
    html = client.get(f"/hjelp/hjelper/{helper.pk}/kontroll/").content.decode()
    assert "Ikke last opp eller skriv av attesten." in html
    assert "§ 34-1" in html
    before = Verification.objects.filter(helper=helper).count()
    response = client.post(
        f"/hjelp/hjelper/{helper.pk}/kontroll/",
        {"kind": VerificationKind.POLICE_CERTIFICATE, "checked_on": timezone.localdate()},
    )
    assert response.status_code == 200
    assert "politiregisterforskriften § 34-1" in response.content.decode()
    assert Verification.objects.filter(helper=helper).count() == before
    response = client.post(
        f"/hjelp/hjelper/{helper.pk}/kontroll/",
        {
            "kind": VerificationKind.TRAINING,
            "checked_on": timezone.localdate().isoformat(),
            "expires_on": (timezone.localdate() + dt.timedelta(days=700)).isoformat(),
        },
    )
    assert response.status_code == 302
    verification = Verification.objects.filter(helper=helper).latest("created_at")
    response = client.post(f"/hjelp/hjelper/{helper.pk}/kontroll/{verification.pk}/trekk-tilbake/")
    verification.refresh_from_db()
    assert verification.revoked_at is not None
    assert login(Client(), "randi").get(f"/hjelp/hjelper/{helper.pk}/kontroll/").status_code == 403


def test_settings_and_requirements_are_saved(users):
    kommune = gausdal(users)
    client = login(Client(), "hanne")
    html = client.get(f"/hjelp/koordinator/{kommune.pk}/innstillinger/").content.decode()
    assert "Krav til hjelpere" in html
    response = client.post(
        f"/hjelp/koordinator/{kommune.pk}/innstillinger/",
        {
            "action": "settings",
            "hourly_value_nok": "500",
            "contact_phone": "61 22 40 01",
            "expiry_warning_days": "30",
        },
    )
    assert response.status_code == 302
    kommune.help_settings.refresh_from_db()
    assert kommune.help_settings.hourly_value_nok == 500
    response = client.post(
        f"/hjelp/koordinator/{kommune.pk}/innstillinger/",
        {
            "action": "requirements",
            "required-garden": ["identity"],
            "alone-garden": ["reference"],
        },
    )
    assert response.status_code == 302
    requirement = CategoryRequirement.objects.get(kommune=kommune, category=Category.GARDEN)
    assert requirement.required == ["identity"]
    assert requirement.required_when_alone == ["reference"]
    assert CategoryRequirement.objects.get(kommune=kommune, category=Category.SNOW).required == []


@pytest.mark.parametrize(("username", "status"), [("hanne", 200), ("lilly", 200), ("lars", 403)])
def test_statistics_for_coordinator_and_leader(users, username, status):
    kommune = gausdal(users)
    accepted = accepted_randi(users)
    services.session_log(
        assignment=accepted,
        logged_by=users["randi"],
        date=timezone.localdate(),
        hours=Decimal("2"),
    )
    year = timezone.localdate().year
    response = login(Client(), username).get(f"/hjelp/statistikk/{kommune.pk}/?year={year}")
    assert response.status_code == status
    if status == 200:
        html = response.content.decode()
        assert "<caption>" in html
        assert "kr\u00a0" in html or "kr " in html
        assert f"?year={year - 1}" in html


# --- Messages --------------------------------------------------------------------------------


def test_inbox_shows_own_messages_and_marks_them_read(users):
    accepted_randi(users)
    eli = users["eli"].person
    unread = Notification.objects.filter(recipient=eli, read_at__isnull=True)
    assert unread.exists()
    html = login(Client(), "eli").get("/meldinger/").content.decode()
    assert "Du har fått hjelp" in html
    assert ">Ny<" in html
    assert not unread.exists()
    assert "Du har fått hjelp" not in login(Client(), "lars").get("/meldinger/").content.decode()


def test_call_list_button_marks_the_message_handled(users):
    kommune = gausdal(users)
    notification = Notification.objects.create(
        recipient=users["eli"].person,
        kommune=kommune,
        channel=Channel.STAFF,
        subject="Hvordan gikk det?",
        body="Randi har registrert oppdraget.",
    )
    assert login(Client(), "lars").post(f"/meldinger/{notification.pk}/ringt/").status_code == 403
    response = login(Client(), "hanne").post(f"/meldinger/{notification.pk}/ringt/")
    assert response["Location"] == f"/hjelp/koordinator/{kommune.pk}/"
    notification.refresh_from_db()
    assert notification.handled_at is not None


def test_inbox_requires_login():
    response = Client().get("/meldinger/")
    assert response.status_code == 302
    assert "/logg-inn/" in response["Location"]


# --- The map ------------------------------------------------------------------------------


def test_map_draws_needs_as_circles_and_helpers_as_squares_without_styles():
    svg = render_help_map(
        [
            MapPoint(NEED, 61.24, 10.32, "Handling, Østre Gausdal"),
            MapPoint(NEED, 61.24, 10.32, "Hagearbeid, Østre Gausdal"),
            MapPoint(HELPER, 61.26, 10.25, "Randi <Holm>"),
        ],
        title="Kart",
    )
    assert svg.count("<circle") == 2
    assert svg.count('<rect class="help-map__helper"') == 1
    assert "Randi &lt;Holm&gt;" in svg
    assert "style" not in svg
    assert 'role="img"' in svg and 'aria-labelledby="help-map-title"' in svg
    assert render_help_map([], title="Kart") == ""


def test_need_can_be_linked_to_a_goal_in_the_persons_plan(users):
    from samskap.plans.models import Action, Measure
    from samskap.plans.services import goal_create

    eli = users["eli"].person
    goal = goal_create(
        person=eli,
        created_by=users["eli"],
        text="Komme meg ut og treffe folk",
        measure=Measure.NONE,
    )
    client = login(Client(), "eli")
    html = client.get(f"/hjelp/ny/{eli.pk}/").content.decode()
    assert "Komme meg ut og treffe folk" in html
    client.post(f"/hjelp/ny/{eli.pk}/", _need_post(goal=str(goal.pk)))
    need = Need.objects.filter(person=eli, category=Category.SHOPPING).latest("created_at")
    assert need.goal == goal
    assert Action.objects.filter(goal=goal, linked_type="help.need").exists()
    # The coordinator registers needs too, but does not see the plan's goals.
    html = login(Client(), "hanne").get(f"/hjelp/ny/{eli.pk}/").content.decode()
    assert "Komme meg ut og treffe folk" not in html


def test_organisation_rep_sees_and_edits_the_organisations_helper_page(users):
    profile = HelperProfile.objects.get(organisation__name="Gausdal frivilligsentral")
    client = login(Client(), "marius")
    response = client.get("/hjelp/hjelper/")
    assert response.status_code == 200
    assert "Gausdal frivilligsentral" in response.content.decode()
    html = client.get(f"/hjelp/hjelper/{profile.pk}/profil/").content.decode()
    assert "Hva slags hjelper er dere?" in html
    assert "Vi tar betaling" in html
    assert login(Client(), "randi").get(f"/hjelp/hjelper/{profile.pk}/profil/").status_code == 403


def test_overview_links_coordinators_and_leaders_to_their_pages(users):
    kommune = gausdal(users)
    html = login(Client(), "hanne").get("/hjelp/").content.decode()
    assert f"/hjelp/koordinator/{kommune.pk}/" in html
    assert f"/hjelp/statistikk/{kommune.pk}/" in html
    html = login(Client(), "lilly").get("/hjelp/").content.decode()
    assert f"/hjelp/koordinator/{kommune.pk}/" not in html
    assert f"/hjelp/statistikk/{kommune.pk}/" in html


@pytest.mark.parametrize(
    "path",
    [
        "/hjelp/",
        "/hjelp/ny/1/",
        "/hjelp/behov/1/",
        "/hjelp/oppdrag/1/",
        "/hjelp/bekymring/ny/?behov=1",
        "/hjelp/bekymring/1/",
        "/hjelp/hjelper/",
        "/hjelp/hjelper/profil/",
        "/hjelp/hjelper/1/kontroll/",
        "/hjelp/koordinator/1/",
        "/hjelp/fordeling/1/",
        "/hjelp/statistikk/1/",
        "/meldinger/",
    ],
)
def test_every_help_page_requires_login(db, path):
    response = Client().get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/logg-inn/")


def test_the_person_side_edits_an_open_need_through_the_form(users):
    need = shopping_for_eli(users)
    client = login(Client(), "axel")
    page = client.get(f"/hjelp/behov/{need.pk}/endre/")
    assert page.status_code == 200
    assert "Handle mat på Coop" in page.content.decode()
    response = client.post(
        f"/hjelp/behov/{need.pk}/endre/",
        {
            "description": "Handle mat på Joker i stedet.",
            "where": "home",
            "first_date": next_tuesday().isoformat(),
            "recurrence": "weekly",
            "time_of_day": ["pm"],
            "duration_minutes": "60",
        },
    )
    assert response.status_code == 302
    need.refresh_from_db()
    assert need.description == "Handle mat på Joker i stedet."
    assert need.windows == ["tue_pm"]
    assert login(Client(), "lars").get(f"/hjelp/behov/{need.pk}/endre/").status_code == 403
