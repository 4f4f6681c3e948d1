from __future__ import annotations

import datetime as dt

import pytest
from dateutil.easter import easter as dateutil_easter
from hypothesis import given
from hypothesis import strategies as st

from samskap.activities.holidays import (
    COMMON_DAY_OFF,
    KIND_NAMES,
    MAX_YEAR,
    MIN_YEAR,
    OFFICIAL_HOLIDAY,
    PUBLIC_HOLIDAY,
    common_day_off_on,
    common_days_off,
    easter_sunday,
    holiday_on,
    holidays,
    is_holiday,
)

D = dt.date
years = st.integers(min_value=MIN_YEAR, max_value=MAX_YEAR)


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (1900, D(1900, 4, 15)),
        (1913, D(1913, 3, 23)),  # as early as it gets in 1900-2200
        (1943, D(1943, 4, 25)),  # as late as it gets
        (2000, D(2000, 4, 23)),
        (2008, D(2008, 3, 23)),
        (2024, D(2024, 3, 31)),
        (2025, D(2025, 4, 20)),
        (2026, D(2026, 4, 5)),
        (2027, D(2027, 3, 28)),
        (2038, D(2038, 4, 25)),
        (2200, D(2200, 4, 6)),
    ],
)
def test_easter_sunday_in_known_years(year, expected):
    assert easter_sunday(year) == expected


def test_the_twelve_holidays_of_2026_with_names():
    assert [(h.date, h.name_nb) for h in holidays(2026)] == [
        (D(2026, 1, 1), "Nyttårsdag"),
        (D(2026, 4, 2), "Skjærtorsdag"),
        (D(2026, 4, 3), "Langfredag"),
        (D(2026, 4, 5), "Første påskedag"),
        (D(2026, 4, 6), "Andre påskedag"),
        (D(2026, 5, 1), "1. mai"),
        (D(2026, 5, 14), "Kristi himmelfartsdag"),
        (D(2026, 5, 17), "17. mai"),
        (D(2026, 5, 24), "Første pinsedag"),
        (D(2026, 5, 25), "Andre pinsedag"),
        (D(2026, 12, 25), "Første juledag"),
        (D(2026, 12, 26), "Andre juledag"),
    ]


def test_ascension_and_whit_monday_2026():
    assert holiday_on(D(2026, 5, 14)).name_en == "Ascension Day"
    assert holiday_on(D(2026, 5, 25)).name_en == "Whit Monday"
    assert holiday_on(D(2026, 5, 25)).name_nn == "Andre pinsedag"


def test_may_days_are_official_holidays_the_rest_public_holidays():
    kinds = {h.name_nb: h.kind for h in holidays(2026)}
    assert kinds.pop("1. mai") == OFFICIAL_HOLIDAY
    assert kinds.pop("17. mai") == OFFICIAL_HOLIDAY
    assert set(kinds.values()) == {PUBLIC_HOLIDAY}
    assert KIND_NAMES[OFFICIAL_HOLIDAY][0] == "offentlig høytidsdag"


def test_shared_dates_keep_both_holidays_and_the_hoytidsdag_wins():
    # Easter 2027 is 28 March, so Whit Monday is 17 May.
    on_17_may = [h.name_nb for h in holidays(2027) if h.date == D(2027, 5, 17)]
    assert on_17_may == ["17. mai", "Andre pinsedag"]
    assert holiday_on(D(2027, 5, 17)).name_nb == "17. mai"
    # Easter 2008 was 23 March, so Ascension was 1 May.
    assert [h.name_nb for h in holidays(2008) if h.date == D(2008, 5, 1)] == [
        "1. mai",
        "Kristi himmelfartsdag",
    ]
    assert len(holidays(2027)) == len(holidays(2008)) == 12


def test_ordinary_days_and_sundays_are_not_holidays():
    assert not is_holiday(D(2026, 5, 13))
    assert not is_holiday(D(2026, 5, 10))  # a Sunday, but not a named holiday
    assert holiday_on(D(2026, 6, 1)) is None
    assert is_holiday(D(2026, 5, 17))
    assert is_holiday(D(2026, 1, 1))


def test_christmas_eve_and_new_years_eve_are_common_days_off_not_holidays():
    assert not is_holiday(D(2026, 12, 24))
    assert not is_holiday(D(2026, 12, 31))
    eve = common_day_off_on(D(2026, 12, 24))
    assert (eve.name_nb, eve.name_nn, eve.kind) == ("Julaften", "Julaftan", COMMON_DAY_OFF)
    assert not eve.is_public_holiday
    assert holiday_on(D(2026, 12, 25)).is_public_holiday
    assert [h.date for h in common_days_off(2030)] == [D(2030, 12, 24), D(2030, 12, 31)]
    assert common_day_off_on(D(2026, 12, 25)) is None


def test_unsupported_years_and_datetimes_are_refused():
    with pytest.raises(ValueError, match="1900 to 2200"):
        holidays(1899)
    with pytest.raises(ValueError, match="1900 to 2200"):
        is_holiday(D(2201, 1, 1))
    with pytest.raises(TypeError):
        holidays("2026")
    with pytest.raises(TypeError, match="not a datetime"):
        holiday_on(dt.datetime(2026, 5, 17, 12, tzinfo=dt.UTC))


def test_the_returned_list_is_a_copy():
    holidays(2026).clear()
    assert len(holidays(2026)) == 12


@given(years)
def test_easter_is_a_sunday_between_22_march_and_25_april(year):
    easter = easter_sunday(year)
    assert easter.weekday() == 6
    assert D(year, 3, 22) <= easter <= D(year, 4, 25)


@given(years)
def test_easter_agrees_with_dateutil(year):
    assert easter_sunday(year) == dateutil_easter(year)


@given(years)
def test_twelve_sorted_holidays_every_year_on_the_right_weekdays(year):
    days = holidays(year)
    assert len(days) == 12
    assert [h.date for h in days] == sorted(h.date for h in days)
    assert all(h.date.year == year for h in days)
    assert len({h.name_nb for h in days}) == 12
    assert all(h.name_nb and h.name_nn and h.name_en for h in days)
    by_name = {h.name_nb: h.date for h in days}
    easter = easter_sunday(year)
    assert by_name["Første påskedag"] == easter
    assert by_name["Skjærtorsdag"].weekday() == 3
    assert by_name["Langfredag"].weekday() == 4
    assert by_name["Andre påskedag"].weekday() == 0
    assert by_name["Kristi himmelfartsdag"] == easter + dt.timedelta(days=39)
    assert by_name["Kristi himmelfartsdag"].weekday() == 3
    assert by_name["Første pinsedag"] == easter + dt.timedelta(days=49)
    assert by_name["Andre pinsedag"] == easter + dt.timedelta(days=50)
    assert by_name["Andre pinsedag"].weekday() == 0
    assert {by_name[n] for n in ("Nyttårsdag", "1. mai", "17. mai")} == {
        D(year, 1, 1),
        D(year, 5, 1),
        D(year, 5, 17),
    }
    assert {by_name["Første juledag"], by_name["Andre juledag"]} == {
        D(year, 12, 25),
        D(year, 12, 26),
    }


@given(st.dates(min_value=D(MIN_YEAR, 1, 1), max_value=D(MAX_YEAR, 12, 31)))
def test_is_holiday_agrees_with_the_list(day):
    listed = [h for h in holidays(day.year) if h.date == day]
    assert is_holiday(day) == bool(listed)
    if listed:
        assert holiday_on(day) == listed[0]
