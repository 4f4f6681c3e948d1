from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("opprettet"), auto_now_add=True)
    updated_at = models.DateTimeField(_("endret"), auto_now=True)

    class Meta:
        abstract = True


class KommuneOwnedModel(TimeStampedModel):
    """Every domain object belongs to a kommune."""

    kommune = models.ForeignKey(
        "municipalities.Kommune",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("kommune"),
    )

    class Meta:
        abstract = True
