"""Pages for co-creation: the list, a process, joining and contributing, and facilitation.

Thin: one access call (selectors), one service call, domain errors shown as messages or on
the form. Everything works with plain forms; no JavaScript is needed.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from samskap.cocreation import selectors, services
from samskap.cocreation.forms import (
    AdvanceForm,
    ClusterForm,
    CommentForm,
    HideForm,
    IdeaForm,
    JoinForm,
    MeetingFileForm,
    MeetingForm,
    MinutesForm,
    MoveForm,
    PhotoForm,
    ProcessForm,
    ReportForm,
    WorkshopIdeasForm,
)
from samskap.cocreation.models import Cluster, Comment, Idea, Process, Report
from samskap.web.forms import apply_validation_error


def _error_text(error: ValidationError) -> str:
    return " ".join(str(m) for m in error.messages)


def _process_url(process: Process, anchor: str = "") -> str:
    url = reverse("cocreation:detail", args=[process.pk])
    return f"{url}#{anchor}" if anchor else url


@login_required
def process_list(request: HttpRequest) -> HttpResponse:
    processes = selectors.processes_for(request.user)
    return render(
        request,
        "cocreation/list.html",
        {
            "processes": [p for p in processes if not p.is_example],
            "examples": [p for p in processes if p.is_example],
            "can_start": bool(selectors.kommuner_where_user_can_start(request.user)),
            "ladder": selectors.ladder(),
        },
    )


@login_required
def process_create(request: HttpRequest) -> HttpResponse:
    kommuner = selectors.kommuner_where_user_can_start(request.user)
    if not kommuner:
        raise PermissionDenied(_("Bare ansatte i kommunen kan starte en samskapingsprosess."))
    form = ProcessForm(request.POST or None, kommuner=kommuner)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        kommune = next(k for k in kommuner if k.pk == data["kommune"])
        try:
            process = services.process_create(
                kommune=kommune,
                owner=request.user,
                challenge=data["challenge"],
                description=data["description"],
                level=data["level"],
                dots_per_round=data["dots_per_round"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Prosessen er startet. Inviter folk fra alle grupper."))
            return redirect(_process_url(process))
    return render(
        request,
        "cocreation/form.html",
        {
            "form": form,
            "title": _("Start en samskapingsprosess"),
            "intro": _(
                "Samskaping er når innbyggere, frivillige, næringsliv og kommunen sammen "
                "finner problemet og lager bedre løsninger, som likeverdige parter."
            ),
            "submit": _("Start prosessen"),
            "back_url": reverse("cocreation:list"),
        },
        status=400 if form.errors else 200,
    )


@login_required
def process_detail(
    request: HttpRequest, process_id: int, *, idea_form: IdeaForm | None = None, status: int = 200
) -> HttpResponse:
    process = selectors.process_for_viewer(process_id=process_id, user=request.user)
    page = selectors.process_page(process=process, user=request.user)
    return render(
        request,
        "cocreation/detail.html",
        {"process": process, "page": page, "idea_form": idea_form or IdeaForm()},
        status=status,
    )


@login_required
def join(request: HttpRequest, process_id: int) -> HttpResponse:
    process = selectors.process_for_viewer(process_id=process_id, user=request.user)
    form = JoinForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.participant_join(
                process=process, user=request.user, sector=form.cleaned_data["sector"]
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Velkommen! Nå kan du legge til ideer og stemme."))
            return redirect(_process_url(process))
    return render(
        request,
        "cocreation/form.html",
        {
            "form": form,
            "process": process,
            "title": _("Bli med i prosessen"),
            "quote": process.challenge,
            "submit": _("Bli med"),
            "back_url": _process_url(process),
        },
        status=400 if form.errors else 200,
    )


@login_required
def idea_add(request: HttpRequest, process_id: int) -> HttpResponse:
    process = selectors.process_for_viewer(process_id=process_id, user=request.user)
    form = IdeaForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            idea = services.idea_add(
                process=process, author=request.user, text=form.cleaned_data["text"]
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Takk! Ideen din er lagt til."))
            return redirect(_process_url(process, f"idea-{idea.pk}"))
    return render(
        request,
        "cocreation/form.html",
        {
            "form": form,
            "process": process,
            "title": _("Legg til en idé"),
            "quote": process.challenge,
            "submit": _("Legg til ideen"),
            "back_url": _process_url(process),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def vote(request: HttpRequest, idea_id: int) -> HttpResponse:
    idea = selectors.idea_for_viewer(idea_id=idea_id, user=request.user)
    try:
        if request.POST.get("action") == "remove":
            left = services.vote_remove(idea=idea, voter=request.user)
            text = _("Du tok bort en prikk.")
        else:
            left = services.vote_add(idea=idea, voter=request.user)
            text = _("Du ga en prikk.")
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(
            request,
            ngettext(
                "%(done)s Du har %(left)s prikk igjen i denne runden.",
                "%(done)s Du har %(left)s prikker igjen i denne runden.",
                left,
            )
            % {"done": text, "left": left},
        )
    return redirect(_process_url(idea.process, f"idea-{idea.pk}"))


@login_required
def comment_add(request: HttpRequest, idea_id: int) -> HttpResponse:
    idea = selectors.idea_for_viewer(idea_id=idea_id, user=request.user)
    form = CommentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.comment_add(idea=idea, author=request.user, text=form.cleaned_data["text"])
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Kommentaren din er lagt til."))
            return redirect(_process_url(idea.process, f"idea-{idea.pk}"))
    return render(
        request,
        "cocreation/form.html",
        {
            "form": form,
            "process": idea.process,
            "title": _("Kommenter ideen"),
            "quote": idea.text,
            "submit": _("Legg til kommentaren"),
            "back_url": _process_url(idea.process, f"idea-{idea.pk}"),
        },
        status=400 if form.errors else 200,
    )


def _report(request: HttpRequest, *, idea: Idea | None, comment: Comment | None) -> HttpResponse:
    target = idea or comment
    process = idea.process if idea else comment.idea.process  # type: ignore[union-attr]
    anchor = f"idea-{idea.pk if idea else comment.idea_id}"  # type: ignore[union-attr]
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_create(
                reported_by=request.user,
                idea=idea,
                comment=comment,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(
                request, _("Takk. Den som leder prosessen ser på det du har meldt fra om.")
            )
            return redirect(_process_url(process, anchor))
    return render(
        request,
        "cocreation/form.html",
        {
            "form": form,
            "process": process,
            "title": _("Meld fra om innhold"),
            "intro": _(
                "Meld fra hvis noe er krenkende, deler personopplysninger eller ikke hører "
                "hjemme her. Den som har skrevet det, får ikke vite hvem som meldte fra."
            ),
            "quote": target.text,  # type: ignore[union-attr]
            "submit": _("Send meldingen"),
            "back_url": _process_url(process, anchor),
        },
        status=400 if form.errors else 200,
    )


@login_required
def report_idea(request: HttpRequest, idea_id: int) -> HttpResponse:
    idea = selectors.idea_for_viewer(idea_id=idea_id, user=request.user)
    return _report(request, idea=idea, comment=None)


@login_required
def report_comment(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment = selectors.comment_for_viewer(comment_id=comment_id, user=request.user)
    return _report(request, idea=None, comment=comment)


@login_required
def photo(request: HttpRequest, photo_id: int) -> FileResponse:
    found = selectors.photo_for_viewer(photo_id=photo_id, user=request.user)
    return FileResponse(found.image.open("rb"))


# --- Facilitation -------------------------------------------------------------------------


@login_required
def facilitate(
    request: HttpRequest, process_id: int, *, forms: dict | None = None, status: int = 200
) -> HttpResponse:
    process = selectors.process_for_viewer(process_id=process_id, user=request.user)
    page = selectors.facilitator_page(process=process, user=request.user)
    forms = forms or {}
    return render(
        request,
        "cocreation/facilitate.html",
        {
            "process": process,
            "page": page,
            "workshop_form": forms.get("workshop") or WorkshopIdeasForm(),
            "photo_form": forms.get("photo") or PhotoForm(),
            "cluster_form": forms.get("cluster") or ClusterForm(),
            "meeting_form": forms.get("meeting") or MeetingForm(initial={"capacity": 20}),
            "hide_form": HideForm(),
        },
        status=status,
    )


def _facilitator_process(request: HttpRequest, process_id: int) -> Process:
    process = selectors.process_for_viewer(process_id=process_id, user=request.user)
    if not request.user.has_perm("cocreation.facilitate", process):
        raise PermissionDenied(
            _("Bare den som leder prosessen og kommunens koordinatorer kan fasilitere.")
        )
    return process


def _facilitate_url(process: Process, anchor: str = "") -> str:
    url = reverse("cocreation:facilitate", args=[process.pk])
    return f"{url}#{anchor}" if anchor else url


@login_required
@require_POST
def workshop_ideas(request: HttpRequest, process_id: int) -> HttpResponse:
    process = _facilitator_process(request, process_id)
    form = WorkshopIdeasForm(request.POST)
    if form.is_valid():
        try:
            added = services.workshop_ideas_add(
                process=process, entered_by=request.user, text=form.cleaned_data["text"]
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)s idé fra verkstedet er lagt inn.",
                    "%(count)s ideer fra verkstedet er lagt inn.",
                    len(added),
                )
                % {"count": len(added)},
            )
            return redirect(_facilitate_url(process, "workshop-heading"))
    return facilitate(request, process_id, forms={"workshop": form}, status=400)


@login_required
@require_POST
def photo_add(request: HttpRequest, process_id: int) -> HttpResponse:
    process = _facilitator_process(request, process_id)
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.workshop_photo_add(
                process=process,
                uploaded_by=request.user,
                image=form.cleaned_data["image"],
                description=form.cleaned_data["description"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Bildet er lagret."))
            return redirect(_facilitate_url(process, "workshop-heading"))
    return facilitate(request, process_id, forms={"photo": form}, status=400)


@login_required
@require_POST
def cluster_add(request: HttpRequest, process_id: int) -> HttpResponse:
    process = _facilitator_process(request, process_id)
    form = ClusterForm(request.POST)
    if form.is_valid():
        try:
            cluster = services.cluster_create(
                process=process, name=form.cleaned_data["name"], created_by=request.user
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Gruppen «%(name)s» er laget.") % {"name": cluster.name})
            return redirect(_facilitate_url(process, "cluster-heading"))
    return facilitate(request, process_id, forms={"cluster": form}, status=400)


@login_required
@require_POST
def idea_move(request: HttpRequest, idea_id: int) -> HttpResponse:
    idea = selectors.idea_for_viewer(idea_id=idea_id, user=request.user)
    clusters = Cluster.objects.filter(process=idea.process, round=idea.round)
    form = MoveForm(request.POST, clusters=clusters)
    if form.is_valid():
        chosen = form.cleaned_data["cluster"]
        cluster = next((c for c in clusters if c.pk == chosen), None)
        try:
            services.idea_move(idea=idea, cluster=cluster, moved_by=request.user)
        except ValidationError as error:
            messages.error(request, _error_text(error))
        else:
            messages.success(request, _("Ideen er flyttet."))
    else:
        messages.error(request, _("Velg en gruppe."))
    return redirect(_facilitate_url(idea.process, f"f-idea-{idea.pk}"))


def _target(request: HttpRequest):
    kind, pk = request.POST.get("kind"), request.POST.get("pk", "")
    if not pk.isdigit():
        raise PermissionDenied(_("Ukjent innhold."))
    if kind == "comment":
        comment = selectors.comment_for_viewer(comment_id=int(pk), user=request.user)
        return comment, comment.idea.process
    idea = selectors.idea_for_viewer(idea_id=int(pk), user=request.user)
    return idea, idea.process


@login_required
@require_POST
def hide(request: HttpRequest) -> HttpResponse:
    target, process = _target(request)
    form = HideForm(request.POST)
    try:
        services.content_hide(
            target=target,
            hidden_by=request.user,
            reason=request.POST.get("reason", "") if form.is_valid() else "",
        )
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("Innholdet er skjult. Forfatteren ser det fortsatt."))
    return redirect(_facilitate_url(process, "moderation-heading"))


@login_required
@require_POST
def restore(request: HttpRequest) -> HttpResponse:
    target, process = _target(request)
    services.content_restore(target=target, restored_by=request.user)
    messages.success(request, _("Innholdet vises igjen."))
    return redirect(_facilitate_url(process, "moderation-heading"))


@login_required
@require_POST
def report_dismiss(request: HttpRequest, report_id: int) -> HttpResponse:
    report = Report.objects.select_related("process").filter(pk=report_id).first()
    if report is None:
        raise PermissionDenied(_("Ukjent melding."))
    services.report_dismiss(report=report, dismissed_by=request.user)
    messages.success(request, _("Meldingen er behandlet, og innholdet vises fortsatt."))
    return redirect(_facilitate_url(report.process, "moderation-heading"))


@login_required
@require_POST
def advance(request: HttpRequest, process_id: int) -> HttpResponse:
    process = _facilitator_process(request, process_id)
    page = selectors.facilitator_page(process=process, user=request.user)
    form = AdvanceForm(
        request.POST,
        idea_ids=[v.idea.pk for v in page.ideas],
        cluster_ids=[c.pk for c in page.clusters],
    )
    if not form.is_valid():
        messages.error(request, _("Velg ideer og grupper fra denne runden."))
        return redirect(_facilitate_url(process, "phase-heading"))
    try:
        process = services.phase_advance(
            process=process,
            moved_by=request.user,
            carry_idea_ids=form.cleaned_data["ideas"],
            carry_cluster_ids=form.cleaned_data["clusters"],
        )
    except ValidationError as error:
        messages.error(request, _error_text(error))
        return redirect(_facilitate_url(process, "phase-heading"))
    messages.success(
        request,
        _("Prosessen er nå i fasen «%(phase)s».") % {"phase": process.get_phase_display()},
    )
    return redirect(_process_url(process))


# --- Meetings -----------------------------------------------------------------------------


@login_required
@require_POST
def meeting_add(request: HttpRequest, process_id: int) -> HttpResponse:
    process = _facilitator_process(request, process_id)
    form = MeetingForm(request.POST)
    if form.is_valid():
        try:
            services.meeting_create(process=process, created_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Møtet er lagt til."))
            return redirect(_process_url(process, "meetings-heading"))
    return facilitate(request, process_id, forms={"meeting": form}, status=400)


@login_required
@require_POST
def meeting_signup(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = selectors.meeting_for_viewer(meeting_id=meeting_id, user=request.user)
    try:
        if request.POST.get("action") == "cancel":
            services.meeting_cancel(meeting=meeting, user=request.user)
            messages.success(request, _("Du er meldt av møtet."))
        else:
            services.meeting_register(meeting=meeting, user=request.user)
            messages.success(request, _("Du er meldt på møtet."))
    except ValidationError as error:
        messages.error(request, _error_text(error))
    if request.POST.get("next") == "meeting":
        return redirect("cocreation:meeting", meeting.pk)
    return redirect(_process_url(meeting.process, f"meeting-{meeting.pk}"))


@login_required
def meeting_detail(
    request: HttpRequest,
    meeting_id: int,
    *,
    minutes_form: MinutesForm | None = None,
    file_form: MeetingFileForm | None = None,
    status: int = 200,
) -> HttpResponse:
    meeting = selectors.meeting_for_viewer(meeting_id=meeting_id, user=request.user)
    page = selectors.meeting_page(meeting=meeting, user=request.user)
    return render(
        request,
        "cocreation/meeting.html",
        {
            "process": meeting.process,
            "meeting": meeting,
            "page": page,
            "minutes_form": minutes_form or MinutesForm(initial={"minutes": meeting.minutes}),
            "file_form": file_form or MeetingFileForm(),
        },
        status=status,
    )


@login_required
@require_POST
def meeting_minutes(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = selectors.meeting_for_viewer(meeting_id=meeting_id, user=request.user)
    form = MinutesForm(request.POST)
    if form.is_valid():
        try:
            services.meeting_minutes_update(
                meeting=meeting, updated_by=request.user, minutes=form.cleaned_data["minutes"]
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Referatet er lagret."))
            return redirect("cocreation:meeting", meeting.pk)
    return meeting_detail(request, meeting_id, minutes_form=form, status=400)


@login_required
@require_POST
def meeting_file(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = selectors.meeting_for_viewer(meeting_id=meeting_id, user=request.user)
    form = MeetingFileForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.meeting_file_add(
                meeting=meeting,
                uploaded_by=request.user,
                file=form.cleaned_data["file"],
                name=form.cleaned_data["name"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Vedlegget er lagret."))
            return redirect("cocreation:meeting", meeting.pk)
    return meeting_detail(request, meeting_id, file_form=form, status=400)


@login_required
def attachment(request: HttpRequest, file_id: int) -> FileResponse:
    found = selectors.attachment_for_viewer(file_id=file_id, user=request.user)
    filename = found.file.name.rsplit("/", 1)[-1]
    return FileResponse(found.file.open("rb"), as_attachment=True, filename=filename)
