"""Innbyggerbudsjett: a pool of money, residents' proposals, ballots and the follow-up."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from samskap.budgets.proposal_rules import ActorKind, PoolRules
from samskap.core.models import KommuneOwnedModel, TimeStampedModel


class PoolStatus(models.TextChoices):
    DRAFT = "draft", _("Under arbeid")
    PROPOSALS_OPEN = "proposals_open", _("Åpen for forslag")
    VOTING = "voting", _("Avstemning pågår")
    RESULT = "result", _("Resultatet er klart")
    FOLLOW_UP = "follow_up", _("Oppfølging")


class VotingMethod(models.TextChoices):
    APPROVAL = "approval", _("Stem på så mange forslag du vil")
    KNAPSACK = "knapsack", _("Velg forslag innenfor potten")


def default_rules() -> dict:
    return PoolRules().to_data()


class BudgetPool(KommuneOwnedModel):
    """Money the kommune lets residents decide over, with the rules for proposals."""

    title = models.CharField(_("tittel"), max_length=200)
    description = models.TextField(_("beskrivelse"), blank=True)
    target_group = models.CharField(_("målgruppe"), max_length=300, blank=True)
    period_start = models.DateField(_("periode fra"))
    period_end = models.DateField(_("periode til"))
    amount = models.PositiveIntegerField(_("beløp (kroner)"), validators=[MinValueValidator(1)])
    status = models.CharField(
        _("status"), max_length=20, choices=PoolStatus.choices, default=PoolStatus.DRAFT
    )
    voting_method = models.CharField(
        _("stemmemåte"),
        max_length=10,
        choices=VotingMethod.choices,
        default=VotingMethod.APPROVAL,
    )
    min_voter_age = models.PositiveSmallIntegerField(
        _("stemmerett fra alder"), null=True, blank=True
    )
    rules = models.JSONField(_("regler"), default=default_rules)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("opprettet av"),
    )
    result_computed_at = models.DateTimeField(_("resultat beregnet"), null=True, blank=True)

    class Meta:
        verbose_name = _("innbyggerbudsjett")
        verbose_name_plural = _("innbyggerbudsjetter")
        ordering = ["-period_start", "pk"]
        indexes = [models.Index(fields=["kommune", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")), name="budgetpool_period"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def pool_rules(self) -> PoolRules:
        return PoolRules.from_data(self.rules)


class ProposalStatus(models.TextChoices):
    DRAFT = "draft", _("Utkast")
    SUBMITTED = "submitted", _("Med i avstemningen")
    INELIGIBLE = "ineligible", _("Ikke med i avstemningen")


class FollowUpStatus(models.TextChoices):
    PLANNED = "planned", _("Planlagt")
    STARTED = "started", _("Startet")
    DONE = "done", _("Ferdig")
    STOPPED = "stopped", _("Stoppet")


class Proposal(TimeStampedModel):
    pool = models.ForeignKey(
        BudgetPool, on_delete=models.CASCADE, related_name="proposals", verbose_name=_("pott")
    )
    title = models.CharField(_("tittel"), max_length=200)
    description = models.TextField(_("beskrivelse"))
    cost = models.PositiveIntegerField(_("kostnad (kroner)"), validators=[MinValueValidator(1)])
    responsible_unit = models.CharField(_("ansvarlig kommunal enhet"), max_length=200, blank=True)
    creates_permanent_position = models.BooleanField(_("lager en ny fast stilling"), default=False)
    status = models.CharField(
        _("status"), max_length=12, choices=ProposalStatus.choices, default=ProposalStatus.DRAFT
    )
    submitted_at = models.DateTimeField(_("sendt inn"), null=True, blank=True)
    ineligible_reason = models.TextField(_("hvorfor ikke med"), blank=True)
    proposer = models.ForeignKey(
        "people.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("foreslått av"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registrert av"),
    )
    funded = models.BooleanField(_("får penger"), default=False)
    follow_up_status = models.CharField(
        _("status for gjennomføring"), max_length=10, choices=FollowUpStatus.choices, blank=True
    )
    spent = models.PositiveIntegerField(_("brukt (kroner)"), null=True, blank=True)
    outcome = models.TextField(_("hva ble resultatet"), blank=True)
    follow_up_updated_at = models.DateTimeField(_("oppfølging oppdatert"), null=True, blank=True)

    class Meta:
        verbose_name = _("forslag")
        verbose_name_plural = _("forslag")
        ordering = ["pool", "pk"]
        indexes = [models.Index(fields=["pool", "status"])]

    def __str__(self) -> str:
        return self.title


class ProposalActor(models.Model):
    """Someone who stands behind a proposal: a resident group, an association, a unit …"""

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="actors", verbose_name=_("forslag")
    )
    name = models.CharField(_("navn"), max_length=200)
    kind = models.CharField(_("type"), max_length=20, choices=ActorKind.choices)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisasjon"),
    )
    position = models.PositiveSmallIntegerField(_("rekkefølge"), default=0)

    class Meta:
        verbose_name = _("aktør bak forslag")
        verbose_name_plural = _("aktører bak forslag")
        ordering = ["proposal", "position", "pk"]

    def __str__(self) -> str:
        return self.name


class Ballot(TimeStampedModel):
    """One person's ballot in a pool. Secret: only the voter sees what it holds."""

    pool = models.ForeignKey(
        BudgetPool, on_delete=models.CASCADE, related_name="ballots", verbose_name=_("pott")
    )
    voter = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="+", verbose_name=_("velger")
    )
    proposals = models.ManyToManyField(Proposal, related_name="+", verbose_name=_("forslag"))
    on_paper = models.BooleanField(_("stemmeseddel på papir"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registrert av"),
    )

    class Meta:
        verbose_name = _("stemmeseddel")
        verbose_name_plural = _("stemmesedler")
        constraints = [
            models.UniqueConstraint(fields=["pool", "voter"], name="ballot_one_per_voter")
        ]

    def __str__(self) -> str:
        return f"{self.pool_id}: {self.pk}"
