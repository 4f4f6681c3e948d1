"""Reads for co-creation: who sees which process, and everything on the process page.

Contributions are not health data, so reads are not logged. Hidden content is shown only to
its author and to facilitators, always marked as hidden with the reason.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q, Sum
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samskap.accounts.models import STAFF_ROLES, User
from samskap.accounts.selectors import user_role_grants
from samskap.cocreation import domain
from samskap.cocreation.ladder import LADDER, LadderStep, step_for
from samskap.cocreation.models import (
    Cluster,
    Comment,
    Idea,
    Meeting,
    MeetingFile,
    Participant,
    Phase,
    Process,
    Report,
    Sector,
    Vote,
    WorkshopPhoto,
)
from samskap.municipalities.models import Kommune


def user_kommune_ids(user: User) -> set[int]:
    """The kommuner where the user lives or holds a role."""
    ids = {g.kommune_id for g in user_role_grants(user)}
    person = getattr(user, "person", None)
    if person is not None:
        ids.add(person.kommune_id)
    return ids


def processes_for(user: User) -> list[Process]:
    """Processes in the user's kommuner, plus those they take part in; newest first."""
    return list(
        Process.objects.filter(
            Q(kommune_id__in=user_kommune_ids(user))
            | Q(pk__in=Participant.objects.filter(user=user).values("process_id"))
        )
        .select_related("kommune", "owner__person")
        .annotate(participant_count=Count("participants", distinct=True))
        .order_by("is_example", "-created_at", "pk")
    )


def kommuner_where_user_can_start(user: User) -> list[Kommune]:
    ids = {g.kommune_id for g in user_role_grants(user) if g.role in STAFF_ROLES}
    return list(Kommune.objects.filter(pk__in=ids).order_by("name"))


def process_for_viewer(*, process_id: int, user: User) -> Process:
    process = (
        Process.objects.select_related("kommune", "owner__person").filter(pk=process_id).first()
    )
    if process is None:
        raise Http404(_("Fant ikke prosessen."))
    if not user.has_perm("cocreation.view_process", process):
        raise PermissionDenied(_("Denne prosessen hører til en annen kommune."))
    return process


def _require_view(user: User, process: Process) -> None:
    if not user.has_perm("cocreation.view_process", process):
        raise PermissionDenied(_("Denne prosessen hører til en annen kommune."))


def idea_for_viewer(*, idea_id: int, user: User) -> Idea:
    idea = Idea.objects.select_related("process__kommune", "author__person").filter(pk=idea_id)
    found = idea.first()
    if found is None:
        raise Http404(_("Fant ikke ideen."))
    _require_view(user, found.process)
    return found


def comment_for_viewer(*, comment_id: int, user: User) -> Comment:
    found = (
        Comment.objects.select_related("idea__process__kommune", "author__person")
        .filter(pk=comment_id)
        .first()
    )
    if found is None:
        raise Http404(_("Fant ikke kommentaren."))
    _require_view(user, found.idea.process)
    return found


def meeting_for_viewer(*, meeting_id: int, user: User) -> Meeting:
    found = Meeting.objects.select_related("process__kommune").filter(pk=meeting_id).first()
    if found is None:
        raise Http404(_("Fant ikke møtet."))
    _require_view(user, found.process)
    return found


def attachment_for_viewer(*, file_id: int, user: User) -> MeetingFile:
    found = MeetingFile.objects.select_related("meeting__process").filter(pk=file_id).first()
    if found is None:
        raise Http404(_("Fant ikke filen."))
    _require_view(user, found.meeting.process)
    return found


@dataclass
class MeetingPage:
    meeting: Meeting
    registered: int
    is_registered: bool
    is_participant: bool
    can_facilitate: bool
    files: list[MeetingFile]

    @property
    def places_left(self) -> int:
        return max(self.meeting.capacity - self.registered, 0)


def meeting_page(*, meeting: Meeting, user: User) -> MeetingPage:
    registrations = list(meeting.registrations.values_list("user_id", flat=True))
    return MeetingPage(
        meeting=meeting,
        registered=len(registrations),
        is_registered=user.pk in registrations,
        is_participant=user.has_perm("cocreation.contribute", meeting.process),
        can_facilitate=user.has_perm("cocreation.facilitate", meeting.process),
        files=list(meeting.files.all()),
    )


def photo_for_viewer(*, photo_id: int, user: User) -> WorkshopPhoto:
    found = WorkshopPhoto.objects.select_related("process").filter(pk=photo_id).first()
    if found is None:
        raise Http404(_("Fant ikke bildet."))
    _require_view(user, found.process)
    return found


# --- The participant mix ------------------------------------------------------------------

BAR_HEIGHT = 28
BAR_GAP = 10
LABEL_WIDTH = 150
CHART_WIDTH = 360


@dataclass(frozen=True)
class MixRow:
    sector: str
    label: str
    count: int
    percent: int
    y: int
    width: int

    @property
    def text_y(self) -> int:
        return self.y + 19

    @property
    def count_x(self) -> int:
        return LABEL_WIDTH + self.width + 8


@dataclass(frozen=True)
class Mix:
    rows: list[MixRow]
    assessment: domain.MixAssessment
    chart_height: int
    bar_x: int = LABEL_WIDTH
    bar_height: int = BAR_HEIGHT
    width: int = CHART_WIDTH
    largest_label: str = ""

    @property
    def largest_percent(self) -> int:
        return round(100 * self.assessment.largest_share)


def participant_mix(process: Process) -> Mix:
    """Counts per sector (every sector, zeros too) for the bar chart, and the assessment."""
    counts = dict(
        Participant.objects.filter(process=process)
        .values_list("sector")
        .annotate(n=Count("pk"))
        .values_list("sector", "n")
    )
    assessment = domain.assess_mix(counts)
    total = assessment.total or 1
    top = max(counts.values(), default=0) or 1
    usable = CHART_WIDTH - LABEL_WIDTH - 50
    rows = [
        MixRow(
            sector=value,
            label=str(label),
            count=counts.get(value, 0),
            percent=round(100 * counts.get(value, 0) / total),
            y=index * (BAR_HEIGHT + BAR_GAP),
            width=round(usable * counts.get(value, 0) / top),
        )
        for index, (value, label) in enumerate(Sector.choices)
    ]
    largest = str(Sector(assessment.largest_sector).label) if assessment.largest_sector else ""
    return Mix(
        rows=rows,
        assessment=assessment,
        chart_height=len(rows) * (BAR_HEIGHT + BAR_GAP),
        largest_label=largest,
    )


# --- The process page ---------------------------------------------------------------------


@dataclass
class IdeaView:
    idea: Idea
    dots: int = 0
    my_dots: int = 0
    comments: list[Comment] = field(default_factory=list)
    carried_on: bool = False


@dataclass
class ClusterView:
    cluster: Cluster | None
    ideas: list[IdeaView]

    @property
    def dots(self) -> int:
        return sum(i.dots for i in self.ideas)


@dataclass(frozen=True)
class PhaseStep:
    value: str
    label: str
    number: int
    state: str  # "done", "current" or "todo"


@dataclass
class RoundResult:
    phase: str
    label: str
    ideas: list[IdeaView]


@dataclass
class ProcessPage:
    process: Process
    ladder_step: LadderStep
    steps: list[PhaseStep]
    mix: Mix
    participant: Participant | None
    can_join: bool
    can_facilitate: bool
    is_round: bool
    groups: list[ClusterView]
    dots_left: int
    dots_used: int
    previous: list[RoundResult]
    photos: list[WorkshopPhoto]
    meetings: list[Meeting]
    open_reports: int

    @property
    def ladder(self) -> tuple[LadderStep, ...]:
        return LADDER

    @property
    def phase_help(self) -> str:
        return str(PHASE_HELP[self.process.phase])

    @property
    def idea_count(self) -> int:
        return sum(len(g.ideas) for g in self.groups)


PHASE_HELP = {
    Phase.DIRECTIONS: gettext_lazy(
        "Runde 1 av 3: Stak ut retninger. Hvilke områder bør vi se på? Skriv korte stikkord."
    ),
    Phase.IDEAS: gettext_lazy(
        "Runde 2 av 3: Lag mange ideer innenfor retningene. Alle ideer er velkomne, også de rare."
    ),
    Phase.REFINED: gettext_lazy(
        "Runde 3 av 3: Gjør de beste ideene bedre og mer konkrete. Hvem gjør hva, og hvordan?"
    ),
    Phase.DECISION: gettext_lazy(
        "Beslutning: Ideene under er grunnlaget for beslutningen. Den som leder prosessen, "
        "forteller hva som blir bestemt."
    ),
    Phase.IMPLEMENTATION: gettext_lazy("Gjennomføring: Disse ideene blir nå satt ut i livet."),
}


def phase_steps(current: str) -> list[PhaseStep]:
    index = domain.PHASES.index(current)
    return [
        PhaseStep(
            value=value,
            label=str(label),
            number=number,
            state="done" if number - 1 < index else "current" if number - 1 == index else "todo",
        )
        for number, (value, label) in enumerate(Phase.choices, start=1)
    ]


def _visible_ideas(process: Process, user: User, *, can_facilitate: bool):
    """Ideas the user may see: not hidden, or hidden and theirs, or any for facilitators."""
    ideas = Idea.objects.filter(process=process)
    if not can_facilitate:
        ideas = ideas.filter(Q(hidden_at=None) | Q(author=user))
    comments = Comment.objects.select_related("author__person")
    if not can_facilitate:
        comments = comments.filter(Q(hidden_at=None) | Q(author=user))
    return ideas.select_related("author__person", "cluster").prefetch_related(
        Prefetch("comments", queryset=comments)
    )


def _idea_views(ideas, user: User) -> list[IdeaView]:
    ideas = list(ideas)
    ids = [i.pk for i in ideas]
    totals: dict[int, int] = defaultdict(int)
    mine: dict[int, int] = defaultdict(int)
    for idea_id, voter_id, dots in Vote.objects.filter(idea_id__in=ids).values_list(
        "idea_id", "voter_id", "dots"
    ):
        totals[idea_id] += dots
        if voter_id == user.pk:
            mine[idea_id] += dots
    return [
        IdeaView(i, totals[i.pk], mine[i.pk], list(i.comments.all()))  # prefetched
        for i in ideas
    ]


def process_page(*, process: Process, user: User) -> ProcessPage:
    can_facilitate = user.has_perm("cocreation.facilitate", process)
    participant = Participant.objects.filter(process=process, user=user).first()
    ideas = _idea_views(_visible_ideas(process, user, can_facilitate=can_facilitate), user)
    by_round: dict[str, list[IdeaView]] = defaultdict(list)
    for view in ideas:
        by_round[view.idea.round].append(view)
    current = by_round.get(process.phase, [])
    clusters = list(Cluster.objects.filter(process=process, round=process.phase))
    groups = [ClusterView(c, [v for v in current if v.idea.cluster_id == c.pk]) for c in clusters]
    loose = [v for v in current if v.idea.cluster_id is None]
    if loose or not groups:
        groups.append(ClusterView(None, loose))
    used = (
        Vote.objects.filter(process=process, round=process.phase, voter=user).aggregate(
            total=Sum("dots")
        )["total"]
        or 0
    )
    index = domain.PHASES.index(process.phase)
    carried_by_origin: dict[int, list[Idea]] = defaultdict(list)
    for view in ideas:
        if view.idea.carried_from_id:
            carried_by_origin[view.idea.carried_from_id].append(view.idea)
    for view in ideas:
        view.carried_on = view.idea.pk in carried_by_origin
    previous = []
    for value in domain.PHASES[:index]:
        if not domain.is_round(value):
            continue
        round_ideas = sorted(by_round.get(value, []), key=lambda v: (-v.dots, v.idea.pk))
        previous.append(RoundResult(value, str(Phase(value).label), round_ideas))
    return ProcessPage(
        process=process,
        ladder_step=step_for(process.level),
        steps=phase_steps(process.phase),
        mix=participant_mix(process),
        participant=participant,
        can_join=user.has_perm("cocreation.join_process", process),
        can_facilitate=can_facilitate,
        is_round=domain.is_round(process.phase),
        groups=groups,
        dots_left=domain.dots_left(process.dots_per_round, used),
        dots_used=used,
        previous=previous,
        photos=list(WorkshopPhoto.objects.filter(process=process)),
        meetings=list(
            Meeting.objects.filter(process=process).annotate(
                registered=Count("registrations", distinct=True),
                mine=Count("registrations", filter=Q(registrations__user=user), distinct=True),
            )
        ),
        open_reports=Report.objects.filter(process=process, resolved_at=None).count()
        if can_facilitate
        else 0,
    )


@dataclass
class FacilitatorPage:
    process: Process
    ideas: list[IdeaView]
    clusters: list[Cluster]
    reports: list[Report]
    hidden: list[Idea | Comment]
    next_phase_label: str


def facilitator_page(*, process: Process, user: User) -> FacilitatorPage:
    if not user.has_perm("cocreation.facilitate", process):
        raise PermissionDenied(
            _("Bare den som leder prosessen og kommunens koordinatorer kan fasilitere.")
        )
    ideas = _idea_views(
        _visible_ideas(process, user, can_facilitate=True).filter(round=process.phase), user
    )
    ideas.sort(key=lambda v: (-v.dots, v.idea.pk))
    following = domain.next_phase(process.phase)
    hidden: list[Idea | Comment] = list(
        Idea.objects.filter(process=process).exclude(hidden_at=None)
    )
    hidden += list(Comment.objects.filter(idea__process=process).exclude(hidden_at=None))
    return FacilitatorPage(
        process=process,
        ideas=ideas,
        clusters=list(Cluster.objects.filter(process=process, round=process.phase)),
        reports=list(
            Report.objects.filter(process=process, resolved_at=None).select_related(
                "idea", "comment", "reported_by__person"
            )
        ),
        hidden=hidden,
        next_phase_label=str(Phase(following).label) if following else "",
    )


def ladder() -> tuple[LadderStep, ...]:
    return LADDER
