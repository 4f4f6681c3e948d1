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


class LetterDelivery(models.TextChoices):
    PAPER = "paper", _("På papir i postkassen")
    EMAIL = "email", _("På e-post")
    NONE = "none", _("Nei takk, ikke noe ukebrev")


class LetterChoice(TimeStampedModel):
    """A person's own choice about the weekly letter, overriding the kommune's target group.

    Without a choice, people in the target group (age, prefers letters) get it on paper.
    Anyone can ask for it on paper or by e-mail, and anyone can say no thanks.
    """

    person = models.OneToOneField(
        "people.Person",
        on_delete=models.CASCADE,
        related_name="letter_choice",
        verbose_name=_("person"),
    )
    delivery = models.CharField(_("ukebrevet"), max_length=8, choices=LetterDelivery.choices)
    recorded_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registrert av"),
    )

    class Meta:
        verbose_name = _("valg av ukebrev")
        verbose_name_plural = _("valg av ukebrev")
        indexes = [models.Index(fields=["delivery"])]

    def __str__(self) -> str:
        return f"{self.person_id}: {self.delivery}"


class LetterEmail(models.Model):
    """That a week's letter went to a person by e-mail: sent once per person and week."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="+", verbose_name=_("person")
    )
    week_start = models.DateField(_("uke fra"))
    sent_at = models.DateTimeField(_("sendt"), auto_now_add=True)

    class Meta:
        verbose_name = _("ukebrev sendt på e-post")
        verbose_name_plural = _("ukebrev sendt på e-post")
        constraints = [
            models.UniqueConstraint(fields=["person", "week_start"], name="letteremail_once")
        ]

    def __str__(self) -> str:
        return f"{self.person_id}: {self.week_start}"
