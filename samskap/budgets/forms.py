"""Forms for participatory budgets. Plain HTML: everything works without JavaScript."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from samskap.budgets.models import FollowUpStatus, VotingMethod
from samskap.budgets.proposal_rules import ActorKind
from samskap.budgets.services import ActorInput
from samskap.web.forms import DesignsystemetFormMixin

ACTOR_SLOTS = 6


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class PoolForm(DesignsystemetFormMixin, forms.Form):
    title = forms.CharField(label=_("Tittel"), max_length=200)
    description = forms.CharField(
        label=_("Hva er pengene til?"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    target_group = forms.CharField(
        label=_("Målgruppe"),
        max_length=300,
        required=False,
        help_text=_("Hvem pengene er til, for eksempel «eldre som bor hjemme»."),
    )
    amount = forms.IntegerField(label=_("Beløp i kroner"), min_value=1)
    period_start = forms.DateField(label=_("Periode fra"), widget=DateInput())
    period_end = forms.DateField(label=_("Periode til"), widget=DateInput())
    voting_method = forms.ChoiceField(
        label=_("Stemmemåte"), choices=VotingMethod.choices, widget=forms.RadioSelect
    )
    min_voter_age = forms.IntegerField(
        label=_("Stemmerett fra alder"), min_value=0, max_value=120, required=False
    )
    min_actors = forms.IntegerField(
        label=_("Minst antall aktører bak et forslag"), min_value=0, max_value=20, initial=3
    )
    min_actor_kinds = forms.IntegerField(
        label=_("Minst antall ulike typer aktører"), min_value=0, max_value=6, initial=3
    )
    max_cost_per_proposal = forms.IntegerField(
        label=_("Høyeste beløp per forslag (kroner)"),
        min_value=1,
        required=False,
        initial=500_000,
        help_text=_("Tom betyr ingen grense utover potten."),
    )
    requires_municipal_unit = forms.BooleanField(
        label=_("En kommunal enhet må være ansvarlig"), required=False, initial=True
    )
    no_permanent_positions = forms.BooleanField(
        label=_("Pengene kan ikke brukes til nye faste stillinger"), required=False, initial=True
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("Perioden kan ikke slutte før den begynner."))
        return data


class ProposalForm(DesignsystemetFormMixin, forms.Form):
    title = forms.CharField(label=_("Hva heter forslaget?"), max_length=200)
    description = forms.CharField(
        label=_("Beskriv forslaget"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Hva skal gjøres, for hvem, og hvorfor trenger målgruppen det?"),
    )
    cost = forms.IntegerField(label=_("Hva koster det, i kroner?"), min_value=1)
    responsible_unit = forms.CharField(
        label=_("Ansvarlig kommunal enhet"),
        max_length=200,
        required=False,
        help_text=_("Enheten i kommunen som tar ansvar for at forslaget blir gjennomført."),
    )
    creates_permanent_position = forms.BooleanField(
        label=_("Forslaget lager en ny fast stilling"), required=False
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        kinds = [("", _("Velg type")), *ActorKind.choices]
        for i in range(ACTOR_SLOTS):
            self.fields[f"actor_{i}_name"] = forms.CharField(
                label=_("Navn"), max_length=200, required=False
            )
            self.fields[f"actor_{i}_kind"] = forms.ChoiceField(
                label=_("Type aktør"), choices=kinds, required=False
            )
        # The mixin ran before the actor fields existed.
        for i in range(ACTOR_SLOTS):
            for suffix in ("name", "kind"):
                widget = self.fields[f"actor_{i}_{suffix}"].widget
                widget.attrs["class"] = "ds-input"

    def clean(self):
        data = super().clean()
        for i in range(ACTOR_SLOTS):
            name, kind = data.get(f"actor_{i}_name", "").strip(), data.get(f"actor_{i}_kind")
            if name and not kind:
                self.add_error(
                    f"actor_{i}_kind", _("Velg hva slags aktør «%(name)s» er.") % {"name": name}
                )
            if kind and not name:
                self.add_error(f"actor_{i}_name", _("Skriv navnet på aktøren."))
        return data

    def actor_rows(self):
        return [
            (i + 1, self[f"actor_{i}_name"], self[f"actor_{i}_kind"]) for i in range(ACTOR_SLOTS)
        ]

    def actors(self) -> list[ActorInput]:
        data = self.cleaned_data
        return [
            ActorInput(name=data[f"actor_{i}_name"], kind=data[f"actor_{i}_kind"])
            for i in range(ACTOR_SLOTS)
            if data.get(f"actor_{i}_name", "").strip()
        ]

    def service_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "description": data["description"],
            "cost": data["cost"],
            "responsible_unit": data["responsible_unit"],
            "creates_permanent_position": data["creates_permanent_position"],
            "actors": self.actors(),
        }

    @staticmethod
    def initial_for(proposal) -> dict:
        initial = {
            "title": proposal.title,
            "description": proposal.description,
            "cost": proposal.cost,
            "responsible_unit": proposal.responsible_unit,
            "creates_permanent_position": proposal.creates_permanent_position,
        }
        for i, actor in enumerate(list(proposal.actors.all())[:ACTOR_SLOTS]):
            initial[f"actor_{i}_name"] = actor.name
            initial[f"actor_{i}_kind"] = actor.kind
        return initial


class BallotForm(DesignsystemetFormMixin, forms.Form):
    proposals = forms.TypedMultipleChoiceField(
        label=_("Forslagene du stemmer på"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Velg minst ett forslag.")},
    )

    def __init__(self, *args, choices=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["proposals"].choices = list(choices)


class IneligibleForm(DesignsystemetFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Hvorfor kan forslaget ikke være med?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Reglene forslaget bryter, kommer med automatisk."),
    )


class VoterSearchForm(DesignsystemetFormMixin, forms.Form):
    q = forms.CharField(label=_("Navn på den som har stemt på papir"), max_length=100)


class FollowUpForm(DesignsystemetFormMixin, forms.Form):
    status = forms.ChoiceField(
        label=_("Hvor langt har det kommet?"),
        choices=FollowUpStatus.choices,
        widget=forms.RadioSelect,
    )
    spent = forms.IntegerField(label=_("Brukt så langt, i kroner"), min_value=0, required=False)
    outcome = forms.CharField(
        label=_("Hva ble resultatet?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("Skriv enkelt hva som er gjort, og hva målgruppen sier om det."),
    )
