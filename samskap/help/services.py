"""Writes for help and contribution: validated, saved and audited in one transaction.

Notifications go out after the transaction commits (see samskap.notifications.services).
"""

from __future__ import annotations

import datetime as dt
import time
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from samskap.accounts.models import Role, User
from samskap.help import engine
from samskap.help.models import (
    ACTIVE_ASSIGNMENT_STATUSES,
    Assignment,
    AssignmentStatus,
    Category,
    CategoryRequirement,
    ConcernReport,
    ConcernStatus,
    CreatedVia,
    Feedback,
    FeedbackSide,
    HelperBlock,
    HelperProfile,
    HelpSession,
    HelpSettings,
    MatchingRun,
    Need,
    NeedStatus,
    Recurrence,
    Verification,
    VerificationKind,
)
from samskap.help.reasons import reasons_json
from samskap.help.selectors import run_kommune_ids
from samskap.matching.model import SLOTS
from samskap.matching.scoring import components, pair_score, rank_helpers
from samskap.municipalities.models import Kommune
from samskap.notifications.services import notify
from samskap.people.models import Person
from samskap.people.rules import is_representative
from samskap.privacy.services import audit_record, snapshot


def _now() -> dt.datetime:
    return timezone.now()


def _validate_slots(codes: list[str], field: str) -> None:
    unknown = [c for c in codes if c not in SLOTS]
    if unknown:
        raise ValidationError(
            {field: _("Ukjent tidspunkt: %(codes)s") % {"codes": ", ".join(unknown)}}
        )
    if not codes:
        raise ValidationError({field: _("Velg minst ett tidspunkt som passer.")})


def _validate_categories(codes: list[str], field: str) -> None:
    if not codes:
        raise ValidationError({field: _("Velg minst én ting du kan hjelpe med.")})
    unknown = [c for c in codes if c not in Category.values]
    if unknown:
        raise ValidationError(
            {field: _("Ukjent kategori: %(codes)s") % {"codes": ", ".join(unknown)}}
        )


def help_settings_for(kommune: Kommune) -> HelpSettings:
    settings_row, _created = HelpSettings.objects.get_or_create(kommune=kommune)
    return settings_row


def _notify_with_language(person: Person, subject_fn, body_fn, url: str = "") -> None:
    """Write the message in the recipient's written language."""
    with override(person.written_language or "nb"):
        notify(person=person, subject=str(subject_fn()), body=str(body_fn()), url=url)


# --- Needs -----------------------------------------------------------------------------


@transaction.atomic
def need_create(
    *,
    person: Person,
    created_by: User,
    category: str,
    description: str,
    first_date: dt.date,
    windows: list[str],
    recurrence: str = Recurrence.ONCE,
    duration_minutes: int = 60,
    alone_with_person: bool = False,
    at_home: bool = True,
    place: str = "",
    destination: str = "",
    private_note: str = "",
    goal=None,
) -> Need:
    if not created_by.has_perm("help.add_need_for", person):
        raise PermissionDenied(_("Du kan ikke registrere behov for denne personen."))
    _need_check(
        person=person,
        description=description,
        first_date=first_date,
        windows=windows,
        at_home=at_home,
        place=place,
    )
    if goal is not None and goal.person_id != person.pk:
        raise ValidationError({"goal": _("Målet hører til en annen person.")})
    if created_by.person_id == person.pk:
        via = CreatedVia.SELF
    elif is_representative(created_by, person):
        via = CreatedVia.REPRESENTATIVE
    else:
        via = CreatedVia.STAFF
    need = Need(
        kommune=person.kommune,
        person=person,
        category=category,
        description=description.strip(),
        destination=destination.strip(),
        at_home=at_home,
        place=place.strip() if not at_home else "",
        latitude=None,
        longitude=None,
        recurrence=recurrence,
        first_date=first_date,
        windows=[s for s in SLOTS if s in set(windows)],
        duration_minutes=duration_minutes,
        alone_with_person=alone_with_person,
        private_note=private_note.strip(),
        created_via=via,
        created_by=created_by,
        goal=goal,
    )
    need.full_clean()
    need.save()
    if goal is not None:
        from samskap.plans.models import Action, ActionKind

        Action.objects.create(
            kommune=person.kommune,
            goal=goal,
            kind=ActionKind.HELP_REQUEST,
            title=str(need.get_category_display()),
            linked_type="help.need",
            linked_id=str(need.pk),
            created_by=created_by,
        )
    audit_record(
        actor=created_by,
        subject=person,
        action="need_created",
        instance=need,
        before=None,
        after=snapshot(need),
    )
    return need


def _need_check(
    *,
    person: Person,
    description: str,
    first_date: dt.date,
    windows: list[str],
    at_home: bool,
    place: str,
) -> None:
    _validate_slots(windows, "windows")
    if not description.strip():
        raise ValidationError({"description": _("Skriv kort hva du trenger hjelp til.")})
    if first_date < timezone.localdate():
        raise ValidationError({"first_date": _("Datoen kan ikke være tilbake i tid.")})
    if not at_home and not place.strip():
        raise ValidationError({"place": _("Skriv hvor hjelpen skal skje, eller velg hjemme.")})
    if at_home and (person.latitude is None or person.longitude is None):
        raise ValidationError(
            _("Vi mangler adressen til %(name)s. Ring koordinatoren, så ordner vi det.")
            % {"name": person.given_name}
        )


NEED_EDITABLE = (
    "description",
    "destination",
    "at_home",
    "place",
    "first_date",
    "recurrence",
    "windows",
    "duration_minutes",
    "alone_with_person",
    "private_note",
)


@transaction.atomic
def need_update(*, need: Need, updated_by: User, **changes) -> Need:
    """Change an open need. A helper who was asked (or suggested) is released, because what
    they were asked about has changed; the need is then matched again."""
    if not updated_by.has_perm("help.change_need", need):
        raise PermissionDenied(_("Du kan ikke endre dette behovet."))
    unknown = set(changes) - set(NEED_EDITABLE)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    need = Need.objects.select_for_update().select_related("person").get(pk=need.pk)
    if need.status != NeedStatus.OPEN:
        raise ValidationError(
            _("Behovet har allerede en hjelper eller er avsluttet. Avtal endringer med hjelperen.")
        )
    values = {field: getattr(need, field) for field in NEED_EDITABLE} | changes
    _need_check(
        person=need.person,
        description=values["description"],
        first_date=values["first_date"],
        windows=values["windows"],
        at_home=values["at_home"],
        place=values["place"],
    )
    before = snapshot(need)
    for field, value in values.items():
        if isinstance(value, str):
            value = value.strip()
        setattr(need, field, value)
    need.windows = [s for s in SLOTS if s in set(values["windows"])]
    if need.at_home:
        need.place = ""
    need.full_clean()
    need.save()
    after = snapshot(need)
    if before != after:
        for assignment in need.assignments.filter(
            status__in=[AssignmentStatus.SUGGESTED, AssignmentStatus.ASKED]
        ).select_related("helper__person", "helper__organisation"):
            _assignment_withdraw(assignment, by=updated_by, tell_helper=True)
        audit_record(
            actor=updated_by,
            subject=need.person,
            action="need_updated",
            instance=need,
            before=before,
            after=after,
        )
    return need


@transaction.atomic
def need_cancel(*, need: Need, cancelled_by: User) -> Need:
    if not cancelled_by.has_perm("help.change_need", need):
        raise PermissionDenied(_("Du kan ikke endre dette behovet."))
    if not need.is_active:
        raise ValidationError(_("Behovet er allerede avsluttet."))
    before = snapshot(need)
    for assignment in need.assignments.filter(status__in=ACTIVE_ASSIGNMENT_STATUSES).select_related(
        "helper__person", "helper__organisation"
    ):
        _assignment_withdraw(assignment, by=cancelled_by, tell_helper=True)
    need.status = NeedStatus.CANCELLED
    need.closed_at = _now()
    need.save(update_fields=["status", "closed_at", "updated_at"])
    _sync_plan_action(need)
    audit_record(
        actor=cancelled_by,
        subject=need.person,
        action="need_cancelled",
        instance=need,
        before=before,
        after=snapshot(need),
    )
    return need


def _sync_plan_action(need: Need) -> None:
    from samskap.plans.models import Action, ActionStatus

    status = {
        NeedStatus.OPEN: ActionStatus.PLANNED,
        NeedStatus.ASSIGNED: ActionStatus.STARTED,
        NeedStatus.DONE: ActionStatus.DONE,
        NeedStatus.CANCELLED: ActionStatus.CANCELLED,
    }[need.status]
    Action.objects.filter(linked_type="help.need", linked_id=str(need.pk)).update(status=status)


# --- Helpers and verification ------------------------------------------------------------


@transaction.atomic
def helper_profile_save(
    *,
    saved_by: User,
    kommune: Kommune,
    categories: list[str],
    availability: list[str],
    latitude: float,
    longitude: float,
    person: Person | None = None,
    organisation=None,
    kind: str = "individual",
    skills: str = "",
    area_name: str = "",
    max_distance_km: float = 10,
    transport: str = "car",
    languages: list[str] | None = None,
    max_tasks_per_week: int = 2,
    max_tasks_per_month: int = 6,
    charges_fee: bool = False,
    fee_description: str = "",
    active: bool = True,
) -> HelperProfile:
    """Create or update a helper profile (by the helper, the organisation or a coordinator)."""
    _validate_categories(categories, "categories")
    _validate_slots(availability, "availability")
    if person is not None:
        profile = HelperProfile.objects.filter(person=person).first()
    else:
        profile = HelperProfile.objects.filter(organisation=organisation).first()
    allowed = saved_by.has_perm("help.coordinate", kommune.pk) or (
        profile is not None and saved_by.has_perm("help.act_as_helper", profile)
    )
    if profile is None and person is not None:
        allowed = allowed or saved_by.person_id == person.pk
    if profile is None and organisation is not None:
        allowed = allowed or saved_by.has_perm(
            "help.act_as_helper", HelperProfile(organisation=organisation)
        )
    if not allowed:
        raise PermissionDenied(_("Du kan ikke endre denne hjelperprofilen."))
    if max_tasks_per_month < max_tasks_per_week:
        raise ValidationError(
            {"max_tasks_per_month": _("Per måned kan ikke være færre enn per uke.")}
        )
    if charges_fee and not fee_description.strip():
        raise ValidationError({"fee_description": _("Skriv hva det koster.")})
    before = snapshot(profile) if profile else None
    profile = profile or HelperProfile(person=person, organisation=organisation)
    profile.kommune = kommune
    profile.kind = kind
    profile.categories = [c for c in Category.values if c in set(categories)]
    profile.availability = [s for s in SLOTS if s in set(availability)]
    profile.latitude = latitude
    profile.longitude = longitude
    profile.skills = skills.strip()
    profile.area_name = area_name.strip()
    profile.max_distance_km = max_distance_km
    profile.transport = transport
    profile.languages = [code.strip().lower() for code in (languages or []) if code.strip()]
    profile.max_tasks_per_week = max_tasks_per_week
    profile.max_tasks_per_month = max_tasks_per_month
    profile.charges_fee = charges_fee
    profile.fee_description = fee_description.strip() if charges_fee else ""
    profile.active = active
    profile.full_clean()
    profile.save()
    audit_record(
        actor=saved_by,
        subject=person,
        action="helper_profile_saved",
        instance=profile,
        before=before,
        after=snapshot(profile),
    )
    return profile


@transaction.atomic
def verification_record(
    *,
    helper: HelperProfile,
    kind: str,
    checked_on: dt.date,
    checked_by: User,
    expires_on: dt.date | None = None,
    legal_basis: str = "",
    note: str = "",
) -> Verification:
    """Record that a helper was checked. Never store the certificate itself."""
    if not checked_by.has_perm("help.coordinate", helper.kommune_id):
        raise PermissionDenied(_("Bare koordinator kan registrere kontroller."))
    if checked_on > timezone.localdate():
        raise ValidationError({"checked_on": _("Datoen kan ikke være fram i tid.")})
    if kind == VerificationKind.POLICE_CERTIFICATE and not legal_basis.strip():
        raise ValidationError(
            {
                "legal_basis": _(
                    "Politiattest kan bare kreves for oppgaver med barn eller personer med "
                    "utviklingshemming (politiregisterforskriften § 34-1). Skriv hvilken "
                    "oppgave som gir hjemmel."
                )
            }
        )
    if expires_on is not None and expires_on < checked_on:
        raise ValidationError({"expires_on": _("Utløpsdatoen må være etter kontrolldatoen.")})
    verification = Verification(
        helper=helper,
        kind=kind,
        checked_on=checked_on,
        expires_on=expires_on,
        checked_by=checked_by,
        legal_basis=legal_basis.strip(),
        note=note.strip(),
    )
    verification.full_clean()
    verification.save()
    audit_record(
        actor=checked_by,
        subject=helper.person,
        action="verification_recorded",
        instance=verification,
        before=None,
        after=snapshot(verification),
    )
    return verification


@transaction.atomic
def verification_revoke(*, verification: Verification, revoked_by: User) -> Verification:
    if not revoked_by.has_perm("help.coordinate", verification.helper.kommune_id):
        raise PermissionDenied(_("Bare koordinator kan trekke tilbake kontroller."))
    before = snapshot(verification)
    verification.revoked_at = _now()
    verification.save(update_fields=["revoked_at", "updated_at"])
    audit_record(
        actor=revoked_by,
        subject=verification.helper.person,
        action="verification_revoked",
        instance=verification,
        before=before,
        after=snapshot(verification),
    )
    return verification


@transaction.atomic
def requirement_set(
    *,
    kommune: Kommune,
    category: str,
    required: list[str],
    required_when_alone: list[str],
    set_by: User,
) -> CategoryRequirement:
    if not set_by.has_perm("help.coordinate", kommune.pk):
        raise PermissionDenied(_("Bare koordinator kan endre kravene."))
    valid = set(VerificationKind.values)
    if not set(required) <= valid or not set(required_when_alone) <= valid:
        raise ValidationError(_("Ukjent type kontroll."))
    requirement, _created = CategoryRequirement.objects.get_or_create(
        kommune=kommune, category=category
    )
    before = snapshot(requirement)
    requirement.required = [v for v in VerificationKind.values if v in set(required)]
    requirement.required_when_alone = [
        v for v in VerificationKind.values if v in set(required_when_alone) - set(required)
    ]
    requirement.full_clean()
    requirement.save()
    audit_record(
        actor=set_by,
        subject=None,
        action="help_requirement_set",
        instance=requirement,
        before=before,
        after=snapshot(requirement),
    )
    return requirement


@transaction.atomic
def help_settings_update(
    *,
    kommune: Kommune,
    updated_by: User,
    hourly_value_nok: int,
    contact_phone: str,
    expiry_warning_days: int,
) -> HelpSettings:
    if not updated_by.has_perm("help.coordinate", kommune.pk):
        raise PermissionDenied(_("Bare koordinator kan endre innstillingene."))
    row = help_settings_for(kommune)
    before = snapshot(row)
    row.hourly_value_nok = hourly_value_nok
    row.contact_phone = contact_phone.strip()
    row.expiry_warning_days = expiry_warning_days
    row.full_clean()
    row.save()
    audit_record(
        actor=updated_by,
        subject=None,
        action="help_settings_updated",
        instance=row,
        before=before,
        after=snapshot(row),
    )
    return row


# --- Eligibility ---------------------------------------------------------------------------


def eligibility_problem(
    need: Need, helper: HelperProfile, *, on: dt.date | None = None, count_capacity: bool = True
) -> str:
    """Why `helper` may not take `need`, in words; "" if they may.

    `count_capacity=False` when the helper's own pending assignment for this need is already
    counted in their load (accepting a request, sending a reviewed batch).
    """
    on = on or timezone.localdate()
    if not helper.active:
        return _("Hjelperen tar ikke oppdrag nå.")
    if need.category not in helper.categories:
        return _("Hjelperen har ikke sagt ja til denne typen oppgaver.")
    required = engine.requirements_for(
        kommune_id=need.kommune_id, category=need.category, alone=need.alone_with_person
    )
    valid = engine.valid_verifications([helper.pk], on).get(helper.pk, frozenset())
    missing = sorted(required - valid)
    if missing:
        labels = dict(VerificationKind.choices)
        return _("Mangler kontroll som kommunen krever: %(missing)s.") % {
            "missing": ", ".join(str(labels[m]).lower() for m in missing)
        }
    if HelperBlock.objects.filter(person_id=need.person_id, helper=helper).exists():
        # Deliberately vague: "not this helper again" is never revealed.
        return _("Hjelperen kan ikke ta dette oppdraget.")
    need_inputs = engine.build_need_inputs([need])
    helper_inputs, _capacity = engine.build_helper_inputs([helper], on)
    if not need_inputs:
        return _("Vi mangler adressen for behovet.")
    helper_input = helper_inputs[0]
    # Capacity is checked separately below so the message can say so.
    from dataclasses import replace

    if pair_score(need_inputs[0], replace(helper_input, capacity=1)) is None:
        return _("Hjelperen bor for langt unna eller er ikke ledig når det passer.")
    if count_capacity and helper_input.capacity <= 0:
        return _("Hjelperen har nådd grensen for antall oppdrag.")
    return ""


# --- Assignments -----------------------------------------------------------------------------


def _assignment_url(assignment: Assignment) -> str:
    return reverse("help:assignment", args=[assignment.pk])


def _ask(assignment: Assignment, *, by: User | None) -> None:
    assignment.status = AssignmentStatus.ASKED
    assignment.asked_at = _now()
    assignment.save(update_fields=["status", "asked_at", "updated_at"])
    need = assignment.need
    recipients = _helper_recipients(assignment.helper)
    for recipient in recipients:
        _notify_with_language(
            recipient,
            lambda: _("Kan du hjelpe? %(category)s") % {"category": need.get_category_display()},
            lambda: (
                _("Kan du hjelpe med %(category)s i %(area)s? Svar ja eller nei i Samskap.")
                % {"category": str(need.get_category_display()).lower(), "area": _need_area(need)}
            ),
            url=_assignment_url(assignment),
        )
    audit_record(
        actor=by,
        subject=need.person,
        action="assignment_asked",
        instance=assignment,
        before=None,
        after=snapshot(assignment),
    )


def _need_area(need: Need) -> str:
    return need.person.postal_place or str(need.kommune)


def _helper_recipients(helper: HelperProfile) -> list[Person]:
    if helper.person_id:
        return [helper.person]
    return list(
        Person.objects.filter(
            user__role_assignments__role=Role.ORGANISATION_REP,
            user__role_assignments__organisation_id=helper.organisation_id,
        ).distinct()
    )


@transaction.atomic
def assignment_ask(
    *, need: Need, helper: HelperProfile, asked_by: User, score: int | None = None
) -> Assignment:
    """The coordinator asks one helper. Refused when the helper is not eligible."""
    if not asked_by.has_perm("help.coordinate", need.kommune_id):
        raise PermissionDenied(_("Bare koordinator kan spørre hjelpere."))
    Need.objects.select_for_update().get(pk=need.pk)
    if need.status != NeedStatus.OPEN:
        raise ValidationError(_("Behovet har allerede en hjelper eller er avsluttet."))
    if need.assignments.filter(status__in=ACTIVE_ASSIGNMENT_STATUSES).exists():
        raise ValidationError(_("Noen er allerede spurt om dette behovet."))
    problem = eligibility_problem(need, helper)
    if problem:
        raise ValidationError(problem)
    assignment = _assignment_new(need, helper, by=asked_by)
    _ask(assignment, by=asked_by)
    return assignment


def _assignment_new(
    need: Need, helper: HelperProfile, *, by: User, status: str = AssignmentStatus.SUGGESTED
) -> Assignment:
    """An assignment with the score and reasons the matching engine gives this pair."""
    need_input = engine.build_need_inputs([need])[0]
    helper_input = engine.build_helper_inputs([helper], timezone.localdate())[0][0]
    return Assignment.objects.create(
        kommune=need.kommune,
        need=need,
        helper=helper,
        status=status,
        score=pair_score(need_input, helper_input) or 0,
        reasons=reasons_json(components(need_input, helper_input)),
        created_by=by,
        asked_at=_now() if status == AssignmentStatus.ASKED else None,
    )


def _ask_next(need: Need, *, by: User | None) -> Assignment | None:
    """After a no: ask the best remaining eligible helper, if there is one."""
    on = timezone.localdate()
    declined = engine.declined_by_need([need.pk])
    need_inputs = engine.build_need_inputs([need], declined)
    if not need_inputs:
        return None
    helpers = list(engine.helpers_queryset([need.kommune_id]))
    helper_inputs, _capacity = engine.build_helper_inputs(helpers, on)
    ranked = rank_helpers(need_inputs[0], helper_inputs, limit=1)
    if not ranked:
        return None
    best = ranked[0]
    helper = next(h for h in helpers if h.pk == best.helper_id)
    assignment = Assignment.objects.create(
        kommune=need.kommune,
        need=need,
        helper=helper,
        status=AssignmentStatus.SUGGESTED,
        score=best.score,
        reasons=reasons_json(best.components),
        created_by=by,
    )
    _ask(assignment, by=by)
    return assignment


def _lock_assignment(assignment: Assignment) -> Assignment:
    return (
        Assignment.objects.select_for_update(of=("self",))
        .select_related("need__person", "need__kommune", "helper__person", "helper__organisation")
        .get(pk=assignment.pk)
    )


@transaction.atomic
def assignment_accept(*, assignment: Assignment, accepted_by: User) -> Assignment:
    assignment = _lock_assignment(assignment)
    if not accepted_by.has_perm("help.respond_assignment", assignment):
        raise PermissionDenied(_("Bare hjelperen kan svare på denne forespørselen."))
    if assignment.status != AssignmentStatus.ASKED:
        raise ValidationError(_("Forespørselen er ikke lenger åpen."))
    need = assignment.need
    # Their own asked assignment already counts in their load.
    problem = eligibility_problem(need, assignment.helper, count_capacity=False)
    if problem:
        raise ValidationError(problem)
    before = snapshot(assignment)
    assignment.status = AssignmentStatus.ACCEPTED
    assignment.responded_at = _now()
    assignment.save(update_fields=["status", "responded_at", "updated_at"])
    need.status = NeedStatus.ASSIGNED
    need.assigned_at = assignment.responded_at
    need.save(update_fields=["status", "assigned_at", "updated_at"])
    _sync_plan_action(need)
    audit_record(
        actor=accepted_by,
        subject=need.person,
        action="assignment_accepted",
        instance=assignment,
        before=before,
        after=snapshot(assignment),
    )
    helper = assignment.helper
    for recipient in _person_side_recipients(need.person):
        _notify_with_language(
            recipient,
            lambda: (
                _("Du har fått hjelp: %(category)s") % {"category": need.get_category_display()}
            ),
            lambda: (
                _("%(helper)s kommer og hjelper. Telefon: %(phone)s.")
                % {"helper": helper.display_name, "phone": helper.phone or "-"}
            ),
            url=reverse("help:need", args=[need.pk]),
        )
    return assignment


def _person_side_recipients(person: Person) -> list[Person]:
    """The person, and their active representatives (who often arrange things for them)."""
    from django.db.models import Q

    today = timezone.localdate()
    reps = Person.objects.filter(
        represents__person=person,
        represents__start_date__lte=today,
    ).filter(Q(represents__end_date__isnull=True) | Q(represents__end_date__gte=today))
    return [person, *reps.distinct()]


@transaction.atomic
def assignment_decline(
    *, assignment: Assignment, declined_by: User, reason: str = ""
) -> Assignment:
    assignment = _lock_assignment(assignment)
    if not declined_by.has_perm("help.respond_assignment", assignment):
        raise PermissionDenied(_("Bare hjelperen kan svare på denne forespørselen."))
    if assignment.status != AssignmentStatus.ASKED:
        raise ValidationError(_("Forespørselen er ikke lenger åpen."))
    before = snapshot(assignment)
    assignment.status = AssignmentStatus.DECLINED
    assignment.responded_at = _now()
    assignment.decline_reason = reason.strip()[:200]
    assignment.save(update_fields=["status", "responded_at", "decline_reason", "updated_at"])
    audit_record(
        actor=declined_by,
        subject=assignment.need.person,
        action="assignment_declined",
        instance=assignment,
        before=before,
        after=snapshot(assignment),
    )
    _ask_next(assignment.need, by=None)
    return assignment


def _assignment_withdraw(assignment: Assignment, *, by: User | None, tell_helper: bool) -> None:
    before = snapshot(assignment)
    was_told = assignment.status in (AssignmentStatus.ASKED, AssignmentStatus.ACCEPTED)
    assignment.status = AssignmentStatus.WITHDRAWN
    assignment.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=by,
        subject=assignment.need.person,
        action="assignment_withdrawn",
        instance=assignment,
        before=before,
        after=snapshot(assignment),
    )
    if tell_helper and was_told:
        need = assignment.need
        for recipient in _helper_recipients(assignment.helper):
            _notify_with_language(
                recipient,
                lambda: _("Oppdraget er avsluttet"),
                lambda: (
                    _("Oppdraget (%(category)s i %(area)s) er avsluttet. Takk for innsatsen!")
                    % {
                        "category": str(need.get_category_display()).lower(),
                        "area": _need_area(need),
                    }
                ),
            )


@transaction.atomic
def helper_take_need(*, need: Need, helper: HelperProfile, taken_by: User) -> Assignment:
    """A helper offers to take an open need from "needs near me": accepted at once if eligible."""
    if not taken_by.has_perm("help.act_as_helper", helper):
        raise PermissionDenied(_("Du kan ikke ta oppdrag for denne hjelperen."))
    Need.objects.select_for_update().get(pk=need.pk)
    need.refresh_from_db()
    if (
        need.status != NeedStatus.OPEN
        or need.assignments.filter(status__in=ACTIVE_ASSIGNMENT_STATUSES).exists()
    ):
        raise ValidationError(_("Noen andre har allerede tatt dette oppdraget."))
    problem = eligibility_problem(need, helper)
    if problem:
        raise ValidationError(problem)
    assignment = _assignment_new(need, helper, by=taken_by, status=AssignmentStatus.ASKED)
    return assignment_accept(assignment=assignment, accepted_by=taken_by)


@transaction.atomic
def session_log(
    *,
    assignment: Assignment,
    logged_by: User,
    date: dt.date,
    hours: Decimal,
    note: str = "",
    finish: bool = False,
) -> HelpSession:
    """The helper records a visit or job with its hours. One-off needs are then done."""
    assignment = _lock_assignment(assignment)
    if not (
        logged_by.has_perm("help.respond_assignment", assignment)
        or logged_by.has_perm("help.coordinate", assignment.kommune_id)
    ):
        raise PermissionDenied(_("Bare hjelperen kan registrere utført oppdrag."))
    if assignment.status != AssignmentStatus.ACCEPTED:
        raise ValidationError(_("Oppdraget er ikke aktivt."))
    if date > timezone.localdate():
        raise ValidationError({"date": _("Du kan bare registrere det som er gjort.")})
    session = HelpSession(
        assignment=assignment,
        kommune_id=assignment.kommune_id,
        category=assignment.need.category,
        date=date,
        hours=hours,
        note=note.strip(),
        logged_by=logged_by,
    )
    session.full_clean()
    session.save()
    audit_record(
        actor=logged_by,
        subject=assignment.need.person,
        action="help_session_logged",
        instance=session,
        before=None,
        after=snapshot(session),
    )
    if finish or assignment.need.recurrence == Recurrence.ONCE:
        _assignment_complete(assignment, by=logged_by)
    return session


def _assignment_complete(assignment: Assignment, *, by: User) -> None:
    before = snapshot(assignment)
    assignment.status = AssignmentStatus.DONE
    assignment.completed_at = _now()
    assignment.save(update_fields=["status", "completed_at", "updated_at"])
    need = assignment.need
    need.status = NeedStatus.DONE
    need.closed_at = assignment.completed_at
    need.save(update_fields=["status", "closed_at", "updated_at"])
    _sync_plan_action(need)
    audit_record(
        actor=by,
        subject=need.person,
        action="assignment_completed",
        instance=assignment,
        before=before,
        after=snapshot(assignment),
    )
    for recipient in _person_side_recipients(need.person):
        _notify_with_language(
            recipient,
            lambda: _("Hvordan gikk det?"),
            lambda: (
                _("%(helper)s har registrert oppdraget som fullført. Si gjerne hvordan det gikk.")
                % {"helper": assignment.helper.display_name}
            ),
            url=reverse("help:assignment", args=[assignment.pk]),
        )


@transaction.atomic
def feedback_give(
    *,
    assignment: Assignment,
    given_by: User,
    rating: int,
    comment: str = "",
    not_again: bool = False,
) -> Feedback:
    assignment = _lock_assignment(assignment)
    if given_by.has_perm("help.respond_assignment", assignment):
        side = FeedbackSide.HELPER
    elif given_by.has_perm("help.feedback_person_side", assignment):
        side = FeedbackSide.PERSON
    else:
        raise PermissionDenied(_("Du kan ikke gi tilbakemelding på dette oppdraget."))
    if assignment.status not in (AssignmentStatus.ACCEPTED, AssignmentStatus.DONE):
        raise ValidationError(_("Du kan gi tilbakemelding når oppdraget er i gang eller fullført."))
    if assignment.feedback.filter(side=side).exists():
        raise ValidationError(_("Du har allerede gitt tilbakemelding på dette oppdraget."))
    feedback = Feedback(
        assignment=assignment,
        side=side,
        rating=rating,
        comment=comment.strip(),
        given_by=given_by,
    )
    feedback.full_clean()
    feedback.save()
    audit_record(
        actor=given_by,
        subject=assignment.need.person,
        action="feedback_given",
        instance=feedback,
        before=None,
        after=snapshot(feedback),
    )
    if not_again and side == FeedbackSide.PERSON:
        HelperBlock.objects.get_or_create(
            person=assignment.need.person,
            helper=assignment.helper,
            defaults={"recorded_by": given_by},
        )
        if assignment.status == AssignmentStatus.ACCEPTED:
            # A recurring task ends quietly; the need opens again for someone else.
            _assignment_withdraw(assignment, by=given_by, tell_helper=True)
            need = assignment.need
            need.status = NeedStatus.OPEN
            need.assigned_at = None
            need.save(update_fields=["status", "assigned_at", "updated_at"])
            _sync_plan_action(need)
    return feedback


# --- Batch assignment ------------------------------------------------------------------------


@transaction.atomic
def matching_run_create(
    *, kommune: Kommune, started_by: User, region_wide: bool = False
) -> MatchingRun:
    """Compute the optimal assignment for all open needs in the kommune (or the parts of its
    region the coordinator coordinates), for the coordinator to review before sending."""
    from samskap.matching.certify import certify
    from samskap.matching.optimise import greedy, solve

    if not started_by.has_perm("help.coordinate", kommune.pk):
        raise PermissionDenied(_("Bare koordinator kan fordele oppdrag."))
    kommune_ids = run_kommune_ids(kommune=kommune, user=started_by, region_wide=region_wide)
    # Earlier drafts covering these kommuner are replaced: they would hold the same needs.
    for old in MatchingRun.objects.filter(
        kommune_id__in=kommune_ids, status=MatchingRun.Status.DRAFT
    ):
        _run_discard(old, by=started_by)
    started = time.perf_counter()
    inputs = engine.load_inputs(kommune_ids)
    result = solve(inputs.needs, inputs.helpers)
    certificate = certify(inputs.needs, inputs.helpers, result)
    baseline = greedy(inputs.needs, inputs.helpers, edges=result.edges)
    run = MatchingRun.objects.create(
        kommune=kommune,
        kommune_ids=kommune_ids,
        started_by=started_by,
        needs_considered=len(inputs.needs),
        helpers_considered=len(inputs.helpers),
        eligible_pairs=len(result.edges.score),
        objective=result.objective,
        upper_bound=certificate.upper_bound,
        proven_optimal=certificate.proven_optimal,
        greedy_objective=baseline.objective,
        greedy_assigned=len(baseline.assignments),
        seconds=time.perf_counter() - started,
    )
    Assignment.objects.bulk_create(
        [
            Assignment(
                kommune_id=inputs.need_by_id[a.need_id].kommune_id,
                need=inputs.need_by_id[a.need_id],
                helper=inputs.helper_by_id[a.helper_id],
                status=AssignmentStatus.SUGGESTED,
                run=run,
                score=a.score,
                reasons=reasons_json(a.components),
                created_by=started_by,
            )
            for a in result.assignments
        ]
    )
    audit_record(
        actor=started_by,
        subject=None,
        action="matching_run_created",
        instance=run,
        before=None,
        after=snapshot(run),
    )
    return run


def _run_discard(run: MatchingRun, *, by: User) -> None:
    run.assignments.filter(status=AssignmentStatus.SUGGESTED).update(
        status=AssignmentStatus.WITHDRAWN, updated_at=_now()
    )
    run.status = MatchingRun.Status.DISCARDED
    run.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=by,
        subject=None,
        action="matching_run_discarded",
        instance=run,
        before=None,
        after=snapshot(run),
    )


@transaction.atomic
def matching_run_discard(*, run: MatchingRun, discarded_by: User) -> MatchingRun:
    if not discarded_by.has_perm("help.coordinate", run.kommune_id):
        raise PermissionDenied(_("Bare koordinator kan forkaste en fordeling."))
    if run.status != MatchingRun.Status.DRAFT:
        raise ValidationError(_("Fordelingen er allerede sendt eller forkastet."))
    _run_discard(run, by=discarded_by)
    return run


@transaction.atomic
def matching_run_send(
    *, run: MatchingRun, sent_by: User, exclude_ids: set[int] | None = None
) -> tuple[int, list[str]]:
    """Ask every suggested helper in the run. Re-checks eligibility at the moment of sending.

    Returns how many were asked and the problems of those that were not.
    """
    if not sent_by.has_perm("help.coordinate", run.kommune_id):
        raise PermissionDenied(_("Bare koordinator kan sende en fordeling."))
    run = MatchingRun.objects.select_for_update().get(pk=run.pk)
    if run.status != MatchingRun.Status.DRAFT:
        raise ValidationError(_("Fordelingen er allerede sendt eller forkastet."))
    exclude_ids = exclude_ids or set()
    asked = 0
    problems: list[str] = []
    suggested = list(
        run.assignments.filter(status=AssignmentStatus.SUGGESTED).select_related(
            "need__person", "need__kommune", "helper__person", "helper__organisation"
        )
    )
    for assignment in suggested:
        if assignment.pk in exclude_ids:
            assignment.status = AssignmentStatus.WITHDRAWN
            assignment.save(update_fields=["status", "updated_at"])
            continue
        problem = eligibility_problem(assignment.need, assignment.helper, count_capacity=False)
        if problem:
            assignment.status = AssignmentStatus.WITHDRAWN
            assignment.save(update_fields=["status", "updated_at"])
            problems.append(
                f"{assignment.need.get_category_display()}, {assignment.helper}: {problem}"
            )
            continue
        _ask(assignment, by=sent_by)
        asked += 1
    run.status = MatchingRun.Status.SENT
    run.save(update_fields=["status", "updated_at"])
    return asked, problems


# --- Safeguarding ----------------------------------------------------------------------------


@transaction.atomic
def concern_report(
    *,
    reported_by: User,
    what_happened: str,
    assignment: Assignment | None = None,
    need: Need | None = None,
    urgent: bool = False,
) -> ConcernReport:
    """A worry or incident about a task. Goes to the kommune's coordinators."""
    if assignment is not None:
        if not reported_by.has_perm("help.report_concern", assignment):
            raise PermissionDenied(_("Du kan ikke melde bekymring om dette oppdraget."))
        need = assignment.need
    elif need is not None:
        if not reported_by.has_perm("help.change_need", need):
            raise PermissionDenied(_("Du kan ikke melde bekymring om dette behovet."))
    else:
        raise ValidationError(_("Velg hvilket oppdrag bekymringen gjelder."))
    if not what_happened.strip():
        raise ValidationError({"what_happened": _("Skriv hva du er bekymret for.")})
    report = ConcernReport(
        kommune_id=need.kommune_id,
        need=need,
        assignment=assignment,
        reported_by=reported_by,
        reporter_name=str(reported_by),
        what_happened=what_happened.strip(),
        urgent=urgent,
    )
    report.full_clean()
    report.save()
    audit_record(
        actor=reported_by,
        subject=need.person,
        action="concern_reported",
        instance=report,
        before=None,
        after=snapshot(report),
    )
    for coordinator in Person.objects.filter(
        user__role_assignments__role=Role.COORDINATOR,
        user__role_assignments__kommune_id=need.kommune_id,
    ).distinct():
        _notify_with_language(
            coordinator,
            lambda: _("Ny bekymringsmelding") if not urgent else _("Haster: ny bekymringsmelding"),
            lambda: _("Det er meldt en bekymring om et oppdrag. Les den i Samskap."),
            url=reverse("help:concern", args=[report.pk]),
        )
    return report


@transaction.atomic
def concern_update(
    *, report: ConcernReport, updated_by: User, status: str, handling_notes: str
) -> ConcernReport:
    if not updated_by.has_perm("help.coordinate", report.kommune_id):
        raise PermissionDenied(_("Bare koordinator kan behandle bekymringsmeldinger."))
    if status not in ConcernStatus.values:
        raise ValidationError({"status": _("Ukjent status.")})
    before = snapshot(report)
    report.status = status
    report.handling_notes = handling_notes.strip()
    report.handled_by = updated_by
    report.full_clean()
    report.save()
    audit_record(
        actor=updated_by,
        subject=report.need.person if report.need_id else None,
        action="concern_updated",
        instance=report,
        before=before,
        after=snapshot(report),
    )
    return report
