"""Reads: what each viewer sees, and a fixed number of queries whatever the number of ideas."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from samskap.accounts.models import User
from samskap.cocreation import selectors, services
from samskap.cocreation.models import Sector

pytestmark = pytest.mark.django_db


def _fresh(user: User) -> User:
    return User.objects.select_related("person").get(pk=user.pk)


def test_hidden_ideas_are_seen_by_author_and_facilitator_only(joined, users):
    idea = services.idea_add(process=joined, author=users["eli"], text="Skjul meg")
    services.content_hide(target=idea, hidden_by=users["hanne"], reason="Test")
    for username, sees in [("eli", True), ("hanne", True), ("trine", False)]:
        page = selectors.process_page(process=joined, user=_fresh(users[username]))
        texts = [v.idea.text for g in page.groups for v in g.ideas]
        assert ("Skjul meg" in texts) is sees, username


def test_process_page_has_a_fixed_number_of_queries(joined, users, django_assert_max_num_queries):
    def page_queries() -> None:
        viewer = _fresh(users["eli"])
        with django_assert_max_num_queries(16):
            page = selectors.process_page(process=joined, user=viewer)
            assert page.idea_count

    for n in range(3):
        idea = services.idea_add(process=joined, author=users["eli"], text=f"Idé {n}")
        services.comment_add(idea=idea, author=users["trine"], text="Bra")
        services.vote_add(idea=idea, voter=users["trine"])
    page_queries()
    for n in range(20):
        idea = services.idea_add(process=joined, author=users["randi"], text=f"Mer {n}")
        services.comment_add(idea=idea, author=users["trine"], text="Bra")
    services.phase_advance(process=joined, moved_by=users["hanne"], carry_idea_ids=[idea.pk])
    page_queries()


def test_lists_and_access(process, users):
    assert [p.pk for p in selectors.processes_for(_fresh(users["eli"]))] == [process.pk]
    assert selectors.processes_for(_fresh(users["torleif"])) == []
    with pytest.raises(PermissionDenied):
        selectors.process_for_viewer(process_id=process.pk, user=_fresh(users["torleif"]))
    services.participant_join(process=process, user=users["eli"], sector=Sector.RESIDENT)
    listed = selectors.processes_for(_fresh(users["eli"]))
    assert listed[0].participant_count == 1
