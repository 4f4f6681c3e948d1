"""Reads for the portfolio: the catalogue, one initiative, the barometer, the export.

Everything here is public information about services, not about people: no login needed
and no access log. Each read is a fixed, small number of queries (tested).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from samskap.accounts.models import Role
from samskap.accounts.selectors import user_kommune_ids_with_role
from samskap.innovation import portfolio
from samskap.innovation.models import Adoption, AdoptionStatus, Initiative
from samskap.innovation.services import EXPORT_FORMAT, KEY_FIELDS
from samskap.municipalities.models import Kommune


def catalogue(
    *, phase: str = "", country: str = "", query: str = "", kommune: str = ""
) -> list[Initiative]:
    """The catalogue across all kommuner, with who adopted what (two queries)."""
    qs: QuerySet[Initiative] = Initiative.objects.select_related("kommune").prefetch_related(
        Prefetch("adoptions", queryset=Adoption.objects.select_related("kommune"))
    )
    if phase:
        qs = qs.filter(phase=phase)
    if country:
        qs = qs.filter(country=country)
    if kommune:
        qs = qs.filter(Q(municipality=kommune) | Q(kommune__name=kommune))
    for term in query.split()[:5]:
        qs = qs.filter(
            Q(title__icontains=term) | Q(theme__icontains=term) | Q(summary__icontains=term)
            | Q(municipality__icontains=term)
        )  # fmt: skip
    return list(qs.order_by("title"))


def initiative_get(*, slug: str) -> Initiative:
    return get_object_or_404(
        Initiative.objects.select_related("kommune").prefetch_related(
            Prefetch("adoptions", queryset=Adoption.objects.select_related("kommune"))
        ),
        slug=slug,
    )


def managed_kommuner(*, user) -> list[Kommune]:
    """Kommuner the user speaks for in the portfolio (coordinator or leader)."""
    if not user.is_authenticated:
        return []
    ids = user_kommune_ids_with_role(user, Role.COORDINATOR, Role.LEADER)
    return list(Kommune.objects.filter(pk__in=ids).order_by("name"))


def _facts(initiatives: list[Initiative]) -> tuple[list, list]:
    facts = [
        portfolio.InitiativeFacts(i.slug, i.title, i.owner_name, i.phase, i.keys)
        for i in initiatives
    ]
    adoptions = [
        portfolio.AdoptionFacts(i.slug, a.kommune.name, a.status)
        for i in initiatives
        for a in i.adoptions.all()
    ]
    return facts, adoptions


@dataclass
class Overview:
    initiatives: list[Initiative]
    barometer: portfolio.Barometer
    facts: list[portfolio.InitiativeFacts]


def overview() -> Overview:
    """Everything the barometer and the four keys diagram need (two queries)."""
    initiatives = catalogue()
    facts, adoptions = _facts(initiatives)
    return Overview(initiatives, portfolio.barometer(facts, adoptions), facts)


def spread_slugs(initiatives: list[Initiative]) -> set[str]:
    facts, adoptions = _facts(initiatives)
    return {f.slug for f in facts if portfolio.actively_spread(f, adoptions)}


def export_data() -> dict:
    """The whole portfolio in the import format, for another instance."""
    entries = []
    for i in catalogue():
        entries.append(
            {
                "slug": i.slug,
                "title": i.title,
                "kommune": i.owner_name,
                "country": i.country,
                "contact": i.contact,
                "theme": i.theme,
                "phase": i.phase,
                "status": i.status,
                "summary": i.summary,
                "description": i.description,
                "partners": i.partners,
                "target_groups": i.target_groups,
                "effects": i.effects,
                "keys": {k: getattr(i, f) for k, f in KEY_FIELDS.items()},
                "adopted_by": [
                    {"kommune": a.kommune.name, "status": a.status, "note": a.note}
                    for a in i.adoptions.all()
                    if a.status in AdoptionStatus.values
                ],
            }
        )
    return {"format": EXPORT_FORMAT, "initiatives": entries}
