"""The weekly letter's pages: editor, preview, print file, e-mail and the person's choice."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from samskap.letters.models import LetterChoice, LetterDelivery, LetterEmail, NewsItem
from samskap.letters.selectors import next_week_start
from samskap.people.models import Person
from samskap.privacy.models import AccessLogEntry, AuditEvent
from tests.helpers import login

pytestmark = pytest.mark.django_db


def client_for(username: str) -> Client:
    return login(Client(), username)


@pytest.fixture
def eli(demo) -> Person:
    return Person.objects.select_related("kommune").get(given_name="Eli", family_name="Haugen")


@pytest.fixture
def week() -> dt.date:
    return next_week_start(timezone.localdate())


def test_only_the_kommunes_coordinators_edit_the_letter(eli):
    url = reverse("letters:editor", args=[eli.kommune_id])
    assert client_for("hanne").get(url).status_code == 200
    for other in ("eli", "axel", "berit", "randi"):
        assert client_for(other).get(url).status_code == 403, other
    assert Client().get(url).status_code == 302  # to the login page


def test_editor_adds_news_and_bad_input_is_explained_not_saved(eli, week):
    hanne = client_for("hanne")
    url = reverse("letters:news_create", args=[eli.kommune_id])
    bad = hanne.post(url, {"kind": "news", "title": "", "body": "Tekst", "valid_from": week,
                           "valid_to": week - dt.timedelta(days=1)})  # fmt: skip
    assert bad.status_code == 400
    text = bad.content.decode()
    assert "Sluttdatoen kan ikke være før startdatoen." in text
    assert 'value="Tekst"' in text or ">Tekst<" in text  # what was written is kept
    assert not NewsItem.objects.exists()
    ok = hanne.post(url, {"kind": "volunteer_call", "title": "Besøksvenner søkes",
                          "body": "Ring frivilligsentralen.", "valid_from": week,
                          "valid_to": week + dt.timedelta(days=6)})  # fmt: skip
    assert ok.status_code == 302
    page = hanne.get(ok["Location"]).content.decode()
    assert "Besøksvenner søkes" in page
    assert AuditEvent.objects.filter(action="letter_news_created").count() == 1


def test_preview_shows_the_letter_and_logs_the_read_for_the_person(eli, week):
    hanne = client_for("hanne")
    search = hanne.get(reverse("letters:editor", args=[eli.kommune_id]), {"q": "Eli"})
    preview_url = reverse("letters:preview", args=[eli.kommune_id, eli.pk])
    assert preview_url in search.content.decode()
    page = hanne.get(preview_url, {"uke": week.isoformat()})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Sterk og stødig" in html and "Tilgjengelig med rullestol." in html
    entry = AccessLogEntry.objects.get(subject=eli)
    assert "Ukebrevet" in entry.what and entry.viewer.username == "hanne"
    pdf = hanne.get(reverse("letters:preview_pdf", args=[eli.kommune_id, eli.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    assert "Sterk og stødig" in PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()
    # A resident of another kommune is not found through this kommune's editor.
    other = Person.objects.exclude(kommune=eli.kommune).first()
    assert hanne.get(reverse("letters:preview", args=[eli.kommune_id, other.pk])).status_code == 404


def test_print_file_download_has_cover_and_letters(eli, week):
    response = client_for("hanne").get(
        reverse("letters:print_pdf", args=[eli.kommune_id]), {"uke": week.isoformat()}
    )
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(b"".join(response.streaming_content)))
    assert "utskrift" in reader.pages[0].extract_text()
    assert any("Eli Haugen" in p.extract_text() for p in reader.pages[1:])


def test_person_chooses_email_and_gets_the_letter_once_a_week(eli, week):
    eli_client = client_for("eli")
    url = reverse("letters:choice", args=[eli.pk])
    assert eli_client.get(url).status_code == 200
    Person.objects.filter(pk=eli.pk).update(email="")
    refused = eli_client.post(url, {"delivery": "email"})
    assert refused.status_code == 400
    assert "ingen e-postadresse" in refused.content.decode()
    assert not LetterChoice.objects.filter(person=eli).exists()
    Person.objects.filter(pk=eli.pk).update(email="eli@example.no")
    assert eli_client.post(url, {"delivery": "email"}).status_code == 302
    assert LetterChoice.objects.get(person=eli).delivery == LetterDelivery.EMAIL
    hanne = client_for("hanne")
    send = reverse("letters:send_emails", args=[eli.kommune_id]) + f"?uke={week.isoformat()}"
    assert hanne.post(send).status_code == 302
    [message] = mail.outbox
    assert message.to == ["eli@example.no"]
    assert "På dørterskelen" in message.subject
    assert "Sterk og stødig" in message.body
    html = message.alternatives[0][0]
    assert 'lang="nb"' in html and "Tilgjengelig med rullestol." in html
    hanne.post(send)
    assert len(mail.outbox) == 1  # once per week
    assert LetterEmail.objects.filter(person=eli, week_start=week).count() == 1


def test_someone_else_cannot_change_the_choice(eli):
    url = reverse("letters:choice", args=[eli.pk])
    assert client_for("randi").post(url, {"delivery": "none"}).status_code == 403
    assert client_for("axel").post(url, {"delivery": "none"}).status_code == 302  # representative
    assert LetterChoice.objects.get(person=eli).delivery == LetterDelivery.NONE


def test_weekly_letters_command_writes_the_print_file(eli, tmp_path):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    out = io.StringIO()
    target = str(tmp_path / "u.pdf")
    call_command("weekly_letters", "--kommune", eli.kommune.number, "--out", target, stdout=out)
    assert "brev" in out.getvalue()
    assert len(PdfReader(tmp_path / "u.pdf").pages) >= 2
    with pytest.raises(CommandError, match="Fant ingen kommune"):
        call_command("weekly_letters", "--kommune", "0000", "--out", str(tmp_path / "x.pdf"))
