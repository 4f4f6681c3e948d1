"""The coordinator's map of open needs and active helpers, as an inline SVG.

Pure: `MapPoint`s in, an SVG string out. No inline styles (the Content Security Policy
forbids them): presentation attributes only, and a viewBox without a fixed size so CSS
decides how wide it is drawn. Needs are circles and helpers squares, in two colours that
both have at least 3:1 contrast against the white background, so shape alone and colour
alone each tell them apart. The table of open needs under the map is its text alternative.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from django.utils.formats import number_format
from django.utils.translation import gettext, ngettext

NEED = "need"
HELPER = "helper"

WIDTH = 640
MIN_HEIGHT = 240
MAX_HEIGHT = 480
MARGIN = 24
# Dark red and dark blue: 7.1:1 and 8.6:1 against white, and distinct for colour blindness.
NEED_FILL = "#a4262c"
HELPER_FILL = "#0b4f8a"
FRAME = "#6f6f6f"  # 5.0:1 against white
TEXT = "#1e1e1e"
NEED_RADIUS = 9.0
HELPER_SIDE = 16.0
# Degrees of latitude; the smallest area the map shows (about 2 km), so one point is not
# blown up to fill the frame.
MIN_SPAN_DEG = 0.02
KM_PER_DEG_LAT = 111.32
# Points of one place within this many units of each other get one label.
LABEL_RADIUS = 60
NICE_KM = (0.5, 1, 2, 5, 10, 20, 50, 100)


@dataclass(frozen=True)
class MapPoint:
    kind: str  # NEED or HELPER
    lat: float
    lon: float
    label: str
    # The place the point is in (postal place or area), written on the map once per place.
    place: str = ""


def fmt(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _project(points: Sequence[MapPoint]):
    """Equirectangular projection around the mean latitude: fine for a kommune."""
    lat0 = sum(p.lat for p in points) / len(points)
    kx = math.cos(math.radians(lat0))
    xs = [p.lon * kx for p in points]
    ys = [-p.lat for p in points]
    min_x, max_x, min_y, max_y = min(xs), max(xs), min(ys), max(ys)
    span_x = max(max_x - min_x, MIN_SPAN_DEG)
    span_y = max(max_y - min_y, MIN_SPAN_DEG)
    cx, cy = (min_x + max_x) / 2, (min_y + max_y) / 2
    inner_w = WIDTH - 2 * MARGIN
    height = min(MAX_HEIGHT, max(MIN_HEIGHT, inner_w * span_y / span_x + 2 * MARGIN))
    inner_h = height - 2 * MARGIN - 60  # room for place names and the scale bar below
    scale = min(inner_w / span_x, inner_h / span_y)

    def to_xy(x: float, y: float) -> tuple[float, float]:
        return WIDTH / 2 + (x - cx) * scale, MARGIN + inner_h / 2 + (y - cy) * scale

    coords = [to_xy(x, y) for x, y in zip(xs, ys, strict=True)]
    km_per_px = KM_PER_DEG_LAT / scale
    return coords, height, km_per_px


def _spread(coords: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Points at the same spot (several needs of one person) are set in a small ring."""
    groups: dict[tuple[int, int], list[int]] = {}
    for i, (x, y) in enumerate(coords):
        groups.setdefault((round(x / 4), round(y / 4)), []).append(i)
    result = list(coords)
    for members in groups.values():
        if len(members) < 2:
            continue
        radius = 10 + 3 * len(members)
        for k, i in enumerate(members):
            angle = 2 * math.pi * k / len(members)
            x, y = coords[i]
            result[i] = (x + radius * math.cos(angle), y + radius * math.sin(angle))
    return result


def _scale_bar(km_per_px: float, height: float) -> list[str]:
    target_km = 120 * km_per_px
    km = min(NICE_KM, key=lambda n: abs(math.log(n / target_km)))
    length = km / km_per_px
    x0, y = MARGIN, height - MARGIN
    label = gettext("%(km)s km") % {"km": number_format(km, decimal_pos=0 if km >= 1 else 1)}
    return [
        f'<g class="help-map__scale" aria-hidden="true">'
        f'<line x1="{fmt(x0)}" y1="{fmt(y)}" x2="{fmt(x0 + length)}" y2="{fmt(y)}" '
        f'stroke="{TEXT}" stroke-width="2"/>'
        f'<line x1="{fmt(x0)}" y1="{fmt(y - 5)}" x2="{fmt(x0)}" y2="{fmt(y + 1)}" '
        f'stroke="{TEXT}" stroke-width="2"/>'
        f'<line x1="{fmt(x0 + length)}" y1="{fmt(y - 5)}" x2="{fmt(x0 + length)}" '
        f'y2="{fmt(y + 1)}" stroke="{TEXT}" stroke-width="2"/>'
        f'<text x="{fmt(x0 + length + 8)}" y="{fmt(y + 5)}" font-size="14" '
        f'fill="{TEXT}">{escape(label)}</text></g>'
    ]


def _place_labels(points: Sequence[MapPoint], coords: list[tuple[float, float]]) -> list[str]:
    """Each place's name once, under the middle of its points, with a white halo."""
    # Points of one place that lie close together share a label; a far-off point of the
    # same (large) postal area gets its own.
    clusters: list[tuple[str, list[tuple[float, float]]]] = []
    for point, xy in sorted(zip(points, coords, strict=True), key=lambda pc: pc[0].place):
        if not point.place:
            continue
        for place, xys in clusters:
            cx, cy = sum(p[0] for p in xys) / len(xys), sum(p[1] for p in xys) / len(xys)
            if place == point.place and math.hypot(xy[0] - cx, xy[1] - cy) < LABEL_RADIUS:
                xys.append(xy)
                break
        else:
            clusters.append((point.place, [xy]))
    labels = []
    for place, xys in clusters:
        x = sum(p[0] for p in xys) / len(xys)
        y = max(p[1] for p in xys) + 16
        anchor = "start" if x < WIDTH * 0.2 else "end" if x > WIDTH * 0.8 else "middle"
        labels.append(
            f'<text x="{fmt(x)}" y="{fmt(y)}" text-anchor="{anchor}" font-size="14" '
            f'dominant-baseline="hanging" '
            f'fill="{TEXT}" stroke="#ffffff" stroke-width="4" paint-order="stroke" '
            f'aria-hidden="true">{escape(place)}</text>'
        )
    return labels


def map_description(needs: int, helpers: int) -> str:
    return " ".join(
        [
            ngettext(
                "%(n)s behov som venter på hjelper, vist som røde sirkler.",
                "%(n)s behov som venter på hjelper, vist som røde sirkler.",
                needs,
            )
            % {"n": needs},
            ngettext(
                "%(n)s aktiv hjelper, vist som blå firkant.",
                "%(n)s aktive hjelpere, vist som blå firkanter.",
                helpers,
            )
            % {"n": helpers},
            gettext("Tabellen over de åpne behovene viser det samme som tekst."),
        ]
    )


def render_help_map(points: Sequence[MapPoint], *, title: str, id_prefix: str = "help-map") -> str:
    """The map as an inline SVG string; an empty string when there is nothing to show."""
    points = [p for p in points if p.lat is not None and p.lon is not None]
    if not points:
        return ""
    prefix = re.sub(r"[^A-Za-z0-9_-]", "", id_prefix) or "help-map"
    coords, height, km_per_px = _project(points)
    coords = _spread(coords)
    needs = sum(1 for p in points if p.kind == NEED)
    helpers = len(points) - needs
    body: list[str] = []
    # Helpers first, so the needs (what the coordinator acts on) are drawn on top.
    order = sorted(range(len(points)), key=lambda i: points[i].kind == NEED)
    for i in order:
        point, (x, y) = points[i], coords[i]
        label = escape(point.label)
        if point.kind == NEED:
            body.append(
                f'<circle class="help-map__need" cx="{fmt(x)}" cy="{fmt(y)}" '
                f'r="{fmt(NEED_RADIUS)}" fill="{NEED_FILL}" stroke="#ffffff" '
                f'stroke-width="2"><title>{label}</title></circle>'
            )
        else:
            half = HELPER_SIDE / 2
            body.append(
                f'<rect class="help-map__helper" x="{fmt(x - half)}" y="{fmt(y - half)}" '
                f'width="{fmt(HELPER_SIDE)}" height="{fmt(HELPER_SIDE)}" fill="{HELPER_FILL}" '
                f'stroke="#ffffff" stroke-width="2"><title>{label}</title></rect>'
            )
    body.extend(_place_labels(points, coords))
    height_s = fmt(math.ceil(height))
    return "\n".join(
        [
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height_s}" '
            f'role="img" aria-labelledby="{prefix}-title" aria-describedby="{prefix}-desc" '
            f'class="help-map" '
            f'font-family="Inter, system-ui, sans-serif">',
            f'<title id="{prefix}-title">{escape(title)}</title>',
            f'<desc id="{prefix}-desc">{escape(map_description(needs, helpers))}</desc>',
            f'<rect x="1" y="1" width="{WIDTH - 2}" height="{fmt(math.ceil(height) - 2)}" '
            f'fill="#ffffff" stroke="{FRAME}" stroke-width="1"/>',
            *body,
            *_scale_bar(km_per_px, height),
            "</svg>",
        ]
    )
