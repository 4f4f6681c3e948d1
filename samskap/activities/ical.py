"""iCalendar feeds (RFC 5545): a small writer, pure Python, no third-party library.

    from samskap.activities.ical import Event, calendar

    text = calendar(events, name="Sterk og stødig – Frivilligsentralen")

Choices, for the widest interoperability:

* Every time is written in UTC with a ``Z`` suffix (``DTSTART:20260312T100000Z``). Clients
  show it in the reader's own zone, so no VTIMEZONE is needed; the local wall-clock time
  (11:00 in Oslo, summer and winter) is kept because each occurrence is converted on its own.
* One VEVENT per occurrence, expanded by `recurrence.occurrences`, never an RRULE: clients
  agree on what a list of events means, and a skipped holiday is simply absent or sent with
  ``STATUS:CANCELLED``. Give each occurrence a stable UID, such as
  ``f"{activity.uuid}-{occurrence.date:%Y%m%d}@samskap.no"``, so that a changed or cancelled
  occurrence replaces the one the subscriber already has.
* TEXT values escape backslash, semicolon, comma and newlines (``\\n``); other control
  characters, which TEXT may not contain, are dropped.
* Lines are folded at 75 octets, never inside a UTF-8 character, and end with CRLF.
* DTSTAMP: without a METHOD (a subscription feed) RFC 5545 makes it the time the event was
  last revised, so it is ``last_modified`` when given, which keeps the feed byte-identical
  between requests; otherwise, and always with a METHOD, it is ``dtstamp`` (default: now).
* The calendar name goes both in ``X-WR-CALNAME`` (Apple, Google, Outlook) and in ``NAME``
  (RFC 7986).

An empty event list gives a calendar with no VEVENT; RFC 5545 asks for at least one
component, but every client we know accepts an empty feed, which is what an activity with no
coming dates should publish.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass

PRODID = "-//Samskap//Samskap//NB"
CONFIRMED = "CONFIRMED"
CANCELLED = "CANCELLED"
STATUSES = (CONFIRMED, CANCELLED)
MAX_LINE_OCTETS = 75

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_URI_FORBIDDEN = re.compile(r"[\x00-\x20\x7f\"<>\\^`{|}]")
_METHOD = re.compile(r"[A-Za-z0-9-]+")


def _is_aware(value: object) -> bool:
    return isinstance(value, dt.datetime) and value.utcoffset() is not None


@dataclass(frozen=True, kw_only=True)
class Event:
    """One VEVENT. Keyword arguments only; validated on creation."""

    uid: str
    summary: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    description: str = ""
    location: str = ""
    url: str = ""
    geo: tuple[float, float] | None = None
    status: str = CONFIRMED
    last_modified: dt.datetime | None = None
    categories: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        for name in ("uid", "summary", "description", "location", "url"):
            if not isinstance(getattr(self, name), str):
                raise ValueError(f"The event's {name} must be text.")
        if not self.uid.strip():
            raise ValueError("The event needs a UID.")
        if not (_is_aware(self.starts_at) and _is_aware(self.ends_at)):
            raise ValueError("The event's start and end must be timezone-aware datetimes.")
        if format_utc(self.ends_at) <= format_utc(self.starts_at):
            raise ValueError("The event must end after it starts.")
        if self.last_modified is not None and not _is_aware(self.last_modified):
            raise ValueError("The event's last modified time must be timezone-aware.")
        if self.url and _URI_FORBIDDEN.search(self.url):
            raise ValueError("The event's URL contains spaces or characters a URI cannot hold.")
        if self.status not in STATUSES:
            raise ValueError(f"Unknown status {self.status!r}: use CONFIRMED or CANCELLED.")
        if self.geo is not None:
            if len(self.geo) != 2:
                raise ValueError("geo must be a pair (latitude, longitude).")
            latitude, longitude = (float(v) for v in self.geo)
            if not (math.isfinite(latitude) and math.isfinite(longitude)):
                raise ValueError("geo must be a pair of finite numbers.")
            if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
                raise ValueError("The latitude must be within ±90 and the longitude ±180.")
            object.__setattr__(self, "geo", (latitude, longitude))
        if isinstance(self.categories, str):
            raise ValueError("categories must be a sequence of names, not one string.")
        categories = tuple(self.categories)
        if not all(isinstance(c, str) and c.strip() for c in categories):
            raise ValueError("Every category must be non-empty text.")
        object.__setattr__(self, "categories", categories)


def format_utc(value: dt.datetime) -> str:
    """An aware datetime as an RFC 5545 UTC DATE-TIME (``20260312T100000Z``), whole seconds."""
    if not _is_aware(value):
        raise ValueError("Only timezone-aware datetimes can be written in UTC.")
    utc = value.astimezone(dt.UTC)
    return (
        f"{utc.year:04d}{utc.month:02d}{utc.day:02d}"
        f"T{utc.hour:02d}{utc.minute:02d}{utc.second:02d}Z"
    )


def escape_text(value: str) -> str:
    """An RFC 5545 TEXT value: backslash, semicolon, comma and newlines escaped."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = _CONTROL.sub("", value)
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line: str) -> str:
    """Fold a content line into physical lines of at most 75 octets, joined by CRLF + space.

    A UTF-8 character is never split across lines.
    """
    physical: list[str] = []
    current: list[str] = []
    size = 0
    for char in line:
        octets = len(char.encode())
        if size + octets > MAX_LINE_OCTETS:
            physical.append("".join(current))
            current, size = [" "], 1
        current.append(char)
        size += octets
    physical.append("".join(current))
    return "\r\n".join(physical)


def _event_lines(event: Event, dtstamp: str) -> list[str]:
    lines = [
        "BEGIN:VEVENT",
        f"UID:{escape_text(event.uid)}",
        f"DTSTAMP:{dtstamp}",
        f"DTSTART:{format_utc(event.starts_at)}",
        f"DTEND:{format_utc(event.ends_at)}",
        f"SUMMARY:{escape_text(event.summary)}",
    ]
    if event.description:
        lines.append(f"DESCRIPTION:{escape_text(event.description)}")
    if event.location:
        lines.append(f"LOCATION:{escape_text(event.location)}")
    if event.geo is not None:
        latitude, longitude = event.geo
        lines.append(f"GEO:{latitude:.6f};{longitude:.6f}")
    if event.url:
        lines.append(f"URL:{event.url}")
    if event.categories:
        lines.append("CATEGORIES:" + ",".join(escape_text(c) for c in event.categories))
    lines.append(f"STATUS:{event.status}")
    if event.last_modified is not None:
        lines.append(f"LAST-MODIFIED:{format_utc(event.last_modified)}")
    lines.append("END:VEVENT")
    return lines


def calendar(
    events: Iterable[Event],
    *,
    name: str,
    prodid: str = PRODID,
    method: str | None = None,
    dtstamp: dt.datetime | None = None,
) -> str:
    """The events as one VCALENDAR, ready to serve as ``text/calendar; charset=utf-8``.

    `method` is an iTIP method such as ``PUBLISH``; leave it out for subscription feeds.
    `dtstamp` (aware, default now) is used where an event has no `last_modified` or when a
    method is given. Raises ValueError when two events share a UID.
    """
    if dtstamp is None:
        dtstamp = dt.datetime.now(dt.UTC)
    stamp = format_utc(dtstamp)
    if method is not None and not _METHOD.fullmatch(method):
        raise ValueError(f"Invalid method {method!r}: use an iTIP method such as PUBLISH.")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{escape_text(prodid)}",
        "CALSCALE:GREGORIAN",
    ]
    if method is not None:
        lines.append(f"METHOD:{method.upper()}")
    lines += [f"X-WR-CALNAME:{escape_text(name)}", f"NAME:{escape_text(name)}"]
    seen: set[str] = set()
    for event in events:
        if event.uid in seen:
            raise ValueError(f"Two events share the UID {event.uid!r}.")
        seen.add(event.uid)
        if method is None and event.last_modified is not None:
            event_stamp = format_utc(event.last_modified)
        else:
            event_stamp = stamp
        lines += _event_lines(event, event_stamp)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
