"""Forms for the weekly letter: news, settings and a person's own choice."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from samskap.letters.models import LetterDelivery, NewsKind
from samskap.web.forms import DesignsystemetFormMixin


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class NewsItemForm(DesignsystemetFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label=_("Hva slags tekst?"), choices=NewsKind.choices, widget=forms.RadioSelect
    )
    title = forms.CharField(label=_("Overskrift"), max_length=120)
    body = forms.CharField(
        label=_("Tekst"),
        max_length=600,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Kort og enkelt: noen få setninger. Høyst 600 tegn."),
    )
    valid_from = forms.DateField(label=_("Vises fra"), widget=DateInput())
    valid_to = forms.DateField(label=_("Vises til og med"), widget=DateInput())

    def clean(self):
        data = super().clean()
        start, end = data.get("valid_from"), data.get("valid_to")
        if start and end and end < start:
            self.add_error("valid_to", _("Sluttdatoen kan ikke være før startdatoen."))
        return data


class LetterSettingsForm(DesignsystemetFormMixin, forms.Form):
    min_age = forms.IntegerField(
        label=_("Fra alder"),
        min_value=0,
        max_value=120,
        help_text=_("Innbyggere fra denne alderen som foretrekker brev, får ukebrevet på papir."),
    )
    contact_phone = forms.CharField(
        label=_("Telefon i brevet"), max_length=30, required=False,
        help_text=_("Tom betyr kommunens sentralbord."),
    )  # fmt: skip
    signature = forms.CharField(label=_("Hilsen fra"), max_length=200, required=False)


INHERIT = ""
INHERIT_LABEL = _("Som kommunen bestemmer (papir fra en viss alder for dem som foretrekker brev)")


class LetterChoiceForm(DesignsystemetFormMixin, forms.Form):
    delivery = forms.ChoiceField(
        label=_("Hvordan vil du ha ukebrevet?"),
        choices=[(INHERIT, INHERIT_LABEL), *LetterDelivery.choices],
        widget=forms.RadioSelect,
        required=False,
    )


class WeekForm(forms.Form):
    uke = forms.DateField(required=False)
