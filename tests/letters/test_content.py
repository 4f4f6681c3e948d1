"""Pure parts of the weekly letter: delivery order and choosing activities. No database."""

from __future__ import annotations

import datetime as dt

from samskap.letters.content import (
    ActivityOption,
    choose_activities,
    delivery_key,
    parse_street_address,
    uses_wheelchair,
    week_label,
)

HOME = (61.2402, 10.3221)


def option(pk: int, lat: float, lon: float, *, wheelchair: bool = False) -> ActivityOption:
    return ActivityOption(
        id=pk,
        title=f"Aktivitet {pk}",
        place="Sted",
        address="",
        starts=(dt.datetime(2026, 1, 15, 11, tzinfo=dt.UTC),),
        latitude=lat,
        longitude=lon,
        wheelchair_access=wheelchair,
        hearing_loop=False,
        ride_offered=False,
        ride_note="",
        price_nok=0,
        contact_phone="",
    )


def test_house_numbers_sort_as_numbers_with_letters():
    addresses = ["Storgata 12B", "Storgata 2", "Storgata 12", "Storgata 12A", "Storgata 100"]
    ordered = sorted(addresses, key=lambda a: delivery_key("2651", a))
    assert ordered == ["Storgata 2", "Storgata 12", "Storgata 12A", "Storgata 12B", "Storgata 100"]


def test_delivery_order_is_postal_code_then_street_then_number():
    people = [
        ("2656", "Follebuvegen 3"),
        ("2651", "Vestringsvegen 12"),
        ("2651", "Aulestadvegen 40"),
        ("2651", "Aulestadvegen 7"),
    ]
    ordered = sorted(people, key=lambda p: delivery_key(*p))
    assert ordered == [
        ("2651", "Aulestadvegen 7"),
        ("2651", "Aulestadvegen 40"),
        ("2651", "Vestringsvegen 12"),
        ("2656", "Follebuvegen 3"),
    ]


def test_unicode_street_names_and_unnumbered_addresses():
    assert parse_street_address("Øvre Ålgård veg 5 b") == parse_street_address("øvre ålgård veg 5B")
    assert parse_street_address("Gamle Setra").number == 0
    assert parse_street_address("").street == ""


def test_nearest_first():
    far, near = option(1, 61.5, 10.1), option(2, 61.241, 10.323)
    chosen = choose_activities([far, near], origin=HOME)
    assert [a.option.id for a in chosen] == [2, 1]
    assert chosen[0].distance_km < 1 < chosen[1].distance_km


def test_wheelchair_accessible_first_for_wheelchair_users():
    near, far_accessible = option(1, 61.241, 10.323), option(2, 61.3, 10.2, wheelchair=True)
    assert [a.option.id for a in choose_activities([near, far_accessible], origin=HOME)] == [1, 2]
    chosen = choose_activities([near, far_accessible], origin=HOME, wheelchair_first=True)
    assert [a.option.id for a in chosen] == [2, 1]


def test_limit_and_no_origin():
    options = [option(i, 61.0 + i / 100, 10.0) for i in range(6)]
    chosen = choose_activities(options, origin=None, limit=3)
    assert len(chosen) == 3
    assert all(a.distance_km is None for a in chosen)


def test_wheelchair_signal_is_a_parameter():
    assert uses_wheelchair("Har sittet i Rullestol i ti år.")
    assert not uses_wheelchair("Går med rullator.")
    assert uses_wheelchair("Går med rullator.", signal="rullator")


def test_nynorsk_wording():
    assert week_label(dt.date(2026, 11, 30), "nn") == "Veke 49"
    assert week_label(dt.date(2026, 11, 30), "nb") == "Uke 49"
    assert week_label(dt.date(2026, 11, 30), "se") == "Uke 49"  # unknown: bokmål
    assert week_label(dt.date(2026, 11, 30), "en") == "Week 49"
