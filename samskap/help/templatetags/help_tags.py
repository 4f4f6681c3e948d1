"""Small display helpers for the help pages: time slots, reasons, kilometres and kroner."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from samskap.help.models import Category, VerificationKind
from samskap.help.reasons import PART_LABELS, reasons_text, slots_label
from samskap.matching.model import DAYS

register = template.Library()


@register.filter
def slots(codes: list[str] | None) -> str:
    """'tirsdag formiddag og ettermiddag, torsdag kveld'."""
    return slots_label(list(codes or []))


@register.filter
def windows_label(codes: list[str] | None) -> str:
    """Time slots grouped into runs of days: 'mandag–fredag formiddag, lørdag kveld'."""
    return slots_label(list(codes or []))


@register.filter
def parts_on(need: Any, day: dt.date | None) -> str:
    """The parts of the day that suit the need on `day`: 'formiddag eller ettermiddag'."""
    if day is None:
        return ""
    weekday = DAYS[day.weekday()]
    parts = [str(PART_LABELS[c.split("_")[1]]) for c in need.windows if c.startswith(weekday)]
    if not parts:
        return ""
    if len(parts) == 1:
        return parts[0]
    return _("%(first)s eller %(last)s") % {"first": ", ".join(parts[:-1]), "last": parts[-1]}


@register.filter
def reasons(assignment: Any) -> list[str]:
    """Why the helper was suggested, in plain sentences."""
    return reasons_text(assignment.reasons or {}, assignment.need.person.given_name)


@register.filter
def km(value: float | None) -> str:
    if value is None:
        return "–"
    whole = round(value, 1) == round(value)
    return _("%(km)s km") % {"km": number_format(value, decimal_pos=0 if whole else 1)}


@register.filter
def nok(value: int | float | None) -> str:
    """'kr 12 345' with the locale's thousands separator."""
    if value is None:
        return "–"
    return _("kr %(amount)s") % {
        "amount": number_format(round(value), decimal_pos=0, force_grouping=True)
    }


@register.filter
def hours(value: Any) -> str:
    """Hours with at most one decimal: '2', '1,5'."""
    if value is None:
        return "–"
    rounded = round(float(value), 1)
    return number_format(rounded, decimal_pos=0 if rounded == int(rounded) else 1)


@register.filter
def category_label(code: str) -> str:
    return str(dict(Category.choices).get(code, code))


@register.filter
def category_labels(codes: list[str] | None) -> str:
    labels = dict(Category.choices)
    return ", ".join(str(labels.get(c, c)) for c in codes or [])


@register.filter
def verification_label(code: str) -> str:
    return str(dict(VerificationKind.choices).get(code, code))
