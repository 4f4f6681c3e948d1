"""The printable plan and the blank conversation guide: real PDFs from WeasyPrint, no mocks.

The PDFs are read back with pypdf. Text extraction puts line breaks where lines wrap and a
hyphen where WeasyPrint hyphenates, so `pdf_text` joins hyphenated words and collapses white
space; the test texts themselves contain no hyphens.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st
from pypdf import PdfReader

from samskap.people.services import person_update
from samskap.plans.models import (
    ActionKind,
    ActionStatus,
    ConversationSetting,
    Goal,
    GoalScore,
    Measure,
    Presence,
    Question,
)
from samskap.plans.pdf import (
    TEXT_CUTS,
    FontsOnlyFetcher,
    Limits,
    font_css_url,
    goal_results,
    page_label_css,
    score_number,
    shrink_ladder,
)
from samskap.plans.selectors import summarise_goal
from samskap.plans.services import (
    action_create,
    action_set_status,
    conversation_record,
    goal_create,
    score_record,
)
from samskap.privacy.models import AccessLogEntry
from tests.helpers import login

pytestmark = pytest.mark.django_db

A4 = (595.28, 841.89)  # points
WHAT_MATTERS = "Å komme meg ut og treffe folk, særlig på kafeen på Forset om tirsdagene."
CAN_CONTRIBUTE = "Jeg kan lære bort å strikke votter.\nOg jeg baker gode lefser."
DO_TOGETHER = "Handle sammen med noen på lørdager."
GOAL = "Komme meg til postkassen og tilbake på egen hånd"
ACTION = "Trening med fysioterapeut hver onsdag"


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return squash(re.sub(r"(?<=\w)-\n(?=\w)", "", text))


def squash(text: str) -> str:
    return " ".join(text.split())


def pdf_reader(content: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(content))


def font_sizes(reader: PdfReader) -> list[float]:
    """The rendered size in points of every piece of text on every page."""
    sizes: list[float] = []

    def visit(text, cm, tm, font_dict, font_size):
        if text.strip():
            scale = (tm[2] * cm[1] + tm[3] * cm[3]) if tm and cm else 1
            sizes.append(round(abs(font_size * scale), 1))

    for page in reader.pages:
        page.extract_text(visitor_text=visit)
    return sizes


def embedded_fonts(reader: PdfReader) -> dict[str, bool]:
    """{font name: has an embedded font file} for every font used on every page."""
    fonts: dict[str, bool] = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            descriptor = (
                descendants[0].get_object()["/FontDescriptor"]
                if descendants
                else font["/FontDescriptor"]
            ).get_object()
            fonts[str(font["/BaseFont"])] = any(
                key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")
            )
    return fonts


def assert_tagged_for_screen_readers(reader: PdfReader, *, title: str) -> None:
    """PDF/UA: a structure tree, marked content and the title shown instead of the file name."""
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    assert reader.metadata.title == title


def plan_url(person) -> str:
    return reverse("plans:plan_pdf", kwargs={"person_id": person.pk})


def make_plan(users, *, answers=None, goal_text=GOAL) -> Goal:
    """Eli's plan as Trine, her home nurse, would record it with her."""
    eli, trine = users["eli"].person, users["trine"]
    conversation_record(
        person=eli,
        recorded_by=trine,
        held_on=dt.date(2026, 1, 5),
        setting=ConversationSetting.HOME_VISIT,
        presence=Presence.PERSON_PRESENT,
        answers=answers
        or {
            Question.WHAT_MATTERS: WHAT_MATTERS,
            Question.CAN_CONTRIBUTE: CAN_CONTRIBUTE,
            Question.DO_TOGETHER: DO_TOGETHER,
        },
    )
    goal = goal_create(person=eli, created_by=trine, text=goal_text, measure=Measure.PSFS)
    score_record(goal=goal, recorded_by=trine, recorded_on=dt.date(2026, 1, 5), psfs=3)
    score_record(goal=goal, recorded_by=trine, recorded_on=dt.date(2026, 2, 16), psfs=6)
    action_create(
        goal=goal,
        created_by=trine,
        kind=ActionKind.FOLLOW_UP,
        title=ACTION,
        due_on=dt.date(2026, 3, 4),
    )
    done = action_create(
        goal=goal, created_by=trine, kind=ActionKind.RIDE, title="Skyss til legen i januar"
    )
    action_set_status(action=done, changed_by=trine, status=ActionStatus.DONE)
    return goal


# --- The personal plan --------------------------------------------------------------------


def test_nurse_prints_elis_plan_on_one_large_print_page(users):
    make_plan(users)
    eli = users["eli"].person
    client = login(Client(), "trine")

    response = client.get(plan_url(eli))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="plan-Eli.pdf"'
    assert "no-store" in response["Cache-Control"]
    reader = pdf_reader(response.content)
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width), 2), round(float(box.height), 2)) == A4
    text = pdf_text(response.content)
    for expected in (
        "Eli Haugen",
        "Gausdal kommune",
        "Hva er viktig for deg?",
        "Hva kan du bidra med?",
        "Hva kan vi gjøre sammen?",
        WHAT_MATTERS,
        squash(CAN_CONTRIBUTE),
        DO_TOGETHER,
        GOAL,
        "Fra 3 til 6 av 10",
        ACTION,
        "Ring oss på 61 22 40 00",
    ):
        assert expected in text, expected
    assert "Skyss til legen i januar" not in text  # done actions are not on the sheet
    # Large print: nothing smaller than 16 pt, and the headings are bigger than the text.
    sizes = font_sizes(reader)
    assert min(sizes) >= 16
    assert max(sizes) >= 24
    fonts = embedded_fonts(reader)
    assert fonts and all(fonts.values()), fonts
    assert_tagged_for_screen_readers(reader, title="Planen til Eli Haugen")


def test_an_empty_plan_says_so(users):
    torleif = users["torleif"].person

    response = login(Client(), "torleif").get(plan_url(torleif))

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'inline; filename="plan-Torleif.pdf"'
    text = pdf_text(response.content)
    assert "Torleif Bakken" in text and "Ringebu kommune" in text
    assert text.count("Ikke skrevet ennå.") == 3
    assert "Ingen mål ennå." in text
    assert "Ring oss på 61 28 30 00" in text


def test_file_name_keeps_norwegian_letters(users):
    eli = users["eli"].person
    person_update(person=eli, changed_by=users["trine"], given_name="Åse Marie")

    response = login(Client(), "trine").get(plan_url(eli))

    assert response["Content-Disposition"] == "inline; filename*=utf-8''plan-%C3%85se-Marie.pdf"


def test_reading_the_plan_pdf_is_logged_for_staff(users):
    make_plan(users)
    eli = users["eli"].person
    before = AccessLogEntry.objects.filter(subject=eli).count()

    response = login(Client(), "trine").get(plan_url(eli))

    assert response.status_code == 200
    entry = AccessLogEntry.objects.filter(subject=eli).latest("at")
    assert AccessLogEntry.objects.filter(subject=eli).count() == before + 1
    assert entry.viewer == users["trine"]
    assert entry.what == "Planen som PDF"
    assert entry.reason == "Følger opp personen i tjenesten"


def test_eli_prints_her_own_plan_without_an_access_log_entry(users):
    make_plan(users)
    eli = users["eli"].person

    response = login(Client(), "eli").get(plan_url(eli))

    assert response.status_code == 200
    assert WHAT_MATTERS in pdf_text(response.content)
    assert not AccessLogEntry.objects.filter(subject=eli).exists()


def test_volunteer_cannot_print_elis_plan(users):
    make_plan(users)
    eli = users["eli"].person

    response = login(Client(), "lars").get(plan_url(eli))

    assert response.status_code == 403
    assert not response.content.startswith(b"%PDF")
    assert not AccessLogEntry.objects.filter(subject=eli).exists()


def test_plan_pdf_needs_login(users):
    eli = users["eli"].person

    response = Client().get(plan_url(eli))

    assert response.status_code == 302
    assert "/logg-inn/" in response["Location"]


def test_unknown_person_is_404(users):
    response = login(Client(), "trine").get(reverse("plans:plan_pdf", kwargs={"person_id": 0}))

    assert response.status_code == 404


def test_a_long_plan_still_fits_on_one_page(users):
    eli, trine = users["eli"].person, users["trine"]
    for n in range(1, 13):
        conversation_record(
            person=eli,
            recorded_by=trine,
            held_on=dt.date(2025, 12, n),
            setting=ConversationSetting.HOME_VISIT,
            presence=Presence.PERSON_PRESENT,
            answers={
                q: f"Svar nummer {n} på {q}: at jeg får være med på det som skjer i bygda, "
                "at barnebarna kommer på besøk og at jeg kan sitte ute i solveggen om sommeren"
                for q in Question.values
            },
        )
    for n in range(1, 8):
        goal = goal_create(
            person=eli,
            created_by=trine,
            text=f"Mål nummer {n}: gå tur langs elva sammen med naboen minst en gang i uka",
            measure=Measure.PSFS,
        )
        score_record(goal=goal, recorded_by=trine, recorded_on=dt.date(2026, 1, 5), psfs=2)
        for m in range(1, 6):
            action_create(
                goal=goal,
                created_by=trine,
                kind=ActionKind.ACTIVITY,
                title=f"Tiltak {m} for mål {n}: bli med på turgruppa fra frivilligsentralen",
            )

    response = login(Client(), "trine").get(plan_url(eli))

    assert response.status_code == 200
    assert len(pdf_reader(response.content).pages) == 1
    text = pdf_text(response.content)
    # The most recent answer to the first question is still there, in full.
    assert (
        "Svar nummer 12 på what_matters: at jeg får være med på det som skjer i bygda, "
        "at barnebarna kommer på besøk og at jeg kan sitte ute i solveggen om sommeren"
    ) in text
    assert "Svar nummer 1 på what_matters" not in text
    assert re.search(r"… og \d+ til i Samskap", text)
    assert re.search(r"… og \d+ mål til i Samskap", text)
    assert "Ring oss på 61 22 40 00" in text


def test_one_enormous_answer_is_cut_to_keep_one_page(users):
    eli, trine = users["eli"].person, users["trine"]
    long_answer = " ".join(["Jeg liker å høre på radio og prate med folk om gamle dager."] * 60)
    conversation_record(
        person=eli,
        recorded_by=trine,
        held_on=dt.date(2026, 1, 5),
        setting=ConversationSetting.HOME_VISIT,
        presence=Presence.PERSON_PRESENT,
        answers={Question.WHAT_MATTERS: long_answer},
    )

    response = login(Client(), "trine").get(plan_url(eli))

    assert len(pdf_reader(response.content).pages) == 1
    text = pdf_text(response.content)
    assert "Jeg liker å høre på radio" in text and "…" in text
    assert "Ring oss på 61 22 40 00" in text


def test_plan_is_printed_in_the_persons_written_language(users):
    make_plan(users)
    eli = users["eli"].person
    client = login(Client(), "trine")

    bokmal = client.get(plan_url(eli)).content
    person_update(person=eli, changed_by=users["trine"], written_language="nn")
    nynorsk = client.get(plan_url(eli)).content

    assert pdf_reader(bokmal).trailer["/Root"]["/Lang"] == "nb"
    assert pdf_reader(nynorsk).trailer["/Root"]["/Lang"] == "nn"
    text = pdf_text(nynorsk)
    with translation.override("nn"):
        headings = [
            translation.gettext("Hva er viktig for deg?"),
            translation.gettext("Målene mine"),
            translation.gettext("Ring oss på %(phone)s") % {"phone": "61 22 40 00"},
        ]
    assert headings[0] == "Kva er viktig for deg?"
    for heading in headings:
        assert heading in text, heading
    # The person's own words are never translated.
    assert WHAT_MATTERS in text and GOAL in text


def test_plan_headings_go_through_gettext(users):
    """An English-speaking person gets English headings from the same template."""
    make_plan(users)
    eli = users["eli"].person
    person_update(person=eli, changed_by=users["trine"], written_language="en")

    content = login(Client(), "trine").get(plan_url(eli)).content

    assert pdf_reader(content).trailer["/Root"]["/Lang"] == "en"
    text = pdf_text(content)
    with translation.override("en"):
        assert translation.gettext("Hva er viktig for deg?") == "What matters to you?"
        assert translation.gettext("Hva er viktig for deg?") in text
        assert translation.gettext("Målene mine") in text
    assert "Hva er viktig for deg?" not in text
    assert WHAT_MATTERS in text


def test_markup_in_the_persons_words_is_printed_as_text(users):
    words = '<img src="file:///etc/passwd"> & <b>fet</b>'
    make_plan(users, answers={Question.WHAT_MATTERS: words})

    content = login(Client(), "trine").get(plan_url(users["eli"].person)).content

    assert words in pdf_text(content)


# --- The blank conversation guide ---------------------------------------------------------


def test_anyone_can_print_the_blank_conversation_guide(db):
    response = Client().get(reverse("plans:guide_pdf"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="samtaleguide.pdf"'
    reader = pdf_reader(response.content)
    assert 1 <= len(reader.pages) <= 2
    assert reader.trailer["/Root"]["/Lang"] == "nb"
    text = pdf_text(response.content)
    for expected in (
        "Hva er viktig for deg?",
        "Hva kan du bidra med?",
        "Hva kan vi gjøre sammen?",
        "Dette er dine ord.",
        "Dato",
        "Til stede",
        "Skrevet av",
        "Målet mitt",
        "0 1 2 3 4 5 6 7 8 9 10",
        "Side 1 av 2",
    ):
        assert expected in text, expected
    assert min(font_sizes(reader)) >= 12  # page numbers; the guide itself is 16 pt and up
    fonts = embedded_fonts(reader)
    assert fonts and all(fonts.values()), fonts
    assert_tagged_for_screen_readers(reader, title="Samtaleguide: Hva er viktig for deg?")


@pytest.mark.parametrize(
    ("language", "question"), [("nn", "Kva er viktig for deg?"), ("en", "What matters to you?")]
)
def test_guide_follows_the_chosen_language(db, language, question):
    client = Client()
    client.cookies["django_language"] = language

    content = client.get(reverse("plans:guide_pdf")).content

    reader = pdf_reader(content)
    assert reader.trailer["/Root"]["/Lang"] == language
    assert len(reader.pages) == 2
    text = pdf_text(content)
    assert question in text
    with translation.override(language):
        assert translation.gettext("Målet mitt") in text


# --- Pieces without a database ------------------------------------------------------------


def test_score_numbers_are_written_the_norwegian_way():
    with translation.override("nb"):
        assert score_number(Decimal("3.0")) == "3"
        assert score_number(Decimal("6.5")) == "6,5"
    with translation.override("en"):
        assert score_number(Decimal("6.5")) == "6.5"


def test_goal_results_in_plain_language():
    def summary(measure, *scores):
        goal = Goal(text="Gå til butikken", measure=measure)
        return summarise_goal(goal, list(scores), [])

    day = dt.date(2026, 1, 5)
    with translation.override("nb"):
        assert goal_results(summary(Measure.NONE)) == []
        assert goal_results(summary(Measure.PSFS)) == []
        assert goal_results(summary(Measure.PSFS, GoalScore(recorded_on=day, psfs=4))) == [
            ("Hvor godt du klarer det", "Nå 4 av 10")
        ]
        assert goal_results(
            summary(
                Measure.PSFS,
                GoalScore(recorded_on=day, psfs=Decimal("3")),
                GoalScore(recorded_on=day, psfs=Decimal("6.5")),
            )
        ) == [("Hvor godt du klarer det", "Fra 3 til 6,5 av 10")]
        assert goal_results(
            summary(
                Measure.COPM,
                GoalScore(recorded_on=day, copm_performance=2, copm_satisfaction=3),
                GoalScore(recorded_on=day, copm_performance=7, copm_satisfaction=8),
            )
        ) == [
            ("Hvor godt du klarer det", "Fra 2 til 7 av 10"),
            ("Hvor fornøyd du er", "Fra 3 til 8 av 10"),
        ]
        assert goal_results(summary(Measure.GAS, GoalScore(recorded_on=day, gas=0))) == [
            ("Sist vurdert", "som ventet")
        ]


def test_shrink_ladder_starts_with_everything_and_ends_with_the_least():
    ladder = shrink_ladder(
        entries={"what_matters": 3, "can_contribute": 1, "do_together": 0}, actions=[2, 0, 1]
    )

    assert ladder[0] == Limits()
    assert ladder[1] == Limits(font_pt=16)
    least = ladder[-1]
    assert least.entries == {"what_matters": 1, "can_contribute": 1, "do_together": 0}
    assert least.goals == 1
    assert list(least.actions) == [0, 0, 0]
    assert least.text_chars == min(TEXT_CUTS)
    # The longest list is shortened first: the oldest answer to the first question.
    assert ladder[2].entries["what_matters"] == 2


@given(
    entries=st.lists(st.integers(0, 12), min_size=3, max_size=3),
    actions=st.lists(st.integers(0, 6), max_size=8),
)
def test_every_step_of_the_shrink_ladder_shows_less(entries, actions):
    ladder = shrink_ladder(
        entries=dict(zip(Question.values, entries, strict=True)), actions=actions
    )

    def shown(limits):
        """What a step shows, per list; everything where the step has no limit."""
        goals = len(actions) if limits.goals is None else limits.goals
        first = len(actions) - goals
        return (
            [
                limits.entries[q] if limits.entries else n
                for q, n in zip(Question.values, entries, strict=True)
            ],
            [
                (limits.actions[i] if limits.actions is not None else actions[i])
                if i >= first
                else 0
                for i in range(len(actions))
            ],
            goals,
            limits.text_chars or 10**6,
            limits.font_pt,
        )

    for bigger, smaller in itertools.pairwise(ladder):
        before, after = shown(bigger), shown(smaller)
        assert all(a <= b for a, b in zip(after[0], before[0], strict=True))
        assert all(a <= b for a, b in zip(after[1], before[1], strict=True))
        assert all(a <= b for a, b in zip(after[2:], before[2:], strict=True))
        assert after != before
    least = ladder[-1]
    assert [least.entries[q] for q in Question.values] == [min(n, 1) for n in entries]
    assert least.goals == min(len(actions), 1)
    assert not any(least.actions)
    assert all(n >= 0 for limits in ladder for n in shown(limits)[1])


def test_page_label_becomes_css_counters():
    assert page_label_css("Side %(page)s av %(pages)s") == (
        '"Side " counter(page) " av " counter(pages) ""'
    )
    assert page_label_css('Page %(page)s of "%(pages)s"') == (
        '"Page " counter(page) " of \\"" counter(pages) "\\""'
    )


def test_printing_fetches_only_the_bundled_fonts():
    fetcher = FontsOnlyFetcher()
    assert font_css_url().startswith("file://")
    response = fetcher.fetch(font_css_url())
    assert b"@font-face" in response.read()
    response.close()
    for url in ("file:///etc/passwd", "https://example.org/x.css", "http://127.0.0.1/"):
        with pytest.raises(ValueError):
            fetcher.fetch(url)
