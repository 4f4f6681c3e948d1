"""The person's plan: services, access rules and pages (Torleif's and Eli's stories)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from samskap.plans.models import Goal, GoalScore, Measure, PlanEntry, Presence
from samskap.plans.selectors import plan_load, staff_work_list
from samskap.plans.services import (
    action_create,
    contribution_add,
    conversation_record,
    goal_create,
    score_record,
)
from samskap.privacy.models import AccessLogEntry, Consent, ConsentScope
from tests.helpers import login

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
WHAT_MATTERS = "Å klare meg selv hjemme så lenge som mulig.\nOg å kjøre bil – «det er frihet»."


def _torleif_conversation(users):
    return conversation_record(
        person=users["torleif"].person,
        recorded_by=users["berit"],
        held_on=TODAY - dt.timedelta(days=42),
        setting="home_visit",
        presence=Presence.PERSON_PRESENT,
        others_present="Datteren Kari",
        answers={
            "what_matters": WHAT_MATTERS,
            "can_contribute": "Jeg kan kjøre andre til butikken på tirsdager.",
            "do_together": "",
        },
    )


def test_conversation_keeps_the_persons_words_verbatim_and_who_wrote_them(users):
    _torleif_conversation(users)
    entries = list(PlanEntry.objects.filter(person=users["torleif"].person).order_by("id"))
    assert [e.question for e in entries] == ["what_matters", "can_contribute"]
    assert entries[0].text == WHAT_MATTERS
    assert entries[0].written_by == users["berit"]
    assert entries[0].presence == Presence.PERSON_PRESENT


def test_staff_cannot_claim_the_person_wrote_it_and_nothing_is_saved(users):
    with pytest.raises(ValidationError):
        conversation_record(
            person=users["torleif"].person,
            recorded_by=users["berit"],
            held_on=TODAY,
            setting="home_visit",
            presence=Presence.PERSON_WROTE,
            answers={"what_matters": "Noe"},
        )
    assert not PlanEntry.objects.filter(person=users["torleif"].person).exists()


def test_empty_conversation_is_refused(users):
    with pytest.raises(ValidationError):
        conversation_record(
            person=users["torleif"].person,
            recorded_by=users["torleif"],
            held_on=TODAY,
            setting="own",
            presence=Presence.PERSON_WROTE,
            answers={"what_matters": "  "},
        )


def test_psfs_goal_with_baseline_and_follow_up_shows_clinically_important_change(users):
    goal = goal_create(
        person=users["torleif"].person,
        created_by=users["berit"],
        text="Gå til butikken selv",
        measure=Measure.PSFS,
    )
    score_record(
        goal=goal, recorded_by=users["berit"], recorded_on=TODAY - dt.timedelta(days=42), psfs=3
    )
    score_record(goal=goal, recorded_by=users["berit"], recorded_on=TODAY, psfs=7)
    plan = plan_load(person=users["torleif"].person)
    summary = plan.goals[0]
    assert summary.psfs.change == 4 and summary.psfs.clinically_important


def test_score_outside_the_scale_is_refused_with_a_clear_message(users):
    goal = goal_create(
        person=users["torleif"].person, created_by=users["berit"], text="Bake", measure=Measure.PSFS
    )
    with pytest.raises(ValidationError) as info:
        score_record(goal=goal, recorded_by=users["berit"], recorded_on=TODAY, psfs=11)
    assert "0 (klarer ikke) til 10" in str(info.value)
    assert not GoalScore.objects.filter(goal=goal).exists()


def test_gas_goal_needs_an_expected_outcome(users):
    with pytest.raises(ValidationError):
        goal_create(
            person=users["torleif"].person, created_by=users["berit"], text="X", measure=Measure.GAS
        )


def test_gas_t_score_over_all_goals(users):
    person = users["torleif"].person
    for attainment in (1, 0, -1, 2):
        goal = goal_create(
            person=person,
            created_by=users["berit"],
            text=f"Mål {attainment}",
            measure=Measure.GAS,
            gas_expected="Som forventet",
        )
        score_record(goal=goal, recorded_by=users["berit"], recorded_on=TODAY, gas=attainment)
    # 50 + 10·2 / √(0.7·4 + 0.3·16)
    assert plan_load(person=person).gas_t_score == round(50 + 20 / (7.6**0.5), 2)


@pytest.mark.parametrize(
    ("username", "can_view"),
    [
        ("torleif", True),
        ("berit", True),
        ("kari", True),
        ("trine", False),
        ("lars", False),
        ("hanne", False),
        ("lilly", False),
        ("anders", False),
        ("axel", False),
    ],
)
def test_plan_access_matrix(users, username, can_view):
    assert users[username].has_perm("plans.view_plan", users["torleif"].person) is can_view


def test_volunteer_cannot_write_in_someone_elses_plan(users):
    with pytest.raises(PermissionDenied):
        goal_create(person=users["eli"].person, created_by=users["lars"], text="Noe")


def test_only_the_person_decides_to_offer_a_contribution(users):
    contribution = contribution_add(
        person=users["torleif"].person,
        created_by=users["berit"],
        kind="skill",
        text="Kan kjøre på tirsdager",
    )
    from samskap.plans.services import contribution_set_offer

    with pytest.raises(PermissionDenied):
        contribution_set_offer(contribution=contribution, changed_by=users["berit"], may_offer=True)
    contribution_set_offer(contribution=contribution, changed_by=users["torleif"], may_offer=True)
    contribution.refresh_from_db()
    assert contribution.may_offer


def test_work_list_shows_goals_due_and_goals_without_action(users):
    goal = goal_create(
        person=users["torleif"].person,
        created_by=users["berit"],
        text="Gå til butikken selv",
        measure=Measure.PSFS,
    )
    score_record(
        goal=goal, recorded_by=users["berit"], recorded_on=TODAY - dt.timedelta(days=50), psfs=3
    )
    reasons = {item.reason for item in staff_work_list(user=users["berit"]) if item.goal == goal}
    assert reasons == {"Skal skåres", "Har ingen tiltak"}
    action_create(goal=goal, created_by=users["berit"], kind="follow_up", title="Gåtrening")
    score_record(goal=goal, recorded_by=users["berit"], recorded_on=TODAY, psfs=5)
    assert [i for i in staff_work_list(user=users["berit"]) if i.goal == goal] == []
    assert staff_work_list(user=users["lars"]) == []


def test_story_staff_records_torleifs_plan_and_torleif_sees_it_and_who_read_it(users):
    torleif = users["torleif"].person
    staff = login(Client(), "berit")
    response = staff.post(
        f"/planer/{torleif.pk}/samtale/",
        {
            "held_on": (TODAY - dt.timedelta(days=42)).isoformat(),
            "setting": "home_visit",
            "presence": "person_present",
            "others_present": "",
            "what_matters": WHAT_MATTERS,
            "can_contribute": "",
            "do_together": "Gå tur sammen med noen",
        },
    )
    assert response.status_code == 302
    response = staff.post(
        f"/planer/{torleif.pk}/mal/nytt/",
        {"text": "Gå til butikken selv", "measure": "psfs", "gas_expected": "", "baseline": "3"},
    )
    assert response.status_code == 302
    goal = Goal.objects.get(person=torleif)
    response = staff.post(
        f"/planer/mal/{goal.pk}/skar/", {"recorded_on": TODAY.isoformat(), "psfs": "7", "note": ""}
    )
    assert response.status_code == 302
    page = staff.get(f"/planer/mal/{goal.pk}/").content.decode()
    assert "Tydelig bedring" in page and "<svg" in page and 'id="scores"' in page

    own = login(Client(), "torleif").get(f"/planer/{torleif.pk}/").content.decode()
    assert "«det er frihet»" in own
    assert "Fra 3 til 7 av 10 (endring 4)" in own
    log = login(Client(), "torleif").get(f"/personer/{torleif.pk}/innsyn/").content.decode()
    assert "Berit Sletten" in log


def test_story_torleif_withdraws_karis_access_and_she_gets_403_at_once(users):
    torleif = users["torleif"].person
    kari = login(Client(), "kari")
    assert kari.get(f"/planer/{torleif.pk}/").status_code == 200
    consent = Consent.objects.get(
        person=torleif, grantee_person=users["kari"].person, scope=ConsentScope.PLAN
    )
    login(Client(), "torleif").post(f"/personer/{torleif.pk}/samtykke/", {"revoke": consent.pk})
    assert kari.get(f"/planer/{torleif.pk}/").status_code == 403
    assert AccessLogEntry.objects.filter(subject=torleif, viewer=users["kari"]).count() == 1


def test_unauthorised_users_get_403_on_every_plan_page(users):
    eli = users["eli"].person
    goal = goal_create(
        person=eli, created_by=users["trine"], text="Komme seg ut", measure=Measure.PSFS
    )
    client = login(Client(), "lars")
    for path in (
        f"/planer/{eli.pk}/",
        f"/planer/{eli.pk}/samtale/",
        f"/planer/{eli.pk}/mal/nytt/",
        f"/planer/mal/{goal.pk}/",
        f"/planer/mal/{goal.pk}/skar/",
        f"/planer/{eli.pk}/nettverk/",
        f"/planer/{eli.pk}/bidrag/",
    ):
        assert client.get(path).status_code == 403, path


def test_plan_page_query_count_does_not_grow_with_goals(users, django_assert_max_num_queries):
    eli = users["eli"].person
    for i in range(8):
        goal = goal_create(
            person=eli, created_by=users["trine"], text=f"Mål {i}", measure=Measure.PSFS
        )
        score_record(goal=goal, recorded_by=users["trine"], recorded_on=TODAY, psfs=i)
        action_create(goal=goal, created_by=users["trine"], kind="follow_up", title=f"Tiltak {i}")
    client = login(Client(), "eli")
    with django_assert_max_num_queries(25):
        assert client.get(f"/planer/{eli.pk}/").status_code == 200
