"""Loads needs and helpers from the database into the pure matching engine's inputs.

The engine (`samskap.matching`) knows nothing about Django; this module is the bridge:
it decides each helper's remaining capacity, which verifications are valid today, what
each need requires, who helped whom before and who must never be suggested again.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone

from samskap.help.models import (
    ACTIVE_ASSIGNMENT_STATUSES,
    Assignment,
    AssignmentStatus,
    CategoryRequirement,
    HelperBlock,
    HelperProfile,
    HelpSession,
    Need,
    NeedStatus,
    Verification,
)
from samskap.matching.model import HelperInput, NeedInput, slot_mask

NORWEGIAN = {"nb", "nn", "no", "norsk", ""}


@dataclass(frozen=True)
class Capacity:
    active: int
    this_month: int
    remaining: int


def requirements_for(*, kommune_id: int, category: str, alone: bool) -> frozenset[str]:
    requirement = CategoryRequirement.objects.filter(
        kommune_id=kommune_id, category=category
    ).first()
    if requirement is None:
        return frozenset()
    required = set(requirement.required)
    if alone:
        required |= set(requirement.required_when_alone)
    return frozenset(required)


def _requirements_by_category(kommune_ids: Iterable[int]) -> dict[tuple[int, str], tuple]:
    return {
        (r.kommune_id, r.category): (frozenset(r.required), frozenset(r.required_when_alone))
        for r in CategoryRequirement.objects.filter(kommune_id__in=list(kommune_ids))
    }


def need_requirements(need: Need, table: dict[tuple[int, str], tuple]) -> frozenset[str]:
    required, when_alone = table.get((need.kommune_id, need.category), (frozenset(), frozenset()))
    return required | when_alone if need.alone_with_person else required


def valid_verifications(helper_ids: Iterable[int], on: dt.date) -> dict[int, frozenset[str]]:
    result: dict[int, set[str]] = defaultdict(set)
    rows = Verification.objects.filter(
        helper_id__in=list(helper_ids), revoked_at__isnull=True, checked_on__lte=on
    ).filter(Q(expires_on__isnull=True) | Q(expires_on__gte=on))
    for helper_id, kind in rows.values_list("helper_id", "kind"):
        result[helper_id].add(kind)
    return {k: frozenset(v) for k, v in result.items()}


def capacities(helpers: Iterable[HelperProfile], on: dt.date) -> dict[int, Capacity]:
    """Remaining tasks a helper may take: week and month caps minus what they hold."""
    helpers = list(helpers)
    ids = [h.pk for h in helpers]
    active = dict(
        Assignment.objects.filter(helper_id__in=ids, status__in=ACTIVE_ASSIGNMENT_STATUSES)
        .values_list("helper_id")
        .annotate(n=Count("id"))
        .values_list("helper_id", "n")
    )
    month_start = on.replace(day=1)
    sessions = dict(
        HelpSession.objects.filter(assignment__helper_id__in=ids, date__gte=month_start)
        .values_list("assignment__helper_id")
        .annotate(n=Count("id"))
        .values_list("assignment__helper_id", "n")
    )
    result = {}
    for helper in helpers:
        held = active.get(helper.pk, 0)
        month = sessions.get(helper.pk, 0)
        remaining = max(
            0,
            min(helper.max_tasks_per_week - held, helper.max_tasks_per_month - month - held),
        )
        result[helper.pk] = Capacity(active=held, this_month=month, remaining=remaining)
    return result


def helper_location(helper: HelperProfile) -> tuple[float, float]:
    return helper.latitude, helper.longitude


def need_location(need: Need) -> tuple[float | None, float | None]:
    if need.latitude is not None and need.longitude is not None:
        return need.latitude, need.longitude
    return need.person.latitude, need.person.longitude


def person_language(languages: list[str]) -> str | None:
    for code in languages or []:
        if code.lower() not in NORWEGIAN:
            return code.lower()
    return None


@dataclass
class Inputs:
    needs: list[NeedInput]
    helpers: list[HelperInput]
    need_by_id: dict[int, Need]
    helper_by_id: dict[int, HelperProfile]
    capacity: dict[int, Capacity]


def helpers_queryset(kommune_ids: Iterable[int]):
    return HelperProfile.objects.filter(
        kommune_id__in=list(kommune_ids), active=True
    ).select_related("person", "organisation")


def build_helper_inputs(
    helpers: list[HelperProfile], on: dt.date
) -> tuple[list[HelperInput], dict[int, Capacity]]:
    verified = valid_verifications([h.pk for h in helpers], on)
    capacity = capacities(helpers, on)
    preferred: dict[int, set[int]] = defaultdict(set)
    through = HelperProfile.preferred_people.through
    for helper_id, person_id in through.objects.filter(
        helperprofile_id__in=[h.pk for h in helpers]
    ).values_list("helperprofile_id", "person_id"):
        preferred[helper_id].add(person_id)
    inputs = [
        HelperInput(
            id=h.pk,
            lat=h.latitude,
            lon=h.longitude,
            categories=frozenset(h.categories),
            verifications=verified.get(h.pk, frozenset()),
            max_distance_km=h.effective_max_km,
            availability_mask=slot_mask(h.availability),
            languages=frozenset(code.lower() for code in h.languages),
            capacity=capacity[h.pk].remaining,
            current_load=capacity[h.pk].active,
            preferred_person_ids=frozenset(preferred.get(h.pk, ())),
        )
        for h in helpers
    ]
    return inputs, capacity


def build_need_inputs(
    needs: list[Need], declined: dict[int, set[int]] | None = None
) -> list[NeedInput]:
    person_ids = {n.person_id for n in needs}
    table = _requirements_by_category({n.kommune_id for n in needs})
    blocked: dict[int, set[int]] = defaultdict(set)
    for person_id, helper_id in HelperBlock.objects.filter(person_id__in=person_ids).values_list(
        "person_id", "helper_id"
    ):
        blocked[person_id].add(helper_id)
    previous: dict[int, set[int]] = defaultdict(set)
    for person_id, helper_id in (
        Assignment.objects.filter(
            need__person_id__in=person_ids,
            status__in=[AssignmentStatus.ACCEPTED, AssignmentStatus.DONE],
        )
        .values_list("need__person_id", "helper_id")
        .distinct()
    ):
        previous[person_id].add(helper_id)
    declined = declined or {}
    result = []
    for need in needs:
        lat, lon = need_location(need)
        if lat is None or lon is None:
            continue
        result.append(
            NeedInput(
                id=need.pk,
                lat=lat,
                lon=lon,
                category=need.category,
                required_verifications=need_requirements(need, table),
                windows_mask=slot_mask(need.windows),
                person_id=need.person_id,
                language=person_language(need.person.languages),
                blocked_helper_ids=frozenset(
                    blocked[need.person_id] | declined.get(need.pk, set())
                ),
                previous_helper_ids=frozenset(previous[need.person_id]),
            )
        )
    return result


def declined_by_need(need_ids: Iterable[int]) -> dict[int, set[int]]:
    """Helpers who already said no (or were withdrawn) are not asked again for that need."""
    result: dict[int, set[int]] = defaultdict(set)
    for need_id, helper_id in Assignment.objects.filter(
        need_id__in=list(need_ids),
        status__in=[AssignmentStatus.DECLINED, AssignmentStatus.WITHDRAWN],
    ).values_list("need_id", "helper_id"):
        result[need_id].add(helper_id)
    return result


def open_needs_queryset(kommune_ids: Iterable[int]):
    """Open needs without a suggested, asked or accepted helper."""
    return (
        Need.objects.filter(kommune_id__in=list(kommune_ids), status=NeedStatus.OPEN)
        .exclude(assignments__status__in=ACTIVE_ASSIGNMENT_STATUSES)
        .select_related("person")
        .order_by("created_at")
    )


def load_inputs(kommune_ids: Iterable[int], on: dt.date | None = None) -> Inputs:
    on = on or timezone.localdate()
    kommune_ids = list(kommune_ids)
    needs = list(open_needs_queryset(kommune_ids))
    helpers = list(helpers_queryset(kommune_ids))
    helper_inputs, capacity = build_helper_inputs(helpers, on)
    need_inputs = build_need_inputs(needs, declined_by_need(n.pk for n in needs))
    return Inputs(
        needs=need_inputs,
        helpers=helper_inputs,
        need_by_id={n.pk: n for n in needs},
        helper_by_id={h.pk: h for h in helpers},
        capacity=capacity,
    )
