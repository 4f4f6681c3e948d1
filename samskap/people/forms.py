from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from samskap.people.models import ContactChannel, Person, WrittenLanguage
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
