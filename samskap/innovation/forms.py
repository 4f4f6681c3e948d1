"""Forms for the portfolio: filters, a new initiative, adopting one, importing a file."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from samskap.innovation.models import KEY_MAX, AdoptionStatus, Phase, Status
from samskap.web.forms import DesignsystemetFormMixin

COUNTRIES = [("", _("Alle land")), ("NO", _("Norge")), ("DK", _("Danmark")), ("SE", _("Sverige"))]
STRENGTHS = [(n, str(n)) for n in range(KEY_MAX + 1)]


class CatalogueFilterForm(DesignsystemetFormMixin, forms.Form):
    q = forms.CharField(label=_("Søk"), required=False, max_length=100)
    fase = forms.ChoiceField(
        label=_("Fase"), required=False, choices=[("", _("Alle faser")), *Phase.choices]
    )
    land = forms.ChoiceField(label=_("Land"), required=False, choices=COUNTRIES)


class InitiativeForm(DesignsystemetFormMixin, forms.Form):
    kommune = forms.TypedChoiceField(label=_("Kommune"), coerce=int)
    title = forms.CharField(label=_("Navn"), max_length=200)
    theme = forms.CharField(label=_("Tema"), max_length=300)
    phase = forms.ChoiceField(label=_("Fase"), choices=Phase.choices, widget=forms.RadioSelect)
    status = forms.ChoiceField(label=_("Status"), choices=Status.choices, widget=forms.RadioSelect)
    summary = forms.CharField(
        label=_("Kort om initiativet"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("To–tre setninger: hva det er, og for hvem."),
    )  # fmt: skip
    description = forms.CharField(
        label=_("Beskrivelse"), max_length=2000, required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )  # fmt: skip
    partners = forms.CharField(
        label=_("Partnere"), required=False, max_length=1000,
        help_text=_("Én per linje: lag, foreninger, bedrifter, skoler, kommunale enheter."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )  # fmt: skip
    effects = forms.CharField(
        label=_("Endring i behovet for kommunens tjenester"), max_length=1000, required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )  # fmt: skip
    contact = forms.CharField(label=_("Kontakt"), max_length=300, required=False)
    key_purpose = forms.TypedChoiceField(
        label=_("Formål: endrer det målet med jobben?"), choices=STRENGTHS, coerce=int,
        initial=0, widget=forms.RadioSelect,
    )  # fmt: skip
    key_resources = forms.TypedChoiceField(
        label=_("Ressurser: flyter penger, kompetanse eller oppmerksomhet annerledes?"),
        choices=STRENGTHS, coerce=int, initial=0, widget=forms.RadioSelect,
    )  # fmt: skip
    key_power = forms.TypedChoiceField(
        label=_("Makt: bestemmer innbyggerne eller andre aktører mer?"), choices=STRENGTHS,
        coerce=int, initial=0, widget=forms.RadioSelect,
    )  # fmt: skip
    key_relations = forms.TypedChoiceField(
        label=_("Relasjoner: samarbeider aktører på nye måter?"), choices=STRENGTHS, coerce=int,
        initial=0, widget=forms.RadioSelect,
    )  # fmt: skip

    def __init__(self, *args, kommuner, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.kommuner = {k.pk: k for k in kommuner}
        self.fields["kommune"].choices = [(k.pk, k.name) for k in kommuner]

    def clean(self):
        data = super().clean()
        keys = [data.get(f) or 0 for f in ("key_purpose", "key_resources", "key_power",
                                            "key_relations")]  # fmt: skip
        if not any(keys):
            raise forms.ValidationError(
                _("Plasser initiativet på minst én av de fire nøklene (1–3).")
            )
        return data

    def values(self) -> dict:
        data = dict(self.cleaned_data)
        kommune = self.kommuner[data.pop("kommune")]
        data["partners"] = [p.strip() for p in data["partners"].splitlines() if p.strip()]
        data["keys"] = {
            key: data.pop(f"key_{key}") for key in ("purpose", "resources", "power", "relations")
        }
        return {"kommune": kommune, **data}


class AdoptionForm(DesignsystemetFormMixin, forms.Form):
    kommune = forms.TypedChoiceField(label=_("Kommune"), coerce=int)
    status = forms.ChoiceField(
        label=_("Hvor langt har dere kommet?"), choices=AdoptionStatus.choices,
        initial=AdoptionStatus.ADOPTING, widget=forms.RadioSelect,
    )  # fmt: skip
    note = forms.CharField(
        label=_("Hvordan dere gjør det"), max_length=500, required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For eksempel hva dere endret, så andre kan lære av det."),
    )  # fmt: skip

    def __init__(self, *args, kommuner, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.kommuner = {k.pk: k for k in kommuner}
        self.fields["kommune"].choices = [(k.pk, k.name) for k in kommuner]


class ImportForm(DesignsystemetFormMixin, forms.Form):
    file = forms.FileField(
        label=_("Fil fra en annen Samskap (JSON)"),
        help_text=_("Eksporten fra «Last ned hele porteføljen». Høyst 5 MB."),
    )
