"""Skyss: rides to activities and appointments with volunteer drivers and the kommune's buses.

A `RideRequest` is a person's trip on one day: from (home by default) to a destination, with
a time window at the destination or at pick-up, an optional return, mobility needs and a
companion. Drivers (`Driver`) are approved volunteers or staff; `Vehicle`s are their own cars
or an association's or the kommune's minibus, with seats and wheelchair places. A driver
offers a `DriverShift` (a day, a time window, a vehicle, where they start and end), and the
planner (`samskap.transport.planner`, built on `samskap.darp`) turns accepted requests and
shifts into a `RidePlan` of `PlannedStop`s.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from samskap.core.models import KommuneOwnedModel, TimeStampedModel

LATITUDE = [MinValueValidator(57.0), MaxValueValidator(72.0)]
LONGITUDE = [MinValueValidator(4.0), MaxValueValidator(32.0)]


class VehicleKind(models.TextChoices):
    CAR = "car", _("Personbil")
    MINIBUS = "minibus", _("Minibuss")


class Vehicle(KommuneOwnedModel):
    """A car or a minibus: passenger seats and places for wheelchairs (seated in the chair)."""

    name = models.CharField(_("navn"), max_length=100)
    kind = models.CharField(_("type"), max_length=10, choices=VehicleKind.choices)
    seats = models.PositiveSmallIntegerField(
        _("passasjerseter"), validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    wheelchair_places = models.PositiveSmallIntegerField(
        _("rullestolplasser"), default=0, validators=[MaxValueValidator(6)]
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="vehicles",
        verbose_name=_("eier (lag eller enhet)"),
        help_text=_("Tom for en sjåførs egen bil."),
    )
    active = models.BooleanField(_("i bruk"), default=True)

    class Meta:
        verbose_name = _("kjøretøy")
        verbose_name_plural = _("kjøretøy")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Driver(KommuneOwnedModel):
    """A volunteer (or staff member) who drives; approved when the licence has been checked.

    Like helpers' checks, only *that* something was checked is stored, never a copy.
    """

    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="driver_roles",
        verbose_name=_("sjåfør"),
    )  # fmt: skip
    own_vehicle = models.ForeignKey(
        Vehicle, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("egen bil"),
    )  # fmt: skip
    licence_checked_on = models.DateField(_("førerkort sjekket"), null=True, blank=True)
    licence_checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("sjekket av"),
    )  # fmt: skip
    police_certificate_on = models.DateField(
        _("politiattest sett"), null=True, blank=True,
        help_text=_("Der kommunen krever det, for eksempel når sjåføren er alene med brukeren."),
    )  # fmt: skip
    can_help_to_door = models.BooleanField(_("kan følge til døra"), default=True)
    active = models.BooleanField(_("aktiv"), default=True)

    class Meta:
        verbose_name = _("sjåfør")
        verbose_name_plural = _("sjåfører")
        constraints = [
            models.UniqueConstraint(fields=["kommune", "person"], name="one_driver_per_kommune")
        ]

    def __str__(self) -> str:
        return str(self.person)

    @property
    def approved(self) -> bool:
        return self.active and self.licence_checked_on is not None


class DriverShift(TimeStampedModel):
    """A driver's offer for one day: when, in which vehicle, from and back to where."""

    driver = models.ForeignKey(
        Driver, on_delete=models.CASCADE, related_name="shifts", verbose_name=_("sjåfør")
    )
    vehicle = models.ForeignKey(
        Vehicle, on_delete=models.PROTECT, related_name="shifts", verbose_name=_("kjøretøy")
    )
    date = models.DateField(_("dato"))
    starts_at = models.TimeField(_("ledig fra"))
    ends_at = models.TimeField(_("ledig til"))
    start_latitude = models.FloatField(_("start, breddegrad"), validators=LATITUDE)
    start_longitude = models.FloatField(_("start, lengdegrad"), validators=LONGITUDE)
    end_latitude = models.FloatField(_("slutt, breddegrad"), validators=LATITUDE)
    end_longitude = models.FloatField(_("slutt, lengdegrad"), validators=LONGITUDE)
    max_route_minutes = models.PositiveSmallIntegerField(
        _("lengste tur (minutter)"), default=240, validators=[MinValueValidator(15)]
    )

    class Meta:
        verbose_name = _("sjåførvakt")
        verbose_name_plural = _("sjåførvakter")
        ordering = ["date", "starts_at"]
        indexes = [models.Index(fields=["date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="drivershift_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.driver} {self.date} {self.starts_at}–{self.ends_at}"


class DestinationKind(models.TextChoices):
    ACTIVITY = "activity", _("Aktivitet")
    DOCTOR = "doctor", _("Lege")
    DENTIST = "dentist", _("Tannlege")
    SHOP = "shop", _("Butikk")
    CHURCHYARD = "churchyard", _("Kirkegård")
    OTHER = "other", _("Annet")


class Destination(KommuneOwnedModel):
    """A place people often need a ride to: the doctor's surgery, the dentist, the shop."""

    name = models.CharField(_("navn"), max_length=200)
    kind = models.CharField(_("type"), max_length=12, choices=DestinationKind.choices)
    street_address = models.CharField(_("adresse"), max_length=200, blank=True)
    latitude = models.FloatField(validators=LATITUDE)
    longitude = models.FloatField(validators=LONGITUDE)

    class Meta:
        verbose_name = _("reisemål")
        verbose_name_plural = _("reisemål")
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name


class Mobility(models.TextChoices):
    WALKS = "walks", _("Går selv")
    WALKER = "walker", _("Bruker rullator")
    WHEELCHAIR = "wheelchair", _("Sitter i rullestol under turen")


class TimeAnchor(models.TextChoices):
    ARRIVE = "arrive", _("Være framme senest")
    PICKUP = "pickup", _("Bli hentet tidligst")


class RideStatus(models.TextChoices):
    REQUESTED = "requested", _("Bestilt")
    ACCEPTED = "accepted", _("Godkjent, skal planlegges")
    PLANNED = "planned", _("Planlagt")
    CANCELLED = "cancelled", _("Avbestilt")


class RideRequest(KommuneOwnedModel):
    """One person's trip on one day: there (and back, if asked)."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="ride_requests",
        verbose_name=_("passasjer"),
    )  # fmt: skip
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("bestilt av"),
    )  # fmt: skip
    created_via = models.CharField(_("bestilt"), max_length=20, default="self")
    date = models.DateField(_("dato"))
    origin_name = models.CharField(_("hentes fra"), max_length=200)
    origin_latitude = models.FloatField(validators=LATITUDE)
    origin_longitude = models.FloatField(validators=LONGITUDE)
    destination_kind = models.CharField(
        _("hvor skal du"), max_length=12, choices=DestinationKind.choices
    )
    destination_name = models.CharField(_("sted"), max_length=200)
    destination_latitude = models.FloatField(validators=LATITUDE)
    destination_longitude = models.FloatField(validators=LONGITUDE)
    anchor = models.CharField(
        _("tidspunkt gjelder"), max_length=8, choices=TimeAnchor.choices,
        default=TimeAnchor.ARRIVE,
    )  # fmt: skip
    time = models.TimeField(_("klokkeslett"))
    window_minutes = models.PositiveSmallIntegerField(
        _("slingringsmonn (minutter)"), default=15, validators=[MaxValueValidator(120)]
    )
    return_pickup_at = models.TimeField(_("hjem igjen, hentes tidligst"), null=True, blank=True)
    mobility = models.CharField(
        _("bevegelse"), max_length=12, choices=Mobility.choices, default=Mobility.WALKS
    )
    needs_door_help = models.BooleanField(_("trenger følge til og fra døra"), default=False)
    companion = models.BooleanField(_("har med ledsager"), default=False)
    max_ride_minutes = models.PositiveSmallIntegerField(
        _("lengste tid i bilen (minutter)"), default=45, validators=[MinValueValidator(10)]
    )
    signup = models.ForeignKey(
        "activities.SignUp", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="rides", verbose_name=_("påmelding"),
    )  # fmt: skip
    need = models.ForeignKey(
        "help.Need", on_delete=models.SET_NULL, null=True, blank=True, related_name="rides",
        verbose_name=_("behov"),
    )  # fmt: skip
    status = models.CharField(
        _("status"), max_length=10, choices=RideStatus.choices, default=RideStatus.REQUESTED
    )
    locked_shift = models.ForeignKey(
        DriverShift, on_delete=models.SET_NULL, null=True, blank=True, related_name="locked",
        verbose_name=_("låst til sjåfør"),
    )  # fmt: skip
    note_for_driver = models.CharField(_("til sjåføren"), max_length=300, blank=True)
    # What the passenger was last told (so a re-plan only messages those whose time moved).
    told_pickup_out = models.TimeField(null=True, blank=True)
    told_pickup_back = models.TimeField(null=True, blank=True)
    reminded_on = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = _("skyssbestilling")
        verbose_name_plural = _("skyssbestillinger")
        ordering = ["date", "time"]
        indexes = [models.Index(fields=["kommune", "date", "status"])]

    def __str__(self) -> str:
        return f"{self.person} → {self.destination_name} {self.date}"


class RidePlan(KommuneOwnedModel):
    """The planner's result for a kommune and a day (or half day); the newest one counts."""

    date = models.DateField(_("dato"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    total_km = models.FloatField(_("kjørt i alt (km)"))
    seconds = models.FloatField(_("beregningstid (s)"))
    checked = models.BooleanField(_("kontrollert gyldig"), default=False)
    unserved = models.JSONField(_("kunne ikke kjøres"), default=list, blank=True)
    total_minutes = models.FloatField(_("kjøretid i alt (minutter)"), default=0.0)
    method = models.CharField(max_length=10, blank=True)  # "exact" or "search"
    optimal = models.BooleanField(_("bevist best mulig"), default=False)
    published_at = models.DateTimeField(_("sendt ut"), null=True, blank=True)

    class Meta:
        verbose_name = _("kjøreplan")
        verbose_name_plural = _("kjøreplaner")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["kommune", "date"])]

    def __str__(self) -> str:
        return f"{self.kommune} {self.date}"


class StopKind(models.TextChoices):
    PICKUP = "pickup", _("Hente")
    DROPOFF = "dropoff", _("Levere")


class PlannedStop(models.Model):
    plan = models.ForeignKey(RidePlan, on_delete=models.CASCADE, related_name="stops")
    shift = models.ForeignKey(DriverShift, on_delete=models.CASCADE, related_name="stops")
    sequence = models.PositiveSmallIntegerField()
    request = models.ForeignKey(RideRequest, on_delete=models.CASCADE, related_name="stops")
    leg = models.CharField(max_length=8)  # "out" or "back"
    kind = models.CharField(max_length=8, choices=StopKind.choices)
    at = models.TimeField(_("tid"))

    class Meta:
        ordering = ["plan", "shift", "sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "shift", "sequence"], name="one_stop_per_place_in_route"
            )
        ]

    def __str__(self) -> str:
        return f"{self.shift} #{self.sequence} {self.kind} {self.request_id}"
