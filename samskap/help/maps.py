"""The coordinator's map of open needs and active helpers, as an inline SVG.

Pure: `MapPoint`s in, an SVG string out, drawn by samskap/core/maps.py (projection,
spreading of coinciding points, place names, scale bar, the <svg> frame). Needs are circles
and helpers squares, in two colours that both have at least 3:1 contrast against the white
background, so shape alone and colour alone each tell them apart. The table of open needs
under the map is its text alternative.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext, ngettext

from samskap.core.maps import (
    CIRCLE,
    FRAME,
    KM_PER_DEG_LAT,
    LABEL_RADIUS,
    MARGIN,
    MAX_HEIGHT,
    MIN_HEIGHT,
    MIN_SPAN_DEG,
    NICE_KM,
    SQUARE,
    TEXT,
    WIDTH,
    Marker,
    fmt,
    render_map,
)

__all__ = [
    "FRAME",
    "HELPER",
    "HELPER_FILL",
    "HELPER_SIDE",
    "KM_PER_DEG_LAT",
    "LABEL_RADIUS",
    "MARGIN",
    "MAX_HEIGHT",
    "MIN_HEIGHT",
    "MIN_SPAN_DEG",
    "NEED",
    "NEED_FILL",
    "NEED_RADIUS",
    "NICE_KM",
    "TEXT",
    "WIDTH",
    "MapPoint",
    "fmt",
    "map_description",
    "render_help_map",
]

NEED = "need"
HELPER = "helper"

# Dark red and dark blue: 7.1:1 and 8.6:1 against white, and distinct for colour blindness.
NEED_FILL = "#a4262c"
HELPER_FILL = "#0b4f8a"
NEED_RADIUS = 9.0
HELPER_SIDE = 16.0


@dataclass(frozen=True)
class MapPoint:
    kind: str  # NEED or HELPER
    lat: float
    lon: float
    label: str
    # The place the point is in (postal place or area), written on the map once per place.
    place: str = ""


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


def _marker(point: MapPoint) -> Marker:
    if point.kind == NEED:
        return Marker(
            lat=point.lat,
            lon=point.lon,
            label=point.label,
            shape=CIRCLE,
            fill=NEED_FILL,
            size=NEED_RADIUS,
            css_class="help-map__need",
            place=point.place,
            layer=1,  # needs (what the coordinator acts on) are drawn on top
        )
    return Marker(
        lat=point.lat,
        lon=point.lon,
        label=point.label,
        shape=SQUARE,
        fill=HELPER_FILL,
        size=HELPER_SIDE / 2,
        css_class="help-map__helper",
        place=point.place,
    )


def render_help_map(points: Sequence[MapPoint], *, title: str, id_prefix: str = "help-map") -> str:
    """The map as an inline SVG string; an empty string when there is nothing to show."""
    points = [p for p in points if p.lat is not None and p.lon is not None]
    if not points:
        return ""
    needs = sum(1 for p in points if p.kind == NEED)
    return render_map(
        [_marker(p) for p in points],
        title=title,
        description=map_description(needs, len(points) - needs),
        id_prefix=id_prefix or "help-map",
        css_class="help-map",
    )
