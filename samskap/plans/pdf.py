"""Printable plan and conversation guide: Django templates rendered to PDF with WeasyPrint.

The plan is a one-page, large-print A4 sheet for the kitchen table, in the person's written
language. When the plan is too long for one page it is shrunk step by step (fewer answers per
question, fewer goals and actions, slightly smaller type), never below 16 pt; what is left out
is counted ("… og 3 til i Samskap"). The person's own words are shown verbatim except in the
last steps, where a very long answer is cut at a word boundary and ends in "…".

Only the bundled Inter font files are fetched while rendering: nothing the person wrote can
make WeasyPrint read a file or call a URL.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import formats, translation
from django.utils.translation import gettext as _
from fontTools.ttLib import woff2
from weasyprint import HTML, Document
from weasyprint.urls import URLFetcher, URLFetcherResponse

from samskap.people.models import Person
from samskap.plans.models import Action, ActionStatus, GoalStatus, Measure, Question
from samskap.plans.selectors import GoalSummary, Plan

FONT_CSS = "vendor/fonts/inter.css"
GUIDE_LANGUAGES = {code for code, _name in settings.LANGUAGES}
# Handwritten lines under each question in the blank guide.
GUIDE_LINES = {Question.WHAT_MATTERS: 7, Question.CAN_CONTRIBUTE: 5, Question.DO_TOGETHER: 5}


# --- Fonts and fetching -------------------------------------------------------------------


@cache
def _font_css_path() -> Path | None:
    found = finders.find(FONT_CSS)
    return Path(found).resolve() if found else None


def font_css_url() -> str:
    """file:// URL of the Inter @font-face sheet; "" falls back to DejaVu Sans."""
    path = _font_css_path()
    return path.as_uri() if path else ""


@cache
def _ttf_from_woff2(path: Path) -> bytes:
    """Decompressing WOFF2 is most of the time a render takes, so it is done once."""
    out = io.BytesIO()
    with path.open("rb") as woff2_file:
        woff2.decompress(woff2_file, out)
    return out.getvalue()


class FontsOnlyFetcher(URLFetcher):
    """Lets WeasyPrint read the bundled font files and nothing else."""

    def fetch(self, url, headers=None):
        css = _font_css_path()
        parts = urlsplit(url)
        if css is None or parts.scheme != "file":
            raise ValueError(f"Not fetched while printing: {url}")
        path = Path(unquote(parts.path)).resolve()
        if not path.is_relative_to(css.parent):
            raise ValueError(f"Not fetched while printing: {url}")
        if path.suffix == ".woff2":
            return URLFetcherResponse(url, _ttf_from_woff2(path), {"Content-Type": "font/ttf"})
        return super().fetch(url, headers)


# Tagged PDF/UA: screen readers and magnifiers can follow headings and reading order.
PDF_OPTIONS = {"pdf_variant": "pdf/ua-1"}


def _render(html: str) -> Document:
    return HTML(string=html, url_fetcher=FontsOnlyFetcher()).render(**PDF_OPTIONS)


def page_label_css(text: str) -> str:
    """A translated "Side %(page)s av %(pages)s" as a CSS `content` value with counters."""

    def quoted(part: str) -> str:
        return '"' + part.replace("\\", "\\\\").replace('"', '\\"') + '"'

    head, _sep, rest = text.partition("%(page)s")
    middle, _sep, tail = rest.partition("%(pages)s")
    return f"{quoted(head)} counter(page) {quoted(middle)} counter(pages) {quoted(tail)}"


# --- The plan sheet -----------------------------------------------------------------------


@dataclass(frozen=True)
class Limits:
    """How much of the plan is shown. None means everything.

    `entries` is the number of newest answers shown per question, `goals` the number of newest
    active goals, `actions` the number of actions shown per active goal (by its position in the
    list of active goals, oldest first) and `text_chars` where long texts are cut.
    """

    entries: Mapping[str, int] | None = None
    goals: int | None = None
    actions: Sequence[int] | None = None
    text_chars: int | None = None
    font_pt: int = 17


# Where long texts are cut in the last steps, when one item alone is too long for the page.
TEXT_CUTS = (600, 400, 250, 150, 80)


def shrink_ladder(*, entries: Mapping[str, int], actions: Sequence[int]) -> list[Limits]:
    """Every step from the whole plan in 17 pt down to the least that can be printed.

    `entries` counts the answers per question and `actions` the planned actions of each active
    goal, oldest goal first. Each step shows one thing less than the one before, so the first
    step that fits on the page can be found by bisection. The biggest list is shortened first,
    always dropping its oldest item, and every question and the newest goal keep one item;
    then long texts are cut, and last the actions go.
    """
    ladder = [Limits(), Limits(font_pt=16)]
    shown_entries = dict(entries)
    shown_actions = list(actions)
    first_goal = 0  # active goals before this position are not shown

    def step(text_chars: int | None = None, *, no_actions: bool = False) -> Limits:
        return Limits(
            entries=dict(shown_entries),
            goals=len(shown_actions) - first_goal,
            actions=[
                0 if no_actions or index < first_goal else count
                for index, count in enumerate(shown_actions)
            ],
            text_chars=text_chars,
            font_pt=16,
        )

    while True:
        # (size of the list, preference when sizes are equal, what, which)
        candidates: list[tuple[int, int, str, str | int]] = [
            (count, 2, "actions", index)
            for index, count in enumerate(shown_actions)
            if index >= first_goal and count > 1
        ]
        candidates += [(count, 1, "entries", q) for q, count in shown_entries.items() if count > 1]
        if len(shown_actions) - first_goal > 1:
            candidates.append((len(shown_actions) - first_goal, 0, "goals", first_goal))
        if not candidates:
            break
        _size, _preference, what, which = max(candidates, key=lambda c: (c[0], c[1]))
        if what == "actions":
            shown_actions[int(which)] -= 1
        elif what == "entries":
            shown_entries[str(which)] -= 1
        else:
            first_goal += 1
        ladder.append(step())
    for limits in [step(chars) for chars in TEXT_CUTS] + [step(TEXT_CUTS[-1], no_actions=True)]:
        if limits != ladder[-1]:
            ladder.append(limits)
    return ladder


@dataclass(frozen=True)
class SheetSection:
    question: str
    entries: list[str]
    hidden: int = 0


@dataclass(frozen=True)
class SheetAction:
    title: str
    due_on: dt.date | None
    started: bool


@dataclass(frozen=True)
class SheetGoal:
    text: str
    results: list[tuple[str, str]]
    actions: list[SheetAction]
    hidden_actions: int = 0


@dataclass(frozen=True)
class PlanSheet:
    language: str
    person_name: str
    kommune_name: str
    kommune_phone: str
    today: dt.date
    sections: list[SheetSection]
    goals: list[SheetGoal] = field(default_factory=list)
    hidden_goals: int = 0
    font_pt: int = 17


def written_language(person: Person) -> str:
    return person.written_language if person.written_language in GUIDE_LANGUAGES else "nb"


def score_number(value: Decimal | float | None) -> str:
    """3 → "3", 3.5 → "3,5" in Norwegian, "3.5" in English."""
    if value is None:
        return ""
    value = Decimal(str(value))
    if value == value.to_integral_value():
        return str(int(value))
    return formats.number_format(value, decimal_pos=1, use_l10n=True)


def _from_to(first: str, last: str, top: int) -> str:
    return _("Fra %(first)s til %(last)s av %(top)s") % {"first": first, "last": last, "top": top}


def _now(value: str, top: int) -> str:
    return _("Nå %(value)s av %(top)s") % {"value": value, "top": top}


def _scale(first: Decimal | None, last: Decimal | None, count: int, top: int) -> str:
    if count >= 2:
        return _from_to(score_number(first), score_number(last), top)
    return _now(score_number(last), top)


def gas_level_text(level: int) -> str:
    return {
        -2: _("mye dårligere enn ventet"),
        -1: _("litt dårligere enn ventet"),
        0: _("som ventet"),
        1: _("litt bedre enn ventet"),
        2: _("mye bedre enn ventet"),
    }[level]


def goal_results(summary: GoalSummary) -> list[tuple[str, str]]:
    """The latest result of a goal in plain language: [(label, "Fra 3 til 6 av 10")]."""
    scores = summary.scores
    if not scores:
        return []
    first, last = scores[0], scores[-1]
    measure = summary.goal.measure
    if measure == Measure.PSFS:
        return [(_("Hvor godt du klarer det"), _scale(first.psfs, last.psfs, len(scores), 10))]
    if measure == Measure.COPM:
        return [
            (
                _("Hvor godt du klarer det"),
                _scale(first.copm_performance, last.copm_performance, len(scores), 10),
            ),
            (
                _("Hvor fornøyd du er"),
                _scale(first.copm_satisfaction, last.copm_satisfaction, len(scores), 10),
            ),
        ]
    if measure == Measure.GAS and last.gas is not None:
        return [(_("Sist vurdert"), gas_level_text(last.gas))]
    return []


def _cut(text: str, limit: int | None) -> str:
    """The person's words, cut at a word boundary only when a shrink step asks for it."""
    if limit is None or len(text) <= limit:
        return text
    cut = text[:limit].rsplit(None, 1)[0] if " " in text[:limit] else text[:limit]
    return cut.rstrip(" ,.;:–-") + " …"


def _planned_actions(summary: GoalSummary, today: dt.date) -> list[Action]:
    planned = [
        a for a in summary.actions if a.status in (ActionStatus.PLANNED, ActionStatus.STARTED)
    ]
    planned.sort(key=lambda a: (a.due_on is None, a.due_on or today, a.created_at))
    return planned


def _active_goals(plan: Plan) -> list[GoalSummary]:
    return [s for s in plan.goals if s.goal.status == GoalStatus.ACTIVE]


def plan_sheet(*, plan: Plan, today: dt.date, limits: Limits | None = None) -> PlanSheet:
    """What goes on the printed plan. Call with the person's language active."""
    limits = limits or Limits()
    labels = dict(Question.choices)
    sections = []
    for question in Question.values:
        entries = plan.entries.get(question, [])
        keep = len(entries) if limits.entries is None else limits.entries.get(question, 0)
        shown = entries[len(entries) - keep :] if keep else []
        sections.append(
            SheetSection(
                question=str(labels[question]),
                entries=[_cut(e.text, limits.text_chars) for e in shown],
                hidden=len(entries) - len(shown),
            )
        )
    active = _active_goals(plan)
    first_goal = 0 if limits.goals is None else len(active) - limits.goals
    goals = []
    # The newest goals are kept when there are too many; shown oldest first.
    for index in range(first_goal, len(active)):
        summary = active[index]
        planned = _planned_actions(summary, today)
        kept = planned if limits.actions is None else planned[: limits.actions[index]]
        goals.append(
            SheetGoal(
                text=_cut(summary.goal.text, limits.text_chars),
                results=goal_results(summary),
                actions=[
                    SheetAction(
                        title=_cut(a.title, limits.text_chars),
                        due_on=a.due_on,
                        started=a.status == ActionStatus.STARTED,
                    )
                    for a in kept
                ],
                hidden_actions=len(planned) - len(kept),
            )
        )
    person = plan.person
    return PlanSheet(
        language=translation.get_language() or "nb",
        person_name=person.full_name,
        kommune_name=person.kommune.name,
        kommune_phone=person.kommune.phone.strip(),
        today=today,
        sections=sections,
        goals=goals,
        hidden_goals=first_goal,
        font_pt=limits.font_pt,
    )


def _plan_html(sheet: PlanSheet) -> str:
    return render_to_string("plans/pdf/plan.html", {"sheet": sheet, "font_css": font_css_url()})


def plan_pdf_bytes(*, plan: Plan, today: dt.date) -> bytes:
    """The one-page plan as PDF, in the person's written language."""

    def render(limits: Limits) -> Document:
        return _render(_plan_html(plan_sheet(plan=plan, today=today, limits=limits)))

    with translation.override(written_language(plan.person)):
        document = render(Limits())
        if len(document.pages) > 1:
            ladder = shrink_ladder(
                entries={q: len(plan.entries.get(q, [])) for q in Question.values},
                actions=[len(_planned_actions(s, today)) for s in _active_goals(plan)],
            )
            # Bisection for the first step that fits: a handful of renders even for long plans.
            low, high, fitting = 1, len(ladder) - 1, None
            while low <= high:
                middle = (low + high) // 2
                document = render(ladder[middle])
                if len(document.pages) == 1:
                    fitting, high = document, middle - 1
                else:
                    low = middle + 1
            # Even the last step is too long (a very long name?): keep the first page only.
            document = fitting or document.copy(document.pages[:1])
        return document.write_pdf(**PDF_OPTIONS)


# --- The blank conversation guide ---------------------------------------------------------


def guide_pdf_bytes(*, language: str | None = None) -> bytes:
    """The blank conversation guide to print, in the given (or the active) language."""
    language = language if language in GUIDE_LANGUAGES else None
    with translation.override(language or translation.get_language() or "nb"):
        lang = translation.get_language()
        html = render_to_string(
            "plans/pdf/guide.html",
            {
                "language": lang if lang in GUIDE_LANGUAGES else "nb",
                "font_css": font_css_url(),
                "questions": [
                    (str(label), range(GUIDE_LINES[value])) for value, label in Question.choices
                ],
                "page_label": page_label_css(_("Side %(page)s av %(pages)s")),
                "scale": range(11),
            },
        )
        return _render(html).write_pdf(**PDF_OPTIONS)
