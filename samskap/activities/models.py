"""Meeting places: activities and groups, leaders, sign-ups, attendance and simple tests."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from samskap.activities import recurrence
from samskap.core.models import KommuneOwnedModel, TimeStampedModel


class ActivityCategory(models.TextChoices):
    STRENGTH_BALANCE = "strength_balance", _("Styrke og balanse (Sterk og stødig)")
    EXERCISE = "exercise", _("Trening")
    WALKING = "walking", _("Turgruppe")
    CARDS_GAMES = "cards_games", _("Bridge, kort og spill")
    MENS_GROUP = "mens_group", _("Mannsgruppe")
    DIGITAL_CAFE = "digital_cafe", _("Digital kafé")
    SINGING_CULTURE = "singing_culture", _("Sang, musikk og kultur")
    MEAL = "meal", _("Felles måltid og kafé")
    CRAFTS = "crafts", _("Håndarbeid og hobby")
    OTHER = "other", _("Annet")


class Frequency(models.TextChoices):
    ONCE = "once", _("Én gang")
    WEEKLY = "weekly", _("Hver uke (eller annenhver)")
    MONTHLY = "monthly", _("Hver måned")


class Activity(KommuneOwnedModel):
    """A recurring group or a one-off event, run by an organisation or the kommune."""

    title = models.CharField(_("navn"), max_length=200)
    description = models.TextField(_("beskrivelse"), blank=True)
    category = models.CharField(_("type"), max_length=20, choices=ActivityCategory.choices)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("arrangør"),
        help_text=_("Tom betyr at kommunen selv arrangerer."),
    )
    place_name = models.CharField(_("sted"), max_length=200)
    street_address = models.CharField(_("adresse"), max_length=200, blank=True)
    postal_code = models.CharField(_("postnummer"), max_length=4, blank=True)
    postal_place = models.CharField(_("poststed"), max_length=100, blank=True)
    latitude = models.FloatField(
        _("breddegrad"), validators=[MinValueValidator(57.0), MaxValueValidator(72.0)]
    )
    longitude = models.FloatField(
        _("lengdegrad"), validators=[MinValueValidator(4.0), MaxValueValidator(32.0)]
    )
    # The schedule (see samskap/activities/recurrence.py).
    frequency = models.CharField(
        _("hvor ofte"), max_length=8, choices=Frequency.choices, default=Frequency.WEEKLY
    )
    interval = models.PositiveSmallIntegerField(
        _("hver n-te uke/måned"), default=1, validators=[MinValueValidator(1)]
    )
    weekdays = models.JSONField(_("ukedager"), default=list, blank=True)
    month_day = models.PositiveSmallIntegerField(_("dag i måneden"), null=True, blank=True)
    nth = models.SmallIntegerField(_("hvilken i måneden"), null=True, blank=True)
    nth_weekday = models.PositiveSmallIntegerField(_("ukedag i måneden"), null=True, blank=True)
    start_date = models.DateField(_("første gang"))
    until = models.DateField(_("siste gang"), null=True, blank=True)
    start_time = models.TimeField(_("klokkeslett"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("varighet (minutter)"), default=60, validators=[MinValueValidator(5)]
    )
    skip_holidays = models.BooleanField(_("ikke på helligdager"), default=True)
    skip_common_days_off = models.BooleanField(_("ikke julaften og nyttårsaften"), default=True)
    exceptions = models.JSONField(_("avlyste datoer"), default=list, blank=True)
    extra_dates = models.JSONField(_("ekstra datoer"), default=list, blank=True)
    capacity = models.PositiveSmallIntegerField(
        _("antall plasser"), null=True, blank=True, help_text=_("Tom betyr ingen grense.")
    )
    price_nok = models.PositiveIntegerField(_("pris (kr)"), default=0)
    price_note = models.CharField(_("om prisen"), max_length=200, blank=True)
    wheelchair_access = models.BooleanField(_("tilgjengelig med rullestol"), default=False)
    hearing_loop = models.BooleanField(_("teleslynge"), default=False)
    accessible_toilet = models.BooleanField(_("tilrettelagt toalett"), default=False)
    ride_offered = models.BooleanField(_("skyss kan ordnes"), default=False)
    ride_note = models.CharField(_("om skyss"), max_length=200, blank=True)
    programme_weeks = models.PositiveSmallIntegerField(
        _("program over antall uker"),
        null=True,
        blank=True,
        help_text=_("For kurs som Sterk og stødig: hvor mange uker programmet varer."),
    )
    functional_tests = models.BooleanField(_("enkle tester ved start og slutt"), default=False)
    contact_phone = models.CharField(_("telefon"), max_length=20, blank=True)
    published = models.BooleanField(_("publisert"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("aktivitet")
        verbose_name_plural = _("aktiviteter")
        ordering = ["title"]
        indexes = [
            models.Index(fields=["kommune", "published", "category"]),
            models.Index(fields=["organisation"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(until__isnull=True)
                | models.Q(until__gte=models.F("start_date")),
                name="activity_until_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def rule(self) -> recurrence.Rule:
        """The schedule as a pure rule (raises ValueError with the reason if inconsistent)."""
        return recurrence.Rule(
            frequency=self.frequency,
            start=self.start_date,
            start_time=self.start_time,
            duration_minutes=self.duration_minutes,
            interval=self.interval,
            weekdays=tuple(self.weekdays),
            month_day=self.month_day,
            nth_weekday=(self.nth, self.nth_weekday)
            if self.nth is not None and self.nth_weekday is not None
            else None,
            until=self.until,
            skip_holidays=self.skip_holidays,
            skip_common_days_off=self.skip_common_days_off,
            extra_dates=tuple(dt.date.fromisoformat(d) for d in self.extra_dates),
            exceptions=tuple(dt.date.fromisoformat(d) for d in self.exceptions),
        )

    @property
    def organiser_name(self) -> str:
        return self.organisation.name if self.organisation_id else str(self.kommune)


class LeaderRole(models.TextChoices):
    LEADER = "leader", _("Leder")
    INSTRUCTOR = "instructor", _("Instruktør")
    ASSISTANT = "assistant", _("Hjelper")


class ActivityLeader(TimeStampedModel):
    """A volunteer (or staff member) who leads an activity, with their training recorded."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="leaders")
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="activities_led"
    )
    role = models.CharField(
        _("rolle"), max_length=12, choices=LeaderRole.choices, default=LeaderRole.LEADER
    )
    training = models.CharField(_("opplæring"), max_length=200, blank=True)
    trained_on = models.DateField(_("opplæring fullført"), null=True, blank=True)

    class Meta:
        verbose_name = _("leder")
        verbose_name_plural = _("ledere")
        constraints = [
            models.UniqueConstraint(fields=["activity", "person"], name="one_leader_row_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()})"


class SignUpStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Påmeldt")
    WAITLISTED = "waitlisted", _("På venteliste")
    CANCELLED = "cancelled", _("Avmeldt")


class SignUpVia(models.TextChoices):
    SELF = "self", _("Personen selv")
    REPRESENTATIVE = "representative", _("Pårørende med fullmakt")
    STAFF = "staff", _("Ansatt (for eksempel på telefon)")


class SignUp(TimeStampedModel):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="signups")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="signups")
    status = models.CharField(_("status"), max_length=12, choices=SignUpStatus.choices)
    created_via = models.CharField(
        _("meldt på av"), max_length=16, choices=SignUpVia.choices, default=SignUpVia.SELF
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    needs_ride = models.BooleanField(_("trenger skyss"), default=False)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("påmelding")
        verbose_name_plural = _("påmeldinger")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "person"],
                condition=models.Q(status__in=["confirmed", "waitlisted"]),
                name="one_active_signup_per_person",
            )
        ]
        indexes = [
            models.Index(fields=["activity", "status", "created_at"]),
            models.Index(fields=["person", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.person} → {self.activity}"


class Attendance(TimeStampedModel):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="attendance")
    date = models.DateField(_("dato"))
    present = models.BooleanField(_("til stede"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("oppmøte")
        verbose_name_plural = _("oppmøte")
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "person", "date"], name="one_attendance_per_day"
            )
        ]
        indexes = [models.Index(fields=["activity", "date"])]

    def __str__(self) -> str:
        return f"{self.person} {self.date}"


class TestPhase(models.TextChoices):
    START = "start", _("Ved start")
    END = "end", _("Ved slutt")
    OTHER = "other", _("Underveis")


class FunctionalTestResult(TimeStampedModel):
    """An optional 30-second chair stand or Timed Up and Go result (health data)."""

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="functional_tests_results"
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="functional_tests"
    )
    test = models.CharField(
        _("test"),
        max_length=20,
        choices=[
            ("chair_stand_30s", _("Reise seg fra stol på 30 sekunder (antall)")),
            ("timed_up_and_go", _("Reis deg og gå (Timed Up and Go, sekunder)")),
        ],
    )
    phase = models.CharField(_("når"), max_length=6, choices=TestPhase.choices)
    date = models.DateField(_("dato"))
    value = models.DecimalField(
        _("resultat"),
        max_digits=5,
        decimal_places=1,
        validators=[MinValueValidator(0), MaxValueValidator(300)],
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("testresultat")
        verbose_name_plural = _("testresultater")
        ordering = ["date", "pk"]
        indexes = [models.Index(fields=["person", "activity", "test"])]

    def __str__(self) -> str:
        return f"{self.person} {self.test} {self.value}"


class ActivityReminder(models.Model):
    """A day-before reminder sent for one sign-up and one date: at most one per pair."""

    signup = models.ForeignKey(SignUp, on_delete=models.CASCADE, related_name="reminders")
    date = models.DateField(_("dato"))
    sent_at = models.DateTimeField(_("sendt"), auto_now_add=True)

    class Meta:
        verbose_name = _("påminnelse")
        verbose_name_plural = _("påminnelser")
        constraints = [
            models.UniqueConstraint(fields=["signup", "date"], name="one_reminder_per_signup_date")
        ]

    def __str__(self) -> str:
        return f"{self.signup} {self.date}"


class CalendarFeedKey(models.Model):
    """The version of a person's private calendar link: a new version stops the old link.

    The link is a signed token holding the person's id and this version, so someone who got
    hold of it (a forwarded e-mail, a shared screen) loses access when the person makes a
    new one.
    """

    person = models.OneToOneField(
        "people.Person", on_delete=models.CASCADE, related_name="calendar_feed_key"
    )
    version = models.PositiveIntegerField(default=0)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("kalenderlenke")
        verbose_name_plural = _("kalenderlenker")

    def __str__(self) -> str:
        return f"{self.person_id} v{self.version}"
