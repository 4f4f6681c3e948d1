"""Writes for co-creation: validated, permission-checked, and audited where it matters.

Every service takes the acting user and checks the rule it needs (`samskap.cocreation.rules`),
so views, the seed and tests can all call them. Hiding and restoring content and dismissing
reports are audited; ideas and comments themselves are not health data and are not audited.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from samskap.accounts.models import User
from samskap.cocreation import domain
from samskap.cocreation.models import (
    Cluster,
    Comment,
    Idea,
    Meeting,
    MeetingFile,
    MeetingRegistration,
    Participant,
    Process,
    Report,
    Sector,
    Vote,
    WorkshopPhoto,
)
from samskap.municipalities.models import Kommune
from samskap.privacy.services import audit_record, snapshot

PHOTO_TYPES = {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png"}
PHOTO_MAX_BYTES = 8 * 1024 * 1024
ATTACHMENT_EXTENSIONS = (".pdf", ".docx", ".odt", ".pptx", ".odp", ".jpg", ".jpeg", ".png", ".txt")
ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
MAX_WORKSHOP_LINES = 100


def _require(user: User, perm: str, obj, message: str) -> None:
    if not user.has_perm(perm, obj):
        raise PermissionDenied(message)


def _require_facilitator(user: User, process: Process) -> None:
    _require(
        user,
        "cocreation.facilitate",
        process,
        _("Bare den som leder prosessen og kommunens koordinatorer kan gjøre dette."),
    )


def _require_participant(user: User, process: Process) -> None:
    _require(
        user,
        "cocreation.contribute",
        process,
        _("Bli med i prosessen først, så kan du være med og bidra."),
    )


def _require_round(process: Process) -> None:
    """The process must be in one of the three rounds (the phase is read fresh)."""
    process.refresh_from_db(fields=["phase", "is_open"])
    if not domain.is_round(process.phase):
        raise ValidationError(
            _("Prosessen er i fasen «%(phase)s». Nå kan det ikke legges til ideer eller stemmes.")
            % {"phase": process.get_phase_display()}
        )


def validate_challenge(challenge: str) -> None:
    if not domain.is_question(challenge):
        raise ValidationError(
            {
                "challenge": _(
                    "Skriv utfordringen som et spørsmål, for eksempel «Hvordan kan flere eldre "
                    "delta på aktiviteter?». Start med Hva, Hvem, Hvordan eller Hvilke, eller "
                    "avslutt med spørsmålstegn."
                )
            }
        )


@transaction.atomic
def process_create(
    *,
    kommune: Kommune,
    owner: User,
    challenge: str,
    level: str,
    description: str = "",
    dots_per_round: int = 5,
    is_example: bool = False,
) -> Process:
    _require(
        owner,
        "cocreation.create_process",
        kommune,
        _("Bare ansatte i kommunen kan starte en samskapingsprosess."),
    )
    challenge = " ".join(challenge.split())
    validate_challenge(challenge)
    process = Process(
        kommune=kommune,
        owner=owner,
        challenge=challenge,
        description=description.strip(),
        level=level,
        dots_per_round=dots_per_round,
        is_example=is_example,
    )
    process.full_clean()
    process.save()
    audit_record(
        actor=owner,
        subject=None,
        action="cocreation_process_created",
        instance=process,
        before=None,
        after=snapshot(process),
    )
    return process


@transaction.atomic
def participant_join(*, process: Process, user: User, sector: str) -> Participant:
    """Join the process from a sector; joining again only changes the sector."""
    found = Participant.objects.filter(process=process, user=user).first()
    if found is None:
        _require(
            user,
            "cocreation.join_process",
            process,
            _("Du kan bare bli med i åpne prosesser i din egen kommune."),
        )
    if sector not in Sector.values:
        raise ValidationError({"sector": _("Velg hvem du deltar som.")})
    participant = found or Participant(process=process, user=user)
    participant.sector = sector
    participant.full_clean()
    participant.save()
    return participant


def _new_idea(process: Process, text: str, **fields) -> Idea:
    idea = Idea(process=process, round=process.phase, text=" ".join(text.split()), **fields)
    if not idea.text:
        raise ValidationError({"text": _("Skriv ideen din.")})
    idea.full_clean()
    idea.save()
    return idea


@transaction.atomic
def idea_add(*, process: Process, author: User, text: str) -> Idea:
    """A participant's own short idea (a post-it) in the current round."""
    _require_participant(author, process)
    _require_round(process)
    return _new_idea(process, text, author=author)


@transaction.atomic
def workshop_ideas_add(*, process: Process, entered_by: User, text: str) -> list[Idea]:
    """The facilitator types in the post-its from a physical workshop, one per line."""
    _require_facilitator(entered_by, process)
    _require_round(process)
    lines = [" ".join(line.split()) for line in text.splitlines()]
    lines = [line for line in lines if line]
    if not lines:
        raise ValidationError({"text": _("Skriv minst én idé, én per linje.")})
    if len(lines) > MAX_WORKSHOP_LINES:
        raise ValidationError({"text": _("Høyst 100 ideer om gangen.")})
    too_long = [n for n, line in enumerate(lines, start=1) if len(line) > 280]
    if too_long:
        raise ValidationError(
            {
                "text": _("Linje %(lines)s er lengre enn 280 tegn. Del den opp eller kort den ned.")
                % {"lines": ", ".join(str(n) for n in too_long)}
            }
        )
    return [_new_idea(process, line, from_workshop=True) for line in lines]


def validate_photo(upload: UploadedFile) -> None:
    name = (upload.name or "").lower()
    extension = name[name.rfind(".") :] if "." in name else ""
    if extension not in PHOTO_TYPES:
        raise ValidationError({"image": _("Bildet må være JPG eller PNG.")})
    content_type = getattr(upload, "content_type", None)
    if content_type and content_type != PHOTO_TYPES[extension]:
        raise ValidationError({"image": _("Filen ser ikke ut til å være et JPG- eller PNG-bilde.")})
    if upload.size is not None and upload.size > PHOTO_MAX_BYTES:
        raise ValidationError({"image": _("Bildet er for stort. Det kan være høyst 8 MB.")})
    head = upload.read(8)
    upload.seek(0)
    if not (head.startswith(b"\xff\xd8\xff") or head.startswith(b"\x89PNG\r\n\x1a\n")):
        raise ValidationError({"image": _("Filen ser ikke ut til å være et JPG- eller PNG-bilde.")})


@transaction.atomic
def workshop_photo_add(
    *, process: Process, uploaded_by: User, image: UploadedFile, description: str
) -> WorkshopPhoto:
    _require_facilitator(uploaded_by, process)
    validate_photo(image)
    photo = WorkshopPhoto(
        process=process,
        round=process.phase,
        image=image,
        description=description.strip(),
        uploaded_by=uploaded_by,
    )
    photo.full_clean()
    photo.save()
    return photo


@transaction.atomic
def cluster_create(*, process: Process, name: str, created_by: User) -> Cluster:
    _require_facilitator(created_by, process)
    _require_round(process)
    name = " ".join(name.split())
    if Cluster.objects.filter(process=process, round=process.phase, name__iexact=name).exists():
        raise ValidationError({"name": _("Det finnes allerede en gruppe med dette navnet.")})
    cluster = Cluster(process=process, round=process.phase, name=name)
    cluster.full_clean()
    cluster.save()
    return cluster


@transaction.atomic
def idea_move(*, idea: Idea, cluster: Cluster | None, moved_by: User) -> Idea:
    """Put an idea into a cluster of the same round (or take it out with `cluster=None`)."""
    _require_facilitator(moved_by, idea.process)
    if cluster is not None and (
        cluster.process_id != idea.process_id or cluster.round != idea.round
    ):
        raise ValidationError({"cluster": _("Velg en gruppe fra samme runde.")})
    idea.cluster = cluster
    idea.save(update_fields=["cluster", "updated_at"])
    return idea


@transaction.atomic
def comment_add(*, idea: Idea, author: User, text: str) -> Comment:
    _require_participant(author, idea.process)
    if idea.is_hidden:
        raise ValidationError(_("Denne ideen er skjult og kan ikke kommenteres."))
    comment = Comment(idea=idea, author=author, text=text.strip())
    if not comment.text:
        raise ValidationError({"text": _("Skriv kommentaren din.")})
    comment.full_clean()
    comment.save()
    return comment


def _lock_voter(process: Process, voter: User) -> Participant:
    """Lock the voter's participation row so two votes at once cannot both pass the budget."""
    found = Participant.objects.select_for_update().filter(process=process, user=voter).first()
    if found is None:
        raise PermissionDenied(_("Bli med i prosessen først, så kan du være med og stemme."))
    return found


def dots_used(*, process: Process, voter: User, round: str | None = None) -> int:
    used = Vote.objects.filter(
        process=process, round=round or process.phase, voter=voter
    ).aggregate(total=Sum("dots"))["total"]
    return used or 0


@transaction.atomic
def vote_add(*, idea: Idea, voter: User, dots: int = 1) -> int:
    """Put `dots` dots on an idea of the current round; returns the dots left.

    The budget is per person and round (`Process.dots_per_round`). Over the budget, nothing is
    saved and a ValidationError explains how many dots are left.
    """
    process = Process.objects.select_for_update().get(pk=idea.process_id)
    _require_participant(voter, process)
    _require_round(process)
    if idea.round != process.phase:
        raise ValidationError(_("Du kan bare stemme på ideer i runden som pågår nå."))
    if idea.is_hidden:
        raise ValidationError(_("Denne ideen er skjult, og du kan ikke stemme på den."))
    _lock_voter(process, voter)
    used = dots_used(process=process, voter=voter)
    try:
        left = domain.spend_dots(budget=process.dots_per_round, used=used, dots=dots)
    except domain.BudgetExceeded:
        raise ValidationError(
            _(
                "Du har brukt alle de %(budget)s prikkene dine i denne runden. Ta en prikk bort "
                "fra en annen idé hvis du vil flytte den hit."
            )
            % {"budget": process.dots_per_round}
        ) from None
    updated = Vote.objects.filter(idea=idea, voter=voter).update(
        dots=F("dots") + dots, updated_at=timezone.now()
    )
    if not updated:
        Vote.objects.create(process=process, round=idea.round, idea=idea, voter=voter, dots=dots)
    return left


@transaction.atomic
def vote_remove(*, idea: Idea, voter: User) -> int:
    """Take one dot back from an idea; returns the dots left."""
    process = Process.objects.select_for_update().get(pk=idea.process_id)
    _require_participant(voter, process)
    _require_round(process)
    _lock_voter(process, voter)
    vote = Vote.objects.filter(idea=idea, voter=voter).first()
    if vote is None:
        raise ValidationError(_("Du har ingen prikker på denne ideen."))
    if vote.dots > 1:
        vote.dots -= 1
        vote.save(update_fields=["dots", "updated_at"])
    else:
        vote.delete()
    return domain.dots_left(process.dots_per_round, dots_used(process=process, voter=voter))


@transaction.atomic
def phase_advance(
    *,
    process: Process,
    moved_by: User,
    carry_idea_ids: Iterable[int] = (),
    carry_cluster_ids: Iterable[int] = (),
) -> Process:
    """Move to the next phase; the chosen ideas and clusters are the next phase's starting point.

    A carried idea is copied (text, author) into the next phase with a link back; a carried
    cluster becomes one idea named after the cluster, written by nobody.
    """
    _require_facilitator(moved_by, process)
    given = process
    process = Process.objects.select_for_update().get(pk=process.pk)
    following = domain.next_phase(process.phase)
    if following is None:
        raise ValidationError(_("Prosessen er allerede i siste fase."))
    ideas = list(
        Idea.objects.filter(
            process=process, round=process.phase, pk__in=list(carry_idea_ids), hidden_at=None
        )
    )
    clusters = list(
        Cluster.objects.filter(process=process, round=process.phase, pk__in=list(carry_cluster_ids))
    )
    before = snapshot(process)
    previous = process.phase
    process.phase = following
    process.full_clean()
    process.save(update_fields=["phase", "updated_at"])
    for cluster in clusters:
        Idea.objects.create(process=process, round=following, text=cluster.name[:280])
    for idea in ideas:
        Idea.objects.create(
            process=process,
            round=following,
            text=idea.text,
            author=idea.author,
            from_workshop=idea.from_workshop,
            carried_from=idea,
        )
    audit_record(
        actor=moved_by,
        subject=None,
        action="cocreation_phase_changed",
        instance=process,
        before=before,
        after={**snapshot(process), "carried": len(ideas) + len(clusters), "from": previous},
    )
    given.phase = process.phase
    return process


@transaction.atomic
def report_create(
    *, reported_by: User, reason: str, idea: Idea | None = None, comment: Comment | None = None
) -> Report:
    target = idea or comment
    if target is None or (idea is not None and comment is not None):
        raise ValueError("report exactly one idea or comment")
    process = idea.process if idea is not None else comment.idea.process  # type: ignore[union-attr]
    _require_participant(reported_by, process)
    report = Report(
        process=process, idea=idea, comment=comment, reported_by=reported_by, reason=reason.strip()
    )
    if not report.reason:
        raise ValidationError({"reason": _("Skriv kort hva som er galt.")})
    report.full_clean()
    report.save()
    return report


def _process_of(target: Idea | Comment) -> Process:
    return target.process if isinstance(target, Idea) else target.idea.process


@transaction.atomic
def content_hide(*, target: Idea | Comment, hidden_by: User, reason: str) -> Idea | Comment:
    """Hide an idea or a comment (never delete it): the author still sees it and why."""
    _require_facilitator(hidden_by, _process_of(target))
    reason = reason.strip()
    if not reason:
        raise ValidationError(
            {"reason": _("Skriv hvorfor innholdet skjules. Forfatteren får se grunnen.")}
        )
    before = snapshot(target)
    target.hidden_at = timezone.now()
    target.hidden_reason = reason
    target.hidden_by = hidden_by
    target.full_clean()
    target.save()
    field = "idea" if isinstance(target, Idea) else "comment"
    Report.objects.filter(**{field: target}, resolved_at=None).update(
        resolved_at=timezone.now(), resolved_by=hidden_by
    )
    audit_record(
        actor=hidden_by,
        subject=getattr(target.author, "person", None) if target.author_id else None,
        action="cocreation_content_hidden",
        instance=target,
        before=before,
        after=snapshot(target),
    )
    return target


@transaction.atomic
def content_restore(*, target: Idea | Comment, restored_by: User) -> Idea | Comment:
    _require_facilitator(restored_by, _process_of(target))
    before = snapshot(target)
    target.hidden_at = None
    target.hidden_reason = ""
    target.hidden_by = None
    target.save()
    audit_record(
        actor=restored_by,
        subject=getattr(target.author, "person", None) if target.author_id else None,
        action="cocreation_content_restored",
        instance=target,
        before=before,
        after=snapshot(target),
    )
    return target


@transaction.atomic
def report_dismiss(*, report: Report, dismissed_by: User) -> Report:
    """The facilitator looked at the report and keeps the content visible."""
    _require_facilitator(dismissed_by, report.process)
    before = snapshot(report)
    report.resolved_at = timezone.now()
    report.resolved_by = dismissed_by
    report.save(update_fields=["resolved_at", "resolved_by", "updated_at"])
    audit_record(
        actor=dismissed_by,
        subject=None,
        action="cocreation_report_dismissed",
        instance=report,
        before=before,
        after=snapshot(report),
    )
    return report


# --- Meetings -----------------------------------------------------------------------------


@transaction.atomic
def meeting_create(
    *,
    process: Process,
    created_by: User,
    title: str,
    starts_at,
    place: str,
    capacity: int = 20,
    agenda: str = "",
) -> Meeting:
    _require_facilitator(created_by, process)
    meeting = Meeting(
        process=process,
        title=title.strip(),
        starts_at=starts_at,
        place=place.strip(),
        capacity=capacity,
        agenda=agenda.strip(),
    )
    meeting.full_clean()
    meeting.save()
    return meeting


@transaction.atomic
def meeting_register(*, meeting: Meeting, user: User) -> MeetingRegistration:
    """Sign up for a meeting, if there is room (the meeting row is locked while counting)."""
    meeting = Meeting.objects.select_for_update().select_related("process").get(pk=meeting.pk)
    _require_participant(user, meeting.process)
    found = MeetingRegistration.objects.filter(meeting=meeting, user=user).first()
    if found:
        return found
    if meeting.registrations.count() >= meeting.capacity:
        raise ValidationError(_("Møtet er fullt. Spør den som leder prosessen om det er plass."))
    return MeetingRegistration.objects.create(meeting=meeting, user=user)


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, user: User) -> None:
    MeetingRegistration.objects.filter(meeting=meeting, user=user).delete()


@transaction.atomic
def meeting_minutes_update(*, meeting: Meeting, updated_by: User, minutes: str) -> Meeting:
    _require_facilitator(updated_by, meeting.process)
    meeting.minutes = minutes.strip()
    meeting.full_clean()
    meeting.save(update_fields=["minutes", "updated_at"])
    return meeting


def validate_attachment(upload: UploadedFile) -> None:
    name = (upload.name or "").lower()
    if not name.endswith(ATTACHMENT_EXTENSIONS):
        raise ValidationError(
            {"file": _("Filen må være PDF, Word, OpenDocument, PowerPoint, JPG, PNG eller tekst.")}
        )
    if upload.size is not None and upload.size > ATTACHMENT_MAX_BYTES:
        raise ValidationError({"file": _("Filen er for stor. Den kan være høyst 10 MB.")})


@transaction.atomic
def meeting_file_add(
    *, meeting: Meeting, uploaded_by: User, file: UploadedFile, name: str = ""
) -> MeetingFile:
    _require_facilitator(uploaded_by, meeting.process)
    validate_attachment(file)
    attachment = MeetingFile(
        meeting=meeting,
        file=file,
        name=(name.strip() or (file.name or ""))[:120],
        uploaded_by=uploaded_by,
    )
    attachment.full_clean()
    attachment.save()
    return attachment
