"""Co-creation processes («samskaping»): a challenge, its participants, and their ideas.

A process follows the open/close idea method in three rounds (directions → ideas → refined
ideas), then decision and implementation. Nothing a participant writes is deleted: moderation
hides content, and the author still sees it with the reason.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from samskap.core.models import KommuneOwnedModel, TimeStampedModel


class Phase(models.TextChoices):
    DIRECTIONS = "directions", _("Retninger")
    IDEAS = "ideas", _("Ideer")
    REFINED = "refined", _("Videreutviklede ideer")
    DECISION = "decision", _("Beslutning")
    IMPLEMENTATION = "implementation", _("Gjennomføring")


class Level(models.TextChoices):
    """The participation ladder (see `samskap.cocreation.ladder`)."""

    INFORM = "inform", _("Informere")
    CONSULT = "consult", _("Konsultere")
    INVOLVE = "involve", _("Involvere")
    COLLABORATE = "collaborate", _("Samarbeide")
    EMPOWER = "empower", _("Myndiggjøre")


class Sector(models.TextChoices):
    RESIDENT = "resident", _("Innbygger")
    RELATIVE = "relative", _("Pårørende")
    VOLUNTEER = "volunteer", _("Frivillig")
    ASSOCIATION = "association", _("Lag eller forening")
    BUSINESS = "business", _("Næringsliv")
    STAFF = "staff", _("Ansatt i kommunen")
    POLITICIAN = "politician", _("Folkevalgt")


class Process(KommuneOwnedModel):
    """A co-creation process that starts from a challenge phrased as a question."""

    challenge = models.CharField(_("utfordring"), max_length=200)
    description = models.TextField(_("bakgrunn"), max_length=2000, blank=True)
    level = models.CharField(_("hva deltakerne kan påvirke"), max_length=12, choices=Level.choices)
    phase = models.CharField(
        _("fase"), max_length=16, choices=Phase.choices, default=Phase.DIRECTIONS
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="cocreation_processes",
        verbose_name=_("ansvarlig"),
    )
    dots_per_round = models.PositiveSmallIntegerField(_("prikker per runde"), default=5)
    is_open = models.BooleanField(_("åpen for nye deltakere"), default=True)
    is_example = models.BooleanField(_("eksempel"), default=False)

    class Meta:
        verbose_name = _("samskapingsprosess")
        verbose_name_plural = _("samskapingsprosesser")
        ordering = ["-created_at", "pk"]
        indexes = [models.Index(fields=["kommune", "is_open"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(dots_per_round__gte=1) & Q(dots_per_round__lte=20),
                name="cocreation_process_dots_range",
            )
        ]

    def __str__(self) -> str:
        return self.challenge


class Participant(TimeStampedModel):
    """Someone taking part, with the sector they take part from."""

    process = models.ForeignKey(
        Process, on_delete=models.CASCADE, related_name="participants", verbose_name=_("prosess")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="cocreation_participations",
        verbose_name=_("bruker"),
    )
    sector = models.CharField(_("deltar som"), max_length=12, choices=Sector.choices)

    class Meta:
        verbose_name = _("deltaker")
        verbose_name_plural = _("deltakere")
        constraints = [
            models.UniqueConstraint(fields=["process", "user"], name="cocreation_participant_once")
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_sector_display()})"


class Cluster(TimeStampedModel):
    """A named group of ideas, made by the facilitator (the post-its put together on the wall)."""

    process = models.ForeignKey(
        Process, on_delete=models.CASCADE, related_name="clusters", verbose_name=_("prosess")
    )
    round = models.CharField(_("runde"), max_length=16, choices=Phase.choices)
    name = models.CharField(_("navn"), max_length=120)

    class Meta:
        verbose_name = _("gruppe av ideer")
        verbose_name_plural = _("grupper av ideer")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["process", "round", "name"], name="cocreation_cluster_name_once"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Hideable(TimeStampedModel):
    """Content a facilitator can hide (never delete); the author still sees why."""

    hidden_at = models.DateTimeField(_("skjult"), null=True, blank=True)
    hidden_reason = models.CharField(_("grunn til å skjule"), max_length=300, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("skjult av"),
    )

    class Meta:
        abstract = True

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None


class Idea(Hideable):
    """A short idea (a post-it), written online or typed in from a physical workshop."""

    process = models.ForeignKey(
        Process, on_delete=models.CASCADE, related_name="ideas", verbose_name=_("prosess")
    )
    round = models.CharField(_("runde"), max_length=16, choices=Phase.choices)
    text = models.CharField(_("idé"), max_length=280)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cocreation_ideas",
        verbose_name=_("skrevet av"),
    )
    from_workshop = models.BooleanField(_("fra verksted"), default=False)
    cluster = models.ForeignKey(
        Cluster,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ideas",
        verbose_name=_("gruppe"),
    )
    carried_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="carried_to",
        verbose_name=_("videreført fra"),
    )

    class Meta:
        verbose_name = _("idé")
        verbose_name_plural = _("ideer")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["process", "round"])]

    def __str__(self) -> str:
        return self.text


class Comment(Hideable):
    idea = models.ForeignKey(
        Idea, on_delete=models.CASCADE, related_name="comments", verbose_name=_("idé")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="cocreation_comments",
        verbose_name=_("skrevet av"),
    )
    text = models.CharField(_("kommentar"), max_length=1000)

    class Meta:
        verbose_name = _("kommentar")
        verbose_name_plural = _("kommentarer")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


class Vote(TimeStampedModel):
    """The dots one person put on one idea (dot voting: several dots on one idea are fine)."""

    process = models.ForeignKey(
        Process, on_delete=models.CASCADE, related_name="votes", verbose_name=_("prosess")
    )
    round = models.CharField(_("runde"), max_length=16, choices=Phase.choices)
    idea = models.ForeignKey(
        Idea, on_delete=models.CASCADE, related_name="votes", verbose_name=_("idé")
    )
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="cocreation_votes",
        verbose_name=_("stemt av"),
    )
    dots = models.PositiveSmallIntegerField(_("prikker"), default=1)

    class Meta:
        verbose_name = _("prikkstemme")
        verbose_name_plural = _("prikkstemmer")
        indexes = [models.Index(fields=["process", "round", "voter"])]
        constraints = [
            models.UniqueConstraint(fields=["idea", "voter"], name="cocreation_vote_once"),
            models.CheckConstraint(condition=Q(dots__gte=1), name="cocreation_vote_dots_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.voter_id}: {self.dots} → {self.idea_id}"


class Report(TimeStampedModel):
    """A participant's report that an idea or a comment breaks the rules."""

    process = models.ForeignKey(
        Process, on_delete=models.CASCADE, related_name="reports", verbose_name=_("prosess")
    )
    idea = models.ForeignKey(
        Idea,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("idé"),
    )
    comment = models.ForeignKey(
        Comment,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("kommentar"),
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("meldt av"),
    )
    reason = models.CharField(_("hva er galt"), max_length=500)
    resolved_at = models.DateTimeField(_("behandlet"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("behandlet av"),
    )

    class Meta:
        verbose_name = _("melding om innhold")
        verbose_name_plural = _("meldinger om innhold")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(idea__isnull=False) & Q(comment__isnull=True))
                | (Q(idea__isnull=True) & Q(comment__isnull=False)),
                name="cocreation_report_one_target",
            )
        ]

    def __str__(self) -> str:
        return self.reason[:60]

    @property
    def target(self) -> Idea | Comment:
        return self.idea if self.idea_id else self.comment  # type: ignore[return-value]


class WorkshopPhoto(TimeStampedModel):
    """A photo of the post-it wall from a physical workshop."""

    process = models.ForeignKey(
        Process, on_delete=models.CASCADE, related_name="photos", verbose_name=_("prosess")
    )
    round = models.CharField(_("runde"), max_length=16, choices=Phase.choices)
    image = models.FileField(_("bilde"), upload_to="cocreation/photos/%Y/%m/")
    description = models.CharField(_("hva bildet viser"), max_length=300)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("lastet opp av"),
    )

    class Meta:
        verbose_name = _("bilde fra verksted")
        verbose_name_plural = _("bilder fra verksted")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.description


class Meeting(TimeStampedModel):
    """A workshop or meeting in the process, with sign-up and a place limit."""

    process = models.ForeignKey(
        Process, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("prosess")
    )
    title = models.CharField(_("tittel"), max_length=120)
    starts_at = models.DateTimeField(_("tidspunkt"))
    place = models.CharField(_("sted"), max_length=200)
    capacity = models.PositiveSmallIntegerField(_("antall plasser"), default=20)
    agenda = models.TextField(_("program"), max_length=3000, blank=True)
    minutes = models.TextField(_("referat"), max_length=10000, blank=True)

    class Meta:
        verbose_name = _("møte")
        verbose_name_plural = _("møter")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gte=1), name="cocreation_meeting_capacity")
        ]

    def __str__(self) -> str:
        return self.title


class MeetingRegistration(TimeStampedModel):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("møte")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("bruker"),
    )

    class Meta:
        verbose_name = _("påmelding til møte")
        verbose_name_plural = _("påmeldinger til møte")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="cocreation_meeting_once")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.meeting_id}"


class MeetingFile(TimeStampedModel):
    """An attachment to a meeting: the agenda as a document, slides, the signed minutes."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="files", verbose_name=_("møte")
    )
    file = models.FileField(_("fil"), upload_to="cocreation/meetings/%Y/%m/")
    name = models.CharField(_("navn på filen"), max_length=120)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("lastet opp av"),
    )

    class Meta:
        verbose_name = _("vedlegg til møte")
        verbose_name_plural = _("vedlegg til møte")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.name
