"""Pages for the weekly letter: the editor's week, a resident's preview, and one's own choice.

Thin: the rules live in selectors (who may edit, what is read and logged) and services
(validated, audited writes). Coordinators of a kommune edit its letter.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samskap.activities.forms import ResidentSearchForm
from samskap.letters import selectors, services
from samskap.letters.forms import LetterChoiceForm, LetterSettingsForm, NewsItemForm, WeekForm
from samskap.letters.models import NewsKind
from samskap.letters.pdf import letter_pdf_bytes, print_file
from samskap.municipalities.models import Kommune
from samskap.people.rules import can_arrange_for
from samskap.people.selectors import person_or_404, residents_for_coordinator
from samskap.web.forms import apply_validation_error


def _week(request: HttpRequest) -> dt.date:
    """The Monday of the chosen week (`?uke=`), next week by default."""
    form = WeekForm(request.GET)
    chosen = form.cleaned_data.get("uke") if form.is_valid() else None
    return (
        selectors.monday_of(chosen) if chosen else selectors.next_week_start(timezone.localdate())
    )


def _kommune_for_editor(request: HttpRequest, kommune_id: int) -> Kommune:
    kommune = get_object_or_404(Kommune, pk=kommune_id)
    selectors.require_editor(request.user, kommune.pk)
    return kommune


@login_required
def editor(
    request: HttpRequest,
    kommune_id: int,
    *,
    news_form: NewsItemForm | None = None,
    settings_form: LetterSettingsForm | None = None,
    status: int = 200,
) -> HttpResponse:
    kommune = _kommune_for_editor(request, kommune_id)
    week = _week(request)
    overview = selectors.editor_overview(user=request.user, kommune=kommune, week_start=week)
    search = ResidentSearchForm(request.GET or None)
    query = search.cleaned_data["q"].strip() if search.is_valid() else ""
    found = (
        list(residents_for_coordinator(user=request.user, kommune_id=kommune.pk, query=query))
        if query
        else []
    )
    settings = overview.settings
    return render(
        request,
        "letters/editor.html",
        {
            "kommune": kommune,
            "overview": overview,
            "week_param": week.isoformat(),
            "previous_week": (week - dt.timedelta(days=7)).isoformat(),
            "next_week": (week + dt.timedelta(days=7)).isoformat(),
            "search": search if search.is_bound else ResidentSearchForm(),
            "query": query,
            "found": found,
            "news_form": news_form
            or NewsItemForm(
                initial={
                    "kind": NewsKind.NEWS,
                    "valid_from": week,
                    "valid_to": week + dt.timedelta(days=6),
                }
            ),
            "settings_form": settings_form
            or LetterSettingsForm(
                initial={
                    "min_age": settings.min_age,
                    "contact_phone": settings.contact_phone,
                    "signature": settings.signature,
                }
            ),
        },
        status=status,
    )


@login_required
@require_POST
def news_create(request: HttpRequest, kommune_id: int) -> HttpResponse:
    kommune = _kommune_for_editor(request, kommune_id)
    form = NewsItemForm(request.POST)
    if form.is_valid():
        try:
            item = services.news_item_create(
                kommune=kommune, created_by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(
                request, _("«%(title)s» kommer med i ukebrevet.") % {"title": item.title}
            )
            url = reverse("letters:editor", args=[kommune.pk])
            return redirect(f"{url}?uke={selectors.monday_of(item.valid_from).isoformat()}")
    return editor(request, kommune_id, news_form=form, status=400)


@login_required
@require_POST
def settings_update(request: HttpRequest, kommune_id: int) -> HttpResponse:
    kommune = _kommune_for_editor(request, kommune_id)
    form = LetterSettingsForm(request.POST)
    if form.is_valid():
        try:
            services.letter_settings_update(
                kommune=kommune, updated_by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Innstillingene for ukebrevet er lagret."))
            return redirect("letters:editor", kommune.pk)
    return editor(request, kommune_id, settings_form=form, status=400)


@login_required
def print_pdf(request: HttpRequest, kommune_id: int) -> FileResponse:
    """The week's print file for the whole kommune (small kommuner; large ones use the
    `print_weekly_letters` command on a schedule)."""
    kommune = _kommune_for_editor(request, kommune_id)
    week = _week(request)
    duplex = request.GET.get("tosidig") == "1"
    handle = tempfile.TemporaryFile()
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "ukebrev.pdf"
        print_file(
            selectors.iter_kommune_letters(kommune.pk, week),
            path,
            kommune_name=kommune.name,
            workers=1,
            duplex=duplex,
        )
        handle.write(path.read_bytes())
    handle.seek(0)
    name = f"ukebrev-{kommune.name.lower()}-{week.isoformat()}.pdf"
    return FileResponse(handle, content_type="application/pdf", filename=name)


@login_required
@require_POST
def send_emails(request: HttpRequest, kommune_id: int) -> HttpResponse:
    kommune = _kommune_for_editor(request, kommune_id)
    week = _week(request)
    sent = services.send_letter_emails(kommune=kommune, week_start=week)
    messages.success(
        request,
        _("Ukebrevet ble sendt på e-post til %(count)s personer.") % {"count": sent}
        if sent
        else _("Alle som har valgt e-post, har allerede fått ukebrevet for denne uken."),
    )
    return redirect(f"{reverse('letters:editor', args=[kommune.pk])}?uke={week.isoformat()}")


@login_required
def preview(request: HttpRequest, kommune_id: int, person_id: int) -> HttpResponse:
    kommune = _kommune_for_editor(request, kommune_id)
    week = _week(request)
    person, letter = selectors.letter_preview_for(
        user=request.user, kommune=kommune, person_id=person_id, week_start=week
    )
    return render(
        request,
        "letters/preview.html",
        {
            "kommune": kommune,
            "person": person,
            "letter": letter,
            "week_param": week.isoformat(),
            "choice": selectors.letter_choice_of(person),
        },
    )


@login_required
def preview_pdf(request: HttpRequest, kommune_id: int, person_id: int) -> HttpResponse:
    kommune = _kommune_for_editor(request, kommune_id)
    week = _week(request)
    person, letter = selectors.letter_preview_for(
        user=request.user, kommune=kommune, person_id=person_id, week_start=week
    )
    response = HttpResponse(letter_pdf_bytes(letter), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="ukebrev-{person.pk}-{week}.pdf"'
    return response


@login_required
def choice(request: HttpRequest, person_id: int) -> HttpResponse:
    """The person (or a representative, or staff on the phone) chooses paper, e-mail or no."""
    person = person_or_404(person_id)
    if not can_arrange_for(request.user, person):
        raise PermissionDenied(_("Du kan ikke endre dette for denne personen."))
    current = selectors.letter_choice_of(person)
    form = LetterChoiceForm(request.POST or None, initial={"delivery": current})
    if request.method == "POST" and form.is_valid():
        try:
            services.letter_choice_set(
                person=person, delivery=form.cleaned_data["delivery"], chosen_by=request.user
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Valget om ukebrevet er lagret."))
            return redirect("letters:choice", person.pk)
    return render(
        request,
        "letters/choice.html",
        {"person": person, "form": form, "own": request.user.person_id == person.pk},
        status=400 if form.errors else 200,
    )
