from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from samskap.core.models import KommuneOwnedModel


class OrganisationKind(models.TextChoices):
    ASSOCIATION = "association", _("Lag eller forening")
    RED_CROSS = "red_cross", _("Røde Kors")
    SANITET = "sanitet", _("Sanitetsforening")
    SPORTS_CLUB = "sports_club", _("Idrettslag")
    VOLUNTEER_CENTRE = "volunteer_centre", _("Frivilligsentral")
    SMALL_JOBS_CENTRE = "small_jobs_centre", _("Småjobbsentral")
    SENIOR_CENTRE = "senior_centre", _("Eldresenter")
    SCHOOL = "school", _("Skole")
    BUSINESS = "business", _("Bedrift")
    MUNICIPAL_UNIT = "municipal_unit", _("Kommunal enhet")


class Organisation(KommuneOwnedModel):
    name = models.CharField(_("navn"), max_length=200)
    kind = models.CharField(_("type"), max_length=32, choices=OrganisationKind.choices)
    description = models.TextField(_("beskrivelse"), blank=True)
    phone = models.CharField(_("telefon"), max_length=20, blank=True)
    email = models.EmailField(_("e-post"), blank=True)
    street_address = models.CharField(_("adresse"), max_length=200, blank=True)
    latitude = models.FloatField(_("breddegrad"), null=True, blank=True)
    longitude = models.FloatField(_("lengdegrad"), null=True, blank=True)
    org_number = models.CharField(_("organisasjonsnummer"), max_length=9, blank=True)

    class Meta:
        verbose_name = _("organisasjon")
        verbose_name_plural = _("organisasjoner")
        ordering = ["name"]
        indexes = [models.Index(fields=["kommune", "kind"])]

    def __str__(self) -> str:
        return self.name


class MembershipRole(models.TextChoices):
    MEMBER = "member", _("Medlem")
    VOLUNTEER = "volunteer", _("Frivillig")
    LEADER = "leader", pgettext_lazy("rolle i organisasjon", "Leder")
    CONTACT = "contact", _("Kontaktperson")
    EMPLOYEE = "employee", _("Ansatt")


class Membership(models.Model):
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organisasjon"),
    )
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("person"),
    )
    role = models.CharField(_("rolle"), max_length=20, choices=MembershipRole.choices)
    since = models.DateField(_("siden"), null=True, blank=True)

    class Meta:
        verbose_name = _("medlemskap")
        verbose_name_plural = _("medlemskap")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "person", "role"], name="unique_membership_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.organisation}"
