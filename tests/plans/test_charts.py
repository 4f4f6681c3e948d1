"""The goal trend chart: a server-rendered SVG. Pure: no database."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from samskap.plans.charts import (
    format_value,
    nice_ticks,
    render_trend_svg,
    short_date,
    text_width,
)

SVG = "{http://www.w3.org/2000/svg}"
START = dt.date(2026, 1, 5)


@pytest.fixture(autouse=True)
def bokmal():
    with translation.override("nb"):
        yield


def render(points, **kwargs):
    options = {"y_min": 0, "y_max": 10, "y_label": "PSFS (0–10)", "title": "Gå til postkassen"}
    return render_trend_svg(points, **(options | kwargs))


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)  # noqa: S314 - our own output, not untrusted input
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title is not None and title.text
    assert desc is not None and desc.text
    assert root.get("aria-labelledby") == title.get("id")
    assert root.get("aria-describedby") == desc.get("id")
    assert root.get("viewBox") and root.get("width") is None
    assert "style=" not in svg, "the Content Security Policy forbids inline styles"
    return root


def texts(root: ET.Element) -> list[ET.Element]:
    return [t for t in root.iter(f"{SVG}text") if (t.text or "").strip()]


def value_labels(root: ET.Element) -> list[ET.Element]:
    return [t for t in texts(root) if t.get("font-weight") == "bold" and t.get("paint-order")]


def weekly(values):
    return [(START + dt.timedelta(days=7 * i), v) for i, v in enumerate(values)]


def test_norwegian_short_dates_and_decimals():
    assert short_date(dt.date(2026, 3, 3)) == "3. mar"
    assert short_date(dt.date(2026, 5, 17)) == "17. mai"
    assert short_date(dt.date(2026, 12, 24)) == "24. des"
    assert format_value(4.5) == "4,5"
    assert format_value(7.0) == "7"
    assert format_value(-1) == "\u22121"


@pytest.mark.parametrize(
    ("low", "high", "expected"),
    [
        (0, 10, [0, 2, 4, 6, 8, 10]),
        (1, 10, [2, 4, 6, 8, 10]),
        (-2, 2, [-2, -1, 0, 1, 2]),
        (20, 80, [20, 40, 60, 80]),
    ],
)
def test_nice_ticks(low, high, expected):
    assert nice_ticks(low, high) == expected


def test_title_desc_and_title_text():
    root = parse(render(weekly([3, 4.5, 6]), threshold=6))
    assert root.find(f"{SVG}title").text == "Gå til postkassen"
    desc = root.find(f"{SVG}desc").text
    assert "3 målinger fra 5. januar 2026 til 19. januar 2026" in desc
    assert "Første verdi 3, siste verdi 6" in desc
    assert "Tydelig bedring ved 6" in desc


def test_one_point():
    root = parse(render([(dt.date(2026, 3, 3), 4)]))
    shown = [t.text for t in texts(root)]
    assert "4" in [t.text for t in value_labels(root)]
    assert "3. mar" in shown and "2026" in shown
    assert root.find(f".//{SVG}polyline") is None
    assert len(root.findall(f".//{SVG}circle")) == 1


def test_few_points_have_every_value_written_out():
    values = [3, 4, 4.5, 6, 7.5]
    root = parse(render(weekly(values)))
    assert [t.text for t in value_labels(root)] == [format_value(v) for v in values]
    assert len(root.find(f".//{SVG}polyline").get("points").split()) == len(values)


def test_thirty_points_keep_labels_apart_and_every_value_in_the_description():
    values = [round(2 + i * 0.2 + (i % 3) * 0.5, 1) for i in range(30)]
    root = parse(render(weekly(values)))
    assert len(root.findall(f".//{SVG}circle")) == 30
    labels = value_labels(root)
    assert 2 <= len(labels) < 30
    assert labels[-1].text == format_value(values[-1]), "the latest value is always written"
    xs = [float(t.get("x")) for t in labels]
    widest = max(text_width(t.text, 14, bold=True) for t in labels)
    assert all(b - a >= widest for a, b in zip(xs, xs[1:], strict=False))
    dates = [t for t in texts(root) if t.text.split(". ")[0].isdigit() and ". " in t.text]
    date_xs = [float(t.get("x")) for t in dates]
    assert all(b - a >= 50 for a, b in zip(date_xs, date_xs[1:], strict=False))
    desc = root.find(f"{SVG}desc").text
    for day, value in weekly(values):
        assert f"{short_date(day)}: {format_value(value)}" in desc
    for circle_group in root.iter(f"{SVG}g"):
        assert circle_group.find(f"{SVG}title").text  # a tooltip with date and value


def test_year_is_shown_when_it_changes():
    points = [(dt.date(2025, 12, 1), 3), (dt.date(2026, 2, 1), 5)]
    shown = [t.text for t in texts(parse(render(points)))]
    assert "2025" in shown and "2026" in shown


def test_threshold_is_a_dashed_line_when_it_is_on_the_scale():
    root = parse(render(weekly([3, 5]), threshold=6))
    dashed = [line for line in root.iter(f"{SVG}line") if line.get("stroke-dasharray")]
    assert len(dashed) == 2  # the line across the plot and its key above
    assert "Tydelig bedring: 6" in [t.text for t in texts(root)]
    root = parse(render(weekly([8, 9]), threshold=11))
    assert not [line for line in root.iter(f"{SVG}line") if line.get("stroke-dasharray")]


def test_gas_scale_with_negative_values():
    root = parse(render(weekly([-2, -1, 0, 1]), y_min=-2, y_max=2, y_label="GAS"))
    assert [t.text for t in value_labels(root)] == ["\u22122", "\u22121", "0", "1"]


def test_no_points():
    root = parse(render([]))
    assert "Ingen målinger ennå." in [t.text for t in texts(root)]


def test_text_is_escaped_and_readable():
    svg = render(weekly([1, 2]), title='Mål <1> & "to"', y_label="Skår & sånt")
    root = parse(svg)
    assert root.find(f"{SVG}title").text == 'Mål <1> & "to"'
    assert all(float(t.get("font-size")) >= 14 for t in texts(root))


def test_ids_differ_between_charts_on_one_page():
    first = parse(render(weekly([1, 2]), title="Første mål"))
    second = parse(render(weekly([1, 2]), title="Andre mål"))
    assert first.get("aria-labelledby") != second.get("aria-labelledby")


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2030, 12, 31)),
            st.floats(min_value=0, max_value=10, allow_nan=False).map(lambda v: round(v, 1)),
        ),
        max_size=40,
    )
)
def test_any_series_gives_a_well_formed_svg(points):
    root = parse(render(points, threshold=5))
    for element in root.iter():
        for attribute in ("x", "y", "cx", "cy", "x1", "x2", "y1", "y2"):
            if element.get(attribute) is not None:
                assert 0 <= float(element.get(attribute)) <= 640
