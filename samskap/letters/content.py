"""What goes into one weekly letter «På dørterskelen»: pure dataclasses, no ORM.

The selectors load rows and turn them into these; `pdf.py` renders them. Choosing and ordering
activities for one person (nearest first, wheelchair-accessible first for people who use a
wheelchair) and the postman's delivery order are pure functions, tested without a database.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from samskap.core.geo import distance_km

# Letters are written in the person's written language. The letter has few fixed phrases,
# kept here side by side so bokmål and nynorsk are checked together (and tested).
WORDING: dict[str, dict[str, str]] = {
    "nb": {
        "week": "Uke",
        "greeting": "Hei",
        "intro": "Her er det som skjer nær deg den kommende uken.",
        "activities": "Aktiviteter nær deg",
        "no_activities": "Vi fant ingen aktiviteter nær deg denne uken.",
        "appointments": "Dine avtaler",
        "news": "Nytt fra kommunen",
        "volunteers": "Frivillige søkes",
        "wheelchair": "Tilgjengelig med rullestol",
        "no_wheelchair": "Ikke tilrettelagt for rullestol",
        "hearing_loop": "Teleslynge",
        "ride": "Skyss kan ordnes",
        "free": "Gratis",
        "price": "Pris: {price} kr",
        "km": "{km} km fra deg",
        "call": "Ring oss på",
        "call_hint": "Ring hvis du vil være med, trenger skyss eller har spørsmål.",
        "visit": "Besøk av",
        "signed_up": "Du er påmeldt",
        "from": "Hilsen",
        "page": "Side",
    },
    "nn": {
        "week": "Veke",
        "greeting": "Hei",
        "intro": "Her er det som skjer nær deg den komande veka.",
        "activities": "Aktivitetar nær deg",
        "no_activities": "Vi fann ingen aktivitetar nær deg denne veka.",
        "appointments": "Avtalane dine",
        "news": "Nytt frå kommunen",
        "volunteers": "Frivillige søkjast",
        "wheelchair": "Tilgjengeleg med rullestol",
        "no_wheelchair": "Ikkje tilrettelagt for rullestol",
        "hearing_loop": "Teleslynge",
        "ride": "Skyss kan ordnast",
        "free": "Gratis",
        "price": "Pris: {price} kr",
        "km": "{km} km frå deg",
        "call": "Ring oss på",
        "call_hint": "Ring om du vil vere med, treng skyss eller har spørsmål.",
        "visit": "Besøk av",
        "signed_up": "Du er påmeld",
        "from": "Helsing",
        "page": "Side",
    },
    "en": {
        "week": "Week",
        "greeting": "Hello",
        "intro": "This is what happens near you in the coming week.",
        "activities": "Activities near you",
        "no_activities": "We found no activities near you this week.",
        "appointments": "Your appointments",
        "news": "News from the municipality",
        "volunteers": "Volunteers wanted",
        "wheelchair": "Wheelchair accessible",
        "no_wheelchair": "Not adapted for wheelchairs",
        "hearing_loop": "Hearing loop",
        "ride": "A ride can be arranged",
        "free": "Free",
        "price": "Price: {price} kr",
        "km": "{km} km from you",
        "call": "Call us on",
        "call_hint": "Call if you want to join, need a ride or have questions.",
        "visit": "Visit from",
        "signed_up": "You are signed up",
        "from": "Best wishes",
        "page": "Page",
    },
}
LANGUAGES = tuple(WORDING)
WHEELCHAIR_SIGNAL = "rullestol"


def letter_language(written_language: str) -> str:
    return written_language if written_language in WORDING else "nb"


def uses_wheelchair(about: str, signal: str = WHEELCHAIR_SIGNAL) -> bool:
    """Demo signal: the person's own "viktig å vite" mentions a wheelchair."""
    return bool(signal) and signal.casefold() in (about or "").casefold()


def week_label(week_start: dt.date, language: str) -> str:
    """ "Uke 49" / "Veke 49" (ISO week)."""
    return f"{WORDING[letter_language(language)]['week']} {week_start.isocalendar().week}"


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

    @property
    def words(self) -> dict[str, str]:
        return WORDING[self.language]


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
