from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samskap.people.models import Frequency, SupportKind
from samskap.plans.models import (
    ActionKind,
    ActionStatus,
    ContributionKind,
    ConversationSetting,
    Measure,
    Presence,
)
from samskap.web.forms import DesignsystemetFormMixin


class ConversationForm(DesignsystemetFormMixin, forms.Form):
    held_on = forms.DateField(label=_("Dato"), widget=forms.DateInput(attrs={"type": "date"}))
    setting = forms.ChoiceField(
        label=_("Hvordan ble samtalen holdt?"), choices=ConversationSetting.choices
    )
    presence = forms.ChoiceField(
        label=_("Hvem skrev, og var personen til stede?"),
        choices=Presence.choices,
        widget=forms.RadioSelect,
    )
    others_present = forms.CharField(label=_("Andre til stede"), max_length=200, required=False)
    what_matters = forms.CharField(
        label=_("Hva er viktig for deg?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Skriv med personens egne ord."),
    )
    can_contribute = forms.CharField(
        label=_("Hva kan du bidra med?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    do_together = forms.CharField(
        label=_("Hva kan vi gjøre sammen?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["held_on"].initial = timezone.localdate()


class GoalForm(DesignsystemetFormMixin, forms.Form):
    text = forms.CharField(
        label=_("Målet, med personens egne ord"),
        max_length=300,
        help_text=_("For eksempel: «Gå til butikken selv» eller «Bake sammen med noen»."),
    )
    measure = forms.ChoiceField(label=_("Hvordan vil dere følge med?"), choices=Measure.choices)
    gas_expected = forms.CharField(
        label=_("Forventet resultat (bare for måloppnåelse)"),
        max_length=300,
        required=False,
    )
    baseline = forms.DecimalField(
        label=_("Startverdi (valgfritt)"),
        required=False,
        min_value=0,
        max_value=10,
        decimal_places=1,
        help_text=_("PSFS: 0–10. Kan også skåres senere."),
    )


class ScoreForm(DesignsystemetFormMixin, forms.Form):
    recorded_on = forms.DateField(label=_("Dato"), widget=forms.DateInput(attrs={"type": "date"}))
    psfs = forms.DecimalField(
        label=_("Hvor godt klarer du det nå? (0–10)"),
        required=False,
        decimal_places=1,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.5"}),
        help_text=_("0 = klarer det ikke, 10 = klarer det like godt som før."),
    )
    copm_performance = forms.DecimalField(
        label=_("Utførelse (1–10)"),
        required=False,
        decimal_places=1,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.5"}),
    )
    copm_satisfaction = forms.DecimalField(
        label=_("Tilfredshet (1–10)"),
        required=False,
        decimal_places=1,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.5"}),
    )
    gas = forms.TypedChoiceField(
        label=_("Måloppnåelse"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[
            ("", _("Velg …")),
            (-2, _("−2: mye dårligere enn forventet")),
            (-1, _("−1: noe dårligere enn forventet")),
            (0, _("0: som forventet")),
            (1, _("+1: noe bedre enn forventet")),
            (2, _("+2: mye bedre enn forventet")),
        ],
    )
    note = forms.CharField(label=_("Merknad"), max_length=300, required=False)

    def __init__(self, *args, measure: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["recorded_on"].initial = timezone.localdate()
        keep = {
            Measure.PSFS: {"psfs"},
            Measure.COPM: {"copm_performance", "copm_satisfaction"},
            Measure.GAS: {"gas"},
        }.get(measure, set())
        for name in ("psfs", "copm_performance", "copm_satisfaction", "gas"):
            if name not in keep:
                del self.fields[name]
            else:
                self.fields[name].required = True


class ContributionForm(DesignsystemetFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Hva slags bidrag?"), choices=ContributionKind.choices)
    text = forms.CharField(
        label=_("Med egne ord"),
        max_length=300,
        help_text=_("For eksempel: «Jeg kan bake», «Jeg kan kjøre på tirsdager»."),
    )
    may_offer = forms.BooleanField(
        label=_("Dette kan tilbys andre gjennom Samskap"),
        required=False,
        help_text=_("Bare personen selv kan si ja til dette."),
    )


class ActionForm(DesignsystemetFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Hva skal gjøres?"), choices=ActionKind.choices)
    title = forms.CharField(label=_("Beskrivelse"), max_length=200)
    due_on = forms.DateField(
        label=_("Frist"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(choices=ActionStatus.choices)


class RelationSupportForm(DesignsystemetFormMixin, forms.Form):
    support = forms.MultipleChoiceField(
        label=_("Hva bidrar de med?"),
        choices=SupportKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    frequency = forms.ChoiceField(
        label=_("Hvor ofte?"), choices=[("", _("Vet ikke")), *Frequency.choices], required=False
    )
