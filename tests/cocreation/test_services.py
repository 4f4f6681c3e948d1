"""Writes: join, ideas, dot voting, phases and carry-over, moderation, meetings."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from samskap.cocreation import services
from samskap.cocreation.models import (
    Cluster,
    Idea,
    Level,
    MeetingRegistration,
    Participant,
    Phase,
    Process,
    Report,
    Sector,
    Vote,
)
from samskap.privacy.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_a_coordinator_starts_a_process_and_it_is_audited(process, users):
    assert process.phase == Phase.DIRECTIONS and process.owner == users["hanne"]
    assert AuditEvent.objects.filter(action="cocreation_process_created").count() == 1


def test_the_challenge_must_be_a_question(users, gausdal):
    with pytest.raises(ValidationError) as error:
        services.process_create(
            kommune=gausdal, owner=users["hanne"], challenge="Flere eldre", level=Level.CONSULT
        )
    assert "spørsmål" in str(error.value)
    assert not Process.objects.exists()


def test_residents_cannot_start_a_process(users, gausdal):
    with pytest.raises(PermissionDenied):
        services.process_create(
            kommune=gausdal, owner=users["eli"], challenge="Hva nå?", level=Level.CONSULT
        )


def test_joining_twice_changes_only_the_sector(process, users):
    services.participant_join(process=process, user=users["eli"], sector=Sector.RESIDENT)
    services.participant_join(process=process, user=users["eli"], sector=Sector.RELATIVE)
    assert Participant.objects.get(process=process).sector == Sector.RELATIVE


def test_people_from_another_kommune_cannot_join(process, users):
    with pytest.raises(PermissionDenied):
        services.participant_join(process=process, user=users["torleif"], sector=Sector.RESIDENT)


def test_only_participants_add_ideas(joined, users):
    idea = services.idea_add(process=joined, author=users["eli"], text="  Felles  skyss  ")
    assert idea.text == "Felles skyss" and idea.round == Phase.DIRECTIONS
    with pytest.raises(PermissionDenied):
        services.idea_add(process=joined, author=users["lilly"], text="Noe")


def test_ideas_are_short(joined, users):
    with pytest.raises(ValidationError):
        services.idea_add(process=joined, author=users["eli"], text="x" * 281)


def test_workshop_ideas_one_per_line(joined, users):
    ideas = services.workshop_ideas_add(
        process=joined, entered_by=users["hanne"], text="Kafé\n\n  Turgruppe \nSkyss"
    )
    assert [i.text for i in ideas] == ["Kafé", "Turgruppe", "Skyss"]
    assert all(i.from_workshop and i.author is None for i in ideas)
    with pytest.raises(PermissionDenied):
        services.workshop_ideas_add(process=joined, entered_by=users["eli"], text="Kafé")


def test_votes_within_the_budget(joined, users):
    idea = services.idea_add(process=joined, author=users["eli"], text="Kafé")
    assert services.vote_add(idea=idea, voter=users["trine"]) == 4
    assert services.vote_add(idea=idea, voter=users["trine"]) == 3
    vote = Vote.objects.get(idea=idea, voter=users["trine"])
    assert vote.dots == 2
    assert services.vote_remove(idea=idea, voter=users["trine"]) == 4


def test_a_vote_over_the_budget_is_refused_and_nothing_saved(joined, users):
    first = services.idea_add(process=joined, author=users["eli"], text="Kafé")
    second = services.idea_add(process=joined, author=users["eli"], text="Tur")
    for _n in range(5):
        services.vote_add(idea=first, voter=users["eli"])
    with pytest.raises(ValidationError) as error:
        services.vote_add(idea=second, voter=users["eli"])
    assert "brukt alle de 5 prikkene" in str(error.value)
    assert not Vote.objects.filter(idea=second).exists()
    assert Vote.objects.get(idea=first).dots == 5


def test_non_participants_cannot_vote(joined, users):
    idea = services.idea_add(process=joined, author=users["eli"], text="Kafé")
    with pytest.raises(PermissionDenied):
        services.vote_add(idea=idea, voter=users["lilly"])


def test_only_the_owner_or_a_coordinator_changes_phase(joined, users):
    with pytest.raises(PermissionDenied):
        services.phase_advance(process=joined, moved_by=users["eli"])
    with pytest.raises(PermissionDenied):
        services.phase_advance(process=joined, moved_by=users["lilly"])
    moved = services.phase_advance(process=joined, moved_by=users["hanne"])
    assert moved.phase == Phase.IDEAS
    assert AuditEvent.objects.filter(action="cocreation_phase_changed").count() == 1


def test_chosen_ideas_and_clusters_carry_over(joined, users):
    kafe = services.idea_add(process=joined, author=users["eli"], text="Kafé")
    services.idea_add(process=joined, author=users["eli"], text="Tur")
    cluster = services.cluster_create(process=joined, name="Møteplasser", created_by=users["hanne"])
    services.idea_move(idea=kafe, cluster=cluster, moved_by=users["hanne"])
    services.phase_advance(
        process=joined,
        moved_by=users["hanne"],
        carry_idea_ids=[kafe.pk],
        carry_cluster_ids=[cluster.pk],
    )
    next_round = Idea.objects.filter(process=joined, round=Phase.IDEAS)
    assert sorted(i.text for i in next_round) == ["Kafé", "Møteplasser"]
    assert next_round.get(text="Kafé").carried_from == kafe
    assert Idea.objects.filter(round=Phase.DIRECTIONS).count() == 2  # nothing lost


def test_votes_in_a_new_round_have_a_new_budget(joined, users):
    idea = services.idea_add(process=joined, author=users["eli"], text="Kafé")
    for _n in range(5):
        services.vote_add(idea=idea, voter=users["eli"])
    services.phase_advance(process=joined, moved_by=users["hanne"], carry_idea_ids=[idea.pk])
    carried = Idea.objects.get(round=Phase.IDEAS)
    assert services.vote_add(idea=carried, voter=users["eli"]) == 4
    with pytest.raises(ValidationError):
        services.vote_add(idea=idea, voter=users["eli"])  # the old round is closed


def test_no_ideas_or_votes_after_the_rounds(joined, users):
    for _n in range(3):
        services.phase_advance(process=joined, moved_by=users["hanne"])
    joined.refresh_from_db()
    assert joined.phase == Phase.DECISION
    with pytest.raises(ValidationError):
        services.idea_add(process=joined, author=users["eli"], text="For sent")


def test_report_and_hide_keeps_the_content_and_is_audited(joined, users):
    idea = services.idea_add(process=joined, author=users["eli"], text="Noe stygt")
    report = services.report_create(reported_by=users["trine"], idea=idea, reason="Krenkende")
    with pytest.raises(PermissionDenied):
        services.content_hide(target=idea, hidden_by=users["trine"], reason="Nei")
    with pytest.raises(ValidationError):
        services.content_hide(target=idea, hidden_by=users["hanne"], reason=" ")
    services.content_hide(target=idea, hidden_by=users["hanne"], reason="Personangrep")
    idea.refresh_from_db()
    report.refresh_from_db()
    assert idea.is_hidden and idea.text == "Noe stygt" and idea.hidden_reason == "Personangrep"
    assert report.resolved_by == users["hanne"]
    event = AuditEvent.objects.get(action="cocreation_content_hidden")
    assert event.subject == users["eli"].person and event.object_id == str(idea.pk)
    services.content_restore(target=idea, restored_by=users["hanne"])
    idea.refresh_from_db()
    assert not idea.is_hidden
    assert AuditEvent.objects.filter(action="cocreation_content_restored").exists()


def test_comments_can_be_reported_and_dismissed(joined, users):
    idea = services.idea_add(process=joined, author=users["eli"], text="Kafé")
    comment = services.comment_add(idea=idea, author=users["randi"], text="Jeg kan bake!")
    report = services.report_create(reported_by=users["eli"], comment=comment, reason="Reklame")
    services.report_dismiss(report=report, dismissed_by=users["hanne"])
    assert Report.objects.get().resolved_at is not None
    assert AuditEvent.objects.filter(action="cocreation_report_dismissed").exists()


def test_clusters_belong_to_the_round(joined, users):
    cluster = services.cluster_create(process=joined, name="Skyss", created_by=users["hanne"])
    with pytest.raises(ValidationError):
        services.cluster_create(process=joined, name="skyss", created_by=users["hanne"])
    services.phase_advance(process=joined, moved_by=users["hanne"])
    idea = services.idea_add(process=joined, author=users["eli"], text="Buss")
    with pytest.raises(ValidationError):
        services.idea_move(idea=idea, cluster=cluster, moved_by=users["hanne"])
    assert Cluster.objects.count() == 1


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_workshop_photo_is_checked(joined, users, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    good = SimpleUploadedFile("vegg.png", PNG, content_type="image/png")
    photo = services.workshop_photo_add(
        process=joined, uploaded_by=users["hanne"], image=good, description="Lapper om skyss"
    )
    assert photo.image.name.startswith("cocreation/photos/")
    for name, data, kind in [
        ("vegg.pdf", b"%PDF-1.4", "application/pdf"),
        ("vegg.png", b"not a png at all", "image/png"),
        ("vegg.jpg", PNG, "image/png"),
    ]:
        with pytest.raises(ValidationError):
            services.workshop_photo_add(
                process=joined,
                uploaded_by=users["hanne"],
                image=SimpleUploadedFile(name, data, content_type=kind),
                description="x",
            )
    big = SimpleUploadedFile(
        "stor.png", PNG + b"\x00" * (8 * 1024 * 1024), content_type="image/png"
    )
    with pytest.raises(ValidationError):
        services.workshop_photo_add(
            process=joined, uploaded_by=users["hanne"], image=big, description="x"
        )


def test_meeting_registration_respects_capacity(joined, users):
    from django.utils import timezone

    meeting = services.meeting_create(
        process=joined,
        created_by=users["hanne"],
        title="Verksted 1",
        starts_at=timezone.now(),
        place="Forset grendehus",
        capacity=2,
    )
    services.meeting_register(meeting=meeting, user=users["eli"])
    services.meeting_register(meeting=meeting, user=users["eli"])
    services.meeting_register(meeting=meeting, user=users["trine"])
    with pytest.raises(ValidationError):
        services.meeting_register(meeting=meeting, user=users["randi"])
    services.meeting_cancel(meeting=meeting, user=users["eli"])
    services.meeting_register(meeting=meeting, user=users["randi"])
    assert MeetingRegistration.objects.filter(meeting=meeting).count() == 2
