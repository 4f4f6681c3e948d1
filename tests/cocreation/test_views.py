"""The pages through Django's test client: plain forms, no JavaScript."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from samskap.cocreation import services
from samskap.cocreation.models import Idea, Participant, Phase, Process, Sector, Vote
from tests.cocreation.conftest import CHALLENGE
from tests.helpers import login

pytestmark = pytest.mark.django_db


def client_for(username: str) -> Client:
    return login(Client(), username)


def test_list_shows_processes_of_the_kommune(process):
    page = client_for("eli").get(reverse("cocreation:list"))
    assert page.status_code == 200
    assert CHALLENGE in page.content.decode()
    assert "Start en ny prosess" not in page.content.decode()
    other = client_for("torleif").get(reverse("cocreation:list"))
    assert CHALLENGE not in other.content.decode()


def test_coordinator_creates_a_process(gausdal):
    client = client_for("hanne")
    url = reverse("cocreation:create")
    assert client.get(url).status_code == 200
    bad = client.post(
        url,
        {"kommune": gausdal.pk, "challenge": "Flere eldre", "level": "consult",
         "dots_per_round": 5},
    )  # fmt: skip
    assert bad.status_code == 400
    assert "som et spørsmål" in bad.content.decode()
    good = client.post(
        url,
        {"kommune": gausdal.pk, "challenge": CHALLENGE, "level": "collaborate",
         "dots_per_round": 5},
    )  # fmt: skip
    process = Process.objects.get()
    assert good["Location"] == reverse("cocreation:detail", args=[process.pk])
    detail = client.get(good["Location"]).content.decode()
    assert "Dette kan du påvirke: Samarbeide" in detail
    assert "Gruppen er for lik" in detail


def test_residents_cannot_open_the_new_process_form(demo):
    assert client_for("eli").get(reverse("cocreation:create")).status_code == 403


def test_other_kommune_gets_403(process):
    url = reverse("cocreation:detail", args=[process.pk])
    assert client_for("torleif").get(url).status_code == 403


def test_join_add_idea_vote_and_comment(process, users):
    client = client_for("eli")
    join_url = reverse("cocreation:join", args=[process.pk])
    assert client.get(join_url).status_code == 200
    response = client.post(join_url, {"sector": Sector.RESIDENT})
    assert response.status_code == 302
    assert Participant.objects.filter(process=process, user=users["eli"]).exists()
    response = client.post(reverse("cocreation:idea_add", args=[process.pk]), {"text": "Kafé"})
    idea = Idea.objects.get()
    assert response["Location"].endswith(f"#idea-{idea.pk}")
    client.post(reverse("cocreation:vote", args=[idea.pk]), {"action": "add"})
    client.post(reverse("cocreation:vote", args=[idea.pk]), {"action": "add"})
    page = client.get(reverse("cocreation:detail", args=[process.pk]))
    html = page.content.decode()
    assert "Du har 3 prikker igjen i denne runden." in html
    assert Vote.objects.get().dots == 2
    comment_url = reverse("cocreation:comment_add", args=[idea.pk])
    assert client.post(comment_url, {"text": ""}).status_code == 400
    client.post(comment_url, {"text": "God idé"})
    assert "God idé" in client.get(reverse("cocreation:detail", args=[process.pk])).content.decode()


def test_vote_over_budget_shows_the_message(joined, users):
    idea = services.idea_add(process=joined, author=users["eli"], text="Kafé")
    for _n in range(5):
        services.vote_add(idea=idea, voter=users["trine"])
    client = client_for("trine")
    response = client.post(reverse("cocreation:vote", args=[idea.pk]), follow=True)
    assert "brukt alle de 5 prikkene" in response.content.decode()
    assert Vote.objects.get().dots == 5


def test_facilitator_page_only_for_facilitators(joined):
    url = reverse("cocreation:facilitate", args=[joined.pk])
    assert client_for("hanne").get(url).status_code == 200
    assert client_for("eli").get(url).status_code == 403


def test_facilitator_types_in_workshop_clusters_and_advances(joined, users):
    client = client_for("hanne")
    client.post(reverse("cocreation:workshop", args=[joined.pk]), {"text": "Kafé\nTur\nSkyss"})
    assert Idea.objects.filter(from_workshop=True).count() == 3
    client.post(reverse("cocreation:cluster_add", args=[joined.pk]), {"name": "Møteplasser"})
    cluster = joined.clusters.get()
    kafe = Idea.objects.get(text="Kafé")
    client.post(reverse("cocreation:idea_move", args=[kafe.pk]), {"cluster": cluster.pk})
    kafe.refresh_from_db()
    assert kafe.cluster == cluster
    response = client.post(
        reverse("cocreation:advance", args=[joined.pk]),
        {"ideas": [kafe.pk], "clusters": [cluster.pk]},
    )
    assert response.status_code == 302
    joined.refresh_from_db()
    assert joined.phase == Phase.IDEAS
    page = client.get(reverse("cocreation:detail", args=[joined.pk])).content.decode()
    assert "Resultater fra tidligere runder" in page and "Tatt med videre" in page


def test_report_and_hide_through_the_pages(joined, users):
    idea = services.idea_add(process=joined, author=users["eli"], text="Dumt forslag")
    trine = client_for("trine")
    trine.post(reverse("cocreation:report_idea", args=[idea.pk]), {"reason": "Uhøflig"})
    hanne = client_for("hanne")
    assert (
        "Uhøflig" in hanne.get(reverse("cocreation:facilitate", args=[joined.pk])).content.decode()
    )
    hanne.post(reverse("cocreation:hide"), {"kind": "idea", "pk": idea.pk, "reason": "Uhøflig"})
    idea.refresh_from_db()
    assert idea.is_hidden
    detail = reverse("cocreation:detail", args=[joined.pk])
    assert "Dumt forslag" not in trine.get(detail).content.decode()
    own = client_for("eli").get(detail).content.decode()
    assert "Dumt forslag" in own and "Grunn: Uhøflig" in own


def test_photo_upload_and_view(joined, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    client = client_for("hanne")
    png = SimpleUploadedFile("v.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 10, content_type="image/png")
    response = client.post(
        reverse("cocreation:photo_add", args=[joined.pk]),
        {"image": png, "description": "Veggen etter runde 1"},
    )
    assert response.status_code == 302
    photo = joined.photos.get()
    assert client_for("eli").get(reverse("cocreation:photo", args=[photo.pk])).status_code == 200
    assert (
        client_for("torleif").get(reverse("cocreation:photo", args=[photo.pk])).status_code == 403
    )
    bad = client.post(
        reverse("cocreation:photo_add", args=[joined.pk]),
        {"image": SimpleUploadedFile("v.exe", b"MZ"), "description": "x"},
    )
    assert bad.status_code == 400 and "JPG eller PNG" in bad.content.decode()


def test_meeting_sign_up_minutes_and_attachments(joined, users, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    settings.MEDIA_ROOT = tmp_path
    hanne = client_for("hanne")
    response = hanne.post(
        reverse("cocreation:meeting_add", args=[joined.pk]),
        {
            "title": "Verksted på Forset",
            "starts_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "place": "Forset grendehus",
            "capacity": 1,
            "agenda": "Runde 1: retninger",
        },
    )
    assert response.status_code == 302
    meeting = joined.meetings.get()
    url = reverse("cocreation:meeting", args=[meeting.pk])
    eli = client_for("eli")
    assert "Meld meg på" in eli.get(url).content.decode()
    eli.post(reverse("cocreation:meeting_signup", args=[meeting.pk]), {"next": "meeting"})
    assert "Du er påmeldt." in eli.get(url).content.decode()
    trine = client_for("trine")
    full = trine.post(reverse("cocreation:meeting_signup", args=[meeting.pk]), follow=True)
    assert "Møtet er fullt" in full.content.decode()
    minutes_url = reverse("cocreation:meeting_minutes", args=[meeting.pk])
    hanne.post(minutes_url, {"minutes": "Vi ble enige."})
    pdf = SimpleUploadedFile("program.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    file_url = reverse("cocreation:meeting_file", args=[meeting.pk])
    hanne.post(file_url, {"file": pdf, "name": "Program"})
    page = eli.get(url).content.decode()
    assert "Vi ble enige." in page and "Program" in page
    attachment = meeting.files.get()
    download = eli.get(reverse("cocreation:attachment", args=[attachment.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.4 test"
    assert (
        eli.post(
            reverse("cocreation:meeting_minutes", args=[meeting.pk]), {"minutes": "Hacket"}
        ).status_code
        == 403
    )
    bad = hanne.post(
        reverse("cocreation:meeting_file", args=[meeting.pk]),
        {"file": SimpleUploadedFile("virus.exe", b"MZ")},
    )
    assert bad.status_code == 400
