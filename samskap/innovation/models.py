"""The innovation portfolio shared between municipalities.

An `Initiative` is a new way of creating welfare that a municipality is exploring, testing,
running or spreading. Initiatives of kommuner on this instance belong to them (`kommune`);
initiatives known from elsewhere (the KS catalogue *Velferd på nye måter*, another instance's
export) name their municipality in text. An `Adoption` says that a kommune on this instance
is looking at, adopting or has adopted an initiative from somewhere else: that is how
spreading becomes visible.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from samskap.core.models import TimeStampedModel


class Phase(models.TextChoices):
    """Where the initiative is; the "innovation gap" lies after testing."""

    EXPLORATION = "exploration", _("Utforsking og ideer")
    DEVELOPMENT = "development", _("Utvikling og testing")
    IMPLEMENTATION = "implementation", _("Implementering og skalering")
    SPREADING = "spreading", _("Spredning")


class Status(models.TextChoices):
    PLANNING = "planning", _("Planlegging")
    PILOT = "pilot", _("Pilot")
    OPERATION = "operation", _("Regulær drift")


KEY_MAX = 3


class Initiative(TimeStampedModel):
    slug = models.SlugField(_("kortnavn"), max_length=80, unique=True)
    title = models.CharField(_("navn"), max_length=200)
    kommune = models.ForeignKey(
        "municipalities.Kommune", on_delete=models.PROTECT, null=True, blank=True,
        related_name="initiatives", verbose_name=_("kommune"),
    )  # fmt: skip
    municipality = models.CharField(
        _("kommune (navn)"), max_length=200,
        help_text=_("Kommunen som eier initiativet, også når den ikke bruker Samskap."),
    )  # fmt: skip
    country = models.CharField(_("land"), max_length=2, default="NO")
    contact = models.CharField(_("kontakt"), max_length=300, blank=True)
    theme = models.CharField(_("tema"), max_length=300)
    phase = models.CharField(_("fase"), max_length=16, choices=Phase.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    summary = models.TextField(_("kort om initiativet"), max_length=500)
    description = models.TextField(_("beskrivelse"), max_length=2000, blank=True)
    partners = models.JSONField(_("partnere"), default=list, blank=True)
    target_groups = models.JSONField(_("målgrupper"), default=list, blank=True)
    effects = models.TextField(
        _("endring i behovet for kommunens tjenester"), max_length=1000, blank=True
    )
    key_purpose = models.PositiveSmallIntegerField(
        _("formål"), default=0, validators=[MaxValueValidator(KEY_MAX)]
    )
    key_resources = models.PositiveSmallIntegerField(
        _("ressurser"), default=0, validators=[MaxValueValidator(KEY_MAX)]
    )
    key_power = models.PositiveSmallIntegerField(
        _("makt"), default=0, validators=[MaxValueValidator(KEY_MAX)]
    )
    key_relations = models.PositiveSmallIntegerField(
        _("relasjoner"), default=0, validators=[MaxValueValidator(KEY_MAX)]
    )
    source = models.CharField(_("kilde"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip

    class Meta:
        verbose_name = _("initiativ")
        verbose_name_plural = _("initiativer")
        ordering = ["title"]
        indexes = [models.Index(fields=["phase"]), models.Index(fields=["municipality"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(key_purpose__lte=KEY_MAX)
                & Q(key_resources__lte=KEY_MAX)
                & Q(key_power__lte=KEY_MAX)
                & Q(key_relations__lte=KEY_MAX),
                name="initiative_keys_in_range",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def owner_name(self) -> str:
        return self.kommune.name if self.kommune_id else self.municipality

    @property
    def keys(self) -> dict[str, int]:
        return {
            "purpose": self.key_purpose,
            "resources": self.key_resources,
            "power": self.key_power,
            "relations": self.key_relations,
        }


class AdoptionStatus(models.TextChoices):
    CONSIDERING = "considering", _("Vurderer")
    ADOPTING = "adopting", _("Tar i bruk")
    ADOPTED = "adopted", _("Tatt i bruk")


class Adoption(TimeStampedModel):
    """Kommune X is taking initiative Y into use: spreading made visible."""

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="adoptions",
        verbose_name=_("initiativ"),
    )  # fmt: skip
    kommune = models.ForeignKey(
        "municipalities.Kommune", on_delete=models.PROTECT, related_name="adoptions",
        verbose_name=_("kommune"),
    )  # fmt: skip
    status = models.CharField(
        _("status"), max_length=12, choices=AdoptionStatus.choices,
        default=AdoptionStatus.ADOPTING,
    )  # fmt: skip
    note = models.CharField(_("hvordan"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("spredning")
        verbose_name_plural = _("spredninger")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["initiative", "kommune"], name="one_adoption_each")
        ]

    def __str__(self) -> str:
        return f"{self.kommune} ← {self.initiative}"
