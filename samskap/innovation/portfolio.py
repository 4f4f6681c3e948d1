"""Pure portfolio logic: the four keys diagram and the innovation barometer.

Plain dataclasses in and out, no ORM, so it is tested without a database.

*The four keys* (KS Partnerskap for radikal innovasjon): systems change when the purpose of
the work changes, when resources flow differently, when power shifts, and when actors meet in
new relations. Each initiative has a strength 0–3 on each key; the diagram is a dot matrix
(one row per initiative, one column per key, the dot's size is the strength) with the same
numbers as a table next to it.

*The barometer* answers "do we spread what works?": an initiative counts as **actively
spread** when at least one other kommune is taking it into use or has done so (an adoption
that is more than "considering"), or when its own phase is *spreading*. Per kommune: its own
initiatives, how many of them are spread, and how many it has taken from others.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from html import escape

KEYS = ("purpose", "resources", "power", "relations")
PHASES = ("exploration", "development", "implementation", "spreading")
SPREAD_STATUSES = frozenset({"adopting", "adopted"})


@dataclass(frozen=True)
class InitiativeFacts:
    slug: str
    title: str
    owner: str  # the owning kommune's name
    phase: str
    keys: dict[str, int]


@dataclass(frozen=True)
class AdoptionFacts:
    initiative: str  # slug
    kommune: str  # the adopting kommune's name
    status: str


@dataclass(frozen=True)
class KommuneRow:
    kommune: str
    own: int
    spread: int
    adopted_from_others: int

    @property
    def share_spread(self) -> float | None:
        return self.spread / self.own if self.own else None


@dataclass
class Barometer:
    total: int
    spread: int
    phases: dict[str, int]
    rows: list[KommuneRow] = field(default_factory=list)

    @property
    def share_spread(self) -> float | None:
        return self.spread / self.total if self.total else None


def actively_spread(initiative: InitiativeFacts, adoptions: Sequence[AdoptionFacts]) -> bool:
    if initiative.phase == "spreading":
        return True
    return any(
        a.initiative == initiative.slug
        and a.status in SPREAD_STATUSES
        and a.kommune != initiative.owner
        for a in adoptions
    )


def barometer(
    initiatives: Sequence[InitiativeFacts], adoptions: Sequence[AdoptionFacts]
) -> Barometer:
    """Counts for the whole portfolio and per kommune (owners and adopters), by name."""
    by_initiative: dict[str, list[AdoptionFacts]] = {}
    for adoption in adoptions:
        by_initiative.setdefault(adoption.initiative, []).append(adoption)
    spread_slugs = {
        i.slug for i in initiatives if actively_spread(i, by_initiative.get(i.slug, []))
    }
    own = Counter(i.owner for i in initiatives)
    spread = Counter(i.owner for i in initiatives if i.slug in spread_slugs)
    owners = {i.slug: i.owner for i in initiatives}
    taken = Counter(
        a.kommune
        for a in adoptions
        if a.status in SPREAD_STATUSES and owners.get(a.initiative) not in (None, a.kommune)
    )
    names = sorted(set(own) | set(taken), key=lambda n: (-own[n], -taken[n], n))
    phases = Counter(i.phase for i in initiatives)
    return Barometer(
        total=len(initiatives),
        spread=len(spread_slugs),
        phases={p: phases.get(p, 0) for p in PHASES},
        rows=[KommuneRow(n, own[n], spread[n], taken[n]) for n in names],
    )


# --- The four keys diagram ----------------------------------------------------------------

ROW = 30
LABEL_WIDTH = 330
COLUMN = 96
TOP = 56
MAX_RADIUS = 12.0


def dot_radius(strength: int) -> float:
    """Area grows with the strength: 0 is an empty ring, 3 the full dot."""
    return 0.0 if strength <= 0 else MAX_RADIUS * (strength / 3) ** 0.5


def keys_diagram_svg(
    rows: Sequence[InitiativeFacts], *, key_labels: dict[str, str], title: str, description: str
) -> str:
    """An accessible inline SVG dot matrix: role="img" with a title and a description.

    The numbers are also in the table the page shows next to it (the text alternative).
    """
    width = LABEL_WIDTH + COLUMN * len(KEYS) + 16
    height = TOP + ROW * len(rows) + 12
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'class="keys-diagram" role="img" aria-labelledby="keys-title keys-desc">',
        f'<title id="keys-title">{escape(title)}</title>',
        f'<desc id="keys-desc">{escape(description)}</desc>',
    ]
    for k, key in enumerate(KEYS):
        x = LABEL_WIDTH + COLUMN * k + COLUMN / 2
        out.append(
            f'<text x="{x:.0f}" y="{TOP - 22}" text-anchor="middle" class="keys-head">'
            f"{escape(key_labels[key])}</text>"
        )
    for r, row in enumerate(rows):
        y = TOP + ROW * r + ROW / 2
        if r % 2 == 0:
            out.append(
                f'<rect x="0" y="{TOP + ROW * r}" width="{width}" height="{ROW}" '
                'class="keys-band"/>'
            )
        label = row.title if len(row.title) <= 40 else row.title[:39] + "…"
        out.append(
            f'<text x="8" y="{y + 5:.0f}" class="keys-label">{escape(label)} '
            f'<tspan class="keys-owner">({escape(row.owner)})</tspan></text>'
        )
        for k, key in enumerate(KEYS):
            x = LABEL_WIDTH + COLUMN * k + COLUMN / 2
            strength = int(row.keys.get(key, 0))
            out.append(f'<circle cx="{x:.0f}" cy="{y:.0f}" r="{MAX_RADIUS}" class="keys-ring"/>')
            radius = dot_radius(strength)
            if radius:
                out.append(
                    f'<circle cx="{x:.0f}" cy="{y:.0f}" r="{radius:.1f}" class="keys-dot" '
                    f'data-strength="{strength}"/>'
                )
    out.append("</svg>")
    return "".join(out)
