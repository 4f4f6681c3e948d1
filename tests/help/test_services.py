"""Help and contribution, through the services, as the demo cast would use it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from samskap.core.sms import LocmemSMSBackend
from samskap.help import services
from samskap.help.models import (
    Assignment,
    AssignmentStatus,
    Category,
    ConcernReport,
    CreatedVia,
    HelperBlock,
    HelperProfile,
    MatchingRun,
    Need,
    NeedStatus,
    Recurrence,
    Verification,
    VerificationKind,
)
from samskap.help.selectors import (
    coordinator_page,
    help_statistics,
    helper_page,
    need_get_for_viewer,
)
from samskap.notifications.models import Channel, Notification
from samskap.privacy.models import AuditEvent

pytestmark = pytest.mark.django_db

TUESDAY = ["tue_am", "tue_pm"]


def next_tuesday() -> dt.date:
    today = timezone.localdate()
    return today + dt.timedelta(days=(1 - today.weekday()) % 7 or 7)


@pytest.fixture
def sms(settings):
    settings.SAMSKAP_SMS_BACKEND = "samskap.core.sms.LocmemSMSBackend"
    LocmemSMSBackend.outbox.clear()
    return LocmemSMSBackend.outbox


def visiting_friend_for_eli(users, **overrides) -> Need:
    eli = users["eli"].person
    fields = {
        "person": eli,
        "created_by": users["axel"],
        "category": Category.VISITING_FRIEND,
        "description": "Eli vil gjerne ha besøk og en prat over kaffen.",
        "first_date": next_tuesday(),
        "windows": TUESDAY,
        "recurrence": Recurrence.FORTNIGHTLY,
        "duration_minutes": 90,
        "alone_with_person": True,
    }
    fields.update(overrides)
    return services.need_create(**fields)


def helper(key: str) -> HelperProfile:
    return HelperProfile.objects.get(person__given_name=key.capitalize())


def test_relative_posts_recurring_visiting_friend_need(users):
    need = visiting_friend_for_eli(users)
    assert need.created_via == CreatedVia.REPRESENTATIVE
    assert need.status == NeedStatus.OPEN
    assert need.windows == TUESDAY
    assert AuditEvent.objects.filter(action="need_created", object_id=str(need.pk)).exists()


def test_someone_unrelated_cannot_post_a_need_for_eli(users):
    with pytest.raises(PermissionDenied):
        visiting_friend_for_eli(users, created_by=users["lars"])
    assert not Need.objects.filter(category=Category.VISITING_FRIEND).exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"windows": []}, "windows"),
        ({"windows": ["someday"]}, "windows"),
        ({"description": "   "}, "description"),
        ({"first_date": dt.date(2020, 1, 1)}, "first_date"),
        ({"at_home": False, "place": ""}, "place"),
    ],
)
def test_bad_input_is_explained_and_nothing_is_saved(users, overrides, field):
    before = Need.objects.count()
    with pytest.raises(ValidationError) as error:
        visiting_friend_for_eli(users, **overrides)
    assert field in error.value.message_dict
    assert Need.objects.count() == before


def test_staff_registers_a_need_for_someone_on_the_phone(users):
    # The demo seed has Berit registering Torleif's iPad need for him.
    need = Need.objects.get(person=users["torleif"].person, category=Category.DIGITAL_HELP)
    assert need.created_via == CreatedVia.STAFF
    assert need.created_by == users["berit"]


def test_batch_assignment_is_optimal_and_never_picks_an_unverified_volunteer(users):
    need = visiting_friend_for_eli(users)
    run = services.matching_run_create(kommune=need.kommune, started_by=users["hanne"])
    assert run.proven_optimal
    assert run.upper_bound == pytest.approx(run.objective)
    assignment = run.assignments.get(need=need)
    # Julie lives closer, but lacks the reference the kommune requires for visiting friends.
    assert assignment.helper == helper("randi")
    assert assignment.status == AssignmentStatus.SUGGESTED
    assert assignment.reasons["overlap"] == TUESDAY


def test_without_randi_the_need_stays_open_rather_than_go_to_julie(users):
    need = visiting_friend_for_eli(users)
    HelperProfile.objects.filter(pk=helper("randi").pk).update(active=False)
    run = services.matching_run_create(kommune=need.kommune, started_by=users["hanne"])
    assert not run.assignments.filter(need=need).exists()
    assert not Assignment.objects.filter(helper=helper("julie")).exists()


def test_coordinator_cannot_ask_a_helper_who_lacks_a_required_check(users):
    need = visiting_friend_for_eli(users)
    with pytest.raises(ValidationError) as error:
        services.assignment_ask(need=need, helper=helper("julie"), asked_by=users["hanne"])
    assert "referanse" in str(error.value)
    assert not Assignment.objects.filter(need=need).exists()


def test_expired_check_at_send_time_stops_the_request(users):
    need = visiting_friend_for_eli(users)
    run = services.matching_run_create(kommune=need.kommune, started_by=users["hanne"])
    reference = Verification.objects.get(helper=helper("randi"), kind=VerificationKind.REFERENCE)
    services.verification_revoke(verification=reference, revoked_by=users["hanne"])
    asked, problems = services.matching_run_send(run=run, sent_by=users["hanne"])
    assert asked == 0
    assert any("referanse" in p for p in problems)
    assert run.assignments.get(need=need).status == AssignmentStatus.WITHDRAWN


def test_whole_flow_ask_accept_complete_and_statistics(
    users, sms, django_capture_on_commit_callbacks
):
    need = visiting_friend_for_eli(users)
    hanne, randi_user = users["hanne"], users["randi"]
    run = services.matching_run_create(kommune=need.kommune, started_by=hanne)
    with django_capture_on_commit_callbacks(execute=True):
        asked, problems = services.matching_run_send(run=run, sent_by=hanne)
    assert (asked, problems) == (1, [])
    run.refresh_from_db()
    assert run.status == MatchingRun.Status.SENT
    # Randi prefers SMS: the request reaches her phone, with no name or address in it.
    to_randi = [m for m in sms if m.to == randi_user.person.phone]
    assert len(to_randi) == 1
    assert "Eli" not in to_randi[0].body and "Vestringsvegen" not in to_randi[0].body
    assignment = Assignment.objects.get(need=need, status=AssignmentStatus.ASKED)
    assert not assignment.contact_visible

    with django_capture_on_commit_callbacks(execute=True):
        services.assignment_accept(assignment=assignment, accepted_by=randi_user)
    assignment.refresh_from_db()
    need.refresh_from_db()
    assert assignment.contact_visible
    assert need.status == NeedStatus.ASSIGNED and need.assigned_at is not None
    # Eli and Axel (her representative) are told who comes, with Randi's phone number.
    told = Notification.objects.filter(subject__startswith="Du har fått hjelp")
    assert {n.recipient.given_name for n in told} == {"Eli", "Axel"}
    assert all(randi_user.person.phone in n.body for n in told)

    services.session_log(
        assignment=assignment,
        logged_by=randi_user,
        date=timezone.localdate(),
        hours=Decimal("1.5"),
        note="Kaffe og prat",
    )
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.ACCEPTED  # recurring: goes on
    services.session_log(
        assignment=assignment,
        logged_by=randi_user,
        date=timezone.localdate(),
        hours=Decimal("2"),
        finish=True,
    )
    assignment.refresh_from_db()
    need.refresh_from_db()
    assert assignment.status == AssignmentStatus.DONE and need.status == NeedStatus.DONE

    page = helper_page(helper=helper("randi"))
    assert page.hours_this_year == Decimal("3.5")
    stats = help_statistics(kommune_id=need.kommune_id, year=timezone.localdate().year, user=hanne)
    month = stats.months[timezone.localdate().month - 1]
    assert month.hours >= Decimal("3.5")
    visiting = next(c for c in stats.categories if c.category == Category.VISITING_FRIEND)
    assert visiting.hours == Decimal("3.5")
    assert visiting.value_nok == int(Decimal("3.5") * stats.hourly_value_nok)
    assert visiting.fulfilled == visiting.requested == 1


def test_decline_asks_the_next_best_helper(users):
    need = visiting_friend_for_eli(users)
    julie = helper("julie")
    services.verification_record(
        helper=julie,
        kind=VerificationKind.REFERENCE,
        checked_on=timezone.localdate(),
        checked_by=users["hanne"],
    )
    services.verification_record(
        helper=julie,
        kind=VerificationKind.TRAINING,
        checked_on=timezone.localdate(),
        checked_by=users["hanne"],
    )
    first = services.assignment_ask(need=need, helper=helper("randi"), asked_by=users["hanne"])
    services.assignment_decline(assignment=first, declined_by=users["randi"], reason="Bortreist")
    following = Assignment.objects.get(need=need, status=AssignmentStatus.ASKED)
    assert following.helper == julie
    assert Notification.objects.filter(recipient=julie.person).exists()


def test_only_the_helper_can_answer(users):
    need = visiting_friend_for_eli(users)
    assignment = services.assignment_ask(need=need, helper=helper("randi"), asked_by=users["hanne"])
    for intruder in ("lars", "axel", "eli"):
        with pytest.raises(PermissionDenied):
            services.assignment_accept(assignment=assignment, accepted_by=users[intruder])


def test_not_this_helper_again_is_respected_silently(users):
    need = visiting_friend_for_eli(users)
    randi = helper("randi")
    assignment = services.assignment_ask(need=need, helper=randi, asked_by=users["hanne"])
    services.assignment_accept(assignment=assignment, accepted_by=users["randi"])
    services.feedback_give(
        assignment=assignment,
        given_by=users["axel"],
        rating=1,
        comment="Passet ikke",
        not_again=True,
    )
    assert HelperBlock.objects.filter(person=need.person, helper=randi).exists()
    need.refresh_from_db()
    assert need.status == NeedStatus.OPEN
    # Randi is told the task ended, without a reason.
    ended = Notification.objects.filter(recipient=randi.person, subject="Oppdraget er avsluttet")
    assert ended.exists() and "Passet ikke" not in ended.first().body
    run = services.matching_run_create(kommune=need.kommune, started_by=users["hanne"])
    assert not run.assignments.filter(helper=randi).exists()
    problem = services.eligibility_problem(need, randi)
    assert problem and "ikke igjen" not in problem.lower()


def test_helper_takes_a_nearby_need_and_contact_is_then_shared(users):
    need = visiting_friend_for_eli(users)
    page = helper_page(helper=helper("randi"))
    assert need.pk in [n.need.pk for n in page.nearby]
    julie_page = helper_page(helper=helper("julie"))
    assert need.pk not in [n.need.pk for n in julie_page.nearby]
    assignment = services.helper_take_need(
        need=need, helper=helper("randi"), taken_by=users["randi"]
    )
    assert assignment.status == AssignmentStatus.ACCEPTED
    # Nobody can take a need for someone else's helper profile, and a taken need is gone.
    with pytest.raises(PermissionDenied):
        services.helper_take_need(need=need, helper=helper("julie"), taken_by=users["hanne"])
    with pytest.raises(ValidationError):
        services.helper_take_need(need=need, helper=helper("randi"), taken_by=users["randi"])
    detail = need_get_for_viewer(need_id=need.pk, viewer=users["randi"])
    assert detail.view.helper_visible


def test_police_certificate_needs_a_legal_basis(users):
    randi = helper("randi")
    with pytest.raises(ValidationError) as error:
        services.verification_record(
            helper=randi,
            kind=VerificationKind.POLICE_CERTIFICATE,
            checked_on=timezone.localdate(),
            checked_by=users["hanne"],
        )
    assert "34-1" in str(error.value)
    with pytest.raises(PermissionDenied):
        services.verification_record(
            helper=randi,
            kind=VerificationKind.IDENTITY,
            checked_on=timezone.localdate(),
            checked_by=users["lars"],
        )


def test_concern_goes_to_the_coordinator_with_an_audit_trail(users):
    need = visiting_friend_for_eli(users)
    assignment = services.assignment_ask(need=need, helper=helper("randi"), asked_by=users["hanne"])
    report = services.concern_report(
        reported_by=users["randi"],
        assignment=assignment,
        what_happened="Eli virket redd da jeg kom.",
        urgent=True,
    )
    assert Notification.objects.filter(
        recipient=users["hanne"].person, subject__startswith="Haster"
    ).exists()
    with pytest.raises(PermissionDenied):
        services.concern_update(
            report=report, updated_by=users["lars"], status="closed", handling_notes=""
        )
    services.concern_update(
        report=report,
        updated_by=users["hanne"],
        status="in_progress",
        handling_notes="Ringt Axel.",
    )
    assert (
        AuditEvent.objects.filter(
            object_type="help.concernreport", object_id=str(report.pk)
        ).count()
        == 2
    )
    assert ConcernReport.objects.get(pk=report.pk).handled_by == users["hanne"]
    with pytest.raises(PermissionDenied):
        services.concern_report(
            reported_by=users["lars"], assignment=assignment, what_happened="Hei"
        )


def test_coordinator_page_shows_expiring_checks_and_phone_list(users):
    randi = helper("randi")
    soon = services.verification_record(
        helper=randi,
        kind=VerificationKind.TRAINING,
        checked_on=timezone.localdate() - dt.timedelta(days=700),
        expires_on=timezone.localdate() + dt.timedelta(days=10),
        checked_by=users["hanne"],
    )
    later = services.verification_record(
        helper=randi,
        kind=VerificationKind.IDENTITY,
        checked_on=timezone.localdate(),
        expires_on=timezone.localdate() + dt.timedelta(days=400),
        checked_by=users["hanne"],
    )
    eli = users["eli"].person
    eli.contact_channels = ["via_staff"]
    eli.save()
    from samskap.notifications.services import notify

    call = notify(person=eli, subject="Hjelper funnet", body="Randi kommer tirsdag.")
    page = coordinator_page(kommune_id=randi.kommune_id, user=users["hanne"])
    assert page.settings.hourly_value_nok == 450
    assert soon in page.expiring and later not in page.expiring
    assert call in page.call_list
    with pytest.raises(PermissionDenied):
        coordinator_page(kommune_id=page.kommune_id, user=users["randi"])


def test_torleif_without_internet_gets_messages_through_staff(users):
    torleif = users["torleif"].person
    torleif.contact_channels = ["via_staff"]
    torleif.save()
    from samskap.notifications.services import notify

    notification = notify(person=torleif, subject="Test", body="Hei")
    assert notification.channel == Channel.STAFF


def test_region_wide_batch_reaches_helpers_in_neighbouring_kommuner(users):
    from samskap.accounts.services import role_assign
    from samskap.municipalities.models import Kommune

    need = visiting_friend_for_eli(
        users,
        category=Category.ESCORT,
        description="Følge til tannlegen i Lillehammer og hjem igjen.",
        destination="Tannlegen i Lillehammer",
        recurrence=Recurrence.ONCE,
        alone_with_person=False,
    )
    hanne = users["hanne"]
    gausdal_only = services.matching_run_create(kommune=need.kommune, started_by=hanne)
    assert not gausdal_only.assignments.exists()  # nobody in Gausdal escorts
    # Region-wide only covers kommuner the coordinator coordinates.
    assert services.matching_run_create(
        kommune=need.kommune, started_by=hanne, region_wide=True
    ).kommune_ids == [need.kommune_id]
    oyer = Kommune.objects.get(number="3440")
    role_assign(user=hanne, kommune=oyer, role="coordinator")
    hanne = type(hanne).objects.get(pk=hanne.pk)  # fresh role cache
    run = services.matching_run_create(kommune=need.kommune, started_by=hanne, region_wide=True)
    assert sorted(run.kommune_ids) == sorted([need.kommune_id, oyer.pk])
    assert run.assignments.get(need=need).helper == helper("lars")
    assert run.proven_optimal


def test_coordinator_records_feedback_for_someone_on_the_phone(users):
    need = visiting_friend_for_eli(users)
    assignment = services.assignment_ask(need=need, helper=helper("randi"), asked_by=users["hanne"])
    services.assignment_accept(assignment=assignment, accepted_by=users["randi"])
    feedback = services.feedback_give(
        assignment=assignment, given_by=users["hanne"], rating=3, comment="Eli sa det var fint."
    )
    assert feedback.side == "person" and feedback.given_by == users["hanne"]
    with pytest.raises(PermissionDenied):
        services.feedback_give(assignment=assignment, given_by=users["lars"], rating=3)


def test_editing_an_open_need_releases_the_asked_helper_and_keeps_the_audit(users):
    need = visiting_friend_for_eli(users)
    asked = services.assignment_ask(need=need, helper=helper("randi"), asked_by=users["hanne"])
    services.need_update(need=need, updated_by=users["axel"], windows=["thu_am"])
    asked.refresh_from_db()
    need.refresh_from_db()
    assert need.windows == ["thu_am"]
    assert asked.status == AssignmentStatus.WITHDRAWN
    event = AuditEvent.objects.get(action="need_updated", object_id=str(need.pk))
    assert event.before == {"windows": TUESDAY} and event.after == {"windows": ["thu_am"]}
    with pytest.raises(ValidationError):
        services.need_update(need=need, updated_by=users["axel"], windows=[])
    need.refresh_from_db()
    assert need.windows == ["thu_am"]  # nothing half-saved
    with pytest.raises(PermissionDenied):
        services.need_update(need=need, updated_by=users["lars"], description="Hei")
