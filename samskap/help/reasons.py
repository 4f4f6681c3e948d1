"""Why a helper is suggested, in plain words ("2,1 km unna", "Har hjulpet Eli før")."""

from __future__ import annotations

from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samskap.matching.model import DAYS, PARTS, Components, mask_slots

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
    """Time slots grouped into runs of days: 'mandag–fredag formiddag, lørdag kveld'."""
    parts_by_day: dict[str, set[str]] = {day: set() for day in DAYS}
    for code in codes:
        day, part = code.split("_")
        parts_by_day[day].add(part)
    runs: list[tuple[int, int, frozenset[str]]] = []
    for i, day in enumerate(DAYS):
        parts = frozenset(parts_by_day[day])
        if not parts:
            continue
        if runs and runs[-1][1] == i - 1 and runs[-1][2] == parts:
            runs[-1] = (runs[-1][0], i, parts)
        else:
            runs.append((i, i, parts))
    labels = []
    joiner = " {} ".format(_("og"))
    for first, last, parts in runs:
        if first == 0 and last == len(DAYS) - 1:
            days = "{},".format(_("alle dager"))
        elif first == last:
            days = str(DAY_LABELS[DAYS[first]])
        else:
            days = f"{DAY_LABELS[DAYS[first]]}–{DAY_LABELS[DAYS[last]]}"
        names = [str(PART_LABELS[p]) for p in PARTS if p in parts]
        labels.append(f"{days} {joiner.join(names)}")
    return ", ".join(labels)


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
