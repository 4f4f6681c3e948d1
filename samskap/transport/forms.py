"""Forms for rides: ordering a ride, choosing a day, locking a ride to a driver."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from samskap.activities.models import Activity
from samskap.transport.models import Destination, DriverShift, Mobility, TimeAnchor, VehicleKind
from samskap.web.forms import DesignsystemetFormMixin


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None) -> None:
        super().__init__(attrs, format="%H:%M")


WINDOW_CHOICES = [(10, _("10 minutter")), (15, _("15 minutter")), (30, _("30 minutter")),
                  (60, _("En time"))]  # fmt: skip


class RideRequestForm(DesignsystemetFormMixin, forms.Form):
    date = forms.DateField(label=_("Hvilken dag?"), widget=DateInput())
    destination = forms.ChoiceField(label=_("Hvor skal du?"))
    anchor = forms.ChoiceField(
        label=_("Hva er viktigst?"), choices=TimeAnchor.choices, widget=forms.RadioSelect,
        initial=TimeAnchor.ARRIVE,
    )  # fmt: skip
    time = forms.TimeField(label=_("Klokkeslett"), widget=TimeInput())
    window_minutes = forms.TypedChoiceField(
        label=_("Hvor mye tidligere kan det være?"), choices=WINDOW_CHOICES, coerce=int,
        initial=15,
        help_text=_("Sjåføren kan komme så mye før klokkeslettet, men aldri etter."),
    )  # fmt: skip
    return_pickup_at = forms.TimeField(
        label=_("Hjem igjen: hentes tidligst"), required=False, widget=TimeInput(),
        help_text=_("La stå tom hvis du ikke trenger skyss hjem."),
    )  # fmt: skip
    mobility = forms.ChoiceField(
        label=_("Hvordan kommer du deg inn i bilen?"), choices=Mobility.choices,
        widget=forms.RadioSelect, initial=Mobility.WALKS,
    )  # fmt: skip
    needs_door_help = forms.BooleanField(label=_("Trenger følge til og fra døra"), required=False)
    companion = forms.BooleanField(label=_("Har med en ledsager"), required=False)
    max_ride_minutes = forms.IntegerField(
        label=_("Lengste tid i bilen (minutter)"), min_value=10, max_value=240, initial=45,
        help_text=_("Sjåføren kan hente andre på veien, men aldri så turen blir lenger enn dette."),
    )  # fmt: skip
    note_for_driver = forms.CharField(
        label=_("Til sjåføren"), required=False, max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For eksempel: «Ring på, jeg hører dårlig.» Sjåføren ser dette."),
    )  # fmt: skip

    def __init__(
        self, *args, activities: list[Activity], places: list[Destination], **kwargs
    ) -> None:
        super().__init__(*args, **kwargs)
        self.activities = {f"a{a.pk}": a for a in activities}
        self.places = {f"d{p.pk}": p for p in places}
        choices: list = [("", _("Velg et sted"))]
        if activities:
            choices.append((_("Aktiviteter"), [(k, a.title) for k, a in self.activities.items()]))
        if places:
            choices.append((_("Andre steder"), [(k, p.name) for k, p in self.places.items()]))
        self.fields["destination"].choices = choices

    def destination_values(self) -> dict:
        """kind, name and coordinates of the chosen destination."""
        key = self.cleaned_data["destination"]
        if key in self.activities:
            activity = self.activities[key]
            return {
                "destination_kind": "activity",
                "destination_name": f"{activity.title}, {activity.place_name}",
                "destination": (activity.latitude, activity.longitude),
            }
        place = self.places[key]
        return {
            "destination_kind": place.kind,
            "destination_name": place.name,
            "destination": (place.latitude, place.longitude),
        }


class DayForm(forms.Form):
    dato = forms.DateField(required=False, widget=DateInput())


class LockForm(DesignsystemetFormMixin, forms.Form):
    shift = forms.ChoiceField(label=_("Sjåfør"), required=False)

    def __init__(self, *args, shifts: list[DriverShift], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.shifts = {str(s.pk): s for s in shifts}
        self.fields["shift"].choices = [("", _("Ingen lås: planleggeren velger"))] + [
            (key, f"{s.driver.person.full_name} ({s.vehicle.name})")
            for key, s in self.shifts.items()
        ]

    def chosen_shift(self) -> DriverShift | None:
        return self.shifts.get(self.cleaned_data.get("shift") or "")


class VehicleForm(DesignsystemetFormMixin, forms.Form):
    name = forms.CharField(
        label=_("Navn på bilen"), max_length=100,
        help_text=_("For eksempel «Randis bil» eller «Frivilligsentralens minibuss»."),
    )  # fmt: skip
    kind = forms.ChoiceField(label=_("Type"), choices=VehicleKind.choices, widget=forms.RadioSelect)
    seats = forms.IntegerField(
        label=_("Seter til passasjerer"), min_value=1, max_value=20,
        help_text=_("Uten sjåførens sete."),
    )  # fmt: skip
    wheelchair_places = forms.IntegerField(
        label=_("Plasser for rullestol"), min_value=0, max_value=6, initial=0,
        help_text=_("For passasjerer som sitter i rullestolen under turen."),
    )  # fmt: skip


class DriverForm(DesignsystemetFormMixin, forms.Form):
    person = forms.TypedChoiceField(label=_("Hvem"), coerce=int)
    licence_checked_on = forms.DateField(
        label=_("Førerkortet ble sjekket"), widget=DateInput(),
        help_text=_("Vi lagrer bare at det er sjekket, aldri en kopi."),
    )  # fmt: skip
    police_certificate_on = forms.DateField(
        label=_("Politiattest sett"), required=False, widget=DateInput(),
        help_text=_("Der kommunen krever det."),
    )  # fmt: skip
    can_help_to_door = forms.BooleanField(
        label=_("Kan følge passasjerer til og fra døra"), required=False, initial=True
    )
    own_vehicle = forms.TypedChoiceField(label=_("Egen bil"), coerce=int, required=False,
                                         empty_value=None)  # fmt: skip

    def __init__(self, *args, people, vehicles, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.people = {p.pk: p for p in people}
        self.vehicles = {v.pk: v for v in vehicles}
        self.fields["person"].choices = [("", _("Velg en person"))] + [
            (p.pk, p.full_name) for p in people
        ]
        self.fields["own_vehicle"].choices = [("", _("Ingen egen bil"))] + [
            (v.pk, v.name) for v in vehicles
        ]

    def values(self) -> dict:
        data = dict(self.cleaned_data)
        data["person"] = self.people[data["person"]]
        chosen = data.pop("own_vehicle")
        data["own_vehicle"] = self.vehicles.get(chosen) if chosen else None
        return data


class ShiftForm(DesignsystemetFormMixin, forms.Form):
    driver = forms.TypedChoiceField(label=_("Sjåfør"), coerce=int)
    vehicle = forms.TypedChoiceField(
        label=_("Bil"), coerce=int, required=False, empty_value=None,
        help_text=_("Tom betyr sjåførens egen bil."),
    )  # fmt: skip
    date = forms.DateField(label=_("Dag"), widget=DateInput())
    starts_at = forms.TimeField(label=_("Ledig fra"), widget=TimeInput())
    ends_at = forms.TimeField(label=_("Ledig til"), widget=TimeInput())

    def __init__(self, *args, drivers, vehicles, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.drivers = {d.pk: d for d in drivers}
        self.vehicles = {v.pk: v for v in vehicles}
        self.fields["driver"].choices = [("", _("Velg en sjåfør"))] + [
            (d.pk, d.person.full_name) for d in drivers
        ]
        self.fields["vehicle"].choices = [("", _("Sjåførens egen bil"))] + [
            (v.pk, v.name) for v in vehicles
        ]

    def values(self) -> dict:
        data = dict(self.cleaned_data)
        data["driver"] = self.drivers[data["driver"]]
        chosen = data.pop("vehicle")
        data["vehicle"] = self.vehicles.get(chosen) if chosen else None
        return data


class OwnShiftForm(DesignsystemetFormMixin, forms.Form):
    """A driver offers a day themselves, in their own car."""

    date = forms.DateField(label=_("Dag"), widget=DateInput())
    starts_at = forms.TimeField(label=_("Ledig fra"), widget=TimeInput())
    ends_at = forms.TimeField(label=_("Ledig til"), widget=TimeInput())
