"""Norwegian public holidays: pure date arithmetic, no database.

    from samskap.activities.holidays import holidays, is_holiday, holiday_on

Twelve days a year, always the same set:

* **helligdager** (Act of 24 February 1995 no. 12 on public holidays): nyttårsdag, skjærtorsdag,
  langfredag, første and andre påskedag, Kristi himmelfartsdag, første and andre pinsedag,
  første and andre juledag;
* **offentlige høytidsdager** (Act of 26 April 1947 no. 1): 1. mai and 17. mai.

Sundays are also helligdager in law but are left out: an activity's own rule decides whether
it meets on Sundays. Today's list is applied to every supported year (1900–2200); the years
before 1947, when 1 and 17 May were not yet statutory days off, are not modelled separately.

Julaften and nyttårsaften are not public holidays but most services close; they are returned
by `common_days_off(year)` so that organisers can choose to skip them as well.

Easter Sunday is computed with the anonymous Gregorian algorithm (Meeus/Jones/Butcher).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

MIN_YEAR = 1900
MAX_YEAR = 2200

PUBLIC_HOLIDAY = "public_holiday"
"""Helligdag: a day off under the Public Holidays Act."""
OFFICIAL_HOLIDAY = "official_holiday"
"""Offentlig høytidsdag: 1 and 17 May."""
COMMON_DAY_OFF = "common_day_off"
"""Not a public holiday, but most services close (julaften, nyttårsaften)."""

KIND_NAMES: dict[str, tuple[str, str, str]] = {
    PUBLIC_HOLIDAY: ("helligdag", "heilagdag", "public holiday"),
    OFFICIAL_HOLIDAY: ("offentlig høytidsdag", "offentleg høgtidsdag", "official holiday"),
    COMMON_DAY_OFF: ("vanlig fridag", "vanleg fridag", "common day off"),
}
"""Names of the kinds of day, as (bokmål, nynorsk, English)."""


@dataclass(frozen=True)
class Holiday:
    date: dt.date
    name_nb: str
    name_nn: str
    name_en: str
    kind: str = PUBLIC_HOLIDAY

    @property
    def is_public_holiday(self) -> bool:
        """True for helligdager and offentlige høytidsdager, False for common days off."""
        return self.kind != COMMON_DAY_OFF


def _check_year(year: int) -> None:
    if isinstance(year, bool) or not isinstance(year, int):
        raise TypeError(f"The year must be an integer, not {type(year).__name__}.")
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(f"Holidays are only known for the years {MIN_YEAR} to {MAX_YEAR}.")


def easter_sunday(year: int) -> dt.date:
    """Western (Gregorian) Easter Sunday, by the anonymous Gregorian algorithm."""
    _check_year(year)
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l = (32 + 2 * e + 2 * i - h - k) % 7  # noqa: E741 - the algorithm's own name
    m = (a + 11 * h + 22 * l) // 451
    month, day = divmod(h + l - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


# (days after Easter Sunday, bokmål, nynorsk, English)
_EASTER_BASED = (
    (-3, "Skjærtorsdag", "Skjærtorsdag", "Maundy Thursday"),
    (-2, "Langfredag", "Langfredag", "Good Friday"),
    (0, "Første påskedag", "Første påskedag", "Easter Sunday"),
    (1, "Andre påskedag", "Andre påskedag", "Easter Monday"),
    (39, "Kristi himmelfartsdag", "Kristi himmelfartsdag", "Ascension Day"),
    (49, "Første pinsedag", "Første pinsedag", "Whit Sunday"),
    (50, "Andre pinsedag", "Andre pinsedag", "Whit Monday"),
)

# (month, day, bokmål, nynorsk, English, kind)
_FIXED = (
    (1, 1, "Nyttårsdag", "Nyttårsdag", "New Year's Day", PUBLIC_HOLIDAY),
    (5, 1, "1. mai", "1. mai", "Labour Day", OFFICIAL_HOLIDAY),
    (5, 17, "17. mai", "17. mai", "Constitution Day", OFFICIAL_HOLIDAY),
    (12, 25, "Første juledag", "Første juledag", "Christmas Day", PUBLIC_HOLIDAY),
    (12, 26, "Andre juledag", "Andre juledag", "Boxing Day", PUBLIC_HOLIDAY),
)

_COMMON_DAYS_OFF = (
    (12, 24, "Julaften", "Julaftan", "Christmas Eve"),
    (12, 31, "Nyttårsaften", "Nyttårsaftan", "New Year's Eve"),
)


@lru_cache(maxsize=512)
def _holidays(year: int) -> tuple[Holiday, ...]:
    _check_year(year)
    easter = easter_sunday(year)
    days = [
        Holiday(easter + dt.timedelta(days=offset), nb, nn, en, PUBLIC_HOLIDAY)
        for offset, nb, nn, en in _EASTER_BASED
    ]
    days += [
        Holiday(dt.date(year, month, day), nb, nn, en, kind)
        for month, day, nb, nn, en, kind in _FIXED
    ]
    # Ascension can fall on 1 or 17 May (Easter 23 March or 8 April) and Whit Monday on
    # 17 May (Easter 28 March, as in 2027): both entries are kept, the høytidsdag first.
    return tuple(sorted(days, key=lambda h: (h.date, h.kind != OFFICIAL_HOLIDAY)))


@lru_cache(maxsize=512)
def _common_days_off(year: int) -> tuple[Holiday, ...]:
    _check_year(year)
    return tuple(
        Holiday(dt.date(year, month, day), nb, nn, en, COMMON_DAY_OFF)
        for month, day, nb, nn, en in _COMMON_DAYS_OFF
    )


def holidays(year: int) -> list[Holiday]:
    """The twelve public holidays of `year`, sorted by date.

    When two fall on the same date (17 May can be Ascension Day or Whit Monday, 1 May can be
    Ascension Day), both are listed, the offentlig høytidsdag first.
    """
    return list(_holidays(year))


def common_days_off(year: int) -> list[Holiday]:
    """Julaften and nyttårsaften of `year`: not public holidays, but most services close."""
    return list(_common_days_off(year))


def holiday_on(day: dt.date) -> Holiday | None:
    """The public holiday on `day`, or None. On a shared date the høytidsdag wins (17. mai)."""
    if isinstance(day, dt.datetime):
        raise TypeError("holiday_on() takes a date, not a datetime.")
    for holiday in _holidays(day.year):
        if holiday.date == day:
            return holiday
    return None


def common_day_off_on(day: dt.date) -> Holiday | None:
    """Julaften or nyttårsaften when `day` is one of them, else None."""
    if isinstance(day, dt.datetime):
        raise TypeError("common_day_off_on() takes a date, not a datetime.")
    for holiday in _common_days_off(day.year):
        if holiday.date == day:
            return holiday
    return None


def is_holiday(day: dt.date) -> bool:
    """True when `day` is a Norwegian public holiday (helligdag or offentlig høytidsdag)."""
    return holiday_on(day) is not None
