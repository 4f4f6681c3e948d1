"""What goes into one weekly letter «På dørterskelen»: plain dataclasses, no ORM.

The selectors load rows and turn them into these; `pdf.py` renders them. Choosing and ordering
activities for one person (nearest first, wheelchair-accessible first for people who use a
wheelchair) and the postman's delivery order are pure functions, tested without a database.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from django.utils import translation
from django.utils.translation import gettext as _

from samskap.core.geo import distance_km

# Letters are written in the person's written language; the fixed phrases are gettext
# strings (locale/nn, locale/en), rendered with `translation.override(letter.language)`.
LANGUAGES = ("nb", "nn", "en")
WHEELCHAIR_SIGNAL = "rullestol"


def letter_language(written_language: str) -> str:
    return written_language if written_language in LANGUAGES else "nb"


def uses_wheelchair(about: str, signal: str = WHEELCHAIR_SIGNAL) -> bool:
    """Demo signal: the person's own "viktig å vite" mentions a wheelchair."""
    return bool(signal) and signal.casefold() in (about or "").casefold()


def week_label(week_start: dt.date, language: str) -> str:
    """ "Uke 49" / "Veke 49" / "Week 49" (ISO week)."""
    with translation.override(letter_language(language)):
        return _("Uke %(week)s") % {"week": week_start.isocalendar().week}


# --- Delivery order -------------------------------------------------------------------------

_NUMBER = re.compile(r"^(?P<street>.*?)\s+(?P<number>\d+)\s*(?P<letter>[A-Za-zÆØÅæøå]?)\b.*$")


@dataclass(frozen=True, order=True)
class StreetAddress:
    street: str
    number: int
    letter: str


def parse_street_address(street_address: str) -> StreetAddress:
    """ "Vestringsvegen 12B" → ("vestringsvegen", 12, "b"). Unnumbered addresses sort first."""
    text = " ".join((street_address or "").split())
    match = _NUMBER.match(text)
    if not match:
        return StreetAddress(text.casefold(), 0, "")
    return StreetAddress(
        match["street"].casefold(), int(match["number"]), match["letter"].casefold()
    )


def delivery_key(postal_code: str, street_address: str) -> tuple[str, str, int, str]:
    """How the postman walks: postal code, street name, house number (12 < 12B < 13)."""
    parsed = parse_street_address(street_address)
    return (postal_code or "9999", parsed.street, parsed.number, parsed.letter)


# --- The letter -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ActivityOption:
    """An activity held in the letter's week, before it is placed relative to a person."""

    id: int
    title: str
    place: str
    address: str
    starts: tuple[dt.datetime, ...]
    latitude: float | None
    longitude: float | None
    wheelchair_access: bool
    hearing_loop: bool
    ride_offered: bool
    ride_note: str
    price_nok: int
    contact_phone: str


@dataclass(frozen=True)
class LetterActivity:
    option: ActivityOption
    distance_km: float | None

    @property
    def first_start(self) -> dt.datetime:
        return self.option.starts[0]


@dataclass(frozen=True)
class LetterNews:
    title: str
    body: str


@dataclass(frozen=True)
class Appointment:
    date: dt.date
    time: dt.time | None
    title: str
    place: str = ""
    kind: str = "activity"  # or "visit": title is then the helper's name


@dataclass(frozen=True)
class LetterContent:
    person_id: int
    recipient_name: str
    address_lines: tuple[str, ...]
    postal_code: str
    street: str
    house_number: int
    house_letter: str
    language: str
    kommune_name: str
    phone: str
    signature: str
    week_start: dt.date
    week_label: str
    activities: list[LetterActivity] = field(default_factory=list)
    news: list[LetterNews] = field(default_factory=list)
    volunteer_calls: list[LetterNews] = field(default_factory=list)
    appointments: list[Appointment] = field(default_factory=list)
    given_name: str = ""  # "Hei, Eli!" reads more plainly than the full name

    @property
    def sort_key(self) -> tuple[str, str, int, str]:
        return (self.postal_code or "9999", self.street, self.house_number, self.house_letter)


def choose_activities(
    options: list[ActivityOption],
    *,
    origin: tuple[float, float] | None,
    wheelchair_first: bool = False,
    limit: int = 4,
) -> list[LetterActivity]:
    """The person's activities: nearest first, wheelchair-accessible ones first if asked.

    Same order as `activities.selectors.activities_in_period`, computed in Python so the
    week's activities are loaded once per kommune, not once per letter.
    """
    placed = []
    for option in options:
        km = None
        if origin and option.latitude is not None and option.longitude is not None:
            km = distance_km(origin[0], origin[1], option.latitude, option.longitude)
        placed.append(LetterActivity(option, km))

    def key(item: LetterActivity):
        rank = 0 if (not wheelchair_first or item.option.wheelchair_access) else 1
        return (rank, item.distance_km if item.distance_km is not None else 0, item.first_start)

    placed.sort(key=key)
    return placed[:limit]


def address_lines(
    name: str, street_address: str, postal_code: str, postal_place: str
) -> tuple[str, ...]:
    lines = [name, street_address.strip(), f"{postal_code} {postal_place}".strip()]
    return tuple(line for line in lines if line)
