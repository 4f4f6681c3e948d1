"""Forms for co-creation. They only parse input; the rules live in services and domain."""

from __future__ import annotations

from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from samskap.cocreation import domain
from samskap.cocreation.ladder import LADDER
from samskap.cocreation.models import Sector
from samskap.web.forms import DesignsystemetFormMixin


def _level_choices():
    return [
        (
            step.level,
            format_html(
                '<strong>{}</strong> – {} <span class="muted">({})</span>',
                step.label,
                step.explanation,
                _("lovpålagt i mange saker") if step.required_by_law else _("anbefalt"),
            ),
        )
        for step in LADDER
    ]


class ProcessForm(DesignsystemetFormMixin, forms.Form):
    kommune = forms.TypedChoiceField(label=_("Kommune"), coerce=int)
    challenge = forms.CharField(
        label=_("Utfordringen, som et spørsmål"),
        max_length=200,
        help_text=_(
            "Start med Hva, Hvem, Hvordan eller Hvilke. For eksempel: «Hvordan kan flere "
            "eldre delta på aktiviteter?»"
        ),
    )
    description = forms.CharField(
        label=_("Bakgrunn"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Hvorfor er dette viktig, og hva vet dere fra før?"),
    )
    level = forms.ChoiceField(
        label=_("Hva kan deltakerne påvirke?"), widget=forms.RadioSelect, choices=()
    )
    dots_per_round = forms.IntegerField(
        label=_("Prikker hver deltaker kan gi per runde"),
        min_value=1,
        max_value=20,
        initial=5,
    )

    def __init__(self, *args, kommuner=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kommune"].choices = [(k.pk, k.name) for k in kommuner]
        self.fields["level"].choices = _level_choices()
        if len(kommuner) == 1:
            self.fields["kommune"].widget = forms.HiddenInput()
            self.fields["kommune"].initial = kommuner[0].pk

    def clean_challenge(self) -> str:
        challenge = " ".join(self.cleaned_data["challenge"].split())
        if not domain.is_question(challenge):
            raise forms.ValidationError(
                _(
                    "Skriv utfordringen som et spørsmål, for eksempel «Hvordan kan flere eldre "
                    "delta på aktiviteter?». Start med Hva, Hvem, Hvordan eller Hvilke, eller "
                    "avslutt med spørsmålstegn."
                )
            )
        return challenge


class JoinForm(DesignsystemetFormMixin, forms.Form):
    sector = forms.ChoiceField(
        label=_("Hvem deltar du som?"),
        choices=Sector.choices,
        widget=forms.RadioSelect,
        help_text=_("Vi viser hvor mange som deltar fra hver gruppe, ikke hvem."),
    )


class IdeaForm(DesignsystemetFormMixin, forms.Form):
    text = forms.CharField(
        label=_("Din idé"),
        max_length=280,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 280}),
        help_text=_("Kort, som på en gul lapp. Høyst 280 tegn."),
    )


class CommentForm(DesignsystemetFormMixin, forms.Form):
    text = forms.CharField(
        label=_("Din kommentar"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReportForm(DesignsystemetFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Hva er galt?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For eksempel: personangrep, personopplysninger eller reklame."),
    )


class HideForm(DesignsystemetFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Hvorfor skjules det?"),
        max_length=300,
        help_text=_("Forfatteren ser grunnen. Ingenting blir slettet."),
    )


class WorkshopIdeasForm(DesignsystemetFormMixin, forms.Form):
    text = forms.CharField(
        label=_("Lappene fra verkstedet"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Én idé per linje, høyst 280 tegn per linje."),
    )


class PhotoForm(DesignsystemetFormMixin, forms.Form):
    image = forms.FileField(
        label=_("Bilde av veggen med lapper"),
        help_text=_("JPG eller PNG, høyst 8 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png"}),
    )
    description = forms.CharField(
        label=_("Hva viser bildet?"),
        max_length=300,
        help_text=_("Skriv det viktigste som står på lappene, for dem som ikke ser bildet."),
    )


class ClusterForm(DesignsystemetFormMixin, forms.Form):
    name = forms.CharField(label=_("Navn på gruppen"), max_length=120)


class MoveForm(forms.Form):
    cluster = forms.TypedChoiceField(coerce=int, required=False, empty_value=None)

    def __init__(self, *args, clusters=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cluster"].choices = [("", "–"), *((c.pk, c.name) for c in clusters)]


class AdvanceForm(forms.Form):
    ideas = forms.TypedMultipleChoiceField(coerce=int, required=False)
    clusters = forms.TypedMultipleChoiceField(coerce=int, required=False)

    def __init__(self, *args, idea_ids=(), cluster_ids=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["ideas"].choices = [(pk, pk) for pk in idea_ids]
        self.fields["clusters"].choices = [(pk, pk) for pk in cluster_ids]


class MeetingForm(DesignsystemetFormMixin, forms.Form):
    title = forms.CharField(label=_("Tittel"), max_length=120)
    starts_at = forms.DateTimeField(
        label=_("Tidspunkt"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    place = forms.CharField(label=_("Sted"), max_length=200)
    capacity = forms.IntegerField(label=_("Antall plasser"), min_value=1, max_value=500)
    agenda = forms.CharField(
        label=_("Program"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class MinutesForm(DesignsystemetFormMixin, forms.Form):
    minutes = forms.CharField(
        label=_("Referat"),
        max_length=10000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Hva ble sagt og bestemt? Skriv enkelt, så alle forstår."),
    )


class MeetingFileForm(DesignsystemetFormMixin, forms.Form):
    file = forms.FileField(
        label=_("Vedlegg"),
        help_text=_("PDF, Word, OpenDocument, PowerPoint, bilde eller tekst. Høyst 10 MB."),
    )
    name = forms.CharField(label=_("Navn på vedlegget"), max_length=120, required=False)
