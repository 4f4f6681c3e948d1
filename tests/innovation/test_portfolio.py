"""The barometer and the four keys diagram on plain values (no database)."""

from __future__ import annotations

import xml.etree.ElementTree as ET  # our own SVG, not untrusted input

from samskap.innovation.portfolio import (
    AdoptionFacts,
    InitiativeFacts,
    actively_spread,
    barometer,
    dot_radius,
    keys_diagram_svg,
)

KEYS = {"purpose": 1, "resources": 2, "power": 0, "relations": 3}


def facts(slug, owner, phase="implementation", keys=KEYS):
    return InitiativeFacts(slug, slug.title(), owner, phase, keys)


def test_spread_needs_another_kommune_taking_it_into_use_or_the_spreading_phase():
    hverdag = facts("hverdagshjelpen", "Lyngdal")
    assert not actively_spread(hverdag, [])
    considering = AdoptionFacts("hverdagshjelpen", "Ringebu", "considering")
    assert not actively_spread(hverdag, [considering])
    assert not actively_spread(hverdag, [AdoptionFacts("hverdagshjelpen", "Lyngdal", "adopted")])
    assert not actively_spread(hverdag, [AdoptionFacts("annet", "Ringebu", "adopted")])
    assert actively_spread(hverdag, [AdoptionFacts("hverdagshjelpen", "Ringebu", "adopting")])
    assert actively_spread(facts("digital", "Våler", phase="spreading"), [])


def test_barometer_counts_per_kommune_and_phases():
    initiatives = [
        facts("hverdagshjelpen", "Lyngdal"),
        facts("sterk", "Lyngdal"),
        facts("modell", "Trondheim", phase="development"),
        facts("digital", "Våler", phase="spreading"),
    ]
    adoptions = [
        AdoptionFacts("hverdagshjelpen", "Ringebu", "adopted"),
        AdoptionFacts("sterk", "Gausdal", "adopted"),
        AdoptionFacts("sterk", "Ringebu", "considering"),
    ]
    result = barometer(initiatives, adoptions)
    assert (result.total, result.spread) == (4, 3)
    assert result.share_spread == 0.75
    assert result.phases == {
        "exploration": 0, "development": 1, "implementation": 2, "spreading": 1,
    }  # fmt: skip
    rows = {r.kommune: r for r in result.rows}
    assert (rows["Lyngdal"].own, rows["Lyngdal"].spread, rows["Lyngdal"].share_spread) == (2, 2, 1)
    assert (rows["Ringebu"].own, rows["Ringebu"].adopted_from_others) == (0, 1)
    assert rows["Ringebu"].share_spread is None
    assert rows["Trondheim"].spread == 0
    assert barometer([], []).share_spread is None


def test_diagram_is_valid_svg_with_one_row_per_initiative_and_escaped_names():
    rows = [facts("a", "Oslo"), InitiativeFacts("b", "Mat & <fellesskap>", "Oslo", "spreading",
                                                {"purpose": 3})]  # fmt: skip
    svg = keys_diagram_svg(
        rows, key_labels={"purpose": "Formål", "resources": "Ressurser", "power": "Makt",
                          "relations": "Relasjoner"},
        title="De fire nøklene", description="Én rad per initiativ",
    )  # fmt: skip
    root = ET.fromstring(svg)  # noqa: S314
    ns = {"s": "http://www.w3.org/2000/svg"}
    assert root.get("role") == "img"
    assert root.find("s:title", ns).text == "De fire nøklene"
    svg_ns = "{http://www.w3.org/2000/svg}"
    labels = [t for t in root.iter(f"{svg_ns}text") if t.get("class") == "keys-label"]
    assert len(labels) == 2 and labels[1].text.startswith("Mat & <fellesskap>")
    dots = [c for c in root.iter(f"{svg_ns}circle") if c.get("class") == "keys-dot"]
    # a: three keys > 0; b: only purpose.
    assert sorted(int(d.get("data-strength")) for d in dots) == [1, 2, 3, 3]
    assert dot_radius(0) == 0 and dot_radius(1) < dot_radius(2) < dot_radius(3)
