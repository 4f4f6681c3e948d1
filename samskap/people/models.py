from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from samskap.core.models import KommuneOwnedModel

phone_validator = RegexValidator(
    r"^\+?[0-9 ]{8,15}$",
    _("Skriv telefonnummeret med 8 siffer, gjerne med +47 foran."),
)


class ContactChannel(models.TextChoices):
    APP = "app", _("I appen / nettsiden")
    SMS = "sms", _("SMS")
    EMAIL = "email", _("E-post")
    LETTER = "letter", _("Brev på papir")
    VIA_STAFF = "via_staff", _("Via ansatte (telefon eller besøk)")


class WrittenLanguage(models.TextChoices):
    BOKMAL = "nb", _("Bokmål")
    NYNORSK = "nn", _("Nynorsk")
    ENGLISH = "en", _("Engelsk")


class Person(KommuneOwnedModel):
    """Someone Samskap is about or works with. Many never log in."""

    given_name = models.CharField(_("fornavn"), max_length=100)
    family_name = models.CharField(_("etternavn"), max_length=100)
    birth_year = models.PositiveSmallIntegerField(
        _("fødselsår"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
    )
    phone = models.CharField(_("telefon"), max_length=20, blank=True, validators=[phone_validator])
    email = models.EmailField(_("e-post"), blank=True)
    street_address = models.CharField(_("adresse"), max_length=200, blank=True)
    postal_code = models.CharField(
        _("postnummer"),
        max_length=4,
        blank=True,
        validators=[RegexValidator(r"^\d{4}$", _("Postnummeret har fire siffer."))],
    )
    postal_place = models.CharField(_("poststed"), max_length=100, blank=True)
    latitude = models.FloatField(
        _("breddegrad"),
        null=True,
        blank=True,
        validators=[MinValueValidator(57.0), MaxValueValidator(72.0)],
    )
    longitude = models.FloatField(
        _("lengdegrad"),
        null=True,
        blank=True,
        validators=[MinValueValidator(4.0), MaxValueValidator(32.0)],
    )
    languages = models.JSONField(_("språk"), default=list, blank=True)
    contact_channels = models.JSONField(
        _("foretrukne kontaktmåter"),
        default=list,
        blank=True,
        help_text=_("I prioritert rekkefølge."),
    )
    written_language = models.CharField(
        _("skriftspråk"),
        max_length=2,
        choices=WrittenLanguage.choices,
        default=WrittenLanguage.BOKMAL,
    )
    about = models.TextField(
        _("viktig å vite"),
        blank=True,
        help_text=_("Det personen selv vil at de som hjelper skal vite."),
    )
    national_id_hash = models.CharField(
        max_length=64,
        unique=True,
        null=True,
        blank=True,
        editable=False,
        help_text="HMAC of the national identity number (pid), never the number itself.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registrert av"),
    )

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("personer")
        ordering = ["family_name", "given_name"]
        indexes = [
            models.Index(fields=["kommune", "family_name", "given_name"]),
            models.Index(fields=["kommune", "birth_year"]),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()

    def age_in(self, year: int) -> int | None:
        return year - self.birth_year if self.birth_year else None

    def contact_channel_labels(self) -> list[str]:
        labels = dict(ContactChannel.choices)
        return [str(labels.get(c, c)) for c in self.contact_channels]


class RelationKind(models.TextChoices):
    SPOUSE = "spouse", _("Ektefelle/samboer")
    CHILD = "child", _("Barn")
    PARENT = "parent", _("Forelder")
    SIBLING = "sibling", _("Søsken")
    OTHER_FAMILY = "other_family", _("Annen familie")
    NEIGHBOUR = "neighbour", _("Nabo")
    FRIEND = "friend", _("Venn")
    VOLUNTEER = "volunteer", _("Frivillig")
    STAFF = "staff", _("Ansatt som følger opp")


class SupportKind(models.TextChoices):
    PRACTICAL = "practical", _("Praktisk hjelp")
    SOCIAL = "social", _("Selskap og samtaler")
    CARE = "care", _("Pleie og omsorg")
    TRANSPORT = "transport", _("Skyss")
    ADVICE = "advice", _("Råd og støtte")


class Frequency(models.TextChoices):
    DAILY = "daily", _("Hver dag")
    WEEKLY = "weekly", _("Hver uke")
    MONTHLY = "monthly", _("Hver måned")
    RARELY = "rarely", _("Sjeldnere")


FAMILY_KINDS = frozenset({"spouse", "child", "parent", "sibling", "other_family"})


class Relation(KommuneOwnedModel):
    """`other` is <kind> to `person`: e.g. Axel (other) is spouse to Eli (person)."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="relations", verbose_name=_("person")
    )
    other = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        related_name="relations_to_others",
        verbose_name=_("den andre"),
    )
    kind = models.CharField(_("relasjon"), max_length=20, choices=RelationKind.choices)
    description = models.CharField(_("beskrivelse"), max_length=200, blank=True)
    support = models.JSONField(_("hva de bidrar med"), default=list, blank=True)
    frequency = models.CharField(
        _("hvor ofte"), max_length=10, choices=Frequency.choices, blank=True
    )
    start_date = models.DateField(_("fra"), null=True, blank=True)
    end_date = models.DateField(_("til"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registrert av"),
    )

    class Meta:
        verbose_name = _("relasjon")
        verbose_name_plural = _("relasjoner")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(person=models.F("other")), name="relation_not_to_self"
            ),
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(start_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="relation_end_after_start",
            ),
        ]
        indexes = [models.Index(fields=["other", "kind"])]

    def __str__(self) -> str:
        return f"{self.other} ({self.get_kind_display()}) → {self.person}"

    @property
    def is_family(self) -> bool:
        return self.kind in FAMILY_KINDS

    def support_labels(self) -> list[str]:
        labels = dict(SupportKind.choices)
        return [str(labels.get(s, s)) for s in self.support]


class RepresentationBasis(models.TextChoices):
    CONSENT = "consent", _("Fullmakt fra personen selv")
    LASTING_POWER = "lasting_power", _("Framtidsfullmakt (stadfestet)")
    GUARDIANSHIP = "guardianship", _("Vergemål")
    PATIENT_RIGHTS = "patient_rights", _("Nærmeste pårørende (pasient- og brukerrettighetsloven)")


class Representation(KommuneOwnedModel):
    """`representative` may act on behalf of `person`, on a documented basis."""

    person = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        related_name="representations",
        verbose_name=_("personen"),
    )
    representative = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        related_name="represents",
        verbose_name=_("representant"),
    )
    basis = models.CharField(_("grunnlag"), max_length=20, choices=RepresentationBasis.choices)
    basis_reference = models.CharField(
        _("dokumentasjon"),
        max_length=200,
        blank=True,
        help_text=_("Hvor grunnlaget er dokumentert, f.eks. journalnotat eller vedtak."),
    )
    start_date = models.DateField(_("fra"))
    end_date = models.DateField(_("til"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registrert av"),
    )

    class Meta:
        verbose_name = _("representasjon")
        verbose_name_plural = _("representasjoner")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(person=models.F("representative")),
                name="representation_not_self",
            ),
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="representation_end_after_start",
            ),
        ]
        indexes = [models.Index(fields=["representative", "end_date"])]

    def __str__(self) -> str:
        return f"{self.representative} → {self.person}"
