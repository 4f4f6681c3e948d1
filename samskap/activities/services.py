"""Writes for meeting places: validated, saved and audited in one transaction."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import override

from samskap.accounts.models import User
from samskap.activities import recurrence
from samskap.activities.models import (
    Activity,
    ActivityLeader,
    Attendance,
    FunctionalTestResult,
    SignUp,
    SignUpStatus,
    SignUpVia,
)
from samskap.notifications.services import notify
from samskap.people.models import Person
from samskap.people.rules import is_representative
from samskap.privacy.services import audit_record, snapshot

ACTIVE = (SignUpStatus.CONFIRMED, SignUpStatus.WAITLISTED)


def _tell(person: Person, subject, body) -> None:
    with override(person.written_language or "nb"):
        notify(person=person, subject=str(subject()), body=str(body()))


def _when(activity: Activity) -> str:
    try:
        nxt = recurrence.next_occurrence(activity.rule(), timezone.now())
    except ValueError:
        nxt = None
    if nxt is None:
        return ""
    local = timezone.localtime(nxt.starts_at)
    return date_format(local, "l j. F \\k\\l. H.i")


def activity_schedule_check(activity: Activity) -> None:
    """A schedule the recurrence rules accept, explained in words if not."""
    try:
        activity.rule()
    except ValueError as error:
        raise ValidationError(
            _("Tidsplanen henger ikke sammen: %(reason)s") % {"reason": error}
        ) from error


@transaction.atomic
def leader_add(
    *,
    activity: Activity,
    person: Person,
    role: str,
    added_by: User,
    training: str = "",
    trained_on: dt.date | None = None,
) -> ActivityLeader:
    if not added_by.has_perm("activities.manage_activity", activity):
        raise PermissionDenied(_("Du kan ikke endre lederne for denne aktiviteten."))
    leader, _created = ActivityLeader.objects.update_or_create(
        activity=activity,
        person=person,
        defaults={"role": role, "training": training.strip(), "trained_on": trained_on},
    )
    leader.full_clean()
    audit_record(
        actor=added_by,
        subject=person,
        action="activity_leader_added",
        instance=leader,
        before=None,
        after=snapshot(leader),
    )
    return leader


@transaction.atomic
def signup_create(
    *, activity: Activity, person: Person, signed_up_by: User, needs_ride: bool = False
) -> SignUp:
    """Sign a person up; a full activity puts them on the waiting list, in order."""
    if not signed_up_by.has_perm("activities.sign_up_for", person):
        raise PermissionDenied(_("Du kan ikke melde på denne personen."))
    # Lock the activity so two sign-ups cannot both take the last place.
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    if not activity.published:
        raise ValidationError(_("Aktiviteten er ikke åpen for påmelding."))
    if needs_ride and not activity.ride_offered:
        raise ValidationError(
            {"needs_ride": _("Arrangøren kan ikke ordne skyss til denne aktiviteten.")}
        )
    if SignUp.objects.filter(activity=activity, person=person, status__in=ACTIVE).exists():
        raise ValidationError(
            _("%(name)s er allerede påmeldt eller står på ventelisten.")
            % {"name": person.given_name}
        )
    confirmed = SignUp.objects.filter(activity=activity, status=SignUpStatus.CONFIRMED).count()
    full = activity.capacity is not None and confirmed >= activity.capacity
    if signed_up_by.person_id == person.pk:
        via = SignUpVia.SELF
    elif is_representative(signed_up_by, person):
        via = SignUpVia.REPRESENTATIVE
    else:
        via = SignUpVia.STAFF
    signup = SignUp(
        activity=activity,
        person=person,
        status=SignUpStatus.WAITLISTED if full else SignUpStatus.CONFIRMED,
        created_via=via,
        created_by=signed_up_by,
        needs_ride=needs_ride,
    )
    signup.full_clean()
    signup.save()
    audit_record(
        actor=signed_up_by,
        subject=person,
        action="activity_signed_up",
        instance=signup,
        before=None,
        after=snapshot(signup),
    )
    when = _when(activity)
    if full:
        _tell(
            person,
            lambda: _("Du står på venteliste: %(title)s") % {"title": activity.title},
            lambda: (
                _("%(title)s er full. Du får beskjed hvis det blir ledig plass.")
                % {"title": activity.title}
            ),
        )
    else:
        _tell(
            person,
            lambda: _("Du er påmeldt: %(title)s") % {"title": activity.title},
            lambda: (
                _("Du er påmeldt %(title)s, %(place)s. Neste gang: %(when)s.")
                % {"title": activity.title, "place": activity.place_name, "when": when or "-"}
            ),
        )
    return signup


@transaction.atomic
def signup_cancel(*, signup: SignUp, cancelled_by: User) -> SignUp:
    """Sign off; the first on the waiting list gets the place and is told."""
    if not cancelled_by.has_perm("activities.sign_up_for", signup.person) and not (
        cancelled_by.has_perm("activities.manage_activity", signup.activity)
    ):
        raise PermissionDenied(_("Du kan ikke melde av denne personen."))
    activity = Activity.objects.select_for_update().get(pk=signup.activity_id)
    signup = SignUp.objects.select_for_update().get(pk=signup.pk)
    if signup.status == SignUpStatus.CANCELLED:
        raise ValidationError(_("Påmeldingen er allerede avmeldt."))
    before = snapshot(signup)
    was_confirmed = signup.status == SignUpStatus.CONFIRMED
    signup.status = SignUpStatus.CANCELLED
    signup.cancelled_at = timezone.now()
    signup.save(update_fields=["status", "cancelled_at", "updated_at"])
    audit_record(
        actor=cancelled_by,
        subject=signup.person,
        action="activity_signed_off",
        instance=signup,
        before=before,
        after=snapshot(signup),
    )
    if was_confirmed:
        _promote_from_waiting_list(activity, by=cancelled_by)
    return signup


def _promote_from_waiting_list(activity: Activity, *, by: User) -> None:
    confirmed = SignUp.objects.filter(activity=activity, status=SignUpStatus.CONFIRMED).count()
    free = None if activity.capacity is None else activity.capacity - confirmed
    waiting = (
        SignUp.objects.filter(activity=activity, status=SignUpStatus.WAITLISTED)
        .order_by("created_at", "pk")
        .select_related("person__user")
    )
    for signup in waiting[: free if free is not None else None]:
        before = snapshot(signup)
        signup.status = SignUpStatus.CONFIRMED
        signup.save(update_fields=["status", "updated_at"])
        audit_record(
            actor=by,
            subject=signup.person,
            action="activity_waitlist_promoted",
            instance=signup,
            before=before,
            after=snapshot(signup),
        )
        _tell(
            signup.person,
            lambda: _("Du har fått plass: %(title)s") % {"title": activity.title},
            lambda: (
                _("Det ble ledig plass på %(title)s, og den er din. Velkommen!")
                % {"title": activity.title}
            ),
        )


def _check_occurrence(activity: Activity, day: dt.date) -> None:
    if day > timezone.localdate():
        raise ValidationError({"date": _("Oppmøte kan bare registreres for dager som har vært.")})
    held = recurrence.occurrences(activity.rule(), day, day)
    if not held or held[0].skipped:
        raise ValidationError(
            {
                "date": _("Aktiviteten var ikke holdt denne dagen (%(day)s).")
                % {"day": date_format(day, "j. F Y")}
            }
        )


@transaction.atomic
def attendance_record(
    *, activity: Activity, day: dt.date, present_person_ids: set[int], recorded_by: User
) -> list[Attendance]:
    """The leader's register for one day: everyone signed up is marked present or absent."""
    if not recorded_by.has_perm("activities.lead_activity", activity):
        raise PermissionDenied(_("Bare ledere for aktiviteten kan registrere oppmøte."))
    _check_occurrence(activity, day)
    participants = list(
        SignUp.objects.filter(activity=activity, status=SignUpStatus.CONFIRMED).values_list(
            "person_id", flat=True
        )
    )
    unknown = set(present_person_ids) - set(participants)
    if unknown:
        raise ValidationError(_("Noen av de avkryssede er ikke påmeldt aktiviteten."))
    rows = []
    for person_id in participants:
        row, _created = Attendance.objects.update_or_create(
            activity=activity,
            person_id=person_id,
            date=day,
            defaults={"present": person_id in present_person_ids, "recorded_by": recorded_by},
        )
        rows.append(row)
    audit_record(
        actor=recorded_by,
        subject=None,
        action="activity_attendance_recorded",
        instance=activity,
        before=None,
        after={"date": day.isoformat(), "present": sorted(present_person_ids)},
    )
    return rows


@transaction.atomic
def functional_test_record(
    *,
    activity: Activity,
    person: Person,
    test: str,
    phase: str,
    day: dt.date,
    value: Decimal,
    recorded_by: User,
) -> FunctionalTestResult:
    """An optional test result (health data: shown to the person, logged when others read)."""
    if not recorded_by.has_perm("activities.lead_activity", activity):
        raise PermissionDenied(_("Bare instruktører for aktiviteten kan registrere tester."))
    if not activity.functional_tests:
        raise ValidationError(_("Denne aktiviteten bruker ikke tester."))
    if not SignUp.objects.filter(activity=activity, person=person).exists():
        raise ValidationError(_("Personen er ikke med i aktiviteten."))
    if day > timezone.localdate():
        raise ValidationError({"date": _("Datoen kan ikke være fram i tid.")})
    result = FunctionalTestResult(
        activity=activity,
        person=person,
        test=test,
        phase=phase,
        date=day,
        value=value,
        recorded_by=recorded_by,
    )
    result.full_clean()
    result.save()
    audit_record(
        actor=recorded_by,
        subject=person,
        action="functional_test_recorded",
        instance=result,
        before=None,
        after=snapshot(result),
    )
    return result
