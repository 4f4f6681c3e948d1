"""The shared SVG maps (samskap/core/maps.py): pure, no database."""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET

from hypothesis import given, settings
from hypothesis import strategies as st

from samskap.core.maps import (
    CIRCLE,
    HOUSE,
    MARGIN,
    NUMBERED,
    SQUARE,
    WIDTH,
    Marker,
    project,
    render_map,
    spread,
)

SVG = "{http://www.w3.org/2000/svg}"
latitudes = st.floats(min_value=58.0, max_value=71.0, allow_nan=False)
longitudes = st.floats(min_value=5.0, max_value=31.0, allow_nan=False)
# Points within a kommune-sized area (up to about 50 km across).
offsets = st.floats(min_value=-0.25, max_value=0.25, allow_nan=False)


def numbered(n: int, lat: float, lon: float, label: str = "", place: str = "") -> Marker:
    return Marker(
        lat=lat,
        lon=lon,
        label=label or f"Aktivitet {n}",
        shape=NUMBERED,
        fill="#0b4f8a",
        size=13,
        css_class="activity-map__activity",
        number=str(n),
        place=place,
    )


def draw(markers: list[Marker], **kwargs) -> str:
    kwargs.setdefault("title", "Kart over aktivitetene")
    kwargs.setdefault("description", "3 aktiviteter, nummerert som i lista.")
    return render_map(markers, **kwargs)


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - our own output, not untrusted input


def centres(svg: str) -> list[tuple[float, float]]:
    root = parse(svg)
    return [(float(c.get("cx")), float(c.get("cy"))) for c in root.iter(f"{SVG}circle")]


def view_box(svg: str) -> tuple[float, float]:
    _x, _y, w, h = (float(v) for v in parse(svg).get("viewBox").split())
    return w, h


@settings(max_examples=60, deadline=None)
@given(
    centre=st.tuples(latitudes, longitudes),
    points=st.lists(st.tuples(offsets, offsets), min_size=1, max_size=25),
)
def test_projection_keeps_every_point_inside_the_frame(centre, points):
    latlons = [(centre[0] + dlat, centre[1] + dlon) for dlat, dlon in points]
    proj = project(latlons)
    for x, y in proj.coords:
        assert MARGIN - 1e-6 <= x <= WIDTH - MARGIN + 1e-6
        assert MARGIN - 1e-6 <= y <= proj.inner_bottom + 1e-6
    assert proj.inner_bottom < proj.height - MARGIN


@settings(max_examples=40, deadline=None)
@given(
    centre=st.tuples(latitudes, longitudes),
    points=st.lists(st.tuples(offsets, offsets), min_size=1, max_size=20),
    width=st.sampled_from([360, 400, 640]),
)
def test_numbered_markers_stay_inside_the_map_and_do_not_overlap(centre, points, width):
    markers = [
        numbered(i, centre[0] + dlat, centre[1] + dlon) for i, (dlat, dlon) in enumerate(points, 1)
    ]
    svg = draw(markers, width=width, declutter=True)
    w, h = view_box(svg)
    found = centres(svg)
    assert len(found) == len(markers)
    for x, y in found:
        assert 13 <= x <= w - 13 and 13 <= y <= h - 13
    if len(found) <= 12:  # a dozen markers always find room; more may touch a little
        for i, a in enumerate(found):
            for b in found[i + 1 :]:
                assert math.dist(a, b) >= 2 * 13 - 0.5


def test_markers_at_one_spot_are_spread_apart():
    spot = [(100.0, 100.0)] * 4
    assert len(set(spread(spot))) == 4
    apart = spread(spot, min_distance=30)
    assert min(math.dist(a, b) for i, a in enumerate(apart) for b in apart[i + 1 :]) >= 29.9


def test_numbered_markers_carry_their_number_title_and_desc():
    svg = draw(
        [numbered(1, 61.24, 10.32), numbered(2, 61.25, 10.30), numbered(3, 61.24, 10.32)],
        id_prefix="activity-map",
        css_class="activity-map",
        declutter=True,
    )
    root = parse(svg)  # well-formed XML
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "activity-map-title"
    assert root.get("aria-describedby") == "activity-map-desc"
    assert root.find(f"{SVG}title").text == "Kart over aktivitetene"
    assert root.find(f"{SVG}desc").text == "3 aktiviteter, nummerert som i lista."
    groups = [g for g in root.iter(f"{SVG}g") if g.get("class") == "activity-map__activity"]
    assert [g.find(f"{SVG}text").text for g in groups] == ["1", "2", "3"]
    for g in groups:
        text = g.find(f"{SVG}text")
        assert text.get("fill") == "#ffffff" and text.get("font-weight") == "700"
        assert float(text.get("font-size")) >= 14  # legible, also when the map is drawn small
        assert g.find(f"{SVG}title").text.startswith("Aktivitet ")
    assert "style=" not in svg


def test_wide_numbers_get_a_bigger_circle():
    svg = draw([numbered(123, 61.24, 10.32)])
    circle = next(parse(svg).iter(f"{SVG}circle"))
    assert float(circle.get("r")) >= 19


def test_home_is_a_house_with_its_word_beside_it():
    home = Marker(61.2, 10.3, "Hjemme", shape=HOUSE, size=11, text="Hjemme", layer=1)
    svg = draw([numbered(1, 61.24, 10.32), home], declutter=True)
    root = parse(svg)
    paths = list(root.iter(f"{SVG}path"))
    assert len(paths) == 1 and paths[0].get("d").endswith("Z")
    assert any(t.text == "Hjemme" for t in root.iter(f"{SVG}text"))
    # The house is drawn after (on top of) the lower layer.
    assert svg.index("<path") > svg.index('class="activity-map__activity"')


def test_labels_places_and_title_are_escaped():
    svg = draw(
        [
            numbered(1, 61.24, 10.32, label='<script>alert("x")</script> & co', place="Å<b>"),
            Marker(61.25, 10.3, "Kari", shape=SQUARE, text="Hjem & <i>"),
        ],
        title="Kart <over> & «alt»",
        description='Beskrivelse "med" <tegn>',
        id_prefix='bad" id <x>',
    )
    parse(svg)  # still well-formed
    assert "<script>" not in svg and "<b>" not in svg and "<i>" not in svg
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co" in svg
    assert "Å&lt;b&gt;" in svg and "Hjem &amp; &lt;i&gt;" in svg
    assert "Kart &lt;over&gt; &amp; «alt»" in svg
    assert 'aria-labelledby="badidx-title"' in svg


def test_no_inline_styles_and_a_scale_bar():
    svg = draw(
        [
            numbered(1, 61.24, 10.32, place="Segalstad bru"),
            Marker(61.1, 10.46, "Behov", shape=CIRCLE, place="Lillehammer"),
            Marker(61.2, 10.3, "Hjem", shape=HOUSE, text="Hjemme"),
        ],
        css_class="activity-map",
        declutter=True,
    )
    assert not re.search(r"\sstyle=", svg)
    assert 'class="activity-map__scale"' in svg
    assert re.search(r">\d+(,\d)? km</text>", svg)


def test_place_names_do_not_cover_each_other():
    markers = [
        numbered(1, 61.24, 10.320, place="Forset"),
        numbered(2, 61.24, 10.321, place="Follebu"),
        numbered(3, 61.24, 10.322, place="Fåberg"),
    ]
    svg = draw(markers, width=400, declutter=True)
    boxes = []
    for t in parse(svg).iter(f"{SVG}text"):
        if t.get("dominant-baseline") != "hanging":
            continue
        w = len(t.text) * 14 * 0.6  # a generous estimate of the name's width
        x, y = float(t.get("x")), float(t.get("y"))
        x0 = {"start": x, "end": x - w}.get(t.get("text-anchor"), x - w / 2)
        boxes.append((x0, y, x0 + w, y + 14))
    assert len(boxes) == 3
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]), (a, b)


def test_nothing_to_show_is_an_empty_string():
    assert draw([]) == ""
