"""The person's plan as FHIR R4B resources: export to a Bundle and import from one.

Export (`plan_to_bundle`) is a pure function of an already loaded `Plan` and the person's
relations; it builds plain JSON-ready dicts and checks them with `fhir.resources` before
returning. Import is split the same way: `bundle_parse` validates the file and turns it into
plain dataclasses without touching the database, and `bundle_to_plan` saves those in one
transaction with an audit row per saved object. The mapping is documented in docs/fhir.md.

The national identity number is never exported, and identifiers in an imported file are not
used to find or match existing people.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pydantic
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from fhir.resources.R4B.bundle import Bundle

from samskap.accounts.models import Role, User
from samskap.accounts.selectors import user_has_role
from samskap.municipalities.models import Kommune
from samskap.people.models import (
    Frequency,
    Person,
    Relation,
    RelationKind,
    SupportKind,
    WrittenLanguage,
)
from samskap.people.services import person_create, relation_add
from samskap.plans import scoring
from samskap.plans.models import (
    Action,
    ActionKind,
    ActionStatus,
    Goal,
    GoalScore,
    GoalStatus,
    Measure,
    PlanEntry,
    Presence,
    Question,
)
from samskap.plans.selectors import GoalSummary, Plan
from samskap.privacy.services import audit_record, snapshot

# Identifier systems and code systems defined by Samskap (documented in docs/fhir.md).
PERSON_SYSTEM = "urn:samskap:person"
GOAL_SYSTEM = "urn:samskap:goal"
PLAN_SYSTEM = "urn:samskap:plan"
MEASURE_SYSTEM = "urn:samskap:goal-measure"
ACTION_KIND_SYSTEM = "urn:samskap:action-kind"
# Extensions defined by Samskap.
EXT_SCORE = "urn:samskap:fhir:goal-score"
EXT_GAS_WEIGHT = "urn:samskap:fhir:gas-weight"
EXT_REVIEW_INTERVAL = "urn:samskap:fhir:review-interval"
EXT_PLAN_QUESTION = "urn:samskap:fhir:plan-question"
EXT_RELATION_DESCRIPTION = "urn:samskap:fhir:relation-description"
EXT_RELATION_SUPPORT = "urn:samskap:fhir:relation-support"
EXT_RELATION_FREQUENCY = "urn:samskap:fhir:relation-frequency"
# Terminologies from HL7 and IETF.
ROLE_CODE_SYSTEM = "http://terminology.hl7.org/CodeSystem/v3-RoleCode"
GOAL_ACHIEVEMENT_SYSTEM = "http://terminology.hl7.org/CodeSystem/goal-achievement"
BCP47 = "urn:ietf:bcp:47"
UCUM = "http://unitsofmeasure.org"

# Relation kind → (v3-RoleCode, display). Volunteers and staff have no RoleCode: text only.
RELATION_ROLE_CODES: dict[str, tuple[str, str]] = {
    RelationKind.SPOUSE: ("SPS", "spouse"),
    RelationKind.CHILD: ("CHILD", "child"),
    RelationKind.PARENT: ("PRN", "parent"),
    RelationKind.SIBLING: ("SIB", "sibling"),
    RelationKind.OTHER_FAMILY: ("FAMMEMB", "family member"),
    RelationKind.NEIGHBOUR: ("NBOR", "neighbor"),
    RelationKind.FRIEND: ("FRND", "unrelated friend"),
}
# On import, more specific RoleCodes other systems use are accepted too.
ROLE_CODE_TO_KIND: dict[str, str] = {
    **{code: kind for kind, (code, _display) in RELATION_ROLE_CODES.items()},
    **dict.fromkeys(("HUSB", "WIFE", "DOMPART", "SIGOTHR"), RelationKind.SPOUSE),
    **dict.fromkeys(("SON", "DAU", "NCHILD", "CHLDADOPT", "STPCHLD"), RelationKind.CHILD),
    **dict.fromkeys(("MTH", "FTH", "NPRN", "STPPRN"), RelationKind.PARENT),
    **dict.fromkeys(("BRO", "SIS", "NSIB", "HSIB", "STPSIB"), RelationKind.SIBLING),
}

GOAL_LIFECYCLE: dict[str, str] = {
    GoalStatus.ACTIVE: "active",
    GoalStatus.ACHIEVED: "completed",
    GoalStatus.STOPPED: "cancelled",
}
GOAL_STATUS_FROM_LIFECYCLE: dict[str, str | None] = {
    "proposed": GoalStatus.ACTIVE,
    "planned": GoalStatus.ACTIVE,
    "accepted": GoalStatus.ACTIVE,
    "active": GoalStatus.ACTIVE,
    "on-hold": GoalStatus.ACTIVE,
    "completed": GoalStatus.ACHIEVED,
    "cancelled": GoalStatus.STOPPED,
    "rejected": GoalStatus.STOPPED,
    "entered-in-error": None,  # skipped on import
}

ACTIVITY_STATUS: dict[str, str] = {
    ActionStatus.PLANNED: "not-started",
    ActionStatus.STARTED: "in-progress",
    ActionStatus.DONE: "completed",
    ActionStatus.CANCELLED: "cancelled",
}
ACTION_STATUS_FROM_ACTIVITY: dict[str, str | None] = {
    "not-started": ActionStatus.PLANNED,
    "scheduled": ActionStatus.PLANNED,
    "unknown": ActionStatus.PLANNED,
    "in-progress": ActionStatus.STARTED,
    "on-hold": ActionStatus.STARTED,
    "completed": ActionStatus.DONE,
    "cancelled": ActionStatus.CANCELLED,
    "stopped": ActionStatus.CANCELLED,
    "entered-in-error": None,  # skipped on import
}
# CarePlan.activity.detail.kind is bound to the resource type that would carry the request.
ACTIVITY_KIND: dict[str, str] = {
    ActionKind.HELP_REQUEST: "ServiceRequest",
    ActionKind.ACTIVITY: "Appointment",
    ActionKind.RIDE: "ServiceRequest",
    ActionKind.FOLLOW_UP: "Task",
}
ACTION_KIND_FROM_ACTIVITY_KIND: dict[str, str] = {
    "ServiceRequest": ActionKind.HELP_REQUEST,
    "Appointment": ActionKind.ACTIVITY,
    "Task": ActionKind.FOLLOW_UP,
}

MEASURE_DISPLAY: dict[str, str] = {
    Measure.PSFS: "PSFS",
    Measure.COPM: "COPM",
    Measure.GAS: "GAS",
}


# --- Export ------------------------------------------------------------------------------


def plan_relations(*, person: Person, today: dt.date | None = None) -> list[Relation]:
    """The person's current relations, as exported with the plan. No permission check."""
    today = today or timezone.localdate()
    return list(
        person.relations.filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
        .select_related("other")
        .order_by("kind", "other__given_name", "pk")
    )


def _namespace(base_url: str) -> uuid.UUID:
    return uuid.uuid5(uuid.NAMESPACE_URL, base_url or "urn:samskap")


def _uuid(namespace: uuid.UUID, kind: str, pk: int) -> str:
    return str(uuid.uuid5(namespace, f"{kind}:{pk}"))


def _ref(resource_id: str) -> dict[str, str]:
    return {"reference": f"urn:uuid:{resource_id}"}


def _nb(label: Any) -> str:
    """Text in exported files is in bokmål, whatever language the exporting user reads."""
    with translation.override("nb"):
        return str(label)


def _number(value: Decimal | float | None) -> float | int | None:
    if value is None:
        return None
    number = float(value)
    return int(number) if number.is_integer() else number


def _telecom(person: Person) -> list[dict[str, str]]:
    telecom = []
    if person.phone:
        telecom.append({"system": "phone", "value": person.phone})
    if person.email:
        telecom.append({"system": "email", "value": person.email})
    return telecom


def _human_name(person: Person) -> dict[str, Any]:
    name: dict[str, Any] = {"use": "official", "text": person.full_name}
    if person.family_name:
        name["family"] = person.family_name
    if person.given_name:
        # Kept as one element: "Kari Anne" stays exactly as registered.
        name["given"] = [person.given_name]
    return name


def _patient(person: Person, resource_id: str) -> dict[str, Any]:
    patient: dict[str, Any] = {
        "resourceType": "Patient",
        "id": resource_id,
        # Only Samskap's own id. The national identity number is never exported.
        "identifier": [{"use": "secondary", "system": PERSON_SYSTEM, "value": str(person.pk)}],
        "name": [_human_name(person)],
    }
    if telecom := _telecom(person):
        patient["telecom"] = telecom
    if person.birth_year:
        patient["birthDate"] = f"{person.birth_year:04d}"
    if person.street_address or person.postal_code or person.postal_place:
        address: dict[str, Any] = {"use": "home", "country": "NO"}
        if person.street_address:
            address["line"] = [person.street_address]
        if person.postal_code:
            address["postalCode"] = person.postal_code
        if person.postal_place:
            address["city"] = person.postal_place
        patient["address"] = [address]
    communication = []
    for code in dict.fromkeys(person.languages or []):
        item: dict[str, Any] = {"language": {"coding": [{"system": BCP47, "code": code}]}}
        if code == person.written_language:
            item["preferred"] = True
        communication.append(item)
    if communication:
        patient["communication"] = communication
    if person.kommune_id:
        patient["managingOrganization"] = {"display": person.kommune.name}
    return patient


def _related_person(
    relation: Relation, resource_id: str, patient_id: str, today: dt.date
) -> dict[str, Any]:
    other = relation.other
    relationship: dict[str, Any] = {"text": _nb(relation.get_kind_display())}
    if relation.kind in RELATION_ROLE_CODES:
        code, display = RELATION_ROLE_CODES[relation.kind]
        relationship["coding"] = [{"system": ROLE_CODE_SYSTEM, "code": code, "display": display}]
    related: dict[str, Any] = {
        "resourceType": "RelatedPerson",
        "id": resource_id,
        "active": relation.end_date is None or relation.end_date >= today,
        "patient": _ref(patient_id),
        "relationship": [relationship],
        "name": [_human_name(other)],
    }
    extensions: list[dict[str, Any]] = []
    if relation.description:
        extensions.append({"url": EXT_RELATION_DESCRIPTION, "valueString": relation.description})
    extensions.extend(
        {"url": EXT_RELATION_SUPPORT, "valueCode": support} for support in relation.support or []
    )
    if relation.frequency:
        extensions.append({"url": EXT_RELATION_FREQUENCY, "valueCode": relation.frequency})
    if extensions:
        related["extension"] = extensions
    # Staff are in the network through their work: their own phone and e-mail stay out.
    if relation.kind != RelationKind.STAFF and (telecom := _telecom(other)):
        related["telecom"] = telecom
    period = {}
    if relation.start_date:
        period["start"] = relation.start_date.isoformat()
    if relation.end_date:
        period["end"] = relation.end_date.isoformat()
    if period:
        related["period"] = period
    return related


def _score_extension(goal: Goal, score: GoalScore) -> dict[str, Any]:
    parts: list[dict[str, Any]] = [{"url": "date", "valueDate": score.recorded_on.isoformat()}]
    if goal.measure == Measure.PSFS and score.psfs is not None:
        parts.append({"url": "psfs", "valueDecimal": _number(score.psfs)})
    if goal.measure == Measure.COPM:
        if score.copm_performance is not None:
            parts.append(
                {"url": "copm-performance", "valueDecimal": _number(score.copm_performance)}
            )
        if score.copm_satisfaction is not None:
            parts.append(
                {"url": "copm-satisfaction", "valueDecimal": _number(score.copm_satisfaction)}
            )
    if goal.measure == Measure.GAS and score.gas is not None:
        parts.append({"url": "gas", "valueInteger": score.gas})
    if score.note:
        parts.append({"url": "note", "valueString": score.note})
    return {"url": EXT_SCORE, "extension": parts}


def _achievement(summary: GoalSummary) -> tuple[str, str] | None:
    """(code, display) in the goal-achievement code system, where it can be said."""
    goal = summary.goal
    if goal.status == GoalStatus.ACHIEVED:
        return "achieved", "Achieved"
    if goal.status != GoalStatus.ACTIVE:
        return None
    direction = None
    if summary.psfs is not None:
        direction = summary.psfs.direction
    elif summary.copm is not None:
        change = summary.copm.performance_change
        direction = "better" if change > 0 else "worse" if change < 0 else "same"
    return {
        "better": ("improving", "Improving"),
        "worse": ("worsening", "Worsening"),
        "same": ("no-change", "No Change"),
    }.get(direction or "", ("in-progress", "In Progress"))


def _goal(summary: GoalSummary, resource_id: str, patient_id: str) -> dict[str, Any]:
    goal = summary.goal
    resource: dict[str, Any] = {
        "resourceType": "Goal",
        "id": resource_id,
        "identifier": [{"system": GOAL_SYSTEM, "value": str(goal.pk)}],
        "lifecycleStatus": GOAL_LIFECYCLE[goal.status],
        # The goal in the person's own words, exactly as written.
        "description": {"text": goal.text},
        "subject": _ref(patient_id),
        "expressedBy": _ref(patient_id),
        "startDate": timezone.localtime(goal.created_at).date().isoformat(),
    }
    if achievement := _achievement(summary):
        code, display = achievement
        resource["achievementStatus"] = {
            "coding": [{"system": GOAL_ACHIEVEMENT_SYSTEM, "code": code, "display": display}]
        }
    extensions: list[dict[str, Any]] = []
    if goal.measure != Measure.NONE:
        extensions.append(
            {
                "url": EXT_REVIEW_INTERVAL,
                "valueDuration": {
                    "value": goal.review_every_days,
                    "unit": "d",
                    "system": UCUM,
                    "code": "d",
                },
            }
        )
        target: dict[str, Any] = {
            "measure": {
                "coding": [
                    {
                        "system": MEASURE_SYSTEM,
                        "code": goal.measure,
                        "display": MEASURE_DISPLAY[goal.measure],
                    }
                ],
                "text": _nb(goal.get_measure_display()),
            }
        }
        if goal.measure == Measure.GAS:
            extensions.append({"url": EXT_GAS_WEIGHT, "valuePositiveInt": goal.gas_weight})
            if goal.gas_expected:
                # What the expected outcome (level 0) means: the target of the goal.
                target["detailString"] = goal.gas_expected
        if summary.scores:
            # The latest measurement travels with the target it is measured against.
            target["extension"] = [_score_extension(goal, summary.scores[-1])]
        resource["target"] = [target]
        extensions.extend(_score_extension(goal, score) for score in summary.scores)
    if extensions:
        resource["extension"] = extensions
    return resource


def _activity(action: Action, goal_id: str) -> dict[str, Any]:
    label = _nb(action.get_kind_display())
    detail: dict[str, Any] = {
        "kind": ACTIVITY_KIND[action.kind],
        "code": {
            "coding": [{"system": ACTION_KIND_SYSTEM, "code": action.kind, "display": label}],
            "text": label,
        },
        "goal": [_ref(goal_id)],
        "status": ACTIVITY_STATUS[action.status],
        "description": action.title,
    }
    if action.due_on:
        detail["scheduledPeriod"] = {"end": action.due_on.isoformat()}
    if action.assigned_to_id:
        detail["performer"] = [{"display": str(action.assigned_to)}]
    return {"detail": detail}


def _care_plan(
    plan: Plan, resource_id: str, patient_id: str, goal_ids: dict[int, str]
) -> dict[str, Any]:
    care_plan: dict[str, Any] = {
        "resourceType": "CarePlan",
        "id": resource_id,
        "identifier": [{"system": PLAN_SYSTEM, "value": str(plan.person.pk)}],
        "status": "active",
        "intent": "plan",
        "subject": _ref(patient_id),
    }
    what_matters = [entry.text for entry in plan.entries.get(Question.WHAT_MATTERS, [])]
    if what_matters:
        # "Hva er viktig for deg?": the person's answers, verbatim, one paragraph each.
        care_plan["description"] = "\n\n".join(what_matters)
    if goal_ids:
        care_plan["goal"] = [_ref(goal_ids[s.goal.pk]) for s in plan.goals]
    activities = [_activity(a, goal_ids[s.goal.pk]) for s in plan.goals for a in s.actions]
    if activities:
        care_plan["activity"] = activities
    notes = [
        {
            "extension": [{"url": EXT_PLAN_QUESTION, "valueCode": question}],
            "time": entry.created_at.isoformat(),
            "text": entry.text,
        }
        for question in (Question.CAN_CONTRIBUTE, Question.DO_TOGETHER)
        for entry in plan.entries.get(question, [])
    ]
    if notes:
        care_plan["note"] = notes
    return care_plan


def plan_to_bundle(
    plan: Plan,
    *,
    relations: list[Relation],
    base_url: str,
    timestamp: dt.datetime | None = None,
) -> dict[str, Any]:
    """The plan as a FHIR R4B collection Bundle (a JSON-ready dict), checked before returning.

    `relations` are the person's relations (as from `plan_relations`); `base_url` names the
    Samskap installation: it is the Bundle's meta.source and seeds the uuid5 namespace, so
    the same object gets the same fullUrl every time it is exported from this installation.
    """
    person = plan.person
    today = timezone.localdate()
    namespace = _namespace(base_url)
    patient_id = _uuid(namespace, "person", person.pk)
    entries: list[tuple[str, dict[str, Any]]] = [(patient_id, _patient(person, patient_id))]
    for relation in relations:
        if relation.person_id != person.pk:
            raise ValueError(f"Relation {relation.pk} is not one of {person.pk}'s relations")
        related_id = _uuid(namespace, "relation", relation.pk)
        entries.append((related_id, _related_person(relation, related_id, patient_id, today)))
    goal_ids = {s.goal.pk: _uuid(namespace, "goal", s.goal.pk) for s in plan.goals}
    for summary in plan.goals:
        goal_id = goal_ids[summary.goal.pk]
        entries.append((goal_id, _goal(summary, goal_id, patient_id)))
    plan_id = _uuid(namespace, "plan", person.pk)
    entries.append((plan_id, _care_plan(plan, plan_id, patient_id, goal_ids)))
    data: dict[str, Any] = {
        "resourceType": "Bundle",
        "meta": {"source": base_url},
        "type": "collection",
        "timestamp": (timestamp or timezone.now()).isoformat(),
        "entry": [
            {"fullUrl": f"urn:uuid:{resource_id}", "resource": resource}
            for resource_id, resource in entries
        ],
    }
    Bundle.model_validate(data)
    return data


# --- Import ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportedScore:
    recorded_on: dt.date
    psfs: Decimal | None = None
    copm_performance: Decimal | None = None
    copm_satisfaction: Decimal | None = None
    gas: int | None = None
    note: str = ""


@dataclass(frozen=True)
class ImportedGoal:
    key: str
    text: str
    status: str
    measure: str = Measure.NONE
    gas_expected: str = ""
    gas_weight: int = 1
    review_every_days: int = 42
    scores: tuple[ImportedScore, ...] = ()


@dataclass(frozen=True)
class ImportedRelation:
    given_name: str
    family_name: str
    kind: str
    phone: str = ""
    email: str = ""
    description: str = ""
    start_date: dt.date | None = None
    support: tuple[str, ...] = ()
    frequency: str = ""


@dataclass(frozen=True)
class ImportedEntry:
    question: str
    text: str


@dataclass(frozen=True)
class ImportedAction:
    goal_key: str
    kind: str
    title: str
    status: str
    due_on: dt.date | None = None


@dataclass(frozen=True)
class ImportedPlan:
    person: dict[str, Any]
    relations: tuple[ImportedRelation, ...] = ()
    goals: tuple[ImportedGoal, ...] = ()
    entries: tuple[ImportedEntry, ...] = ()
    actions: tuple[ImportedAction, ...] = ()


def _invalid(message: str, **params: Any) -> ValidationError:
    return ValidationError(message % params if params else message, code="invalid_fhir")


def _pydantic_details(error: pydantic.ValidationError, limit: int = 3) -> str:
    """The first few problems, with the path in the file, e.g. "entry.3.resource.subject"."""
    details = []
    for item in error.errors()[:limit]:
        where = ".".join(str(part) for part in item.get("loc", ()))
        if item.get("type") == "missing":
            problem = _("mangler")
        elif item.get("type") == "extra_forbidden":
            problem = _("er ikke et felt i FHIR R4B")
        else:
            problem = _("ugyldig verdi (%(reason)s)") % {"reason": item.get("msg", "")}
        details.append(f"{where}: {problem}" if where else problem)
    more = error.error_count() - limit
    if more > 0:
        details.append(_("og %(count)s feil til") % {"count": more})
    return "; ".join(details)


def _validated(data: Any) -> Bundle:
    if not isinstance(data, dict) or data.get("resourceType") != "Bundle":
        raise _invalid(_("Filen er ikke en FHIR-bundle: den må ha «resourceType»: «Bundle»."))
    try:
        return Bundle.model_validate(data)
    except pydantic.ValidationError as error:
        raise _invalid(
            _("Filen er ikke en gyldig FHIR R4B-bundle (%(details)s)."),
            details=_pydantic_details(error),
        ) from error


class _Index:
    """Resolves references inside the bundle: by fullUrl and by ResourceType/id."""

    def __init__(self, bundle: Bundle) -> None:
        self.resources: list[Any] = []
        self.keys: dict[int, str] = {}
        self.by_reference: dict[str, Any] = {}
        for number, entry in enumerate(bundle.entry or []):
            resource = entry.resource
            if resource is None:
                continue
            key = entry.fullUrl or f"entry-{number}"
            self.resources.append(resource)
            self.keys[id(resource)] = key
            if entry.fullUrl:
                self.by_reference[entry.fullUrl] = resource
            if resource.id:
                self.by_reference[f"{resource.get_resource_type()}/{resource.id}"] = resource

    def of_type(self, resource_type: str) -> list[Any]:
        return [r for r in self.resources if r.get_resource_type() == resource_type]

    def key(self, resource: Any) -> str:
        return self.keys[id(resource)]

    def resolve(self, reference: Any) -> Any | None:
        if reference is None or not reference.reference:
            return None
        return self.by_reference.get(reference.reference)


def _name_parts(names: Iterable[Any] | None) -> tuple[str, str]:
    names = list(names or [])
    official = [n for n in names if n.use == "official"]
    for name in official + [n for n in names if n.use != "official"]:
        given = " ".join(g for g in (name.given or []) if g).strip()
        family = (name.family or "").strip()
        if not (given or family) and name.text:
            given, _sep, family = name.text.strip().rpartition(" ")
            if not given:
                given, family = family, ""
        if given or family:
            return given, family
    return "", ""


def _contact(telecom: Iterable[Any] | None) -> tuple[str, str]:
    phone = email = ""
    for point in telecom or []:
        if point.system in ("phone", "sms") and point.value and not phone:
            phone = point.value.strip()
        elif point.system == "email" and point.value and not email:
            email = point.value.strip()
    return phone, email


def _as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and len(value) == 10:
        return dt.date.fromisoformat(value)
    return None


def _extensions(element: Any, url: str) -> list[Any]:
    return [e for e in (getattr(element, "extension", None) or []) if e.url == url]


def _parse_patient(patient: Any) -> dict[str, Any]:
    given, family = _name_parts(patient.name)
    if not (given and family):
        raise _invalid(_("Pasienten i filen må ha både fornavn og etternavn."))
    phone, email = _contact(patient.telecom)
    fields: dict[str, Any] = {
        "given_name": given,
        "family_name": family,
        "phone": phone,
        "email": email,
    }
    if patient.birthDate:
        fields["birth_year"] = int(str(patient.birthDate)[:4])
    addresses = [a for a in (patient.address or []) if a.use != "old"]
    if addresses:
        address = addresses[0]
        fields["street_address"] = ", ".join(line for line in (address.line or []) if line)
        fields["postal_code"] = (address.postalCode or "").strip()
        fields["postal_place"] = (address.city or "").strip()
    languages: list[str] = []
    written = ""
    for item in patient.communication or []:
        codes = [
            c.code for c in (item.language.coding or []) if c.code and c.system in (None, BCP47)
        ]
        for code in codes:
            if code not in languages:
                languages.append(code)
            if item.preferred and not written and code in WrittenLanguage.values:
                written = code
    fields["languages"] = languages
    if written:
        fields["written_language"] = written
    return fields


def _relation_kind(concepts: Iterable[Any] | None) -> str | None:
    concepts = list(concepts or [])
    for concept in concepts:
        for coding in concept.coding or []:
            if coding.system == ROLE_CODE_SYSTEM and coding.code in ROLE_CODE_TO_KIND:
                return ROLE_CODE_TO_KIND[coding.code]
    labels: dict[str, str] = {}
    for kind in RelationKind:
        labels[kind.value.casefold()] = kind.value
        labels[_nb(kind.label).casefold()] = kind.value
        labels[str(kind.label).casefold()] = kind.value
    for concept in concepts:
        if concept.text and concept.text.strip().casefold() in labels:
            return labels[concept.text.strip().casefold()]
    return None


def _parse_related(related: Any) -> ImportedRelation:
    given, family = _name_parts(related.name)
    if not (given and family):
        raise _invalid(_("En person i nettverket mangler fornavn eller etternavn."))
    kind = _relation_kind(related.relationship)
    if kind is None:
        raise _invalid(
            _("Vi kjenner ikke igjen relasjonen til %(name)s."), name=f"{given} {family}"
        )
    phone, email = _contact(related.telecom)
    description = next(
        (e.valueString for e in _extensions(related, EXT_RELATION_DESCRIPTION) if e.valueString),
        "",
    )
    support = tuple(
        dict.fromkeys(
            e.valueCode
            for e in _extensions(related, EXT_RELATION_SUPPORT)
            if e.valueCode in SupportKind.values
        )
    )
    frequency = next(
        (
            e.valueCode
            for e in _extensions(related, EXT_RELATION_FREQUENCY)
            if e.valueCode in Frequency.values
        ),
        "",
    )
    return ImportedRelation(
        given_name=given,
        family_name=family,
        kind=kind,
        phone=phone,
        email=email,
        description=description,
        start_date=_as_date(related.period.start) if related.period else None,
        support=support,
        frequency=frequency,
    )


def _score_value(value: Any, low: int, high: int, what: str, goal_text: str) -> Decimal:
    if value is None or not (low <= Decimal(str(value)) <= high):
        raise _invalid(
            _("En skåring (%(what)s) for målet «%(goal)s» mangler eller er utenfor skalaen."),
            what=what,
            goal=goal_text,
        )
    return Decimal(str(value))


def _parse_score(extension: Any, measure: str, goal_text: str) -> ImportedScore:
    parts = {e.url: e for e in (extension.extension or [])}
    recorded_on = _as_date(parts["date"].valueDate) if "date" in parts else None
    if recorded_on is None:
        raise _invalid(_("En skåring for målet «%(goal)s» mangler dato."), goal=goal_text)

    def value(name: str) -> Any:
        part = parts.get(name)
        if part is None:
            return None
        return part.valueDecimal if part.valueDecimal is not None else part.valueInteger

    note = parts["note"].valueString if "note" in parts and parts["note"].valueString else ""
    if measure == Measure.PSFS:
        psfs = _score_value(value("psfs"), scoring.PSFS_MIN, scoring.PSFS_MAX, "PSFS", goal_text)
        return ImportedScore(recorded_on, psfs=psfs, note=note)
    if measure == Measure.COPM:
        return ImportedScore(
            recorded_on,
            copm_performance=_score_value(
                value("copm-performance"), scoring.COPM_MIN, scoring.COPM_MAX, "COPM", goal_text
            ),
            copm_satisfaction=_score_value(
                value("copm-satisfaction"), scoring.COPM_MIN, scoring.COPM_MAX, "COPM", goal_text
            ),
            note=note,
        )
    gas = _score_value(value("gas"), scoring.GAS_MIN, scoring.GAS_MAX, "GAS", goal_text)
    if gas != int(gas):
        raise _invalid(_("GAS-skåringer er hele tall fra −2 til +2."))
    return ImportedScore(recorded_on, gas=int(gas), note=note)


def _parse_goal(goal: Any, key: str) -> ImportedGoal | None:
    text = (goal.description.text or "").strip() if goal.description else ""
    if not text:
        raise _invalid(_("Et mål i filen mangler tekst (Goal.description.text)."))
    if goal.lifecycleStatus not in GOAL_STATUS_FROM_LIFECYCLE:
        raise _invalid(
            _("Målet «%(goal)s» har ukjent status «%(status)s»."),
            goal=text,
            status=goal.lifecycleStatus,
        )
    status = GOAL_STATUS_FROM_LIFECYCLE[goal.lifecycleStatus]
    if status is None:
        return None
    measure = Measure.NONE
    gas_expected = ""
    for target in goal.target or []:
        codings = target.measure.coding if target.measure else []
        for coding in codings or []:
            if coding.system == MEASURE_SYSTEM and coding.code in Measure.values:
                measure = coding.code
        if target.detailString:
            gas_expected = target.detailString.strip()
    gas_weight = next(
        (e.valuePositiveInt for e in _extensions(goal, EXT_GAS_WEIGHT) if e.valuePositiveInt),
        1,
    )
    if not 1 <= gas_weight <= 10:
        raise _invalid(_("Vekten for målet «%(goal)s» må være fra 1 til 10."), goal=text)
    review_every_days = 42
    for extension in _extensions(goal, EXT_REVIEW_INTERVAL):
        duration = extension.valueDuration
        if duration and duration.value and duration.code in ("d", "wk"):
            review_every_days = int(duration.value) * (7 if duration.code == "wk" else 1)
    scores: tuple[ImportedScore, ...] = ()
    if measure != Measure.NONE:
        scores = tuple(
            sorted(
                (_parse_score(e, measure, text) for e in _extensions(goal, EXT_SCORE)),
                key=lambda s: s.recorded_on,
            )
        )
    return ImportedGoal(
        key=key,
        text=text,
        status=status,
        measure=measure,
        gas_expected=gas_expected if measure == Measure.GAS else "",
        gas_weight=int(gas_weight),
        review_every_days=review_every_days,
        scores=scores,
    )


def _split_paragraphs(text: str) -> list[str]:
    return [part.strip("\r\n") for part in text.split("\n\n") if part.strip()]


def _parse_activity(
    activity: Any, index: _Index, goal_keys: set[str], skipped_goals: set[str]
) -> ImportedAction | None:
    detail = activity.detail
    if detail is None:
        return None  # a reference to a request elsewhere: nothing to import
    title = (detail.description or (detail.code.text if detail.code else "") or "").strip()
    if not title:
        raise _invalid(_("Et tiltak i planen mangler beskrivelse."))
    if detail.status not in ACTION_STATUS_FROM_ACTIVITY:
        raise _invalid(
            _("Tiltaket «%(title)s» har ukjent status «%(status)s»."),
            title=title,
            status=detail.status,
        )
    status = ACTION_STATUS_FROM_ACTIVITY[detail.status]
    targets = [index.resolve(ref) for ref in detail.goal or []]
    keys = [index.key(t) for t in targets if t is not None and t.get_resource_type() == "Goal"]
    if status is None or (keys and all(k in skipped_goals for k in keys)):
        return None
    keys = [k for k in keys if k in goal_keys]
    if not keys and len(goal_keys) == 1:
        keys = list(goal_keys)
    if not keys:
        raise _invalid(_("Tiltaket «%(title)s» er ikke knyttet til noe mål i filen."), title=title)
    kind = None
    codings = detail.code.coding if detail.code else []
    for coding in codings or []:
        if coding.system == ACTION_KIND_SYSTEM and coding.code in ActionKind.values:
            kind = coding.code
    if kind is None:
        kind = ACTION_KIND_FROM_ACTIVITY_KIND.get(detail.kind or "", ActionKind.FOLLOW_UP)
    due_on = _as_date(detail.scheduledPeriod.end) if detail.scheduledPeriod else None
    return ImportedAction(goal_key=keys[0], kind=kind, title=title, status=status, due_on=due_on)


def bundle_parse(data: Any) -> ImportedPlan:
    """Validate a FHIR R4B Bundle and read the plan out of it. No database access.

    Raises `ValidationError` with a message in Norwegian if the file is not a valid Bundle
    or does not describe one person's plan in a way Samskap can take in.
    """
    bundle = _validated(data)
    index = _Index(bundle)
    patients = index.of_type("Patient")
    if len(patients) != 1:
        raise _invalid(
            _("Filen må inneholde nøyaktig én pasient (Patient), men har %(count)s."),
            count=len(patients),
        )
    patient = patients[0]
    person = _parse_patient(patient)

    def about_patient(reference: Any) -> bool:
        return index.resolve(reference) is patient

    relations = []
    for related in index.of_type("RelatedPerson"):
        if not about_patient(related.patient):
            raise _invalid(_("En person i nettverket er ikke knyttet til pasienten i filen."))
        if related.active is False:
            continue
        relations.append(_parse_related(related))

    goals: list[ImportedGoal] = []
    skipped_goals: set[str] = set()
    for goal in index.of_type("Goal"):
        if not about_patient(goal.subject):
            raise _invalid(_("Et mål i filen gjelder ikke pasienten i filen."))
        parsed = _parse_goal(goal, index.key(goal))
        if parsed is None:
            skipped_goals.add(index.key(goal))
        else:
            goals.append(parsed)
    goal_keys = {g.key for g in goals}

    entries: list[ImportedEntry] = []
    actions: list[ImportedAction] = []
    for care_plan in index.of_type("CarePlan"):
        if not about_patient(care_plan.subject):
            raise _invalid(_("Planen (CarePlan) i filen gjelder ikke pasienten i filen."))
        if care_plan.status == "entered-in-error":
            continue
        entries.extend(
            ImportedEntry(Question.WHAT_MATTERS, text)
            for text in _split_paragraphs(care_plan.description or "")
        )
        for note in care_plan.note or []:
            questions = [e.valueCode for e in _extensions(note, EXT_PLAN_QUESTION)]
            if questions and questions[0] in Question.values and note.text.strip():
                entries.append(ImportedEntry(questions[0], note.text.strip("\r\n")))
        for activity in care_plan.activity or []:
            action = _parse_activity(activity, index, goal_keys, skipped_goals)
            if action is not None:
                actions.append(action)

    return ImportedPlan(
        person=person,
        relations=tuple(relations),
        goals=tuple(goals),
        entries=tuple(entries),
        actions=tuple(actions),
    )


def _save_and_audit(instance: Any, *, actor: User, subject: Person, action: str) -> None:
    instance.full_clean()
    instance.save()
    audit_record(
        actor=actor,
        subject=subject,
        action=action,
        instance=instance,
        before=None,
        after=snapshot(instance),
    )


def _save_plan(imported: ImportedPlan, *, kommune: Kommune, imported_by: User) -> Person:
    person = person_create(kommune=kommune, created_by=imported_by, **imported.person)
    if imported_by.person_id and user_has_role(imported_by, Role.CARE_STAFF, kommune.pk):
        # Care staff who take in a plan take on the follow-up: registered (and audited) as
        # the staff relation that gives access, so they can open the plan they imported.
        # A coordinator gets no access from importing, as when registering a person.
        relation_add(
            person=person,
            other=imported_by.person,
            kind=RelationKind.STAFF,
            recorded_by=imported_by,
            description=_("Importerte planen"),
            start_date=timezone.localdate(),
        )
    for item in imported.relations:
        other = person_create(
            kommune=kommune,
            created_by=imported_by,
            given_name=item.given_name,
            family_name=item.family_name,
            phone=item.phone,
            email=item.email,
        )
        relation_add(
            person=person,
            other=other,
            kind=item.kind,
            recorded_by=imported_by,
            description=item.description,
            start_date=item.start_date,
            support=list(item.support),
            frequency=item.frequency,
        )
    # Plan rows are written here rather than through plans.services: those check that the
    # acting user follows the person, which an importing coordinator never does. Each row is
    # validated and audited exactly as the services do it.
    written_by_name = _("%(name)s (importert fra FHIR)") % {"name": imported_by}
    for item in imported.entries:
        entry = PlanEntry(
            kommune=kommune,
            person=person,
            question=item.question,
            text=item.text,
            presence=Presence.PERSON_PRESENT,
            written_by=imported_by,
            written_by_name=written_by_name[:200],
        )
        _save_and_audit(entry, actor=imported_by, subject=person, action="plan_entry_added")
    goals: dict[str, Goal] = {}
    for item in imported.goals:
        goal = Goal(
            kommune=kommune,
            person=person,
            text=item.text,
            measure=item.measure,
            status=item.status,
            gas_expected=item.gas_expected,
            gas_weight=item.gas_weight,
            review_every_days=item.review_every_days,
            created_by=imported_by,
        )
        _save_and_audit(goal, actor=imported_by, subject=person, action="goal_created")
        goals[item.key] = goal
        for score in item.scores:
            goal_score = GoalScore(
                goal=goal,
                recorded_on=score.recorded_on,
                psfs=score.psfs,
                copm_performance=score.copm_performance,
                copm_satisfaction=score.copm_satisfaction,
                gas=score.gas,
                note=score.note,
                recorded_by=imported_by,
            )
            _save_and_audit(goal_score, actor=imported_by, subject=person, action="goal_scored")
    for item in imported.actions:
        action = Action(
            kommune=kommune,
            goal=goals[item.goal_key],
            kind=item.kind,
            title=item.title,
            status=item.status,
            due_on=item.due_on,
            created_by=imported_by,
        )
        _save_and_audit(action, actor=imported_by, subject=person, action="action_created")
    audit_record(
        actor=imported_by,
        subject=person,
        action="plan_imported_fhir",
        instance=person,
        before=None,
        after={
            "format": "FHIR R4B",
            "relations": len(imported.relations),
            "goals": len(imported.goals),
            "entries": len(imported.entries),
            "actions": len(imported.actions),
        },
    )
    return person


def bundle_to_plan(data: Any, *, kommune: Kommune, imported_by: User) -> Person:
    """Create a new person with their network and plan from a FHIR R4B Bundle.

    All or nothing: a file that is not valid, or holds data Samskap cannot store, raises
    `ValidationError` (in Norwegian) and nothing is saved.
    """
    if not imported_by.has_perm("people.register_person", kommune.pk):
        raise PermissionDenied(_("Bare koordinatorer og ansatte i kommunen kan importere planer."))
    imported = bundle_parse(data)
    try:
        with transaction.atomic():
            return _save_plan(imported, kommune=kommune, imported_by=imported_by)
    except ValidationError as error:
        raise _invalid(
            _("Planen kunne ikke importeres: %(details)s"), details=" ".join(error.messages)
        ) from error
