"""Why a helper is suggested, in plain words ("2,1 km unna", "Har hjulpet Eli før")."""

from __future__ import annotations

from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samskap.matching.model import Components, mask_slots

DAY_LABELS = {
    "mon": gettext_lazy("mandag"),
    "tue": gettext_lazy("tirsdag"),
    "wed": gettext_lazy("onsdag"),
    "thu": gettext_lazy("torsdag"),
    "fri": gettext_lazy("fredag"),
    "sat": gettext_lazy("lørdag"),
    "sun": gettext_lazy("søndag"),
}
PART_LABELS = {
    "am": gettext_lazy("formiddag"),
    "pm": gettext_lazy("ettermiddag"),
    "ev": gettext_lazy("kveld"),
}
LANGUAGE_LABELS = {
    "so": gettext_lazy("somali"),
    "ar": gettext_lazy("arabisk"),
    "pl": gettext_lazy("polsk"),
    "ti": gettext_lazy("tigrinja"),
    "uk": gettext_lazy("ukrainsk"),
    "en": gettext_lazy("engelsk"),
    "se": gettext_lazy("nordsamisk"),
    "sv": gettext_lazy("svensk"),
    "de": gettext_lazy("tysk"),
    "lt": gettext_lazy("litauisk"),
    "fa": gettext_lazy("persisk"),
}


def slot_label(code: str) -> str:
    day, part = code.split("_")
    return f"{DAY_LABELS[day]} {PART_LABELS[part]}"


def slots_label(codes: list[str]) -> str:
    """'tirsdag formiddag, torsdag ettermiddag' – grouped by day."""
    by_day: dict[str, list[str]] = {}
    for code in codes:
        day, part = code.split("_")
        by_day.setdefault(day, []).append(str(PART_LABELS[part]))
    return ", ".join(f"{DAY_LABELS[day]} {' og '.join(parts)}" for day, parts in by_day.items())


def language_label(code: str) -> str:
    return str(LANGUAGE_LABELS.get(code, code))


def reasons_json(components: Components) -> dict[str, Any]:
    return {
        "distance_km": round(components.distance_km, 1),
        "helped_before": components.helped_before,
        "preferred": components.preferred,
        "overlap": mask_slots(components.overlap_mask),
        "language": components.shared_language,
    }


def reasons_text(reasons: dict[str, Any], person_first_name: str) -> list[str]:
    """The reasons as short sentences, most important first."""
    lines: list[str] = []
    if reasons.get("helped_before"):
        lines.append(_("Har hjulpet %(name)s før") % {"name": person_first_name})
    if reasons.get("preferred"):
        lines.append(_("Ønsker å hjelpe %(name)s fast") % {"name": person_first_name})
    if "distance_km" in reasons:
        lines.append(
            _("%(km)s km unna") % {"km": number_format(reasons["distance_km"], decimal_pos=1)}
        )
    if reasons.get("overlap"):
        lines.append(_("Ledig %(when)s") % {"when": slots_label(reasons["overlap"])})
    if reasons.get("language"):
        lines.append(_("Snakker %(language)s") % {"language": language_label(reasons["language"])})
    return lines
