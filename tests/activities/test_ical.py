from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import icalendar
import pytest
from hypothesis import given
from hypothesis import strategies as st

from samskap.activities.ical import (
    CANCELLED,
    CONFIRMED,
    Event,
    calendar,
    escape_text,
    fold,
    format_utc,
)
from samskap.activities.recurrence import THURSDAY, Rule, occurrences

OSLO = ZoneInfo("Europe/Oslo")
STAMP = dt.datetime(2026, 11, 1, 8, 0, tzinfo=dt.UTC)


def event(**kwargs) -> Event:
    defaults = dict(
        uid="sterk-20260312@samskap.no",
        summary="Sterk og stødig",
        description="Styrke- og balansetrening for deg over 65.",
        location="Frivilligsentralen, Storgata 1; 2. etasje",
        starts_at=dt.datetime(2026, 3, 12, 11, 0, tzinfo=OSLO),
        ends_at=dt.datetime(2026, 3, 12, 12, 0, tzinfo=OSLO),
    )
    return Event(**(defaults | kwargs))


def parse(text: str) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(text)


def calendar_name(cal: icalendar.Calendar, prop: str = "X-WR-CALNAME") -> str:
    """icalendar keeps X- and RFC 7986 properties raw; RFC 5545 makes them TEXT by default."""
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m[1] in "nN" else m[1], str(cal[prop]))


def physical_lines(text: str) -> list[str]:
    assert text.endswith("\r\n")
    return text[:-2].split("\r\n")


def assert_well_formed(text: str) -> None:
    assert "\n" not in text.replace("\r\n", "")
    assert "\r" not in text.replace("\r\n", "")
    for line in physical_lines(text):
        assert len(line.encode()) <= 75, line
        assert line  # no empty lines


# --- escaping and folding -----------------------------------------------------------------


def test_escape_text():
    assert escape_text("a\\b;c,d\ne") == "a\\\\b\\;c\\,d\\ne"
    assert escape_text("Linje 1\r\nLinje 2\rLinje 3") == "Linje 1\\nLinje 2\\nLinje 3"
    assert escape_text("tab\tbell\x07del\x7f") == "tab\tbelldel"
    assert escape_text("Ærlig, østre å") == "Ærlig\\, østre å"


def test_short_lines_are_not_folded():
    assert fold("SUMMARY:kort") == "SUMMARY:kort"
    assert fold("X:" + "a" * 73) == "X:" + "a" * 73  # exactly 75 octets


def test_folding_counts_octets_and_never_splits_a_character():
    line = "SUMMARY:" + "ø" * 100  # 8 + 200 octets
    folded = fold(line)
    parts = folded.split("\r\n")
    assert all(len(p.encode()) <= 75 for p in parts)
    assert all(p.startswith(" ") for p in parts[1:])
    # Tightly packed: 8 + 33 * 2 = 74 octets, one more "ø" would not fit.
    assert len(parts[0].encode()) == 74
    assert "".join([parts[0]] + [p[1:] for p in parts[1:]]) == line


def test_folding_four_octet_characters():
    line = "DESCRIPTION:" + "🚶‍♀️🌲" * 30
    parts = fold(line).split("\r\n")
    assert all(len(p.encode()) <= 75 for p in parts)
    assert all(len(p.encode()) >= 71 for p in parts[:-1])
    assert "".join([parts[0]] + [p[1:] for p in parts[1:]]) == line


def test_utc_format():
    assert format_utc(dt.datetime(2026, 7, 2, 11, 0, 30, 999, tzinfo=OSLO)) == "20260702T090030Z"
    assert format_utc(dt.datetime(2026, 1, 2, 11, 0, tzinfo=OSLO)) == "20260102T100000Z"
    with pytest.raises(ValueError, match="timezone-aware"):
        format_utc(dt.datetime(2026, 1, 2, 11, 0))  # noqa: DTZ001


# --- the calendar ---------------------------------------------------------------------------


def test_a_calendar_parses_and_round_trips_norwegian_text():
    description = "Ta med vannflaske, gode sko; og godt humør!\nVi møtes i 2. etasje.\\"
    ev = event(
        summary="Sterk og stødig – Ærø, Ålesund; Øst",
        description=description,
        url="https://samskap.no/moteplasser/sterk-og-stodig/?uke=12&dag=tor",
        geo=(59.913868, 10.752245),
        categories=("Trening", "Eldre, 65+", "Fall;forebygging"),
        last_modified=dt.datetime(2026, 2, 1, 9, 30, tzinfo=dt.UTC),
    )
    text = calendar([ev], name="Møteplasser, Bydel Østensjø", dtstamp=STAMP)
    assert_well_formed(text)
    cal = parse(text)
    assert "X-WR-CALNAME:Møteplasser\\, Bydel Østensjø\r\n" in text
    assert calendar_name(cal) == "Møteplasser, Bydel Østensjø"
    assert calendar_name(cal, "NAME") == "Møteplasser, Bydel Østensjø"
    assert str(cal["VERSION"]) == "2.0"
    assert str(cal["PRODID"]) == "-//Samskap//Samskap//NB"
    assert "METHOD" not in cal
    [vevent] = cal.walk("VEVENT")
    assert str(vevent["UID"]) == "sterk-20260312@samskap.no"
    assert str(vevent["SUMMARY"]) == "Sterk og stødig – Ærø, Ålesund; Øst"
    assert str(vevent["DESCRIPTION"]) == description
    assert str(vevent["LOCATION"]) == "Frivilligsentralen, Storgata 1; 2. etasje"
    assert str(vevent["URL"]) == ev.url
    assert str(vevent["STATUS"]) == CONFIRMED
    assert [str(c) for c in vevent["CATEGORIES"].cats] == [
        "Trening",
        "Eldre, 65+",
        "Fall;forebygging",
    ]
    assert vevent["GEO"].latitude == pytest.approx(59.913868)
    assert vevent["GEO"].longitude == pytest.approx(10.752245)
    assert vevent["DTSTART"].dt == ev.starts_at
    assert vevent["DTSTART"].dt.utcoffset() == dt.timedelta(0)
    assert vevent["DTEND"].dt == ev.ends_at
    assert vevent["LAST-MODIFIED"].dt == ev.last_modified
    # A feed without a METHOD stamps each event with its last revision.
    assert vevent["DTSTAMP"].dt == ev.last_modified


def test_times_are_written_in_utc():
    text = calendar([event()], name="Test", dtstamp=STAMP)
    assert "DTSTART:20260312T100000Z\r\n" in text
    assert "DTEND:20260312T110000Z\r\n" in text
    assert "DTSTAMP:20261101T080000Z\r\n" in text
    assert "TZID" not in text and "VTIMEZONE" not in text


def test_optional_properties_are_left_out_when_empty():
    text = calendar([event(description="", location="")], name="Test", dtstamp=STAMP)
    for name in ("DESCRIPTION", "LOCATION", "URL", "GEO", "CATEGORIES", "LAST-MODIFIED"):
        assert not re.search(rf"^{name}[:;]", text, re.MULTILINE), name


def test_method_and_dtstamp():
    ev = event(last_modified=dt.datetime(2026, 2, 1, tzinfo=dt.UTC))
    text = calendar([ev], name="Test", method="publish", dtstamp=STAMP)
    cal = parse(text)
    assert str(cal["METHOD"]) == "PUBLISH"
    # With a METHOD, DTSTAMP is when the object was created.
    assert cal.walk("VEVENT")[0]["DTSTAMP"].dt == STAMP
    with pytest.raises(ValueError, match="Invalid method"):
        calendar([ev], name="Test", method="PUBLISH\r\nX-EVIL:1")


def test_dtstamp_defaults_to_now_in_utc():
    before = dt.datetime.now(dt.UTC).replace(microsecond=0)
    cal = parse(calendar([event()], name="Test"))
    stamp = cal.walk("VEVENT")[0]["DTSTAMP"].dt
    assert before <= stamp <= dt.datetime.now(dt.UTC)


def test_the_output_is_stable_between_requests_when_events_have_last_modified():
    changed = dt.datetime(2026, 2, 1, tzinfo=dt.UTC)
    events = [event(last_modified=changed)]
    assert calendar(events, name="Test") == calendar(events, name="Test")


def test_an_empty_calendar_still_parses():
    text = calendar([], name="Ingen datoer ennå", dtstamp=STAMP)
    assert_well_formed(text)
    assert parse(text).walk("VEVENT") == []


def test_duplicate_uids_are_refused():
    with pytest.raises(ValueError, match="share the UID"):
        calendar([event(), event()], name="Test", dtstamp=STAMP)


def test_a_weekly_activity_as_a_feed_with_holidays_cancelled():
    rule = Rule(
        frequency="weekly",
        weekdays=(THURSDAY,),
        start=dt.date(2026, 1, 8),
        start_time=dt.time(11, 0),
        duration_minutes=60,
    )
    occs = occurrences(rule, dt.date(2026, 3, 1), dt.date(2026, 11, 30))
    events = [
        event(
            uid=f"sterk-{o.date:%Y%m%d}@samskap.no",
            summary=f"Ingen trening: {o.skipped_reason}" if o.skipped else "Sterk og stødig",
            starts_at=o.starts_at,
            ends_at=o.ends_at,
            status=CANCELLED if o.skipped else CONFIRMED,
        )
        for o in occs
    ]
    text = calendar(events, name="Sterk og stødig", dtstamp=STAMP)
    assert_well_formed(text)
    vevents = parse(text).walk("VEVENT")
    assert len(vevents) == len(occs)
    uids = [str(v["UID"]) for v in vevents]
    assert len(set(uids)) == len(uids)
    starts = {v["DTSTART"].dt.date(): v["DTSTART"].dt for v in vevents}
    assert starts[dt.date(2026, 3, 26)].hour == 10  # 11:00 CET
    assert starts[dt.date(2026, 4, 9)].hour == 9  # 11:00 CEST
    assert starts[dt.date(2026, 10, 29)].hour == 10  # 11:00 CET
    cancelled = {
        v["DTSTART"].dt.date(): str(v["SUMMARY"]) for v in vevents if v["STATUS"] == "CANCELLED"
    }
    assert cancelled == {
        dt.date(2026, 4, 2): "Ingen trening: Skjærtorsdag",
        dt.date(2026, 5, 14): "Ingen trening: Kristi himmelfartsdag",
    }


# --- validation -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (dict(uid=" "), "needs a UID"),
        (dict(summary=None), "summary must be text"),
        (dict(starts_at=dt.datetime(2026, 3, 12, 11, 0)), "timezone-aware"),  # noqa: DTZ001
        (dict(ends_at=dt.datetime(2026, 3, 12, 11, 0, tzinfo=OSLO)), "end after it starts"),
        (dict(ends_at=dt.datetime(2026, 3, 12, 10, 0, tzinfo=OSLO)), "end after it starts"),
        (dict(last_modified=dt.datetime(2026, 3, 1)), "last modified"),  # noqa: DTZ001
        (dict(status="TENTATIVE"), "Unknown status"),
        (dict(url="https://samskap.no/a b"), "URL contains spaces"),
        (dict(url="https://samskap.no/\r\nX-EVIL:1"), "URL contains spaces"),
        (dict(geo=(91.0, 10.0)), "latitude must be within"),
        (dict(geo=(59.0, 181.0)), "latitude must be within"),
        (dict(geo=(float("nan"), 10.0)), "finite"),
        (dict(geo=(59.0,)), "pair"),
        (dict(categories="Trening"), "not one string"),
        (dict(categories=("Trening", "")), "non-empty"),
    ],
)
def test_invalid_events_are_refused(changes, message):
    with pytest.raises(ValueError, match=message):
        event(**changes)


# --- properties -----------------------------------------------------------------------------

# Any text a person might type: letters (æøå, Sami letters, emoji), punctuation, newlines.
# Other control characters are not allowed in iCalendar TEXT and are dropped (tested above).
SPECIAL = "\n\t\\;,:\"' æøåÆØÅŋŧžčđá"
texts = st.text(
    alphabet=st.one_of(st.sampled_from(SPECIAL), st.characters(blacklist_categories=("Cs", "Cc"))),
    max_size=300,
)
# Hypothesis takes naive bounds and adds the zone itself.
NAIVE_MIN, NAIVE_MAX = dt.datetime(1990, 1, 1), dt.datetime(2100, 1, 1)  # noqa: DTZ001
aware = st.datetimes(NAIVE_MIN, NAIVE_MAX, timezones=st.just(OSLO))


@given(summary=texts, description=texts, location=texts, name=texts, categories=st.lists(texts))
def test_any_text_round_trips_and_every_line_is_short(
    summary, description, location, name, categories
):
    categories = [c for c in categories if c.strip()]
    ev = event(
        summary=summary,
        description=description,
        location=location,
        categories=tuple(categories),
    )
    text = calendar([ev], name=name, dtstamp=STAMP)
    assert_well_formed(text)
    cal = parse(text)
    assert calendar_name(cal) == name
    [vevent] = cal.walk("VEVENT")
    assert str(vevent["SUMMARY"]) == summary
    if description:
        assert str(vevent["DESCRIPTION"]) == description
    if location:
        assert str(vevent["LOCATION"]) == location
    if categories:
        assert [str(c) for c in vevent["CATEGORIES"].cats] == categories


@given(texts)
def test_folding_round_trips(value):
    line = "DESCRIPTION:" + escape_text(value)
    folded = fold(line)
    assert all(len(part.encode()) <= 75 for part in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == line


@given(st.lists(st.tuples(aware, st.integers(1, 24 * 60)), min_size=1, max_size=20))
def test_many_events_keep_their_times_and_unique_uids(spans):
    utc = dt.UTC
    events = [
        event(
            uid=f"{i}@samskap.no",
            starts_at=start,
            ends_at=(start.astimezone(utc) + dt.timedelta(minutes=m)).astimezone(OSLO),
        )
        for i, (start, m) in enumerate(spans)
    ]
    text = calendar(events, name="Test", dtstamp=STAMP)
    assert_well_formed(text)
    vevents = parse(text).walk("VEVENT")
    assert [str(v["UID"]) for v in vevents] == [e.uid for e in events]
    for vevent, ev in zip(vevents, events, strict=True):
        # Compare in UTC: a time in the repeated autumn hour never equals one in another zone.
        assert vevent["DTSTART"].dt == ev.starts_at.astimezone(utc).replace(microsecond=0)
        assert vevent["DTEND"].dt == ev.ends_at.astimezone(utc).replace(microsecond=0)
