"""Writes to the person's plan: validated, saved and audited in one transaction."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samskap.accounts.models import User
from samskap.people.models import Person
from samskap.plans import scoring
from samskap.plans.models import (
    Action,
    ActionStatus,
    Contribution,
    Conversation,
    Goal,
    GoalScore,
    GoalStatus,
    Measure,
    PlanEntry,
    Presence,
    Question,
)
from samskap.privacy.services import audit_record, snapshot


def _require(user: User, perm: str, person: Person, message: str) -> None:
    if not user.has_perm(perm, person):
        raise PermissionDenied(message)


@transaction.atomic
def conversation_record(
    *,
    person: Person,
    recorded_by: User,
    held_on: dt.date,
    setting: str,
    presence: str,
    answers: dict[str, str],
    others_present: str = "",
) -> Conversation:
    """Record a conversation and the answers to the three questions, verbatim."""
    _require(recorded_by, "plans.add_entry", person, _("Du kan ikke skrive i denne planen."))
    if presence == Presence.PERSON_WROTE and recorded_by.person_id != person.pk:
        raise ValidationError({"presence": _("Bare personen selv kan ha skrevet selv.")})
    if presence == Presence.AUTHORISED and not recorded_by.has_perm("plans.change_plan", person):
        raise ValidationError(
            {"presence": _("Du er ikke registrert som representant for personen.")}
        )
    if not any(text.strip() for text in answers.values()):
        raise ValidationError(_("Skriv svar på minst ett av spørsmålene."))
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": _("Datoen kan ikke være fram i tid.")})
    conversation = Conversation(
        kommune=person.kommune,
        person=person,
        held_on=held_on,
        setting=setting,
        others_present=others_present.strip(),
        recorded_by=recorded_by,
    )
    conversation.full_clean()
    conversation.save()
    for question in Question.values:
        text = answers.get(question, "")
        if text.strip():
            _entry_create(
                person=person,
                conversation=conversation,
                question=question,
                text=text,
                presence=presence,
                written_by=recorded_by,
            )
    audit_record(
        actor=recorded_by,
        subject=person,
        action="conversation_recorded",
        instance=conversation,
        before=None,
        after=snapshot(conversation),
    )
    return conversation


def _entry_create(
    *,
    person: Person,
    conversation: Conversation | None,
    question: str,
    text: str,
    presence: str,
    written_by: User,
) -> PlanEntry:
    # The person's own words are kept exactly as written: no stripping inside, no rewording.
    entry = PlanEntry(
        kommune=person.kommune,
        person=person,
        conversation=conversation,
        question=question,
        text=text.strip("\r\n"),
        presence=presence,
        written_by=written_by,
        written_by_name=str(written_by),
    )
    entry.full_clean()
    entry.save()
    audit_record(
        actor=written_by,
        subject=person,
        action="plan_entry_added",
        instance=entry,
        before=None,
        after=snapshot(entry),
    )
    return entry


@transaction.atomic
def entry_archive(*, entry: PlanEntry, archived_by: User) -> PlanEntry:
    """Entries are never deleted; archived ones stay in the history."""
    _require(archived_by, "plans.change_plan", entry.person, _("Du kan ikke endre denne planen."))
    before = snapshot(entry)
    entry.archived_at = timezone.now()
    entry.save(update_fields=["archived_at", "updated_at"])
    audit_record(
        actor=archived_by,
        subject=entry.person,
        action="plan_entry_archived",
        instance=entry,
        before=before,
        after=snapshot(entry),
    )
    return entry


@transaction.atomic
def goal_create(
    *,
    person: Person,
    created_by: User,
    text: str,
    measure: str = Measure.NONE,
    gas_expected: str = "",
    gas_weight: int = 1,
    review_every_days: int = 42,
) -> Goal:
    _require(created_by, "plans.change_plan", person, _("Du kan ikke legge til mål her."))
    if measure == Measure.GAS and not gas_expected.strip():
        raise ValidationError(
            {"gas_expected": _("Beskriv hva som er forventet resultat (0) for målet.")}
        )
    goal = Goal(
        kommune=person.kommune,
        person=person,
        text=text.strip(),
        measure=measure,
        gas_expected=gas_expected.strip(),
        gas_weight=gas_weight,
        review_every_days=review_every_days,
        created_by=created_by,
    )
    goal.full_clean()
    goal.save()
    audit_record(
        actor=created_by,
        subject=person,
        action="goal_created",
        instance=goal,
        before=None,
        after=snapshot(goal),
    )
    return goal


@transaction.atomic
def goal_set_status(*, goal: Goal, changed_by: User, status: str) -> Goal:
    _require(changed_by, "plans.change_plan", goal.person, _("Du kan ikke endre dette målet."))
    if status not in GoalStatus.values:
        raise ValidationError({"status": _("Ukjent status.")})
    before = snapshot(goal)
    goal.status = status
    goal.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=changed_by,
        subject=goal.person,
        action="goal_status_changed",
        instance=goal,
        before=before,
        after=snapshot(goal),
    )
    return goal


def _decimal(value: float | Decimal | None) -> Decimal | None:
    return None if value is None else Decimal(str(value))


@transaction.atomic
def score_record(
    *,
    goal: Goal,
    recorded_by: User,
    recorded_on: dt.date,
    psfs: float | Decimal | None = None,
    copm_performance: float | Decimal | None = None,
    copm_satisfaction: float | Decimal | None = None,
    gas: int | None = None,
    note: str = "",
) -> GoalScore:
    """Record a score for a goal with the scale of the goal's measure."""
    _require(recorded_by, "plans.change_plan", goal.person, _("Du kan ikke skåre dette målet."))
    errors: dict[str, str] = {}
    if recorded_on > timezone.localdate():
        errors["recorded_on"] = _("Datoen kan ikke være fram i tid.")
    if goal.measure == Measure.NONE:
        raise ValidationError(_("Dette målet har ingen måling."))
    if goal.measure == Measure.PSFS:
        if psfs is None or not (scoring.PSFS_MIN <= float(psfs) <= scoring.PSFS_MAX):
            errors["psfs"] = _("Skriv et tall fra 0 (klarer ikke) til 10 (klarer som før).")
        copm_performance = copm_satisfaction = gas = None
    elif goal.measure == Measure.COPM:
        for name, value in (
            ("copm_performance", copm_performance),
            ("copm_satisfaction", copm_satisfaction),
        ):
            if value is None or not (scoring.COPM_MIN <= float(value) <= scoring.COPM_MAX):
                errors[name] = _("Skriv et tall fra 1 til 10.")
        psfs = gas = None
    elif goal.measure == Measure.GAS:
        if gas is None or gas not in range(scoring.GAS_MIN, scoring.GAS_MAX + 1):
            errors["gas"] = _("Velg et nivå fra −2 til +2.")
        psfs = copm_performance = copm_satisfaction = None
    if errors:
        raise ValidationError(errors)
    score = GoalScore(
        goal=goal,
        recorded_on=recorded_on,
        psfs=_decimal(psfs),
        copm_performance=_decimal(copm_performance),
        copm_satisfaction=_decimal(copm_satisfaction),
        gas=gas,
        note=note.strip(),
        recorded_by=recorded_by,
    )
    score.full_clean()
    score.save()
    audit_record(
        actor=recorded_by,
        subject=goal.person,
        action="goal_scored",
        instance=score,
        before=None,
        after=snapshot(score),
    )
    return score


@transaction.atomic
def contribution_add(
    *, person: Person, created_by: User, kind: str, text: str, may_offer: bool = False
) -> Contribution:
    _require(created_by, "plans.add_entry", person, _("Du kan ikke skrive i denne planen."))
    contribution = Contribution(
        kommune=person.kommune,
        person=person,
        kind=kind,
        text=text.strip(),
        may_offer=may_offer,
        created_by=created_by,
    )
    contribution.full_clean()
    contribution.save()
    audit_record(
        actor=created_by,
        subject=person,
        action="contribution_added",
        instance=contribution,
        before=None,
        after=snapshot(contribution),
    )
    return contribution


@transaction.atomic
def contribution_set_offer(
    *, contribution: Contribution, changed_by: User, may_offer: bool
) -> Contribution:
    """Only the person (or a representative) decides whether a contribution is offered."""
    person = contribution.person
    if not (
        changed_by.person_id == person.pk or changed_by.has_perm("people.manage_consent", person)
    ):
        raise PermissionDenied(_("Bare personen selv bestemmer om dette skal tilbys andre."))
    before = snapshot(contribution)
    contribution.may_offer = may_offer
    contribution.save(update_fields=["may_offer", "updated_at"])
    audit_record(
        actor=changed_by,
        subject=person,
        action="contribution_offer_changed",
        instance=contribution,
        before=before,
        after=snapshot(contribution),
    )
    return contribution


@transaction.atomic
def action_create(
    *,
    goal: Goal,
    created_by: User,
    kind: str,
    title: str,
    assigned_to: User | None = None,
    due_on: dt.date | None = None,
) -> Action:
    _require(created_by, "plans.add_entry", goal.person, _("Du kan ikke legge til tiltak her."))
    action = Action(
        kommune=goal.kommune,
        goal=goal,
        kind=kind,
        title=title.strip(),
        assigned_to=assigned_to,
        due_on=due_on,
        created_by=created_by,
    )
    action.full_clean()
    action.save()
    audit_record(
        actor=created_by,
        subject=goal.person,
        action="action_created",
        instance=action,
        before=None,
        after=snapshot(action),
    )
    return action


@transaction.atomic
def action_set_status(*, action: Action, changed_by: User, status: str) -> Action:
    person = action.goal.person
    allowed = changed_by.has_perm("plans.change_plan", person) or (
        action.assigned_to_id == changed_by.pk
    )
    if not allowed:
        raise PermissionDenied(_("Du kan ikke endre dette tiltaket."))
    if status not in ActionStatus.values:
        raise ValidationError({"status": _("Ukjent status.")})
    before = snapshot(action)
    action.status = status
    action.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=changed_by,
        subject=person,
        action="action_status_changed",
        instance=action,
        before=before,
        after=snapshot(action),
    )
    return action
