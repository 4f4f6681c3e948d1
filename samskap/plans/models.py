"""The person's own plan: what matters, goals with measures, contributions, network, actions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from samskap.core.models import KommuneOwnedModel


class Question(models.TextChoices):
    WHAT_MATTERS = "what_matters", _("Hva er viktig for deg?")
    CAN_CONTRIBUTE = "can_contribute", _("Hva kan du bidra med?")
    DO_TOGETHER = "do_together", _("Hva kan vi gjøre sammen?")


class ConversationSetting(models.TextChoices):
    OWN = "own", _("Personen skrev selv")
    WITH_RELATIVE = "with_relative", _("Sammen med pårørende")
    HOME_VISIT = "home_visit", _("Hjemmebesøk")
    PREVENTIVE_VISIT = "preventive_visit", _("Forebyggende hjemmebesøk (75 år)")
    ASSESSMENT_START = "assessment_start", _("Oppstart av kartleggingsperiode")
    PHONE = "phone", _("Telefonsamtale")


class Presence(models.TextChoices):
    PERSON_WROTE = "person_wrote", _("Personen skrev selv")
    PERSON_PRESENT = "person_present", _("Personen var til stede")
    AUTHORISED = "authorised", _("Skrevet av representant med fullmakt")


class Conversation(KommuneOwnedModel):
    """One sitting where the three questions were talked about."""

    person = models.ForeignKey(
        "people.Person",
        on_delete=models.CASCADE,
        related_name="conversations",
        verbose_name=_("person"),
    )
    held_on = models.DateField(_("dato"))
    setting = models.CharField(_("samtalen"), max_length=32, choices=ConversationSetting.choices)
    others_present = models.CharField(
        _("andre til stede"),
        max_length=200,
        blank=True,
        help_text=_("For eksempel: datteren Kari, sykepleier Trine."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("skrevet av"),
    )

    class Meta:
        verbose_name = _("samtale")
        verbose_name_plural = _("samtaler")
        ordering = ["-held_on", "-created_at"]
        indexes = [models.Index(fields=["person", "-held_on"])]

    def __str__(self) -> str:
        return f"{self.person} {self.held_on}"


class PlanEntry(KommuneOwnedModel):
    """An answer to one of the three questions, in the person's own words (verbatim)."""

    person = models.ForeignKey(
        "people.Person",
        on_delete=models.CASCADE,
        related_name="plan_entries",
        verbose_name=_("person"),
    )
    conversation = models.ForeignKey(
        Conversation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="entries",
        verbose_name=_("samtale"),
    )
    question = models.CharField(_("spørsmål"), max_length=20, choices=Question.choices)
    text = models.TextField(_("med personens egne ord"))
    presence = models.CharField(_("hvem var til stede"), max_length=20, choices=Presence.choices)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("skrevet av"),
    )
    written_by_name = models.CharField(_("skrevet av"), max_length=200)
    archived_at = models.DateTimeField(_("arkivert"), null=True, blank=True)

    class Meta:
        verbose_name = _("svar")
        verbose_name_plural = _("svar")
        ordering = ["question", "created_at"]
        indexes = [models.Index(fields=["person", "question", "archived_at"])]

    def __str__(self) -> str:
        return self.text[:60]


class Measure(models.TextChoices):
    NONE = "none", _("Uten måling")
    PSFS = "psfs", _("PSFS – hvor godt klarer du det (0–10)")
    COPM = "copm", _("COPM – utførelse og tilfredshet (1–10)")
    GAS = "gas", _("Måloppnåelse (GAS, −2 til +2)")


class GoalStatus(models.TextChoices):
    ACTIVE = "active", _("Pågår")
    ACHIEVED = "achieved", _("Nådd")
    STOPPED = "stopped", _("Avsluttet")


class Goal(KommuneOwnedModel):
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="goals", verbose_name=_("person")
    )
    text = models.CharField(_("målet med personens egne ord"), max_length=300)
    measure = models.CharField(
        _("måling"), max_length=8, choices=Measure.choices, default=Measure.NONE
    )
    status = models.CharField(
        _("status"), max_length=10, choices=GoalStatus.choices, default=GoalStatus.ACTIVE
    )
    gas_weight = models.PositiveSmallIntegerField(_("vekt (GAS)"), default=1)
    gas_expected = models.CharField(
        _("forventet resultat (0)"),
        max_length=300,
        blank=True,
        help_text=_("Hva betyr det at målet er nådd som forventet?"),
    )
    review_every_days = models.PositiveSmallIntegerField(_("følg opp hver (dager)"), default=42)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("registrert av"),
    )

    class Meta:
        verbose_name = _("mål")
        verbose_name_plural = _("mål")
        ordering = ["status", "created_at"]
        indexes = [models.Index(fields=["person", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(gas_weight__gte=1, gas_weight__lte=10),
                name="goal_gas_weight_range",
            )
        ]

    def __str__(self) -> str:
        return self.text


class GoalScore(models.Model):
    goal = models.ForeignKey(
        Goal, on_delete=models.CASCADE, related_name="scores", verbose_name=_("mål")
    )
    recorded_on = models.DateField(_("dato"))
    psfs = models.DecimalField(
        _("PSFS (0–10)"), max_digits=3, decimal_places=1, null=True, blank=True
    )
    copm_performance = models.DecimalField(
        _("utførelse (1–10)"), max_digits=3, decimal_places=1, null=True, blank=True
    )
    copm_satisfaction = models.DecimalField(
        _("tilfredshet (1–10)"), max_digits=3, decimal_places=1, null=True, blank=True
    )
    gas = models.SmallIntegerField(_("måloppnåelse (−2 til +2)"), null=True, blank=True)
    note = models.CharField(_("merknad"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("registrert av"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("skåring")
        verbose_name_plural = _("skåringer")
        ordering = ["recorded_on", "created_at"]
        indexes = [models.Index(fields=["goal", "recorded_on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(psfs__isnull=True) | models.Q(psfs__gte=0, psfs__lte=10),
                name="score_psfs_range",
            ),
            models.CheckConstraint(
                condition=models.Q(copm_performance__isnull=True)
                | models.Q(copm_performance__gte=1, copm_performance__lte=10),
                name="score_copm_performance_range",
            ),
            models.CheckConstraint(
                condition=models.Q(copm_satisfaction__isnull=True)
                | models.Q(copm_satisfaction__gte=1, copm_satisfaction__lte=10),
                name="score_copm_satisfaction_range",
            ),
            models.CheckConstraint(
                condition=models.Q(gas__isnull=True) | models.Q(gas__gte=-2, gas__lte=2),
                name="score_gas_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.goal} {self.recorded_on}"


class ContributionKind(models.TextChoices):
    SKILL = "skill", _("Noe jeg kan")
    INTEREST = "interest", _("Noe jeg liker")
    TIME = "time", _("Tid jeg kan gi")
    EXPERIENCE = "experience", _("Erfaring jeg kan dele")


class Contribution(KommuneOwnedModel):
    """What the person can and wants to give. Offered to others only with their permission."""

    person = models.ForeignKey(
        "people.Person",
        on_delete=models.CASCADE,
        related_name="contributions",
        verbose_name=_("person"),
    )
    kind = models.CharField(_("type"), max_length=12, choices=ContributionKind.choices)
    text = models.CharField(_("med personens egne ord"), max_length=300)
    may_offer = models.BooleanField(
        _("kan tilbys andre"),
        default=False,
        help_text=_("Personen har sagt ja til at dette kan brukes i hjelp og aktiviteter."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("bidrag")
        verbose_name_plural = _("bidrag")
        ordering = ["created_at"]
        indexes = [models.Index(fields=["kommune", "may_offer"])]

    def __str__(self) -> str:
        return self.text


class ActionKind(models.TextChoices):
    HELP_REQUEST = "help_request", _("Be om hjelp")
    ACTIVITY = "activity", _("Melde på en aktivitet")
    RIDE = "ride", _("Bestille skyss")
    FOLLOW_UP = "follow_up", _("Oppfølging fra ansatt")


class ActionStatus(models.TextChoices):
    PLANNED = "planned", _("Planlagt")
    STARTED = "started", _("I gang")
    DONE = "done", _("Gjort")
    CANCELLED = "cancelled", _("Avlyst")


class Action(KommuneOwnedModel):
    """Something done towards a goal. Later features link their objects here."""

    goal = models.ForeignKey(
        Goal, on_delete=models.CASCADE, related_name="actions", verbose_name=_("mål")
    )
    kind = models.CharField(_("type"), max_length=16, choices=ActionKind.choices)
    title = models.CharField(_("hva"), max_length=200)
    status = models.CharField(
        _("status"), max_length=10, choices=ActionStatus.choices, default=ActionStatus.PLANNED
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plan_actions",
        verbose_name=_("ansvarlig"),
    )
    due_on = models.DateField(_("frist"), null=True, blank=True)
    # Later features (help, activities, transport) point their object here.
    linked_type = models.CharField(max_length=64, blank=True)
    linked_id = models.CharField(max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("tiltak")
        verbose_name_plural = _("tiltak")
        ordering = ["status", "due_on", "created_at"]
        indexes = [models.Index(fields=["assigned_to", "status"])]

    def __str__(self) -> str:
        return self.title


class OrganisationTie(KommuneOwnedModel):
    """An association, service or other organisation in the person's network."""

    person = models.ForeignKey(
        "people.Person",
        on_delete=models.CASCADE,
        related_name="organisation_ties",
        verbose_name=_("person"),
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisasjon"),
    )
    name = models.CharField(_("navn"), max_length=200)
    is_service = models.BooleanField(_("kommunal tjeneste"), default=False)
    support = models.JSONField(_("hva de bidrar med"), default=list, blank=True)
    frequency = models.CharField(_("hvor ofte"), max_length=10, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("organisasjon i nettverket")
        verbose_name_plural = _("organisasjoner i nettverket")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
