"""The person's network as an eco-map, and the gaps in it.

Pure: `Tie` and `Gap` dataclasses in, a list of gaps or an SVG string out. Only `ties_from`
touches model instances, and it reads attributes only (the caller loads the relations with
`select_related("other")`). The rules, thresholds and drawing are explained in
docs/network-map.md.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from html import escape
from typing import TYPE_CHECKING

from django.utils import formats, timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from samskap.people.models import FAMILY_KINDS, SupportKind

if TYPE_CHECKING:
    from samskap.people.models import Person, Relation
    from samskap.plans.models import OrganisationTie

# --------------------------------------------------------------------------------------------
# Groups (the sectors of the map)

FAMILY = "family"
FRIENDS = "friends"
NEIGHBOURS = "neighbours"
VOLUNTEERS = "volunteers"
ORGANISATIONS = "organisations"
SERVICES = "services"
GROUPS: tuple[str, ...] = (FAMILY, FRIENDS, NEIGHBOURS, VOLUNTEERS, ORGANISATIONS, SERVICES)
# Ties to people who are there for the person, not because it is their job.
PERSON_GROUPS = frozenset({FAMILY, FRIENDS, NEIGHBOURS, VOLUNTEERS})
# Where the person can meet someone outside the family (organisations: clubs, senior centres).
SOCIAL_GROUPS = frozenset({FRIENDS, NEIGHBOURS, VOLUNTEERS, ORGANISATIONS})

GROUP_LABELS = {
    FAMILY: _("Familie"),
    FRIENDS: _("Venner"),
    NEIGHBOURS: _("Naboer"),
    VOLUNTEERS: _("Frivillige"),
    ORGANISATIONS: _("Lag og foreninger"),
    SERVICES: _("Tjenester"),
}

_KIND_TO_GROUP = {kind: FAMILY for kind in FAMILY_KINDS} | {
    "friend": FRIENDS,
    "neighbour": NEIGHBOURS,
    "volunteer": VOLUNTEERS,
    "staff": SERVICES,
}

# --------------------------------------------------------------------------------------------
# Gap rules and their thresholds (docs/network-map.md explains why)

NO_SOCIAL_OUTSIDE_FAMILY = "no_social_outside_family"
NOBODY_NEARBY = "nobody_nearby"
ONE_RELATIVE_CARRIES_EVERYTHING = "one_relative_carries_everything"

# Someone who can drop in: about half an hour's walk, or five minutes by car, on a winter day
# in a rural municipality. Further away, a visit has to be planned.
NEARBY_KM = 2.0
# Two people whose coordinates are closer than this share a house (or a farmyard).
SAME_HOUSEHOLD_KM = 0.05
# The kinds of support that wear a relative out: hands-on help.
HANDS_ON = frozenset({SupportKind.PRACTICAL, SupportKind.CARE, SupportKind.TRANSPORT})
# A family member who gives at least this many kinds of support is doing "everything".
MANY_KINDS = 3

GAP_MESSAGES = {
    NO_SOCIAL_OUTSIDE_FAMILY: _("Ingen å være sammen med utenom familien"),
    NOBODY_NEARBY: _("Ingen i nærheten som kan stikke innom"),
    ONE_RELATIVE_CARRIES_EVERYTHING: _("Én pårørende bærer alt"),
}
GAP_SUGGESTIONS = {
    NO_SOCIAL_OUTSIDE_FAMILY: _(
        "Spør om en besøksvenn fra frivilligsentralen, eller om en møteplass som "
        "eldresenteret, en kafé eller et lag – med skyss om det trengs."
    ),
    NOBODY_NEARBY: _(
        "Finn ut om en nabo kan stikke innom av og til, eller om frivilligsentralen har en "
        "besøksvenn som bor i nærheten."
    ),
    ONE_RELATIVE_CARRIES_EVERYTHING: _(
        "Snakk med den pårørende om avlastning og pårørendestøtte, og om hvem andre som kan "
        "ta noen av oppgavene."
    ),
}

# --------------------------------------------------------------------------------------------
# Data


@dataclass(frozen=True)
class Tie:
    """Someone (or some organisation) in the person's network, as drawn on the map."""

    name: str
    group: str  # one of GROUPS
    relation_label: str
    support: tuple[str, ...] = ()
    frequency: str = ""  # daily, weekly, monthly, rarely, or "" when not known
    distance_km: float | None = None
    same_household: bool = False

    @property
    def is_person(self) -> bool:
        """A person who is there for them, not a service or an organisation."""
        return self.group in PERSON_GROUPS

    def gives(self, *kinds: str) -> bool:
        return any(kind in self.support for kind in kinds)


@dataclass(frozen=True)
class Gap:
    code: str
    message: str  # a lazy translation: str() it in the language you render in


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres (mean Earth radius 6371 km)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


def _address_key(person: Person) -> tuple[str, str] | None:
    street = " ".join((person.street_address or "").split()).casefold()
    postal = (person.postal_code or "").strip()
    return (street, postal) if street and postal else None


def ties_from(
    person: Person,
    relations: Iterable[Relation],
    organisation_ties: Iterable[OrganisationTie],
    *,
    today: dt.date | None = None,
) -> list[Tie]:
    """Turn the person's relations and organisation ties into `Tie`s.

    Reads attributes only: load `relations` with `select_related("other")`. Relations that
    have ended (or not yet started) on `today` are left out.
    """
    today = today or timezone.localdate()
    ties: list[Tie] = []
    home = _address_key(person)
    for relation in relations:
        if relation.end_date and relation.end_date < today:
            continue
        if relation.start_date and relation.start_date > today:
            continue
        other = relation.other
        distance = None
        if None not in (person.latitude, person.longitude, other.latitude, other.longitude):
            distance = haversine_km(
                person.latitude, person.longitude, other.latitude, other.longitude
            )
        same_household = (home is not None and home == _address_key(other)) or (
            distance is not None and distance < SAME_HOUSEHOLD_KM
        )
        ties.append(
            Tie(
                name=other.full_name,
                # An unknown kind is drawn as a service: it then hides no gap.
                group=_KIND_TO_GROUP.get(relation.kind, SERVICES),
                relation_label=str(relation.get_kind_display()),
                support=tuple(str(s) for s in relation.support or ()),
                frequency=relation.frequency or "",
                distance_km=distance,
                same_household=same_household,
            )
        )
    for tie in organisation_ties:
        ties.append(
            Tie(
                name=tie.name,
                group=SERVICES if tie.is_service else ORGANISATIONS,
                relation_label=gettext("Kommunal tjeneste")
                if tie.is_service
                else gettext("Lag eller forening"),
                support=tuple(str(s) for s in tie.support or ()),
                frequency=tie.frequency or "",
            )
        )
    return ties


# --------------------------------------------------------------------------------------------
# Gaps


def _can_drop_in(tie: Tie) -> bool:
    if not tie.is_person:
        return False
    if tie.same_household:
        # Family at the same address live with the person. A friend or neighbour at the same
        # address lives in the same building (sheltered housing, a block of flats): nearby.
        return tie.group != FAMILY
    if tie.distance_km is None:
        # A neighbour is nearby by definition, even when we have no address for them.
        return tie.group == NEIGHBOURS
    return tie.distance_km <= NEARBY_KM


def _one_relative_carries_everything(ties: Sequence[Tie]) -> bool:
    people = [t for t in ties if t.is_person]
    helpers = [t for t in people if t.gives(*HANDS_ON)]
    if len(helpers) == 1 and helpers[0].group == FAMILY:
        return True
    for index, tie in enumerate(people):
        kinds = {s for s in tie.support if s in SupportKind.values}
        if tie.group != FAMILY or len(kinds) < MANY_KINDS:
            continue
        others = people[:index] + people[index + 1 :]
        if not any(o.gives(SupportKind.PRACTICAL) for o in others):
            return True
    return False


def find_gaps(ties: Sequence[Tie]) -> list[Gap]:
    """The gaps in the network, in a fixed order. See docs/network-map.md for the rules.

    - no_social_outside_family: no friend, neighbour, volunteer or organisation gives
      "social" support (family and services do not count).
    - nobody_nearby: no person tie outside the household lives within NEARBY_KM (a neighbour
      with no known address counts as nearby; services do not count).
    - one_relative_carries_everything: among the person ties, exactly one gives hands-on
      help (practical, care or transport) and it is family; or one family member gives
      MANY_KINDS kinds of support while no other person tie gives practical help.
    """
    codes = []
    if not any(t.group in SOCIAL_GROUPS and t.gives(SupportKind.SOCIAL) for t in ties):
        codes.append(NO_SOCIAL_OUTSIDE_FAMILY)
    if not any(_can_drop_in(t) for t in ties):
        codes.append(NOBODY_NEARBY)
    if _one_relative_carries_everything(ties):
        codes.append(ONE_RELATIVE_CARRIES_EVERYTHING)
    return [Gap(code, GAP_MESSAGES[code]) for code in codes]


def gap_suggestion(code: str) -> str:
    """A short suggestion in plain language for what could close the gap."""
    return GAP_SUGGESTIONS.get(code, "")


# --------------------------------------------------------------------------------------------
# Drawing helpers shared with charts.py

FONT_FAMILY = "Inter, 'Segoe UI', system-ui, -apple-system, sans-serif"
TEXT = "#1a1a1a"  # 17.4:1 on white
MUTED = "#4d4d4d"  # 8.5:1 on white
WARNING = "#a4262c"  # 7.3:1 on white
# Every group colour is at least 6.5:1 against white (WCAG AA for text needs 4.5:1).
GROUP_COLOURS = {
    FAMILY: "#1d4f91",
    FRIENDS: "#1b6b3a",
    NEIGHBOURS: "#8a4500",
    VOLUNTEERS: "#6a2c91",
    ORGANISATIONS: "#a1224f",
    SERVICES: "#3d4f5c",
}

_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_NARROW = set("iIjl.,:;'!|()[]ft ")
_WIDE = set("mwMWÆæ@%")


def xml_text(value: object) -> str:
    """Escape text for XML element content or an attribute value."""
    return escape(_XML_INVALID.sub("", str(value)), quote=True)


def text_width(text: str, size: float, *, bold: bool = False) -> float:
    """A generous estimate of the rendered width (Inter, system sans-serif)."""
    width = 0.0
    for char in text:
        if char in _NARROW:
            width += 0.32
        elif char in _WIDE:
            width += 0.88
        elif char.isupper():
            width += 0.7
        else:
            width += 0.57
    return width * size * (1.08 if bold else 1.0)


def wrap(
    text: str, max_width: float, size: float, *, bold: bool = False, max_lines: int = 2
) -> list[str]:
    """Greedy word wrap; the last line is cut with an ellipsis if the text does not fit."""
    words = text.split()
    lines: list[str] = []
    current = ""
    for word in words:
        candidate = f"{current} {word}" if current else word
        if current and text_width(candidate, size, bold=bold) > max_width:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current:
        lines.append(current)
    lines = [_cut(line, max_width, size, bold) for line in lines]
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = _cut(lines[-1] + " …", max_width, size, bold, force=True)
    return lines or [""]


def _cut(line: str, max_width: float, size: float, bold: bool, *, force: bool = False) -> str:
    if not force and text_width(line, size, bold=bold) <= max_width:
        return line
    while line and text_width(line + "…", size, bold=bold) > max_width:
        line = line[:-1]
    line = line.rstrip(" …")
    return line + "…"


def fmt(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


# --------------------------------------------------------------------------------------------
# The eco-map

WIDTH = 640
MARGIN = 16
NAME_SIZE, INFO_SIZE, HEAD_SIZE = 16, 14, 15
NAME_LH, INFO_LH, HEAD_LH = 20, 18, 22
BLOCK_GAP, HEAD_GAP = 10, 6
MARKER = 7
LABEL_WIDTH = 196  # text width of a tie's label in a column

# Line styles by frequency: width and dash pattern. Never colour alone.
LINE_STYLES = {
    "daily": (6.0, ""),
    "weekly": (3.5, ""),
    "monthly": (1.75, ""),
    "rarely": (1.75, "8 6"),
    "": (1.5, "1 5"),
}
FREQUENCY_ORDER = ("daily", "weekly", "monthly", "rarely", "")
FREQUENCY_SHORT = {
    "daily": _("daglig"),
    "weekly": _("ukentlig"),
    "monthly": _("månedlig"),
    "rarely": _("sjeldnere"),
    "": _("ikke oppgitt"),
}
SUPPORT_SHORT = {
    SupportKind.PRACTICAL: _("praktisk"),
    SupportKind.SOCIAL: _("selskap"),
    SupportKind.CARE: _("pleie"),
    SupportKind.TRANSPORT: _("skyss"),
    SupportKind.ADVICE: _("råd"),
}


def _marker(group: str, x: float, y: float) -> str:
    """A shape per group, so the group can be told without colour."""
    colour = GROUP_COLOURS[group]
    s = MARKER
    common = f'fill="{colour}" stroke="#ffffff" stroke-width="1.5"'
    if group == FAMILY:
        return f'<circle cx="{fmt(x)}" cy="{fmt(y)}" r="{s}" {common}/>'
    if group == FRIENDS:
        return (
            f'<rect x="{fmt(x - s + 1)}" y="{fmt(y - s + 1)}" width="{2 * s - 2}" '
            f'height="{2 * s - 2}" {common}/>'
        )
    if group == NEIGHBOURS:
        points = [(x, y - s - 1), (x + s + 1, y), (x, y + s + 1), (x - s - 1, y)]
    elif group == VOLUNTEERS:
        points = [(x, y - s - 1), (x + s + 1, y + s - 1), (x - s - 1, y + s - 1)]
    elif group == ORGANISATIONS:
        points = [
            (x + s * math.cos(math.radians(a)), y + s * math.sin(math.radians(a)))
            for a in range(0, 360, 60)
        ]
    else:  # services: a plus
        a, b = s, s / 2.6
        points = [
            (x - b, y - a), (x + b, y - a), (x + b, y - b), (x + a, y - b), (x + a, y + b),
            (x + b, y + b), (x + b, y + a), (x - b, y + a), (x - b, y + b), (x - a, y + b),
            (x - a, y - b), (x - b, y - b),
        ]  # fmt: skip
    coords = " ".join(f"{fmt(px)},{fmt(py)}" for px, py in points)
    return f'<polygon points="{coords}" {common}/>'


def _support_text(tie: Tie) -> str:
    known = [str(SUPPORT_SHORT[s]) for s in SupportKind.values if s in tie.support]
    return ", ".join(known)


def _distance_text(tie: Tie) -> str:
    if tie.same_household:
        return gettext("bor sammen") if tie.group == FAMILY else gettext("samme adresse")
    if tie.distance_km is None or not tie.is_person:
        return ""
    decimals = 1 if tie.distance_km < 10 else 0
    return gettext("%(km)s km unna") % {"km": formats.number_format(tie.distance_km, decimals)}


def wrap_parts(
    parts: Sequence[str], max_width: float, size: float, *, max_lines: int = 2
) -> list[str]:
    """Join parts with " · ", breaking lines between parts rather than inside them."""
    lines: list[str] = []
    current = ""
    for part in (p for p in parts if p):
        candidate = f"{current} · {part}" if current else part
        if text_width(candidate, size) <= max_width:
            current = candidate
            continue
        if current:
            lines.append(current)
        pieces = wrap(part, max_width, size, max_lines=max_lines)
        lines += pieces[:-1]
        current = pieces[-1]
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = _cut(lines[-1] + " …", max_width, size, False, force=True)
    return lines


def _info_lines(tie: Tie) -> list[str]:
    """What they give and how often; for family the relation; where they live."""
    often = str(FREQUENCY_SHORT[tie.frequency]) if tie.frequency in LINE_STYLES else ""
    first = [_support_text(tie), often if tie.frequency else ""]
    second = [tie.relation_label if tie.group == FAMILY else "", _distance_text(tie)]
    return wrap_parts(first, LABEL_WIDTH, INFO_SIZE) + wrap_parts(second, LABEL_WIDTH, INFO_SIZE)


@dataclass
class _Item:
    """One block in a label column: a group heading or a tie."""

    group: str
    height: float
    tie: Tie | None = None
    name_lines: list[str] = field(default_factory=list)
    info_lines: list[str] = field(default_factory=list)
    empty: bool = False
    count: int = 0
    width: float = 0.0  # of the widest text line
    y: float = 0.0  # top of the block
    x_offset: float = 0.0  # horizontal distance of the marker from the centre


def _column_items(groups: Sequence[str], by_group: dict[str, list[Tie]]) -> list[_Item]:
    items: list[_Item] = []
    for group in groups:
        ties = by_group[group]
        heading = _Item(group, HEAD_LH + HEAD_GAP, empty=not ties, count=len(ties))
        heading.width = text_width(str(GROUP_LABELS[group]), HEAD_SIZE, bold=True)
        if not ties:
            extra = text_width(" – " + gettext("ingen registrert"), INFO_SIZE)
            if heading.width + extra > LABEL_WIDTH:
                heading.info_lines = [gettext("ingen registrert")]
                heading.height += INFO_LH
                heading.width = max(heading.width, extra)
            else:
                heading.width += extra
        items.append(heading)
        for tie in ties:
            names = wrap(tie.name, LABEL_WIDTH, NAME_SIZE, bold=True, max_lines=2)
            info = _info_lines(tie)
            height = len(names) * NAME_LH + len(info) * INFO_LH + BLOCK_GAP
            width = max(
                [text_width(n, NAME_SIZE, bold=True) for n in names]
                + [text_width(i, INFO_SIZE) for i in info]
            )
            items.append(
                _Item(group, height, tie=tie, name_lines=names, info_lines=info, width=width)
            )
        items[-1].height += HEAD_GAP  # a little air before the next group
    return items


def _height(items: Sequence[_Item]) -> float:
    return sum(item.height for item in items)


def _split(by_group: dict[str, list[Tie]]) -> tuple[list[_Item], list[_Item]]:
    """Groups in order, the first k on the right, the rest on the left: the most even k."""
    best: tuple[float, list[_Item], list[_Item]] | None = None
    for k in range(1, len(GROUPS)):
        right = _column_items(GROUPS[:k], by_group)
        left = _column_items(GROUPS[k:], by_group)
        diff = abs(_height(right) - _height(left))
        if best is None or diff < best[0]:
            best = (diff, right, left)
    assert best is not None
    return best[1], best[2]


def _sort_key(tie: Tie) -> tuple[int, str]:
    rank = FREQUENCY_ORDER.index(tie.frequency) if tie.frequency in FREQUENCY_ORDER else 4
    return (rank, tie.name.casefold())


def _person_lines(person_name: str) -> list[str]:
    parts = person_name.split()
    if len(parts) >= 2 and text_width(person_name, NAME_SIZE, bold=True) > 100:
        lines = wrap(parts[0], 120, NAME_SIZE, bold=True, max_lines=1) + wrap(
            " ".join(parts[1:]), 120, NAME_SIZE, bold=True, max_lines=2
        )
        return lines
    return wrap(person_name, 120, NAME_SIZE, bold=True, max_lines=3)


def _tie_description(tie: Tie) -> str:
    parts = [tie.relation_label] if tie.group == FAMILY else []
    labels = dict(SupportKind.choices)
    support = [str(labels[s]).lower() for s in SupportKind.values if s in tie.support]
    if support:
        parts.append(", ".join(support))
    parts.append(str(FREQUENCY_SHORT.get(tie.frequency, FREQUENCY_SHORT[""])))
    distance = _distance_text(tie)
    if distance:
        parts.append(distance)
    details = "; ".join(parts)
    return f"{tie.name} ({details})"


def _known_groups(ties: Sequence[Tie]) -> list[Tie]:
    """Ties with a group we do not know are drawn as services (as find_gaps treats them)."""
    return [t if t.group in GROUP_COLOURS else replace(t, group=SERVICES) for t in ties]


def network_description(person_name: str, ties: Sequence[Tie], gaps: Sequence[Gap]) -> str:
    """A text summary of the map (the SVG's <desc>; also usable as a caption)."""
    ties = _known_groups(ties)
    if not ties:
        sentences = [
            gettext("%(name)s i midten. Ingen er registrert i nettverket ennå.")
            % {"name": person_name}
        ]
    else:
        sentences = [
            ngettext(
                "%(name)s i midten, med én i nettverket.",
                "%(name)s i midten, med %(count)d i nettverket.",
                len(ties),
            )
            % {"name": person_name, "count": len(ties)}
        ]
        empty = []
        for group in GROUPS:
            members = sorted((t for t in ties if t.group == group), key=_sort_key)
            if not members:
                empty.append(str(GROUP_LABELS[group]).lower())
                continue
            described = ", ".join(_tie_description(t) for t in members)
            sentences.append(f"{GROUP_LABELS[group]}: {described}.")
        if empty:
            sentences.append(
                gettext("Ingen registrert: %(groups)s.") % {"groups": ", ".join(empty)}
            )
    if gaps:
        sentences.append(
            gettext("Hull i nettverket: %(gaps)s.")
            % {"gaps": "; ".join(str(g.message) for g in gaps)}
        )
    return " ".join(sentences)


def render_network_svg(
    person_name: str,
    ties: Sequence[Tie],
    gaps: Sequence[Gap],
    *,
    id_prefix: str = "network-map",
) -> str:
    """The eco-map as an inline SVG string: the person in the centre, ties in group columns.

    No inline styles (the Content Security Policy forbids them): presentation attributes
    only. The SVG has a viewBox and no fixed size, so CSS decides how wide it is drawn.
    """
    prefix = re.sub(r"[^A-Za-z0-9_-]", "", id_prefix) or "network-map"
    ties = _known_groups(ties)
    title = gettext("Nettverkskart for %(name)s") % {"name": person_name}
    desc = network_description(person_name, ties, gaps)
    cx = WIDTH / 2

    # The person in the centre.
    person_lines = _person_lines(person_name)
    widest = max(text_width(line, NAME_SIZE, bold=True) for line in person_lines)
    text_h = len(person_lines) * NAME_LH
    person_r = max(44.0, math.hypot(widest / 2, text_h / 2) + 6)

    by_group: dict[str, list[Tie]] = {g: [] for g in GROUPS}
    for tie in ties:
        by_group[tie.group].append(tie)
    for members in by_group.values():
        members.sort(key=_sort_key)

    body: list[str] = []
    if ties:
        right, left = _split(by_group)
        column_h = max(_height(right), _height(left), 2 * person_r + 40)
        cy = MARGIN + column_h / 2
        lines, markers, labels = [], [], []
        for column, side in ((right, 1), (left, -1)):
            _place(column, cy=cy, column_h=column_h, person_r=person_r)
            for item in column:
                markers.append(_marker(item.group, *_marker_xy(item, cx, side)))
                if item.tie is None:
                    labels.append(_heading_svg(item, cx, side))
                else:
                    lines.append(_line_svg(item, cx, cy, side, person_r))
                    labels.append(_tie_label_svg(item, cx, side))
        body += ['<g class="network-map__lines">', *lines, "</g>"]
        body += _person_node(person_lines, cx, cy, person_r)
        body += ['<g class="network-map__markers">', *markers, "</g>"]
        body += ['<g class="network-map__labels">', *labels, "</g>"]
        y = cy + column_h / 2 + 12
        legend, y = _legend(y)
        body += legend
    else:
        cy = MARGIN + person_r + 8
        body += _person_node(person_lines, cx, cy, person_r)
        y = cy + person_r + 30
        body.append(
            f'<text x="{fmt(cx)}" y="{fmt(y)}" text-anchor="middle" font-size="{HEAD_SIZE}" '
            f'fill="{MUTED}">{xml_text(gettext("Ingen er registrert i nettverket ennå."))}</text>'
        )
        y += 16
    if gaps:
        block, y = _gap_block(gaps, y + 8)
        body += block
    height = math.ceil(y + MARGIN)
    return "\n".join(
        [
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
            f'role="img" aria-labelledby="{prefix}-title" aria-describedby="{prefix}-desc" '
            f'class="network-map" font-family="{xml_text(FONT_FAMILY)}">',
            f'<title id="{prefix}-title">{xml_text(title)}</title>',
            f'<desc id="{prefix}-desc">{xml_text(desc)}</desc>',
            f'<rect x="0" y="0" width="{WIDTH}" height="{height}" fill="#ffffff"/>',
            *body,
            "</svg>",
        ]
    )


def _place(column: Sequence[_Item], *, cy: float, column_h: float, person_r: float) -> None:
    """Stack the column's blocks around the centre line, along an ellipse around the person.

    The blocks are stacked top to bottom, so they never overlap; each block's distance from
    the centre follows an ellipse, so the map reads as a circle, but never so close that the
    text touches the person's circle, and never so far out that it leaves the canvas.
    """
    a = person_r + 56  # how far out the blocks in the middle sit
    b = column_h / 2 + 24
    y = cy - _height(column) / 2
    for item in column:
        item.y = y
        y += item.height
        dy = item.y + (NAME_LH if item.tie else HEAD_LH) / 2 - cy
        offset = a * math.sqrt(max(0.0, 1 - (dy / b) ** 2))
        top, bottom = item.y, item.y + item.height
        closest = 0.0 if top <= cy <= bottom else min(abs(top - cy), abs(bottom - cy))
        clearance = person_r + 14
        if closest < clearance:
            offset = max(offset, math.sqrt(clearance**2 - closest**2) + 14)
        room = WIDTH / 2 - MARGIN - (MARKER + 7) - item.width
        item.x_offset = max(min(offset, room), 22.0)


def _marker_xy(item: _Item, cx: float, side: int) -> tuple[float, float]:
    line_h = NAME_LH if item.tie else HEAD_LH
    return cx + side * item.x_offset, item.y + line_h / 2


def _text_x(item: _Item, cx: float, side: int) -> float:
    return cx + side * (item.x_offset + MARKER + 7)


def _anchor(side: int) -> str:
    return "start" if side == 1 else "end"


def _heading_svg(item: _Item, cx: float, side: int) -> str:
    """The group's name in its colour; "ingen registrert" when nobody is in it."""
    tx, my = _text_x(item, cx, side), _marker_xy(item, cx, side)[1]
    extra = ""
    if item.empty:
        none = xml_text(gettext("ingen registrert"))
        muted = f'font-weight="normal" font-size="{INFO_SIZE}" fill="{MUTED}"'
        if item.info_lines:  # too wide for one line
            extra = f'<tspan x="{fmt(tx)}" y="{fmt(my + 5 + INFO_LH)}" {muted}>{none}</tspan>'
        else:
            extra = f"<tspan {muted}> – {none}</tspan>"
    return (
        f'<text x="{fmt(tx)}" y="{fmt(my + 5)}" text-anchor="{_anchor(side)}" '
        f'font-size="{HEAD_SIZE}" font-weight="bold" fill="{GROUP_COLOURS[item.group]}">'
        f"{xml_text(GROUP_LABELS[item.group])}{extra}</text>"
    )


def _line_svg(item: _Item, cx: float, cy: float, side: int, person_r: float) -> str:
    """From the person's circle to the tie's marker: thicker the more often they meet."""
    assert item.tie is not None
    mx, my = _marker_xy(item, cx, side)
    dx, dy = mx - cx, my - cy
    dist = math.hypot(dx, dy) or 1.0
    ux, uy = dx / dist, dy / dist
    frequency = item.tie.frequency if item.tie.frequency in LINE_STYLES else ""
    width, dash = LINE_STYLES[frequency]
    dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
    cap = "round" if frequency == "" else "butt"
    return (
        f'<line x1="{fmt(cx + ux * person_r)}" y1="{fmt(cy + uy * person_r)}" '
        f'x2="{fmt(mx - ux * (MARKER + 2))}" y2="{fmt(my - uy * (MARKER + 2))}" '
        f'stroke="{GROUP_COLOURS[item.group]}" stroke-width="{fmt(width)}" '
        f'stroke-linecap="{cap}"{dash_attr}/>'
    )


def _tie_label_svg(item: _Item, cx: float, side: int) -> str:
    """Name in bold, then what they give and how often, then relation and distance."""
    assert item.tie is not None
    tx = _text_x(item, cx, side)
    rows = []
    ty = item.y + NAME_LH - 5
    for line in item.name_lines:
        rows.append(
            f'<tspan x="{fmt(tx)}" y="{fmt(ty)}" font-weight="bold" '
            f'font-size="{NAME_SIZE}" fill="{TEXT}">{xml_text(line)}</tspan>'
        )
        ty += NAME_LH
    ty -= NAME_LH - INFO_LH
    for line in item.info_lines:
        rows.append(
            f'<tspan x="{fmt(tx)}" y="{fmt(ty)}" font-size="{INFO_SIZE}" '
            f'fill="{MUTED}">{xml_text(line)}</tspan>'
        )
        ty += INFO_LH
    return (
        f"<g><title>{xml_text(_tie_description(item.tie))}</title>"
        f'<text text-anchor="{_anchor(side)}">{"".join(rows)}</text></g>'
    )


def _person_node(lines: list[str], cx: float, cy: float, r: float) -> list[str]:
    out = [
        f'<circle cx="{fmt(cx)}" cy="{fmt(cy)}" r="{fmt(r)}" fill="#ffffff" '
        f'stroke="{TEXT}" stroke-width="3"/>'
    ]
    ty = cy - (len(lines) * NAME_LH) / 2 + NAME_LH - 5
    rows = []
    for line in lines:
        rows.append(f'<tspan x="{fmt(cx)}" y="{fmt(ty)}">{xml_text(line)}</tspan>')
        ty += NAME_LH
    out.append(
        f'<text text-anchor="middle" font-size="{NAME_SIZE}" font-weight="bold" '
        f'fill="{TEXT}">{"".join(rows)}</text>'
    )
    return out


def _legend(y: float) -> tuple[list[str], float]:
    """How often they meet: one sample line per frequency, with its name."""
    heading = gettext("Linjen viser hvor ofte:")
    out = [
        f'<text x="{MARGIN}" y="{fmt(y + 14)}" font-size="{INFO_SIZE}" font-weight="bold" '
        f'fill="{TEXT}">{xml_text(heading)}</text>'
    ]
    y += 24
    x = float(MARGIN)
    for frequency in FREQUENCY_ORDER:
        label = str(FREQUENCY_SHORT[frequency])
        item_w = 40 + text_width(label, INFO_SIZE) + 18
        if x + item_w > WIDTH - MARGIN:
            x = float(MARGIN)
            y += 24
        width, dash = LINE_STYLES[frequency]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        cap = "round" if frequency == "" else "butt"
        out.append(
            f'<line x1="{fmt(x)}" y1="{fmt(y + 9)}" x2="{fmt(x + 32)}" y2="{fmt(y + 9)}" '
            f'stroke="{TEXT}" stroke-width="{fmt(width)}" stroke-linecap="{cap}"{dash_attr}/>'
        )
        out.append(
            f'<text x="{fmt(x + 40)}" y="{fmt(y + 14)}" font-size="{INFO_SIZE}" '
            f'fill="{TEXT}">{xml_text(label)}</text>'
        )
        x += item_w
    return out, y + 24


def _gap_block(gaps: Sequence[Gap], y: float) -> tuple[list[str], float]:
    heading = gettext("Hull i nettverket")
    out = [
        f'<text x="{MARGIN}" y="{fmt(y + 15)}" font-size="{HEAD_SIZE}" font-weight="bold" '
        f'fill="{WARNING}">{xml_text(heading)}</text>'
    ]
    y += 26
    for gap in gaps:
        lines = wrap(str(gap.message), WIDTH - 2 * MARGIN - 30, HEAD_SIZE, max_lines=3)
        out.append(
            f'<circle cx="{MARGIN + 9}" cy="{fmt(y + 10)}" r="9" fill="{WARNING}"/>'
            f'<text x="{MARGIN + 9}" y="{fmt(y + 15)}" text-anchor="middle" '
            f'font-size="{INFO_SIZE}" font-weight="bold" fill="#ffffff">!</text>'
        )
        rows = []
        for i, line in enumerate(lines):
            rows.append(
                f'<tspan x="{MARGIN + 26}" y="{fmt(y + 15 + i * NAME_LH)}">{xml_text(line)}</tspan>'
            )
        out.append(f'<text font-size="{HEAD_SIZE}" fill="{TEXT}">{"".join(rows)}</text>')
        y += len(lines) * NAME_LH + 8
    return out, y
