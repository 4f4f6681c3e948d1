"""Small maps as inline SVG: no map tiles, no JavaScript, no inline styles.

Pure: `Marker`s in, an SVG string out; no ORM. The coordinator's help map
(samskap/help/maps.py) and the activity pages (samskap/activities/views.py) are built on it.

- `project` places latitude/longitude in a frame (equirectangular around the mean latitude,
  fine for a kommune), never blowing one point up to fill the frame.
- `spread` sets points at the same spot in a small ring, and can push markers that would
  overlap apart so numbers stay readable.
- `place_labels` writes each place's name once under its points, moved down or up when it
  would cover another label or a marker.
- `scale_bar` draws a round number of kilometres.
- `svg_frame` wraps it all with role="img", a <title> and a <desc>; the page must still give
  the same information as text (a list or a table) — the map is never the only way.

The Content Security Policy forbids inline styles, so everything is presentation attributes,
and the viewBox has no fixed size: CSS decides how wide the map is drawn.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from html import escape

from django.utils.formats import number_format
from django.utils.translation import gettext

CIRCLE = "circle"
SQUARE = "square"
NUMBERED = "numbered"  # a circle with a number written in it
HOUSE = "house"

WIDTH = 640
MIN_HEIGHT = 240
MAX_HEIGHT = 480
MARGIN = 24
BOTTOM_ROOM = 60  # below the points: room for place names and the scale bar
FRAME = "#6f6f6f"  # 5.0:1 against white
TEXT = "#1e1e1e"
WHITE = "#ffffff"
# Degrees of latitude; the smallest area the map shows (about 2 km), so one point is not
# blown up to fill the frame.
MIN_SPAN_DEG = 0.02
KM_PER_DEG_LAT = 111.32
# Points of one place within this many units of each other get one label.
LABEL_RADIUS = 60
LABEL_FONT = 14
NICE_KM = (0.5, 1, 2, 5, 10, 20, 50, 100)

Box = tuple[float, float, float, float]  # x0, y0, x1, y1


@dataclass(frozen=True)
class Marker:
    lat: float
    lon: float
    label: str  # the marker's tooltip (<title>)
    shape: str = CIRCLE  # CIRCLE, SQUARE, NUMBERED or HOUSE
    fill: str = TEXT  # at least 3:1 against white
    size: float = 9.0  # radius of a circle; half the side of a square or house
    css_class: str = ""
    number: str = ""  # written inside a NUMBERED marker, in white
    text: str = ""  # written beside the marker (e.g. "Hjemme")
    place: str = ""  # the place the point is in, written on the map once per place
    layer: int = 0  # drawing order: higher layers on top


@dataclass(frozen=True)
class Projection:
    coords: list[tuple[float, float]]
    width: int
    height: float
    km_per_px: float
    inner_bottom: float  # the lowest y a point is placed at


def fmt(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def project(
    latlons: Sequence[tuple[float, float]], *, width: int = WIDTH, max_height: float = MAX_HEIGHT
) -> Projection:
    """Equirectangular projection around the mean latitude: fine for a kommune."""
    lat0 = sum(lat for lat, _lon in latlons) / len(latlons)
    kx = math.cos(math.radians(lat0))
    xs = [lon * kx for _lat, lon in latlons]
    ys = [-lat for lat, _lon in latlons]
    min_x, max_x, min_y, max_y = min(xs), max(xs), min(ys), max(ys)
    span_x = max(max_x - min_x, MIN_SPAN_DEG)
    span_y = max(max_y - min_y, MIN_SPAN_DEG)
    cx, cy = (min_x + max_x) / 2, (min_y + max_y) / 2
    inner_w = width - 2 * MARGIN
    height = min(max_height, max(MIN_HEIGHT, inner_w * span_y / span_x + 2 * MARGIN))
    inner_h = height - 2 * MARGIN - BOTTOM_ROOM
    scale = min(inner_w / span_x, inner_h / span_y)

    def to_xy(x: float, y: float) -> tuple[float, float]:
        return width / 2 + (x - cx) * scale, MARGIN + inner_h / 2 + (y - cy) * scale

    coords = [to_xy(x, y) for x, y in zip(xs, ys, strict=True)]
    return Projection(coords, width, height, KM_PER_DEG_LAT / scale, MARGIN + inner_h)


def spread(
    coords: Sequence[tuple[float, float]],
    *,
    min_distance: float = 0.0,
    bounds: Box | None = None,
) -> list[tuple[float, float]]:
    """Points at the same spot (several needs of one person) are set in a small ring.

    With `min_distance`, markers closer than that are then pushed apart (a few rounds of
    simple relaxation), and with `bounds` every point is kept inside the box.
    """
    groups: dict[tuple[int, int], list[int]] = {}
    for i, (x, y) in enumerate(coords):
        groups.setdefault((round(x / 4), round(y / 4)), []).append(i)
    result = list(coords)
    for members in groups.values():
        if len(members) < 2:
            continue
        radius = 10 + 3 * len(members)
        if min_distance:
            radius = max(radius, min_distance / (2 * math.sin(math.pi / len(members))))
        for k, i in enumerate(members):
            angle = 2 * math.pi * k / len(members)
            x, y = coords[i]
            result[i] = (x + radius * math.cos(angle), y + radius * math.sin(angle))
    if bounds is not None:
        result = [_clamp(xy, bounds) for xy in result]
    if not min_distance:
        return result
    for _round in range(80):
        moved = False
        for i in range(len(result)):
            for j in range(i + 1, len(result)):
                (xi, yi), (xj, yj) = result[i], result[j]
                dx, dy = xj - xi, yj - yi
                dist = math.hypot(dx, dy)
                if dist >= min_distance - 0.01:
                    continue
                if dist < 0.01:
                    angle = 2 * math.pi * (i * 7 + j) / 13
                    dx, dy, dist = math.cos(angle), math.sin(angle), 1.0
                push = (min_distance - dist) / 2 + 0.05
                ux, uy = dx / dist, dy / dist
                result[i] = (xi - ux * push, yi - uy * push)
                result[j] = (xj + ux * push, yj + uy * push)
                if bounds is not None:
                    result[i], result[j] = _clamp(result[i], bounds), _clamp(result[j], bounds)
                moved = True
        if not moved:
            break
    return result


def _clamp(xy: tuple[float, float], bounds: Box) -> tuple[float, float]:
    x0, y0, x1, y1 = bounds
    return min(max(xy[0], x0), x1), min(max(xy[1], y0), y1)


def scale_bar(km_per_px: float, height: float, *, width: int = WIDTH, css_class: str = "") -> str:
    """A bar of a round number of km, bottom left, about a fifth of the width long."""
    target_km = width * 0.1875 * km_per_px
    km = min(NICE_KM, key=lambda n: abs(math.log(n / target_km)))
    length = km / km_per_px
    x0, y = MARGIN, height - MARGIN
    label = gettext("%(km)s km") % {"km": number_format(km, decimal_pos=0 if km >= 1 else 1)}
    return (
        f'<g class="{escape(css_class)}" aria-hidden="true">'
        f'<line x1="{fmt(x0)}" y1="{fmt(y)}" x2="{fmt(x0 + length)}" y2="{fmt(y)}" '
        f'stroke="{TEXT}" stroke-width="2"/>'
        f'<line x1="{fmt(x0)}" y1="{fmt(y - 5)}" x2="{fmt(x0)}" y2="{fmt(y + 1)}" '
        f'stroke="{TEXT}" stroke-width="2"/>'
        f'<line x1="{fmt(x0 + length)}" y1="{fmt(y - 5)}" x2="{fmt(x0 + length)}" '
        f'y2="{fmt(y + 1)}" stroke="{TEXT}" stroke-width="2"/>'
        f'<text x="{fmt(x0 + length + 8)}" y="{fmt(y + 5)}" font-size="{LABEL_FONT}" '
        f'fill="{TEXT}">{escape(label)}</text></g>'
    )


def _text_box(x: float, y: float, text: str, anchor: str, font: float, hanging: bool) -> Box:
    """Roughly where a line of text lands (a generous 0.6 em per character)."""
    w = len(text) * font * 0.6
    x0 = x if anchor == "start" else x - w if anchor == "end" else x - w / 2
    y0 = y if hanging else y - font / 2
    return (x0, y0, x0 + w, y0 + font * 1.2)


def _overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _overlap_area(a: Box, b: Box) -> float:
    return max(0.0, min(a[2], b[2]) - max(a[0], b[0])) * max(0.0, min(a[3], b[3]) - max(a[1], b[1]))


def place_labels(
    places: Sequence[str],
    coords: Sequence[tuple[float, float]],
    *,
    width: int = WIDTH,
    offset: float = 16,
    avoid: Sequence[Box] = (),
    max_y: float | None = None,
    merge_radius: float = LABEL_RADIUS,
) -> list[str]:
    """Each place's name once, under the middle of its points, with a white halo.

    A name that would cover a box in `avoid` (markers) or an earlier name is tried above
    its points and then further down; if nothing is free it stays in its first spot.
    """
    # Points of one place that lie close together share a label; a far-off point of the
    # same (large) postal area gets its own.
    clusters: list[tuple[str, list[tuple[float, float]]]] = []
    for place, xy in sorted(zip(places, coords, strict=True), key=lambda pc: pc[0]):
        if not place:
            continue
        for name, xys in clusters:
            cx, cy = sum(p[0] for p in xys) / len(xys), sum(p[1] for p in xys) / len(xys)
            if name == place and math.hypot(xy[0] - cx, xy[1] - cy) < merge_radius:
                xys.append(xy)
                break
        else:
            clusters.append((place, [xy]))
    taken = list(avoid)
    labels = []
    for place, xys in clusters:
        x = sum(p[0] for p in xys) / len(xys)
        below = max(p[1] for p in xys) + offset
        above = min(p[1] for p in xys) - offset - LABEL_FONT * 1.2
        anchor = "start" if x < width * 0.2 else "end" if x > width * 0.8 else "middle"
        candidates = [below, above] + [below + k * LABEL_FONT * 1.3 for k in range(1, 4)]
        if max_y is not None:
            candidates = [y for y in candidates if MARGIN / 2 <= y <= max_y] or [below]
        y = candidates[0]
        for candidate in candidates:
            box = _text_box(x, candidate, place, anchor, LABEL_FONT, hanging=True)
            if not any(_overlaps(box, other) for other in taken):
                y = candidate
                break
        taken.append(_text_box(x, y, place, anchor, LABEL_FONT, hanging=True))
        labels.append(
            f'<text x="{fmt(x)}" y="{fmt(y)}" text-anchor="{anchor}" '
            f'font-size="{LABEL_FONT}" dominant-baseline="hanging" '
            f'fill="{TEXT}" stroke="{WHITE}" stroke-width="4" paint-order="stroke" '
            f'aria-hidden="true">{escape(place)}</text>'
        )
    return labels


def marker_radius(marker: Marker) -> float:
    """How far the marker reaches from its centre (numbers of three digits need room)."""
    if marker.shape == NUMBERED:
        return max(marker.size, 4 + 5 * len(marker.number))
    if marker.shape == SQUARE:
        return marker.size * math.sqrt(2)
    return marker.size


def marker_svg(marker: Marker, x: float, y: float) -> str:
    """One marker at (x, y), with its label as a tooltip and its `text` beside it."""
    label = escape(marker.label)
    css = f' class="{escape(marker.css_class)}"' if marker.css_class else ""
    outline = f'stroke="{WHITE}" stroke-width="2"'
    if marker.shape == SQUARE:
        side = 2 * marker.size
        shape = (
            f'<rect{css} x="{fmt(x - marker.size)}" y="{fmt(y - marker.size)}" '
            f'width="{fmt(side)}" height="{fmt(side)}" fill="{marker.fill}" {outline}>'
            f"<title>{label}</title></rect>"
        )
    elif marker.shape == HOUSE:
        h = marker.size
        points = [
            (x - 0.8 * h, y + h),
            (x - 0.8 * h, y - 0.1 * h),
            (x - 1.1 * h, y - 0.1 * h),
            (x, y - 1.1 * h),
            (x + 1.1 * h, y - 0.1 * h),
            (x + 0.8 * h, y - 0.1 * h),
            (x + 0.8 * h, y + h),
        ]
        d = "M" + " L".join(f"{fmt(px)} {fmt(py)}" for px, py in points) + " Z"
        shape = (
            f'<path{css} d="{d}" fill="{marker.fill}" {outline} stroke-linejoin="round">'
            f"<title>{label}</title></path>"
        )
    elif marker.shape == NUMBERED:
        r = marker_radius(marker)
        shape = (
            f"<g{css}><title>{label}</title>"
            f'<circle cx="{fmt(x)}" cy="{fmt(y)}" r="{fmt(r)}" fill="{marker.fill}" {outline}/>'
            f'<text x="{fmt(x)}" y="{fmt(y)}" text-anchor="middle" dominant-baseline="central" '
            f'font-size="{fmt(r * 1.15)}" font-weight="700" fill="{WHITE}" aria-hidden="true">'
            f"{escape(marker.number)}</text></g>"
        )
    else:
        shape = (
            f'<circle{css} cx="{fmt(x)}" cy="{fmt(y)}" r="{fmt(marker.size)}" '
            f'fill="{marker.fill}" {outline}><title>{label}</title></circle>'
        )
    if not marker.text:
        return shape
    return shape + _beside(marker, x, y)


def _beside(marker: Marker, x: float, y: float) -> str:
    return (
        f'<text x="{fmt(x + marker_radius(marker) + 6)}" y="{fmt(y)}" '
        f'dominant-baseline="central" font-size="{LABEL_FONT + 1}" font-weight="600" '
        f'fill="{TEXT}" stroke="{WHITE}" stroke-width="4" paint-order="stroke" '
        f'aria-hidden="true">{escape(marker.text)}</text>'
    )


def _marker_box(marker: Marker, xy: tuple[float, float]) -> Box:
    r = marker_radius(marker)
    return (xy[0] - r, xy[1] - r, xy[0] + r, xy[1] + r)


def _text_beside(
    marker: Marker, xy: tuple[float, float], taken: Sequence[Box], width: int, height: float
) -> tuple[str, Box, bool]:
    """The marker's text right of it, or left, below or above (then further off): the first
    spot inside the frame that covers nothing in `taken`, else the one that covers least.
    Also says whether it covers something (then it is drawn under the markers)."""
    x, y = xy
    font = LABEL_FONT + 1
    gap = marker_radius(marker) + 6
    w = len(marker.text) * font * 0.6
    half = min(max(x, 4 + w / 2), width - 4 - w / 2)  # a centred text kept inside
    line = font * 1.2
    spots = [
        (x + gap, y, "start", False),
        (x - gap, y, "end", False),
        (half, y + gap - 2, "middle", True),
        (half, y - gap + 2 - line, "middle", True),
        (x + gap, y - line, "start", False),
        (x + gap, y + line, "start", False),
        (x - gap, y - line, "end", False),
        (x - gap, y + line, "end", False),
        # Further off, when markers crowd round it.
        (half, y + gap - 2 + line, "middle", True),
        (half, y - gap + 2 - 2 * line, "middle", True),
        (x + gap, y + 2 * line, "start", False),
        (x - gap, y + 2 * line, "end", False),
    ]
    best: tuple[float, int] | None = None
    for k, (tx, ty, anchor, hanging) in enumerate(spots):
        box = _text_box(tx, ty, marker.text, anchor, font, hanging)
        if box[0] < 2 or box[2] > width - 2 or box[1] < 2 or box[3] > height - MARGIN - 20:
            continue
        covered = sum(_overlap_area(box, other) for other in taken)
        if best is None or covered < best[0]:
            best = (covered, k)
        if covered == 0:
            break
    # Longer than the map is wide: centred below, as well as it goes.
    tx, ty, anchor, hanging = spots[best[1] if best is not None else 2]
    box = _text_box(tx, ty, marker.text, anchor, font, hanging)
    baseline = "hanging" if hanging else "central"
    svg = (
        f'<text x="{fmt(tx)}" y="{fmt(ty)}" text-anchor="{anchor}" '
        f'dominant-baseline="{baseline}" font-size="{font}" font-weight="600" '
        f'fill="{TEXT}" stroke="{WHITE}" stroke-width="4" paint-order="stroke" '
        f'aria-hidden="true">{escape(marker.text)}</text>'
    )
    return svg, box, best is not None and best[0] > 0


def svg_frame(
    body: Sequence[str],
    *,
    width: int,
    height: float,
    title: str,
    description: str,
    id_prefix: str,
    css_class: str,
) -> str:
    """The <svg> with role="img", its <title> and <desc>, a white ground and a border."""
    prefix = re.sub(r"[^A-Za-z0-9_-]", "", id_prefix) or "map"
    h = math.ceil(height)
    return "\n".join(
        [
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {h}" '
            f'role="img" aria-labelledby="{prefix}-title" aria-describedby="{prefix}-desc" '
            f'class="{escape(css_class)}" '
            f'font-family="Inter, system-ui, sans-serif">',
            f'<title id="{prefix}-title">{escape(title)}</title>',
            f'<desc id="{prefix}-desc">{escape(description)}</desc>',
            f'<rect x="1" y="1" width="{width - 2}" height="{h - 2}" '
            f'fill="{WHITE}" stroke="{FRAME}" stroke-width="1"/>',
            *body,
            "</svg>",
        ]
    )


def render_map(
    markers: Sequence[Marker],
    *,
    title: str,
    description: str,
    id_prefix: str = "map",
    css_class: str = "map",
    width: int = WIDTH,
    max_height: float = MAX_HEIGHT,
    declutter: bool = False,
) -> str:
    """The markers on a map, as an inline SVG string; "" when there is nothing to show.

    With `declutter`, markers are pushed apart until they do not overlap (for numbered
    markers, whose numbers must stay readable); otherwise only coinciding points are
    spread. Text written beside a marker goes right of it, or left, below or above —
    wherever it stays inside the frame and covers no other marker.
    """
    markers = [m for m in markers if m.lat is not None and m.lon is not None]
    if not markers:
        return ""
    proj = project([(m.lat, m.lon) for m in markers], width=width, max_height=max_height)
    reach = max(marker_radius(m) for m in markers)
    coords = spread(
        proj.coords,
        min_distance=2 * reach + 4 if declutter else 0.0,
        bounds=(MARGIN, MARGIN, width - MARGIN, proj.inner_bottom + reach) if declutter else None,
    )
    boxes = [_marker_box(m, xy) for m, xy in zip(markers, coords, strict=True)]
    order = sorted(range(len(markers)), key=lambda i: markers[i].layer)
    avoid = list(boxes)
    under: list[str] = []  # texts that could not find a free spot go under the markers
    over: list[str] = []
    for i in order:
        if markers[i].text:
            others = avoid[:i] + avoid[i + 1 :]
            text, box, covers = _text_beside(markers[i], coords[i], others, width, proj.height)
            (under if covers else over).append(text)
            avoid.append(box)
    body = [
        *under,
        *(marker_svg(replace(markers[i], text=""), *coords[i]) for i in order),
        *over,
    ]
    body.extend(
        place_labels(
            [m.place for m in markers],
            coords,
            width=width,
            offset=max(16.0, reach + 6) if declutter else 16.0,
            avoid=avoid if declutter else (),
            max_y=proj.height - MARGIN - 24 if declutter else None,
            merge_radius=2 * LABEL_RADIUS if declutter else LABEL_RADIUS,
        )
    )
    body.append(
        scale_bar(proj.km_per_px, proj.height, width=width, css_class=f"{css_class}__scale")
    )
    return svg_frame(
        body,
        width=width,
        height=proj.height,
        title=title,
        description=description,
        id_prefix=id_prefix,
        css_class=css_class,
    )
