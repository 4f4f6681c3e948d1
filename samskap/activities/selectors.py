"""Reads for meeting places."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from django.db.models import Count, Q

from samskap.activities import recurrence
from samskap.activities.models import Activity, SignUpStatus


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine), in km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))


@dataclass
class NearbyActivity:
    activity: Activity
    distance_km: float | None
    occurrences: list[recurrence.Occurrence]  # held and skipped ones in the period
    confirmed: int

    @property
    def held(self) -> list[recurrence.Occurrence]:
        return [o for o in self.occurrences if not o.skipped]

    @property
    def places_left(self) -> int | None:
        if self.activity.capacity is None:
            return None
        return max(0, self.activity.capacity - self.confirmed)


def activities_in_period(
    *,
    kommune_ids: list[int],
    start: dt.date,
    end: dt.date,
    origin: tuple[float, float] | None = None,
    wheelchair_first: bool = False,
    category: str | None = None,
    limit: int | None = None,
) -> list[NearbyActivity]:
    """Published activities held between start and end (inclusive), nearest first.

    `wheelchair_first` puts wheelchair-accessible activities before the others (each group
    nearest first) — for people who use a wheelchair. Activities without a held date in the
    period are left out. Two queries, whatever the number of activities.
    """
    qs = (
        Activity.objects.filter(kommune_id__in=kommune_ids, published=True)
        .filter(Q(until__isnull=True) | Q(until__gte=start), start_date__lte=end)
        .select_related("organisation", "kommune")
        .annotate(confirmed=Count("signups", filter=Q(signups__status=SignUpStatus.CONFIRMED)))
    )
    if category:
        qs = qs.filter(category=category)
    result = []
    for activity in qs:
        try:
            found = recurrence.occurrences(activity.rule(), start, end)
        except ValueError:
            continue  # an inconsistent schedule is shown to the organiser, not to residents
        if not any(not o.skipped for o in found):
            continue
        km = (
            distance_km(origin[0], origin[1], activity.latitude, activity.longitude)
            if origin
            else None
        )
        result.append(NearbyActivity(activity, km, found, activity.confirmed))

    def key(item: NearbyActivity):
        first = min(o.starts_at for o in item.held)
        accessible_rank = 0 if (not wheelchair_first or item.activity.wheelchair_access) else 1
        return (accessible_rank, item.distance_km if item.distance_km is not None else 0, first)

    result.sort(key=key)
    return result[:limit] if limit else result
