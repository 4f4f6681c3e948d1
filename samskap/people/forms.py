from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from samskap.people.models import (
    ContactChannel,
    Frequency,
    Person,
    RelationKind,
    RepresentationBasis,
    SupportKind,
    WrittenLanguage,
)
from samskap.privacy.models import ConsentScope
from samskap.web.forms import DesignsystemetFormMixin

LANGUAGE_CHOICES = [
    ("nb", _("Norsk")),
    ("se", _("Nordsamisk")),
    ("en", _("Engelsk")),
    ("pl", _("Polsk")),
    ("so", _("Somali")),
    ("ar", _("Arabisk")),
    ("ti", _("Tigrinja")),
    ("uk", _("Ukrainsk")),
]


class PersonForm(DesignsystemetFormMixin, forms.ModelForm):
    contact_channels = forms.MultipleChoiceField(
        label=_("Hvordan vil du helst bli kontaktet?"),
        choices=ContactChannel.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    languages = forms.MultipleChoiceField(
        label=_("Språk du snakker"),
        choices=LANGUAGE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    written_language = forms.ChoiceField(
        label=_("Skriftspråk i brev"), choices=WrittenLanguage.choices, widget=forms.RadioSelect
    )

    class Meta:
        model = Person
        fields = [
            "given_name",
            "family_name",
            "birth_year",
            "phone",
            "email",
            "street_address",
            "postal_code",
            "postal_place",
            "contact_channels",
            "languages",
            "written_language",
            "about",
        ]
        widgets = {
            "birth_year": forms.NumberInput(attrs={"inputmode": "numeric"}),
            "phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "given_name": forms.TextInput(attrs={"autocomplete": "given-name"}),
            "family_name": forms.TextInput(attrs={"autocomplete": "family-name"}),
            "street_address": forms.TextInput(attrs={"autocomplete": "street-address"}),
            "postal_code": forms.TextInput(
                attrs={"inputmode": "numeric", "autocomplete": "postal-code"}
            ),
            "about": forms.Textarea(attrs={"rows": 4}),
        }


class ConsentGrantForm(DesignsystemetFormMixin, forms.Form):
    scope = forms.ChoiceField(label=_("Hva skal de få se?"), choices=ConsentScope.choices)
    grantee = forms.ChoiceField(label=_("Hvem skal få se det?"))

    def __init__(self, *args, grantee_choices: list[tuple[str, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["grantee"].choices = [("", _("Velg …")), *grantee_choices]


class NetworkMemberForm(DesignsystemetFormMixin, forms.Form):
    given_name = forms.CharField(label=_("Fornavn"), max_length=100)
    family_name = forms.CharField(label=_("Etternavn"), max_length=100)
    kind = forms.ChoiceField(label=_("Hvem er de for personen?"), choices=RelationKind.choices)
    phone = forms.CharField(
        label=_("Telefon"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel"}),
    )
    support = forms.MultipleChoiceField(
        label=_("Hva slags støtte gir de?"),
        choices=SupportKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    frequency = forms.ChoiceField(
        label=_("Hvor ofte?"), choices=[("", _("Vet ikke")), *Frequency.choices], required=False
    )
    description = forms.CharField(
        label=_("Hva bidrar de med?"),
        max_length=200,
        required=False,
        help_text=_("For eksempel: handler hver fredag, ringer hver kveld."),
    )


class RepresentationForm(DesignsystemetFormMixin, forms.Form):
    representative = forms.ChoiceField(label=_("Hvem skal kunne handle på vegne av personen?"))
    basis = forms.ChoiceField(label=_("Grunnlag"), choices=RepresentationBasis.choices)
    basis_reference = forms.CharField(
        label=_("Hvor er grunnlaget dokumentert?"),
        max_length=200,
        help_text=_(
            "For eksempel: skriftlig fullmakt i journalnotat, eller vedtak fra Statsforvalteren."
        ),
    )
    start_date = forms.DateField(
        label=_("Fra dato"), widget=forms.DateInput(attrs={"type": "date"})
    )
    end_date = forms.DateField(
        label=_("Til dato"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, representative_choices: list[tuple[str, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["representative"].choices = [("", _("Velg …")), *representative_choices]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("Til-datoen må være etter fra-datoen."))
        return cleaned
