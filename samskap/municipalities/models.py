from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Region(models.Model):
    """An inter-municipal collaboration, e.g. a health region of several kommuner."""

    name = models.CharField(_("navn"), max_length=200, unique=True)
    slug = models.SlugField(_("kortnavn"), max_length=60, unique=True)

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regioner")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Kommune(models.Model):
    number = models.CharField(
        _("kommunenummer"),
        max_length=4,
        unique=True,
        validators=[RegexValidator(r"^\d{4}$", _("Kommunenummeret har fire siffer."))],
    )
    name = models.CharField(_("navn"), max_length=200)
    region = models.ForeignKey(
        Region,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="kommuner",
        verbose_name=_("region"),
    )
    phone = models.CharField(_("telefon til servicetorget"), max_length=30, blank=True)
    latitude = models.FloatField(_("breddegrad (sentrum)"), null=True, blank=True)
    longitude = models.FloatField(_("lengdegrad (sentrum)"), null=True, blank=True)

    class Meta:
        verbose_name = _("kommune")
        verbose_name_plural = _("kommuner")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
