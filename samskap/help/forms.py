"""Forms for help and contribution. They only parse input; the services validate and save."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samskap.help.models import (
    Category,
    ConcernStatus,
    HelperKind,
    Recurrence,
    Transport,
    VerificationKind,
)
from samskap.help.reasons import DAY_LABELS, LANGUAGE_LABELS, PART_LABELS
from samskap.matching.model import DAYS, PARTS, SLOTS
from samskap.web.forms import DesignsystemetFormMixin

PART_CHOICES = [
    ("am", _("Formiddag (kl. 8–12)")),
    ("pm", _("Ettermiddag (kl. 12–16)")),
    ("ev", _("Kveld (kl. 16–20)")),
]
DURATION_CHOICES = [
    (30, _("En halv time")),
    (60, _("1 time")),
    (90, _("1 ½ time")),
    (120, _("2 timer")),
    (180, _("3 timer")),
]
WHERE_CHOICES = [("home", _("Hjemme")), ("elsewhere", _("Et annet sted"))]


class CommaDecimalField(forms.DecimalField):
    """Accepts "1,5" as well as "1.5" (a number input may send either)."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace(",", ".")
        return super().to_python(value)


class CommaFloatField(forms.FloatField):
    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace(",", ".")
        return super().to_python(value)


def windows_from(first_date, parts: list[str], other_days: bool) -> list[str]:
    """Slot codes: the weekday of the first date with the chosen parts, or every day."""
    days = DAYS if other_days else (DAYS[first_date.weekday()],)
    return [f"{day}_{part}" for day in days for part in PARTS if part in set(parts)]


class NeedForm(DesignsystemetFormMixin, forms.Form):
    category = forms.ChoiceField(
        label=_("Hva trenger du hjelp til?"), choices=Category.choices, widget=forms.RadioSelect
    )
    description = forms.CharField(
        label=_("Beskriv med egne ord"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Dette ser de som kan hjelpe. Ikke skriv helseopplysninger her, "
            "det kan du skrive i notatet til koordinatoren nederst."
        ),
    )
    destination = forms.CharField(
        label=_("Hvor skal du?"),
        max_length=200,
        required=False,
        help_text=_("Bare for følge eller skyss: for eksempel tannlegen i Follebu."),
    )
    where = forms.ChoiceField(
        label=_("Hvor skal hjelpen skje?"),
        choices=WHERE_CHOICES,
        initial="home",
        widget=forms.RadioSelect,
    )
    place = forms.CharField(
        label=_("Hvilket sted?"),
        max_length=200,
        required=False,
        help_text=_("Skriv dette hvis hjelpen ikke skal skje hjemme."),
    )
    first_date = forms.DateField(
        label=_("Fra hvilken dato?"), widget=forms.DateInput(attrs={"type": "date"})
    )
    recurrence = forms.ChoiceField(
        label=_("Hvor ofte?"),
        choices=Recurrence.choices,
        initial=Recurrence.ONCE,
        widget=forms.RadioSelect,
    )
    time_of_day = forms.MultipleChoiceField(
        label=_("Når på dagen passer det?"),
        choices=PART_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Velg én eller flere."),
    )
    other_days = forms.BooleanField(
        label=_("Andre dager i uka passer også"),
        required=False,
        help_text=_("Da kan hjelperen komme en annen dag enn datoen over."),
    )
    duration_minutes = forms.TypedChoiceField(
        label=_("Hvor lang tid tar det omtrent?"),
        choices=DURATION_CHOICES,
        coerce=int,
        initial=60,
    )
    alone_with_person = forms.BooleanField(
        label=_("Hjelperen blir alene med meg"),
        required=False,
        help_text=_("For eksempel besøk hjemme. Kommunen kan da kreve flere kontroller."),
    )
    goal = forms.ModelChoiceField(
        label=_("Hører dette til et mål i planen?"),
        queryset=None,
        required=False,
        empty_label=_("Nei, ikke noe bestemt mål"),
    )
    private_note = forms.CharField(
        label=_("Notat til koordinatoren"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Bare koordinatoren ser dette. Hjelperen ser det ikke."),
    )

    def __init__(self, *args, person, is_self: bool, goals=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["first_date"].initial = timezone.localdate()
        if not is_self:
            name = person.given_name
            self.fields["category"].label = _("Hva trenger %(name)s hjelp til?") % {"name": name}
            self.fields["where"].choices = [
                ("home", _("Hjemme hos %(name)s") % {"name": name}),
                ("elsewhere", _("Et annet sted")),
            ]
            self.fields["alone_with_person"].label = _("Hjelperen blir alene med %(name)s") % {
                "name": name
            }
        else:
            self.fields["where"].choices = [
                ("home", _("Hjemme hos meg")),
                ("elsewhere", _("Et annet sted")),
            ]
        if goals is not None and goals.exists():
            self.fields["goal"].queryset = goals
        else:
            del self.fields["goal"]

    def windows(self) -> list[str]:
        data = self.cleaned_data
        return windows_from(data["first_date"], data["time_of_day"], data["other_days"])


class AskForm(forms.Form):
    helper = forms.IntegerField(min_value=1)


class DeclineForm(DesignsystemetFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Vil du si hvorfor?"),
        max_length=200,
        required=False,
        help_text=_("For eksempel: «Jeg er bortreist den uka»."),
    )


class SessionForm(DesignsystemetFormMixin, forms.Form):
    date = forms.DateField(label=_("Dato"), widget=forms.DateInput(attrs={"type": "date"}))
    hours = CommaDecimalField(
        label=_("Hvor mange timer?"),
        min_value=Decimal("0.25"),
        max_value=Decimal(24),
        decimal_places=2,
        initial=Decimal(1),
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.25"}),
    )
    note = forms.CharField(label=_("Kort notat"), max_length=300, required=False)
    finish = forms.BooleanField(label=_("Dette var siste gang"), required=False)

    def __init__(self, *args, recurring: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = timezone.localdate()
        if not recurring:
            del self.fields["finish"]


class FeedbackForm(DesignsystemetFormMixin, forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Hvordan gikk det?"),
        choices=[(3, _("Bra")), (2, _("Greit")), (1, _("Ikke bra"))],
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Vil du si noe mer?"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    not_again = forms.BooleanField(
        label=_("Jeg ønsker ikke denne hjelperen igjen"),
        required=False,
        help_text=_("Hjelperen får ikke vite dette. Vi spør ikke denne hjelperen igjen."),
    )

    def __init__(self, *args, person_side: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not person_side:
            del self.fields["not_again"]


class ConcernForm(DesignsystemetFormMixin, forms.Form):
    what_happened = forms.CharField(
        label=_("Hva er du bekymret for?"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Skriv hva som skjedde, når og hvem som var der."),
    )
    urgent = forms.BooleanField(
        label=_("Det haster"),
        required=False,
        help_text=_("Koordinatoren ser meldingen først i lista."),
    )


class ConcernUpdateForm(DesignsystemetFormMixin, forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ConcernStatus.choices)
    handling_notes = forms.CharField(
        label=_("Oppfølging"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Hva er gjort, og hvem har du snakket med?"),
    )


class HelperProfileForm(DesignsystemetFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label=_("Hva slags hjelper er dere?"),
        choices=[c for c in HelperKind.choices if c[0] != HelperKind.INDIVIDUAL],
    )
    categories = forms.MultipleChoiceField(
        label=_("Hva kan du hjelpe med?"),
        choices=Category.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    skills = forms.CharField(
        label=_("Noe du er ekstra god på?"),
        max_length=300,
        required=False,
        help_text=_("For eksempel: «Kan mye om nettbrett» eller «Har tilhenger»."),
    )
    area_name = forms.CharField(
        label=_("Område"),
        max_length=100,
        required=False,
        help_text=_("Stedet du reiser fra, for eksempel Follebu."),
    )
    transport = forms.ChoiceField(
        label=_("Hvordan kommer du deg fram?"), choices=Transport.choices, widget=forms.RadioSelect
    )
    max_distance_km = CommaFloatField(
        label=_("Hvor langt kan du reise? (km)"),
        min_value=0.5,
        max_value=100,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.5"}),
        help_text=_("Går du, spør vi bare innen 3 km. Sykler du, innen 8 km."),
    )
    availability = forms.MultipleChoiceField(
        label=_("Når kan du hjelpe?"),
        choices=[(code, code) for code in SLOTS],
        widget=forms.CheckboxSelectMultiple,
    )
    languages = forms.MultipleChoiceField(
        label=_("Språk du snakker i tillegg til norsk"),
        choices=list(LANGUAGE_LABELS.items()),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    other_languages = forms.CharField(
        label=_("Andre språk"),
        max_length=100,
        required=False,
        help_text=_("Språkkoder skilt med komma, for eksempel: fr, es."),
    )
    max_tasks_per_week = forms.IntegerField(
        label=_("Høyst oppdrag per uke"), min_value=0, max_value=50
    )
    max_tasks_per_month = forms.IntegerField(
        label=_("Høyst oppdrag per måned"), min_value=0, max_value=200
    )
    charges_fee = forms.BooleanField(label=_("Vi tar betaling"), required=False)
    fee_description = forms.CharField(
        label=_("Hva koster det?"),
        max_length=200,
        required=False,
        help_text=_("For eksempel: «150 kr timen»."),
    )
    active = forms.BooleanField(
        label=_("Jeg tar oppdrag nå"),
        required=False,
        help_text=_("Ta bort krysset når du vil ha en pause. Da spør vi deg ikke."),
    )

    def __init__(self, *args, organisation: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not organisation:
            del self.fields["kind"]
            del self.fields["charges_fee"]
            del self.fields["fee_description"]
        else:
            self.fields["categories"].label = _("Hva kan dere hjelpe med?")
            self.fields["active"].label = _("Vi tar oppdrag nå")

    def language_codes(self) -> list[str]:
        data = self.cleaned_data
        extra = [c.strip().lower() for c in data.get("other_languages", "").split(",")]
        codes = list(data.get("languages", [])) + [c for c in extra if c]
        return list(dict.fromkeys(codes))

    def availability_rows(self) -> list[dict]:
        """The 7 × 3 grid for the template: one row per day, one checkbox per part."""
        chosen = set(self["availability"].value() or [])
        auto_id = self["availability"].auto_id
        return [
            {
                "label": DAY_LABELS[day],
                "cells": [
                    {
                        "code": f"{day}_{part}",
                        # The first box is <auto_id>_0, where the error summary links.
                        "id": f"{auto_id}_{d * len(PARTS) + p}",
                        "label": f"{DAY_LABELS[day]} {PART_LABELS[part]}",
                        "checked": f"{day}_{part}" in chosen,
                    }
                    for p, part in enumerate(PARTS)
                ],
            }
            for d, day in enumerate(DAYS)
        ]


class VerificationForm(DesignsystemetFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Hva ble sjekket?"), choices=VerificationKind.choices)
    checked_on = forms.DateField(
        label=_("Dato for kontrollen"), widget=forms.DateInput(attrs={"type": "date"})
    )
    expires_on = forms.DateField(
        label=_("Gyldig til"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("La stå tomt hvis kontrollen ikke går ut."),
    )
    legal_basis = forms.CharField(
        label=_("Hjemmel for politiattest"),
        max_length=300,
        required=False,
        help_text=_(
            "Bare for politiattest: hvilken oppgave med barn eller personer med "
            "utviklingshemming som gir hjemmel (politiregisterforskriften § 34-1)."
        ),
    )
    note = forms.CharField(
        label=_("Merknad"),
        max_length=300,
        required=False,
        help_text=_("Ikke skriv av innholdet i attesten."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["checked_on"].initial = timezone.localdate()


class HelpSettingsForm(DesignsystemetFormMixin, forms.Form):
    hourly_value_nok = forms.IntegerField(
        label=_("Verdi av en frivillig time (kr)"),
        min_value=0,
        max_value=100000,
        help_text=_("Brukes i statistikken for å vise verdien av frivillig innsats."),
    )
    contact_phone = forms.CharField(
        label=_("Telefon til koordinatoren"),
        max_length=20,
        required=False,
        help_text=_("Vises for innbyggere som ikke bruker internett så mye."),
    )
    expiry_warning_days = forms.IntegerField(
        label=_("Varsle om kontroller som går ut (dager før)"), min_value=0, max_value=365
    )


class StatisticsYearForm(forms.Form):
    year = forms.IntegerField(min_value=2000, max_value=2100, required=False)
