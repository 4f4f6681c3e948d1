from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Role(models.TextChoices):
    RESIDENT = "resident", _("Innbygger")
    RELATIVE = "relative", _("Pårørende")
    VOLUNTEER = "volunteer", _("Frivillig")
    ORGANISATION_REP = "organisation_rep", _("Representant for organisasjon")
    COORDINATOR = "coordinator", _("Koordinator")
    CARE_STAFF = "care_staff", _("Helse- og omsorgsansatt")
    LEADER = "leader", pgettext_lazy("rolle i kommunen", "Leder")
    ADMINISTRATOR = "administrator", _("Administrator")


# Roles that see other people's data at work: these must use two-factor authentication.
STAFF_ROLES: frozenset[str] = frozenset(
    {Role.COORDINATOR, Role.CARE_STAFF, Role.LEADER, Role.ADMINISTRATOR}
)


class User(AbstractUser):
    """A login. Most people in Samskap are `Person`s; a user may be linked to one of them."""

    person = models.OneToOneField(
        "people.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="user",
        verbose_name=_("person"),
    )

    class Meta:
        verbose_name = _("bruker")
        verbose_name_plural = _("brukere")

    def __str__(self) -> str:
        if self.person_id:
            return str(self.person)
        return self.get_full_name() or self.username


class RoleAssignment(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="role_assignments",
        verbose_name=_("bruker"),
    )
    kommune = models.ForeignKey(
        "municipalities.Kommune",
        on_delete=models.CASCADE,
        related_name="role_assignments",
        verbose_name=_("kommune"),
    )
    role = models.CharField(_("rolle"), max_length=32, choices=Role.choices)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="role_assignments",
        verbose_name=_("organisasjon"),
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("gitt av"),
    )
    created_at = models.DateTimeField(_("opprettet"), auto_now_add=True)

    class Meta:
        verbose_name = _("rolle")
        verbose_name_plural = _("roller")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kommune", "role"],
                condition=models.Q(organisation__isnull=True),
                name="unique_role_without_organisation",
            ),
            models.UniqueConstraint(
                fields=["user", "kommune", "role", "organisation"],
                name="unique_role_with_organisation",
            ),
            models.CheckConstraint(
                condition=~models.Q(role="organisation_rep") | models.Q(organisation__isnull=False),
                name="organisation_rep_has_organisation",
            ),
        ]
        indexes = [models.Index(fields=["kommune", "role"])]

    def __str__(self) -> str:
        return f"{self.get_role_display()} – {self.kommune}"
