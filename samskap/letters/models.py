"""The weekly paper letter «På dørterskelen»: the kommune's news and its settings."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from samskap.core.models import KommuneOwnedModel, TimeStampedModel


class NewsKind(models.TextChoices):
    NEWS = "news", _("Nytt fra kommunen")
    VOLUNTEER_CALL = "volunteer_call", _("Frivillige søkes")


class NewsItem(KommuneOwnedModel):
    """A short text the kommune writes for the weekly letter, shown while it is valid."""

    title = models.CharField(_("overskrift"), max_length=120)
    body = models.TextField(_("tekst"), max_length=600)
    kind = models.CharField(
        _("type"), max_length=20, choices=NewsKind.choices, default=NewsKind.NEWS
    )
    valid_from = models.DateField(_("vises fra"))
    valid_to = models.DateField(_("vises til"))

    class Meta:
        verbose_name = _("nyhet i ukebrevet")
        verbose_name_plural = _("nyheter i ukebrevet")
        ordering = ["valid_from", "pk"]
        indexes = [models.Index(fields=["kommune", "valid_from", "valid_to"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__gte=F("valid_from")), name="newsitem_valid_period"
            )
        ]

    def __str__(self) -> str:
        return self.title


class LetterSettings(TimeStampedModel):
    """Who gets the weekly letter in a kommune, and whom they can call."""

    kommune = models.OneToOneField(
        "municipalities.Kommune",
        on_delete=models.CASCADE,
        related_name="letter_settings",
        verbose_name=_("kommune"),
    )
    min_age = models.PositiveSmallIntegerField(_("fra alder"), default=70)
    contact_phone = models.CharField(_("telefon i brevet"), max_length=30, blank=True)
    signature = models.CharField(_("hilsen fra"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("innstillinger for ukebrevet")
        verbose_name_plural = _("innstillinger for ukebrevet")

    def __str__(self) -> str:
        return str(self.kommune)
