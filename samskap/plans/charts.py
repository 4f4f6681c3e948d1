"""Server-rendered SVG charts: a goal's scores over time.

Pure: dates and numbers in, an SVG string out. No inline styles (the Content Security Policy
forbids them), only presentation attributes; `role="img"` with <title> and <desc>, so screen
readers get the numbers as text.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import re
from collections.abc import Sequence

from django.utils import dateformat, formats
from django.utils.translation import gettext, ngettext, pgettext

from samskap.plans.network import FONT_FAMILY, MUTED, TEXT, fmt, text_width, xml_text

WIDTH, HEIGHT = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 52, 24, 48, 58  # margins around the plot area
PAD = 20  # between the y axis and the first point, and after the last
TICK_SIZE = VALUE_SIZE = LABEL_SIZE = 14
LINE_COLOUR = "#1d4f91"  # 8.1:1 on white
THRESHOLD_COLOUR = "#1b6b3a"  # 6.5:1 on white
GRID_COLOUR = "#d9d9d9"
AXIS_COLOUR = "#595959"


def short_date(day: dt.date) -> str:
    """A short date such as "3. mar" (bokmål and nynorsk), in the active language."""
    # Translators: Django date format for chart axes (day and short month), e.g. "j M" in English.
    return dateformat.format(day, pgettext("chart date", "j. b"))


def long_date(day: dt.date) -> str:
    return dateformat.format(day, pgettext("chart date", "j. F Y"))


def format_value(value: float) -> str:
    """7 or 7,5 with the active language's decimal separator, and a real minus sign."""
    decimals = 0 if float(value).is_integer() else 1
    return formats.number_format(value, decimals).replace("-", "\u2212")


def nice_ticks(low: float, high: float, *, most: int = 6) -> list[float]:
    """Evenly spaced round numbers between low and high (inclusive), at most `most` of them."""
    span = high - low
    if span <= 0:
        return [low]
    raw = span / (most - 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw - 1e-9)
    first = math.ceil(low / step - 1e-9) * step
    ticks = []
    value = first
    while value <= high + 1e-9:
        ticks.append(round(value, 6))
        value += step
    return ticks


def _spaced(xs: Sequence[float], gap: float) -> list[int]:
    """Indices of xs (sorted) that can carry a label `gap` apart; the first and last always."""
    if not xs:
        return []
    chosen = [0]
    for i in range(1, len(xs)):
        if xs[i] - xs[chosen[-1]] >= gap:
            chosen.append(i)
    last = len(xs) - 1
    if chosen[-1] != last:
        while len(chosen) > 1 and xs[last] - xs[chosen[-1]] < gap:
            chosen.pop()
        if xs[last] - xs[chosen[-1]] >= gap:
            chosen.append(last)
        elif len(chosen) == 1 and chosen[0] != last:
            # Only room for one label: show the latest, it matters most.
            chosen = [last]
    return chosen


def trend_description(
    points: Sequence[tuple[dt.date, float]], *, title: str, threshold: float | None
) -> str:
    if not points:
        return gettext("%(title)s: ingen målinger ennå.") % {"title": title}
    first, last = points[0], points[-1]
    sentences = [
        ngettext(
            "%(title)s: én måling, %(first)s.",
            "%(title)s: %(count)d målinger fra %(first)s til %(last)s.",
            len(points),
        )
        % {
            "title": title,
            "count": len(points),
            "first": long_date(first[0]),
            "last": long_date(last[0]),
        }
    ]
    if len(points) > 1:
        sentences.append(
            gettext("Første verdi %(first)s, siste verdi %(last)s.")
            % {"first": format_value(first[1]), "last": format_value(last[1])}
        )
    if threshold is not None:
        sentences.append(
            gettext("Tydelig bedring ved %(value)s.") % {"value": format_value(threshold)}
        )
    sentences.append(
        gettext("Alle verdier: %(values)s.")
        % {"values": "; ".join(f"{short_date(d)}: {format_value(v)}" for d, v in points)}
    )
    return " ".join(sentences)


def render_trend_svg(
    points: Sequence[tuple[dt.date, float]],
    *,
    y_min: float,
    y_max: float,
    y_label: str,
    title: str,
    threshold: float | None = None,
    id_prefix: str | None = None,
) -> str:
    """A line chart of scores over time, dates on x, the scale on y.

    `threshold` (baseline + the smallest important change) is drawn as a dashed line when it
    lies on the scale. Points are spaced by date; values are written above the points where
    there is room, and every value is in the <desc> and in each point's tooltip.
    """
    points = sorted(points, key=lambda p: p[0])
    if y_max <= y_min:
        y_max = y_min + 1
    if id_prefix is None:
        digest = hashlib.sha1(  # noqa: S324 - an element id, not security
            repr((title, y_label, y_min, y_max, threshold, points)).encode()
        ).hexdigest()[:10]
        id_prefix = f"trend-{digest}"
    prefix = re.sub(r"[^A-Za-z0-9_-]", "", id_prefix) or "trend"
    desc = trend_description(points, title=title, threshold=threshold)

    plot_l, plot_r = LEFT, WIDTH - RIGHT
    plot_t, plot_b = TOP, HEIGHT - BOTTOM

    def y_at(value: float) -> float:
        value = min(max(value, y_min), y_max)
        return plot_b - (value - y_min) / (y_max - y_min) * (plot_b - plot_t)

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="{prefix}-title" aria-describedby="{prefix}-desc" '
        f'class="trend-chart" font-family="{xml_text(FONT_FAMILY)}">',
        f'<title id="{prefix}-title">{xml_text(title)}</title>',
        f'<desc id="{prefix}-desc">{xml_text(desc)}</desc>',
        f'<rect x="0" y="0" width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>',
        f'<text x="{plot_l - 40}" y="22" font-size="{LABEL_SIZE}" font-weight="bold" '
        f'fill="{TEXT}">{xml_text(y_label)}</text>',
    ]
    # The y axis: grid lines and tick labels.
    for tick in nice_ticks(y_min, y_max):
        ty = y_at(tick)
        out.append(
            f'<line x1="{plot_l}" y1="{fmt(ty)}" x2="{plot_r}" y2="{fmt(ty)}" '
            f'stroke="{GRID_COLOUR}" stroke-width="1"/>'
        )
        out.append(
            f'<text x="{plot_l - 8}" y="{fmt(ty + 5)}" text-anchor="end" '
            f'font-size="{TICK_SIZE}" fill="{MUTED}">{xml_text(format_value(tick))}</text>'
        )
    out.append(
        f'<line x1="{plot_l}" y1="{plot_t - 8}" x2="{plot_l}" y2="{plot_b}" '
        f'stroke="{AXIS_COLOUR}" stroke-width="1.5"/>'
        f'<line x1="{plot_l}" y1="{plot_b}" x2="{plot_r}" y2="{plot_b}" '
        f'stroke="{AXIS_COLOUR}" stroke-width="1.5"/>'
    )
    if threshold is not None and y_min <= threshold <= y_max:
        ty = y_at(threshold)
        label = gettext("Tydelig bedring: %(value)s") % {"value": format_value(threshold)}
        out.append(
            f'<line x1="{plot_l}" y1="{fmt(ty)}" x2="{plot_r}" y2="{fmt(ty)}" '
            f'stroke="{THRESHOLD_COLOUR}" stroke-width="2" stroke-dasharray="8 5"/>'
        )
        # Its key sits above the plot, where it never covers a point.
        key_x = plot_r - text_width(label, LABEL_SIZE) - 8
        out.append(
            f'<line x1="{fmt(key_x - 30)}" y1="17" x2="{fmt(key_x)}" y2="17" '
            f'stroke="{THRESHOLD_COLOUR}" stroke-width="2" stroke-dasharray="8 5"/>'
        )
        out.append(
            f'<text x="{plot_r}" y="22" text-anchor="end" font-size="{LABEL_SIZE}" '
            f'fill="{THRESHOLD_COLOUR}">{xml_text(label)}</text>'
        )

    if not points:
        empty = gettext("Ingen målinger ennå.")
        out.append(
            f'<text x="{(plot_l + plot_r) / 2}" y="{(plot_t + plot_b) / 2}" text-anchor="middle" '
            f'font-size="{LABEL_SIZE + 1}" fill="{MUTED}">'
            f"{xml_text(empty)}</text>"
        )
        out.append("</svg>")
        return "\n".join(out)

    first_day, last_day = points[0][0], points[-1][0]
    span_days = (last_day - first_day).days
    inner_l, inner_r = plot_l + PAD, plot_r - PAD

    def x_at(day: dt.date) -> float:
        if span_days == 0:
            return (inner_l + inner_r) / 2
        return inner_l + (day - first_day).days / span_days * (inner_r - inner_l)

    xy = [(x_at(d), y_at(v)) for d, v in points]
    if len(xy) > 1:
        coords = " ".join(f"{fmt(x)},{fmt(y)}" for x, y in xy)
        out.append(
            f'<polyline points="{coords}" fill="none" stroke="{LINE_COLOUR}" stroke-width="3" '
            f'stroke-linejoin="round" stroke-linecap="round"/>'
        )
    for (day, value), (x, y) in zip(points, xy, strict=True):
        out.append(
            f"<g><title>{xml_text(short_date(day))}: {xml_text(format_value(value))}</title>"
            f'<circle cx="{fmt(x)}" cy="{fmt(y)}" r="5.5" fill="{LINE_COLOUR}" '
            f'stroke="#ffffff" stroke-width="2"/></g>'
        )

    # Values above the points, where there is room for them.
    widest_value = max(text_width(format_value(v), VALUE_SIZE, bold=True) for _d, v in points)
    for i in _spaced([x for x, _y in xy], widest_value + 8):
        x, y = xy[i]
        out.append(
            f'<text x="{fmt(x)}" y="{fmt(y - 11)}" text-anchor="middle" font-size="{VALUE_SIZE}" '
            f'font-weight="bold" fill="{TEXT}" stroke="#ffffff" stroke-width="4" '
            f'stroke-linejoin="round" paint-order="stroke">'
            f"{xml_text(format_value(points[i][1]))}</text>"
        )

    # Dates under the axis; the year under the first date and wherever the year changes.
    days = sorted({d for d, _v in points})
    widest_date = max(text_width(short_date(d), TICK_SIZE) for d in days)
    day_xs = [x_at(d) for d in days]
    previous_year = None
    for i in _spaced(day_xs, widest_date + 14):
        day, x = days[i], day_xs[i]
        out.append(
            f'<line x1="{fmt(x)}" y1="{plot_b}" x2="{fmt(x)}" y2="{plot_b + 6}" '
            f'stroke="{AXIS_COLOUR}" stroke-width="1.5"/>'
        )
        out.append(
            f'<text x="{fmt(x)}" y="{plot_b + 23}" text-anchor="middle" font-size="{TICK_SIZE}" '
            f'fill="{TEXT}">{xml_text(short_date(day))}</text>'
        )
        if day.year != previous_year:
            out.append(
                f'<text x="{fmt(x)}" y="{plot_b + 42}" text-anchor="middle" '
                f'font-size="{TICK_SIZE}" fill="{MUTED}">{day.year}</text>'
            )
            previous_year = day.year
    out.append("</svg>")
    return "\n".join(out)
