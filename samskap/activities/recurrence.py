"""When an activity meets: a small recurrence model, pure Python, no database.

    from samskap.activities.recurrence import Rule, occurrences, next_occurrence

    sterk_og_stodig = Rule(
        frequency="weekly", weekdays=(THURSDAY,), start=dt.date(2026, 1, 8),
        start_time=dt.time(11, 0), duration_minutes=60,
    )
    occurrences(sterk_og_stodig, dt.date(2026, 1, 1), dt.date(2026, 6, 30))

Enough for municipal activities, deliberately not all of RFC 5545:

* ``once``: a one-off event on ``start``.
* ``weekly``: on ``weekdays`` (0 = Monday; empty means the weekday of ``start``) every
  ``interval`` weeks. Weeks run Monday to Sunday and are counted from the week that contains
  ``start``: with ``interval=2`` the activity meets in weeks 0, 2, 4 … after it, never before
  ``start`` itself.
* ``monthly``: either on ``month_day`` (1–31) or on ``nth_weekday=(nth, weekday)`` such as
  ``(1, TUESDAY)`` "first Tuesday" or ``(-1, FRIDAY)`` "last Friday" (nth is 1–4 or -1), every
  ``interval`` months counted from the month of ``start``. A month without ``month_day``
  (the 31st in April, the 30th in February) is skipped, not moved to the month's last day,
  as in RFC 5545.

``until`` (inclusive) or ``count`` ends a recurring rule, never both. ``count`` is the number
of dates the pattern produces from ``start``, *including* dates later skipped for holidays or
cancelled (RFC 5545 COUNT semantics): the course ends on the same day whatever is skipped.

Skipping: with ``skip_holidays`` the pattern's dates that are Norwegian public holidays
(see `holidays`) are returned with ``skipped_reason`` set to the holiday's bokmål name and
``holiday`` set, so the interface can say "Ingen trening 1. mai (offentlig høytidsdag)" in
any language; ``skip_common_days_off`` does the same for julaften and nyttårsaften.
``exceptions`` are cancelled dates, returned with ``skipped_reason == CANCELLED`` (exception
dates the rule never produces are ignored). Dates the organiser names explicitly are never
skipped for holidays: the date of a one-off event and ``extra_dates``, which are added on top
of the pattern regardless of ``until`` and ``count``.

Times: every occurrence starts at ``start_time`` local wall-clock time in ``timezone``, so an
11:00 class stays at 11:00 across the March and October clock changes. ``duration_minutes``
is elapsed time. A start time that does not exist (02:30 on the last Sunday of March) moves
forward by the length of the gap (to 03:30); an ambiguous one (02:30 on the last Sunday of
October) means the first of the two, summer time, as RFC 5545 prescribes.

Dates are supported from 1900 to 2200, the range `holidays` knows.
"""

from __future__ import annotations

import calendar
import datetime as dt
import heapq
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .holidays import MAX_YEAR, MIN_YEAR, Holiday, common_day_off_on, holiday_on

MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY, SATURDAY, SUNDAY = range(7)

ONCE = "once"
WEEKLY = "weekly"
MONTHLY = "monthly"
FREQUENCIES = (ONCE, WEEKLY, MONTHLY)

NTH_VALUES = (1, 2, 3, 4, -1)
MAX_DURATION_MINUTES = 7 * 24 * 60
MAX_INTERVAL = 100
CANCELLED = "Avlyst"
"""`Occurrence.skipped_reason` of a date listed in `Rule.exceptions`."""

FIRST_DATE = dt.date(MIN_YEAR, 1, 1)
LAST_DATE = dt.date(MAX_YEAR, 12, 31)


@lru_cache(maxsize=16)
def _zone(key: str) -> ZoneInfo:
    return ZoneInfo(key)


def _is_date(value: object) -> bool:
    return isinstance(value, dt.date) and not isinstance(value, dt.datetime)


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


@dataclass(frozen=True, kw_only=True)
class Rule:
    """An activity's schedule. Keyword arguments only; validated on creation."""

    frequency: str
    start: dt.date
    start_time: dt.time
    duration_minutes: int
    interval: int = 1
    weekdays: tuple[int, ...] = ()
    month_day: int | None = None
    nth_weekday: tuple[int, int] | None = None
    until: dt.date | None = None
    count: int | None = None
    timezone: str = "Europe/Oslo"
    skip_holidays: bool = True
    skip_common_days_off: bool = False
    extra_dates: tuple[dt.date, ...] = ()
    exceptions: tuple[dt.date, ...] = ()

    def __post_init__(self) -> None:
        # Normalise collections first so that lists are accepted and equal rules compare equal.
        for name in ("weekdays", "extra_dates", "exceptions"):
            value = getattr(self, name)
            if isinstance(value, str | bytes) or not hasattr(value, "__iter__"):
                raise ValueError(f"{name} must be a sequence.")
            items = tuple(value)
            if name == "weekdays" and not all(_is_int(d) for d in items):
                raise ValueError("Weekdays must be whole numbers from 0 (Monday) to 6 (Sunday).")
            if name != "weekdays" and not all(_is_date(d) for d in items):
                raise ValueError(f"{name} must contain dates (not datetimes).")
            object.__setattr__(self, name, tuple(sorted(set(items))))
        if self.nth_weekday is not None:
            if not isinstance(self.nth_weekday, tuple | list):
                raise ValueError("nth_weekday must be a pair (nth, weekday), e.g. (1, 1).")
            object.__setattr__(self, "nth_weekday", tuple(self.nth_weekday))
        self._validate()

    def _validate(self) -> None:
        if self.frequency not in FREQUENCIES:
            raise ValueError(
                f"Unknown frequency {self.frequency!r}: use 'once', 'weekly' or 'monthly'."
            )
        if not _is_date(self.start):
            raise ValueError("The start must be a date (not a datetime).")
        if not FIRST_DATE <= self.start <= LAST_DATE:
            raise ValueError(f"The start must be between {MIN_YEAR} and {MAX_YEAR}.")
        if not isinstance(self.start_time, dt.time):
            raise ValueError("The start time must be a time of day.")
        if self.start_time.tzinfo is not None:
            raise ValueError(
                "The start time must be a local time without a time zone; "
                "set the rule's timezone instead."
            )
        if not _is_int(self.duration_minutes) or not (
            0 < self.duration_minutes <= MAX_DURATION_MINUTES
        ):
            raise ValueError(
                f"The duration must be between 1 and {MAX_DURATION_MINUTES} minutes (7 days)."
            )
        if not _is_int(self.interval) or not 1 <= self.interval <= MAX_INTERVAL:
            raise ValueError(f"The interval must be a whole number from 1 to {MAX_INTERVAL}.")
        if not isinstance(self.timezone, str):
            raise ValueError("The time zone must be an IANA name such as 'Europe/Oslo'.")
        try:
            _zone(self.timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(
                f"Unknown time zone {self.timezone!r}: use an IANA name such as 'Europe/Oslo'."
            ) from None
        if any(not 0 <= d <= 6 for d in self.weekdays):
            raise ValueError("Weekdays must be whole numbers from 0 (Monday) to 6 (Sunday).")
        if self.month_day is not None and (
            not _is_int(self.month_day) or not 1 <= self.month_day <= 31
        ):
            raise ValueError("The day of the month must be from 1 to 31.")
        if self.nth_weekday is not None:
            if len(self.nth_weekday) != 2 or not all(_is_int(v) for v in self.nth_weekday):
                raise ValueError("nth_weekday must be a pair (nth, weekday), e.g. (1, 1).")
            nth, weekday = self.nth_weekday
            if nth not in NTH_VALUES:
                raise ValueError("nth must be 1, 2, 3, 4 or -1 (the last one in the month).")
            if not 0 <= weekday <= 6:
                raise ValueError("Weekdays must be whole numbers from 0 (Monday) to 6 (Sunday).")
        if self.until is not None:
            if not _is_date(self.until):
                raise ValueError("The end date must be a date (not a datetime).")
            if self.until < self.start:
                raise ValueError("The end date cannot be before the start date.")
            if self.until > LAST_DATE:
                raise ValueError(f"The end date must be in {MAX_YEAR} or earlier.")
        if self.count is not None and (not _is_int(self.count) or self.count < 1):
            raise ValueError("The number of times must be a whole number of at least 1.")
        if self.until is not None and self.count is not None:
            raise ValueError("Give either an end date or a number of times, not both.")
        if not isinstance(self.skip_holidays, bool) or not isinstance(
            self.skip_common_days_off, bool
        ):
            raise ValueError("skip_holidays and skip_common_days_off must be True or False.")
        for day in self.extra_dates + self.exceptions:
            if not FIRST_DATE <= day <= LAST_DATE:
                raise ValueError(f"Dates must be between {MIN_YEAR} and {MAX_YEAR}.")
        if set(self.extra_dates) & set(self.exceptions):
            raise ValueError("A date cannot be both an extra date and a cancelled date.")
        self._validate_frequency()

    def _validate_frequency(self) -> None:
        if self.frequency == ONCE:
            if self.interval != 1:
                raise ValueError("A one-off event cannot have an interval.")
            if self.weekdays or self.month_day is not None or self.nth_weekday is not None:
                raise ValueError("A one-off event cannot have weekdays or days of the month.")
            if self.until is not None or self.count is not None:
                raise ValueError("A one-off event cannot have an end date or a number of times.")
            return
        if self.frequency == WEEKLY:
            if self.month_day is not None or self.nth_weekday is not None:
                raise ValueError("A weekly rule takes weekdays, not days of the month.")
            if not self.weekdays:
                object.__setattr__(self, "weekdays", (self.start.weekday(),))
        else:
            if self.weekdays:
                raise ValueError(
                    "A monthly rule takes a day of the month or an nth weekday, not weekdays."
                )
            if (self.month_day is None) == (self.nth_weekday is None):
                raise ValueError(
                    "A monthly rule needs either a day of the month or an nth weekday "
                    "(such as the first Tuesday), not both."
                )
        if not self.extra_dates and next(_pattern_dates(self, self.start), None) is None:
            raise ValueError("The rule never produces a date; check the days and the end date.")

    @property
    def tzinfo(self) -> ZoneInfo:
        return _zone(self.timezone)


@dataclass(frozen=True)
class Occurrence:
    """One date of a rule. Skipped dates are included, with the reason."""

    date: dt.date
    starts_at: dt.datetime
    ends_at: dt.datetime
    skipped_reason: str | None = None
    holiday: Holiday | None = None

    @property
    def skipped(self) -> bool:
        return self.skipped_reason is not None


def _nth_weekday_day(year: int, month: int, nth: int, weekday: int) -> int:
    first_weekday, days_in_month = calendar.monthrange(year, month)
    if nth == -1:
        last_weekday = (first_weekday + days_in_month - 1) % 7
        return days_in_month - (last_weekday - weekday) % 7
    return 1 + (weekday - first_weekday) % 7 + 7 * (nth - 1)


def _period_dates(rule: Rule, from_day: dt.date) -> Iterator[dt.date]:
    """The pattern's dates from the period containing `from_day` (or `start`) onwards."""
    if rule.frequency == WEEKLY:
        anchor = rule.start - dt.timedelta(days=rule.start.weekday())
        step = 7 * rule.interval
        period = max(0, (from_day - anchor).days // step)
        while True:
            monday = anchor + dt.timedelta(days=period * step)
            if monday > LAST_DATE:
                return
            for weekday in rule.weekdays:
                yield monday + dt.timedelta(days=weekday)
            period += 1
    else:
        anchor = rule.start.year * 12 + rule.start.month - 1
        target = from_day.year * 12 + from_day.month - 1
        period = max(0, (target - anchor) // rule.interval)
        while True:
            year, month0 = divmod(anchor + period * rule.interval, 12)
            if year > MAX_YEAR:
                return
            if rule.month_day is not None:
                if rule.month_day <= calendar.monthrange(year, month0 + 1)[1]:
                    yield dt.date(year, month0 + 1, rule.month_day)
            else:
                assert rule.nth_weekday is not None
                day = _nth_weekday_day(year, month0 + 1, *rule.nth_weekday)
                yield dt.date(year, month0 + 1, day)
            period += 1


def _pattern_dates(rule: Rule, from_day: dt.date) -> Iterator[dt.date]:
    """Dates the pattern produces on or after `from_day`, ascending, within until/count."""
    if rule.frequency == ONCE:
        if rule.start >= from_day:
            yield rule.start
        return
    last = rule.until or LAST_DATE
    # With a count every date from the start must be counted, so no skipping ahead.
    dates = _period_dates(rule, rule.start if rule.count is not None else from_day)
    produced = 0
    for day in dates:
        if day < rule.start:
            continue
        if day > last:
            return
        produced += 1
        if rule.count is not None and produced > rule.count:
            return
        if day >= from_day:
            yield day


def _make_occurrence(rule: Rule, day: dt.date, explicit: bool) -> Occurrence:
    zone = rule.tzinfo
    # Through UTC and back: normalises a non-existent local time (spring gap) to a real one.
    start_utc = dt.datetime.combine(day, rule.start_time, tzinfo=zone).astimezone(dt.UTC)
    starts_at = start_utc.astimezone(zone)
    ends_at = (start_utc + dt.timedelta(minutes=rule.duration_minutes)).astimezone(zone)
    holiday = None
    if not explicit:
        if rule.skip_holidays:
            holiday = holiday_on(day)
        if holiday is None and rule.skip_common_days_off:
            holiday = common_day_off_on(day)
    if holiday is not None:
        reason: str | None = holiday.name_nb
    elif day in rule.exceptions:
        reason = CANCELLED
    else:
        reason = None
    return Occurrence(day, starts_at, ends_at, reason, holiday)


def _iter_occurrences(rule: Rule, from_day: dt.date) -> Iterator[Occurrence]:
    pattern = ((day, 1) for day in _pattern_dates(rule, from_day))
    extra = ((day, 0) for day in rule.extra_dates if day >= from_day)
    previous = None
    for day, order in heapq.merge(extra, pattern):
        if day == previous:  # an extra date the pattern also produces: keep the extra one
            continue
        previous = day
        yield _make_occurrence(rule, day, explicit=order == 0 or rule.frequency == ONCE)


def occurrences(rule: Rule, start: dt.date, end: dt.date) -> list[Occurrence]:
    """Every occurrence with a date from `start` to `end` inclusive, skipped ones included."""
    if not (_is_date(start) and _is_date(end)):
        raise ValueError("occurrences() takes a start date and an end date (not datetimes).")
    result = []
    for occurrence in _iter_occurrences(rule, start):
        if occurrence.date > end:
            break
        result.append(occurrence)
    return result


def next_occurrence(
    rule: Rule, after: dt.datetime, *, include_skipped: bool = False
) -> Occurrence | None:
    """The first occurrence starting strictly after `after` (an aware datetime).

    Skipped occurrences are passed over unless `include_skipped`. None when the rule has
    ended (or nothing happens before the end of 2200).
    """
    if not isinstance(after, dt.datetime) or after.utcoffset() is None:
        raise ValueError("next_occurrence() needs a timezone-aware datetime.")
    local_day = after.astimezone(rule.tzinfo).date()
    for occurrence in _iter_occurrences(rule, max(local_day, FIRST_DATE)):
        if occurrence.starts_at > after and (include_skipped or not occurrence.skipped):
            return occurrence
    return None
