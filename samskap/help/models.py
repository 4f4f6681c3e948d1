"""Help and contribution: needs, helpers, verifications, assignments and safeguarding.

A *need* is something a person would like help with (garden, snow, a visiting friend …).
A *helper* is someone who can help: a volunteer, a student group, an association or the
small-jobs centre. An *assignment* links one helper to one need and moves through
suggested → asked → accepted/declined → done.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from samskap.core.models import KommuneOwnedModel, TimeStampedModel


class Category(models.TextChoices):
    GARDEN = "garden", _("Hagearbeid")
    SNOW = "snow", _("Snømåking")
    SHOPPING = "shopping", _("Handling")
    ESCORT = "escort", _("Følge eller skyss (lege, tannlege, kirkegård, butikk)")
    VISITING_FRIEND = "visiting_friend", _("Besøksvenn")
    WALKING_PARTNER = "walking_partner", _("Turvenn")
    DIGITAL_HELP = "digital_help", _("Digital hjelp (nettbrett, mobil)")
    SMALL_JOBS = "small_jobs", _("Småjobber (maling, vinduer)")
    MEAL_COMPANY = "meal_company", _("Måltidsvenn")


class VerificationKind(models.TextChoices):
    IDENTITY = "identity", _("Identitet kontrollert")
    REFERENCE = "reference", _("Referanse innhentet")
    POLICE_CERTIFICATE = "police_certificate", _("Politiattest sett")
    TRAINING = "training", _("Opplæring gjennomført")


class Recurrence(models.TextChoices):
    ONCE = "once", _("Én gang")
    WEEKLY = "weekly", _("Hver uke")
    FORTNIGHTLY = "fortnightly", _("Annenhver uke")
    MONTHLY = "monthly", _("Hver måned")


class CreatedVia(models.TextChoices):
    SELF = "self", _("Personen selv")
    REPRESENTATIVE = "representative", _("Pårørende med fullmakt")
    STAFF = "staff", _("Ansatt (for eksempel på telefon)")


class NeedStatus(models.TextChoices):
    OPEN = "open", _("Venter på hjelper")
    ASSIGNED = "assigned", _("Har hjelper")
    DONE = "done", _("Ferdig")
    CANCELLED = "cancelled", _("Avlyst")


class HelperKind(models.TextChoices):
    INDIVIDUAL = "individual", _("Frivillig")
    STUDENT_GROUP = "student_group", _("Studentgruppe")
    ASSOCIATION = "association", _("Lag eller forening")
    SMALL_JOBS_CENTRE = "small_jobs_centre", _("Småjobbsentral")


class Transport(models.TextChoices):
    WALK = "walk", _("Går")
    BIKE = "bike", _("Sykler")
    CAR = "car", _("Har bil")


# Furthest a helper is asked to travel, by how they get there (km, straight line).
TRANSPORT_MAX_KM = {Transport.WALK: 3.0, Transport.BIKE: 8.0, Transport.CAR: 40.0}


class AssignmentStatus(models.TextChoices):
    SUGGESTED = "suggested", _("Foreslått")
    ASKED = "asked", _("Spurt")
    ACCEPTED = "accepted", _("Takket ja")
    DECLINED = "declined", _("Takket nei")
    WITHDRAWN = "withdrawn", _("Trukket tilbake")
    DONE = "done", _("Fullført")


ACTIVE_ASSIGNMENT_STATUSES = (
    AssignmentStatus.SUGGESTED,
    AssignmentStatus.ASKED,
    AssignmentStatus.ACCEPTED,
)


class HelpSettings(TimeStampedModel):
    """A kommune's configuration of the help service."""

    kommune = models.OneToOneField(
        "municipalities.Kommune",
        on_delete=models.CASCADE,
        related_name="help_settings",
        verbose_name=_("kommune"),
    )
    hourly_value_nok = models.PositiveIntegerField(
        _("verdi av en frivillig time (kr)"),
        default=450,
        help_text=_("Brukes i statistikken for å vise verdien av frivillig innsats."),
    )
    contact_phone = models.CharField(_("telefon til koordinator"), max_length=20, blank=True)
    expiry_warning_days = models.PositiveSmallIntegerField(
        _("varsle om utløp (dager før)"), default=60
    )

    class Meta:
        verbose_name = _("innstillinger for hjelp")
        verbose_name_plural = _("innstillinger for hjelp")

    def __str__(self) -> str:
        return str(self.kommune)


class CategoryRequirement(KommuneOwnedModel):
    """Which verifications a kommune requires of helpers in a category."""

    category = models.CharField(_("kategori"), max_length=20, choices=Category.choices)
    required = models.JSONField(_("krav"), default=list, blank=True)
    required_when_alone = models.JSONField(
        _("ekstra krav når hjelperen er alene med personen"), default=list, blank=True
    )

    class Meta:
        verbose_name = _("krav til hjelpere")
        verbose_name_plural = _("krav til hjelpere")
        constraints = [
            models.UniqueConstraint(
                fields=["kommune", "category"], name="one_requirement_per_category"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kommune}: {self.get_category_display()}"


class HelperProfile(KommuneOwnedModel):
    """Someone who can help: a person, or an organisation (student group, association …)."""

    kind = models.CharField(
        _("type hjelper"), max_length=20, choices=HelperKind.choices, default=HelperKind.INDIVIDUAL
    )
    person = models.OneToOneField(
        "people.Person",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="helper_profile",
        verbose_name=_("person"),
    )
    organisation = models.OneToOneField(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="helper_profile",
        verbose_name=_("organisasjon"),
    )
    categories = models.JSONField(_("kan hjelpe med"), default=list)
    skills = models.CharField(_("ferdigheter"), max_length=300, blank=True)
    latitude = models.FloatField(_("breddegrad"))
    longitude = models.FloatField(_("lengdegrad"))
    area_name = models.CharField(_("område"), max_length=100, blank=True)
    max_distance_km = models.FloatField(
        _("hvor langt kan du reise (km)"),
        default=10,
        validators=[MinValueValidator(0.5), MaxValueValidator(100)],
    )
    transport = models.CharField(
        _("hvordan kommer du deg fram"),
        max_length=8,
        choices=Transport.choices,
        default=Transport.CAR,
    )
    availability = models.JSONField(_("når kan du"), default=list)
    languages = models.JSONField(_("språk"), default=list, blank=True)
    max_tasks_per_week = models.PositiveSmallIntegerField(
        _("høyst oppdrag per uke"), default=2, validators=[MaxValueValidator(50)]
    )
    max_tasks_per_month = models.PositiveSmallIntegerField(
        _("høyst oppdrag per måned"), default=6, validators=[MaxValueValidator(200)]
    )
    charges_fee = models.BooleanField(_("tar betaling"), default=False)
    fee_description = models.CharField(_("pris"), max_length=200, blank=True)
    preferred_people = models.ManyToManyField(
        "people.Person",
        blank=True,
        related_name="preferred_by_helpers",
        verbose_name=_("faste personer"),
    )
    active = models.BooleanField(_("tar oppdrag nå"), default=True)

    class Meta:
        verbose_name = _("hjelper")
        verbose_name_plural = _("hjelpere")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(person__isnull=False) & models.Q(organisation__isnull=True))
                | (models.Q(person__isnull=True) & models.Q(organisation__isnull=False)),
                name="helper_is_person_or_organisation",
            )
        ]
        indexes = [models.Index(fields=["kommune", "active"])]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.person_id:
            return self.person.full_name
        return self.organisation.name if self.organisation_id else ""

    @property
    def first_name(self) -> str:
        if self.person_id:
            return self.person.given_name
        return self.display_name

    @property
    def phone(self) -> str:
        if self.person_id:
            return self.person.phone
        return self.organisation.phone if self.organisation_id else ""

    @property
    def effective_max_km(self) -> float:
        return min(self.max_distance_km, TRANSPORT_MAX_KM.get(self.transport, 40.0))

    def category_labels(self) -> list[str]:
        labels = dict(Category.choices)
        return [str(labels.get(c, c)) for c in self.categories]


class Verification(TimeStampedModel):
    """That a helper was checked — never a copy of any certificate."""

    helper = models.ForeignKey(
        HelperProfile,
        on_delete=models.CASCADE,
        related_name="verifications",
        verbose_name=_("hjelper"),
    )
    kind = models.CharField(_("hva ble sjekket"), max_length=20, choices=VerificationKind.choices)
    checked_on = models.DateField(_("dato"))
    expires_on = models.DateField(_("gyldig til"), null=True, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("sjekket av"),
    )
    legal_basis = models.CharField(
        _("hjemmel"),
        max_length=300,
        blank=True,
        help_text=_(
            "For politiattest: hvilken oppgave med barn eller personer med "
            "utviklingshemming som gir hjemmel (politiregisterforskriften § 34-1)."
        ),
    )
    note = models.CharField(_("merknad"), max_length=300, blank=True)
    revoked_at = models.DateTimeField(_("trukket tilbake"), null=True, blank=True)

    class Meta:
        verbose_name = _("kontroll av hjelper")
        verbose_name_plural = _("kontroller av hjelpere")
        ordering = ["helper", "kind", "-checked_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_on__isnull=True)
                | models.Q(expires_on__gte=models.F("checked_on")),
                name="verification_expires_after_check",
            )
        ]
        indexes = [models.Index(fields=["expires_on"])]

    def __str__(self) -> str:
        return f"{self.helper}: {self.get_kind_display()}"


class Need(KommuneOwnedModel):
    """Something a person would like help with."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="needs", verbose_name=_("person")
    )
    category = models.CharField(
        _("hva trenger du hjelp til"), max_length=20, choices=Category.choices
    )
    description = models.TextField(
        _("beskriv med egne ord"),
        help_text=_("Dette ser de som kan hjelpe. Ikke skriv helseopplysninger her."),
    )
    destination = models.CharField(
        _("hvor skal du"),
        max_length=200,
        blank=True,
        help_text=_("For følge eller skyss: for eksempel tannlegen i Follebu."),
    )
    at_home = models.BooleanField(_("hjemme hos meg"), default=True)
    place = models.CharField(_("sted"), max_length=200, blank=True)
    latitude = models.FloatField(_("breddegrad"), null=True, blank=True)
    longitude = models.FloatField(_("lengdegrad"), null=True, blank=True)
    recurrence = models.CharField(
        _("hvor ofte"), max_length=12, choices=Recurrence.choices, default=Recurrence.ONCE
    )
    first_date = models.DateField(_("fra dato"))
    windows = models.JSONField(_("når passer det"), default=list)
    duration_minutes = models.PositiveSmallIntegerField(
        _("hvor lang tid (minutter)"),
        default=60,
        validators=[MinValueValidator(15), MaxValueValidator(600)],
    )
    alone_with_person = models.BooleanField(
        _("hjelperen blir alene med meg"),
        default=False,
        help_text=_("For eksempel besøk hjemme. Kommunen kan da kreve flere kontroller."),
    )
    private_note = models.TextField(
        _("notat til koordinator"),
        blank=True,
        help_text=_("Bare koordinator ser dette."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=NeedStatus.choices, default=NeedStatus.OPEN
    )
    created_via = models.CharField(
        _("registrert av"), max_length=16, choices=CreatedVia.choices, default=CreatedVia.SELF
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("registrert av"),
    )
    goal = models.ForeignKey(
        "plans.Goal",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="needs",
        verbose_name=_("mål i planen"),
    )
    assigned_at = models.DateTimeField(_("fikk hjelper"), null=True, blank=True)
    closed_at = models.DateTimeField(_("avsluttet"), null=True, blank=True)

    class Meta:
        verbose_name = _("behov")
        verbose_name_plural = _("behov")
        ordering = ["created_at"]
        indexes = [
            models.Index(fields=["kommune", "status", "created_at"]),
            models.Index(fields=["person", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()} – {self.person}"

    @property
    def is_active(self) -> bool:
        return self.status in (NeedStatus.OPEN, NeedStatus.ASSIGNED)


class MatchingRun(KommuneOwnedModel):
    """One batch assignment: computed, reviewed by the coordinator, then sent."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Til gjennomgang")
        SENT = "sent", _("Sendt")
        DISCARDED = "discarded", _("Forkastet")

    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("startet av"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    kommune_ids = models.JSONField(
        _("kommuner"),
        default=list,
        help_text=_("Kommunene fordelingen gjelder: én kommune, eller flere i regionen."),
    )
    needs_considered = models.PositiveIntegerField(default=0)
    helpers_considered = models.PositiveIntegerField(default=0)
    eligible_pairs = models.PositiveIntegerField(default=0)
    objective = models.BigIntegerField(default=0)
    upper_bound = models.FloatField(null=True, blank=True)
    proven_optimal = models.BooleanField(default=False)
    greedy_objective = models.BigIntegerField(default=0)
    greedy_assigned = models.PositiveIntegerField(default=0)
    seconds = models.FloatField(default=0)

    class Meta:
        verbose_name = _("fordeling")
        verbose_name_plural = _("fordelinger")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.kommune} {self.created_at:%Y-%m-%d %H:%M}"


class Assignment(KommuneOwnedModel):
    need = models.ForeignKey(
        Need, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("behov")
    )
    helper = models.ForeignKey(
        HelperProfile,
        on_delete=models.CASCADE,
        related_name="assignments",
        verbose_name=_("hjelper"),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=AssignmentStatus.choices,
        default=AssignmentStatus.SUGGESTED,
    )
    run = models.ForeignKey(
        MatchingRun,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assignments",
        verbose_name=_("fordeling"),
    )
    score = models.IntegerField(_("poeng"), default=0)
    reasons = models.JSONField(_("begrunnelse"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    asked_at = models.DateTimeField(null=True, blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.CharField(_("hvorfor ikke"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("oppdrag")
        verbose_name_plural = _("oppdrag")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["need"],
                condition=models.Q(status__in=["suggested", "asked", "accepted"]),
                name="one_active_assignment_per_need",
            )
        ]
        indexes = [
            models.Index(fields=["helper", "status"]),
            models.Index(fields=["kommune", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.helper} → {self.need}"

    @property
    def contact_visible(self) -> bool:
        """Contact details are shared only once the helper has said yes."""
        return self.status in (AssignmentStatus.ACCEPTED, AssignmentStatus.DONE)


class HelpSession(TimeStampedModel):
    """One completed visit or job, with the hours spent."""

    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("oppdrag")
    )
    kommune = models.ForeignKey(
        "municipalities.Kommune", on_delete=models.PROTECT, related_name="+"
    )
    category = models.CharField(max_length=20, choices=Category.choices)
    date = models.DateField(_("dato"))
    hours = models.DecimalField(
        _("timer"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(0.25), MaxValueValidator(24)],
    )
    note = models.CharField(_("kort notat"), max_length=300, blank=True)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("utført oppdrag")
        verbose_name_plural = _("utførte oppdrag")
        ordering = ["-date"]
        indexes = [models.Index(fields=["kommune", "date"])]

    def __str__(self) -> str:
        return f"{self.assignment} {self.date}"


class FeedbackSide(models.TextChoices):
    PERSON = "person", _("Den som fikk hjelp")
    HELPER = "helper", _("Hjelperen")


class Feedback(TimeStampedModel):
    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, related_name="feedback", verbose_name=_("oppdrag")
    )
    side = models.CharField(_("fra"), max_length=8, choices=FeedbackSide.choices)
    rating = models.PositiveSmallIntegerField(
        _("hvordan gikk det"),
        choices=[(3, _("Bra")), (2, _("Greit")), (1, _("Ikke bra"))],
    )
    comment = models.CharField(_("kommentar"), max_length=500, blank=True)
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("tilbakemelding")
        verbose_name_plural = _("tilbakemeldinger")
        constraints = [
            models.UniqueConstraint(fields=["assignment", "side"], name="one_feedback_per_side")
        ]

    def __str__(self) -> str:
        return f"{self.assignment} ({self.side})"


class HelperBlock(TimeStampedModel):
    """ "Not this helper again": respected silently by every suggestion and batch."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="helper_blocks"
    )
    helper = models.ForeignKey(HelperProfile, on_delete=models.CASCADE, related_name="+")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("ikke denne hjelperen igjen")
        verbose_name_plural = _("ikke disse hjelperne igjen")
        constraints = [
            models.UniqueConstraint(fields=["person", "helper"], name="unique_helper_block")
        ]

    def __str__(self) -> str:
        return f"{self.person} ✕ {self.helper}"


class ConcernStatus(models.TextChoices):
    NEW = "new", pgettext_lazy("bekymring", "Ny")
    IN_PROGRESS = "in_progress", _("Under behandling")
    CLOSED = "closed", _("Avsluttet")


class ConcernReport(KommuneOwnedModel):
    """A worry or incident about a task, routed to the coordinator (safeguarding)."""

    need = models.ForeignKey(
        Need, on_delete=models.SET_NULL, null=True, blank=True, related_name="concerns"
    )
    assignment = models.ForeignKey(
        Assignment, on_delete=models.SET_NULL, null=True, blank=True, related_name="concerns"
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reporter_name = models.CharField(_("meldt av"), max_length=200)
    what_happened = models.TextField(_("hva er du bekymret for"))
    urgent = models.BooleanField(_("haster"), default=False)
    status = models.CharField(
        _("status"), max_length=12, choices=ConcernStatus.choices, default=ConcernStatus.NEW
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("behandlet av"),
    )
    handling_notes = models.TextField(_("oppfølging"), blank=True)

    class Meta:
        verbose_name = _("bekymringsmelding")
        verbose_name_plural = _("bekymringsmeldinger")
        ordering = ["-urgent", "-created_at"]
        indexes = [models.Index(fields=["kommune", "status"])]

    def __str__(self) -> str:
        return f"{self.reporter_name} {self.created_at:%Y-%m-%d}"
