"""Ride pages through Django's test client: permissions, bad input, a need becomes a ride."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from samskap.demo.transport_seed import next_thursday, seed_transport_demo
from samskap.help.models import Category, Need
from samskap.transport.models import Destination, RideRequest
from tests.helpers import login

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(users):
    seed_transport_demo()
    return users


def form_data(**overrides):
    data = {
        "date": (timezone.localdate() + dt.timedelta(days=2)).isoformat(),
        "destination": f"d{Destination.objects.get(name="Gausdal legekontor, Forset").pk}",
        "anchor": "arrive", "time": "09:30", "window_minutes": "15", "return_pickup_at": "",
        "mobility": "wheelchair", "max_ride_minutes": "45", "note_for_driver": "",
    }  # fmt: skip
    data.update(overrides)
    return data


def test_axel_orders_for_eli_and_bad_input_keeps_what_he_wrote(seeded):
    eli = seeded["eli"].person
    client = login(Client(), "axel")
    url = f"/skyss/bestill/{eli.pk}/"
    bad = client.post(url, form_data(time="", note_for_driver="Ring på, hun hører dårlig."))
    assert bad.status_code == 400
    assert "Ring på, hun hører dårlig." in bad.content.decode()
    assert not RideRequest.objects.filter(person=eli).exists()
    too_short = client.post(url, form_data(max_ride_minutes="10",
                                           destination=_far_away_destination(eli)))  # fmt: skip
    assert too_short.status_code == 400
    assert "minutter med bil uten omveier" in too_short.content.decode()
    ok = client.post(url, form_data())
    ride = RideRequest.objects.get(person=eli)
    assert ok.status_code == 302 and ok["Location"] == f"/skyss/tur/{ride.pk}/"
    assert ride.created_via == "representative" and ride.destination_kind == "doctor"
    assert client.get("/skyss/").content.decode().count("Gausdal legekontor") == 1


def _far_away_destination(eli) -> str:
    place = Destination.objects.create(
        kommune=eli.kommune, name="Sykehuset Innlandet Lillehammer", kind="doctor",
        latitude=61.1153, longitude=10.4662,
    )  # fmt: skip
    return f"d{place.pk}"


def test_strangers_cannot_order_see_or_plan(seeded):
    eli = seeded["eli"].person
    randi = login(Client(), "randi")
    assert randi.get(f"/skyss/bestill/{eli.pk}/").status_code == 403
    assert randi.get(f"/skyss/koordinator/{eli.kommune_id}/").status_code == 403
    assert randi.post(f"/skyss/koordinator/{eli.kommune_id}/planlegg/").status_code == 403


def test_an_escort_need_becomes_a_ride(seeded):
    eli = seeded["eli"].person
    need = Need.objects.create(
        kommune=eli.kommune, person=eli, category=Category.ESCORT, description="Til legen",
        destination="Gausdal legekontor", first_date=timezone.localdate() + dt.timedelta(days=4),
        created_by=seeded["axel"],
    )  # fmt: skip
    client = login(Client(), "axel")
    page = client.get(f"/hjelp/behov/{need.pk}/").content.decode()
    assert f"/skyss/bestill/{eli.pk}/?behov={need.pk}" in page
    url = f"/skyss/bestill/{eli.pk}/?behov={need.pk}"
    form = client.get(url).context["form"]
    doctor = Destination.objects.get(name="Gausdal legekontor, Forset")
    assert form.initial["destination"] == f"d{doctor.pk}"
    assert form.initial["date"] == need.first_date
    client.post(url, form_data(date=need.first_date.isoformat()))
    assert RideRequest.objects.get(person=eli).need == need


def test_coordinator_page_and_run_sheet_pdf(seeded):
    hanne = login(Client(), "hanne")
    gausdal = seeded["hanne"].person.kommune_id
    thursday = next_thursday(timezone.localdate())
    day = f"/skyss/koordinator/{gausdal}/?dato={thursday.isoformat()}"
    assert "Torleif Bakken" in hanne.get(day).content.decode()
    hanne.post(f"/skyss/koordinator/{gausdal}/fra-pameldinger/", {"dato": thursday.isoformat()})
    for ride in RideRequest.objects.filter(status="requested"):
        hanne.post(f"/skyss/tur/{ride.pk}/godkjenn/")
    hanne.post(f"/skyss/koordinator/{gausdal}/planlegg/", {"dato": thursday.isoformat()})
    page = hanne.get(day).content.decode()
    assert "Kontrollert" in page
    marius = login(Client(), "marius")
    shift = seeded["marius"].person.driver_roles.get().shifts.get()
    pdf = marius.get(f"/skyss/kjoreliste/{shift.pk}/kjoreliste.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_coordinator_registers_a_driver_and_a_car_and_adds_a_shift(seeded):
    from samskap.transport.models import Driver, DriverShift, Vehicle

    gausdal = seeded["hanne"].person.kommune_id
    hanne = login(Client(), "hanne")
    page = hanne.get(f"/skyss/koordinator/{gausdal}/sjaforer/")
    candidates = page.context["driver_form"].fields["person"].choices[1:]
    assert candidates, "Gausdal's volunteers are offered"
    person_id = candidates[0][0]
    future = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    bad = hanne.post(f"/skyss/koordinator/{gausdal}/sjaforer/ny/",
                     {"person": person_id, "licence_checked_on": future})  # fmt: skip
    assert bad.status_code == 400 and not Driver.objects.filter(person_id=person_id).exists()
    car = hanne.post(f"/skyss/koordinator/{gausdal}/biler/ny/",
                     {"name": "Lars sin bil", "kind": "car", "seats": "3",
                      "wheelchair_places": "0"})  # fmt: skip
    assert car.status_code == 302
    vehicle = Vehicle.objects.get(name="Lars sin bil")
    ok = hanne.post(f"/skyss/koordinator/{gausdal}/sjaforer/ny/",
                    {"person": person_id, "own_vehicle": vehicle.pk, "can_help_to_door": "on",
                     "licence_checked_on": timezone.localdate().isoformat()})  # fmt: skip
    assert ok.status_code == 302
    driver = Driver.objects.get(person_id=person_id)
    assert driver.approved and driver.licence_checked_by == seeded["hanne"]
    day = (timezone.localdate() + dt.timedelta(days=5)).isoformat()
    hanne.post(
        f"/skyss/koordinator/{gausdal}/vakt/ny/",
        {"driver": driver.pk, "date": day, "starts_at": "09:00", "ends_at": "12:00"},
    )
    shift = DriverShift.objects.get(driver=driver)
    assert shift.vehicle == vehicle
    assert (shift.start_latitude, shift.start_longitude) == (
        driver.person.latitude, driver.person.longitude)  # fmt: skip
    overlap = hanne.post(
        f"/skyss/koordinator/{gausdal}/vakt/ny/",
        {"driver": driver.pk, "date": day, "starts_at": "11:00", "ends_at": "13:00"},
        follow=True,
    )
    assert "overlapper" in overlap.content.decode()
    assert DriverShift.objects.filter(driver=driver).count() == 1


def test_a_driver_offers_a_day_and_can_withdraw_it(seeded):
    from samskap.transport.models import DriverShift

    randi = login(Client(), "randi")
    day = (timezone.localdate() + dt.timedelta(days=9)).isoformat()
    bad = randi.post("/skyss/vakt/ny/", {"date": day, "starts_at": "14:00", "ends_at": "10:00"})
    assert bad.status_code == 400 and "Slutten må være etter starten" in bad.content.decode()
    randi.post("/skyss/vakt/ny/", {"date": day, "starts_at": "10:00", "ends_at": "14:00"})
    shift = DriverShift.objects.get(driver__person=seeded["randi"].person, date=day)
    assert shift.vehicle.name == "Randis bil"
    assert login(Client(), "eli").post(f"/skyss/vakt/{shift.pk}/fjern/").status_code == 403
    randi.post(f"/skyss/vakt/{shift.pk}/fjern/")
    assert not DriverShift.objects.filter(pk=shift.pk).exists()
    assert login(Client(), "eli").post("/skyss/vakt/ny/", {"date": day}).status_code == 403
