"""Messages sent to people: one row per message, whatever channel carried it."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from samskap.core.models import TimeStampedModel


class Channel(models.TextChoices):
    APP = "app", _("I appen")
    SMS = "sms", _("SMS")
    EMAIL = "email", _("E-post")
    STAFF = "staff", _("Ansatte ringer")


class Notification(TimeStampedModel):
    recipient = models.ForeignKey(
        "people.Person",
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("mottaker"),
    )
    kommune = models.ForeignKey(
        "municipalities.Kommune", on_delete=models.PROTECT, related_name="+"
    )
    channel = models.CharField(_("kanal"), max_length=8, choices=Channel.choices)
    subject = models.CharField(_("emne"), max_length=200)
    body = models.TextField(_("melding"))
    url = models.CharField(max_length=300, blank=True)
    read_at = models.DateTimeField(_("lest"), null=True, blank=True)
    handled_at = models.DateTimeField(
        _("ringt opp"),
        null=True,
        blank=True,
        help_text=_("For meldinger som ansatte formidler på telefon."),
    )

    class Meta:
        verbose_name = _("varsel")
        verbose_name_plural = _("varsler")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["recipient", "read_at"]),
            models.Index(fields=["kommune", "channel", "handled_at"]),
        ]

    def __str__(self) -> str:
        return self.subject
