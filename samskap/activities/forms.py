"""Forms for the activity pages. They only parse input; the services validate and save."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from samskap.activities.models import ActivityCategory, TestPhase
from samskap.help.forms import CommaDecimalField
from samskap.web.forms import DesignsystemetFormMixin

WEEKDAY_CHOICES = [
    ("", _("Alle dager")),
    ("0", _("Mandag")),
    ("1", _("Tirsdag")),
    ("2", _("Onsdag")),
    ("3", _("Torsdag")),
    ("4", _("Fredag")),
    ("5", _("Lørdag")),
    ("6", _("Søndag")),
]


class ActivityFilterForm(DesignsystemetFormMixin, forms.Form):
    day = forms.ChoiceField(label=_("Dag"), choices=WEEKDAY_CHOICES, required=False)
    category = forms.ChoiceField(
        label=_("Type aktivitet"),
        choices=[("", _("Alle typer")), *ActivityCategory.choices],
        required=False,
    )
    kommune = forms.TypedChoiceField(label=_("Kommune"), coerce=int, required=False, choices=[])
    near_me = forms.BooleanField(label=_("Nær meg først"), required=False)
    max_km = forms.TypedChoiceField(
        label=_("Hvor langt unna"),
        coerce=int,
        required=False,
        empty_value=None,
        choices=[
            ("", _("Uansett avstand")),
            ("2", _("Inntil 2 km")),
            ("5", _("Inntil 5 km")),
            ("10", _("Inntil 10 km")),
            ("25", _("Inntil 25 km")),
        ],
    )
    wheelchair = forms.BooleanField(label=_("Tilgjengelig med rullestol"), required=False)
    hearing_loop = forms.BooleanField(label=_("Teleslynge"), required=False)
    toilet = forms.BooleanField(label=_("Tilrettelagt toalett"), required=False)

    def __init__(self, *args, kommune_choices: list[tuple[int, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kommune"].choices = [("", _("Alle kommuner")), *kommune_choices]


class SignUpForm(DesignsystemetFormMixin, forms.Form):
    person = forms.IntegerField(widget=forms.HiddenInput)
    needs_ride = forms.BooleanField(label=_("Trenger skyss"), required=False)


class ResidentSearchForm(DesignsystemetFormMixin, forms.Form):
    q = forms.CharField(label=_("Søk etter navn"), max_length=100, required=False)


class AttendanceForm(forms.Form):
    present = forms.TypedMultipleChoiceField(
        label=_("Til stede"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, people: list[tuple[int, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["present"].choices = people


class FunctionalTestForm(DesignsystemetFormMixin, forms.Form):
    person = forms.TypedChoiceField(label=_("Deltaker"), coerce=int, choices=[])
    test = forms.ChoiceField(
        label=_("Test"),
        choices=[
            ("chair_stand_30s", _("Reise seg fra stol på 30 sekunder (antall)")),
            ("timed_up_and_go", _("Reis deg og gå (sekunder)")),
        ],
    )
    phase = forms.ChoiceField(label=_("Når"), choices=TestPhase.choices)
    date = forms.DateField(label=_("Dato"), widget=forms.DateInput(attrs={"type": "date"}))
    value = CommaDecimalField(
        label=_("Resultat"), min_value=0, max_value=300, max_digits=5, decimal_places=1
    )

    def __init__(self, *args, people: list[tuple[int, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = people
