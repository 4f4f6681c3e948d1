"""The network map: gap rules on the interview cases, ties from models, and the SVG.

The gap rules and the drawing are pure (no database); one integration test builds the map
from the demo cast. The cases are modelled on Eli, Torleif and Lars in the Omsorg 3.0
interview report (docs/network-map.md quotes them).
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from samskap.people.models import Person, Relation, RelationKind
from samskap.plans.models import OrganisationTie
from samskap.plans.network import (
    GAP_MESSAGES,
    GROUP_COLOURS,
    GROUPS,
    MUTED,
    NEARBY_KM,
    NO_SOCIAL_OUTSIDE_FAMILY,
    NOBODY_NEARBY,
    ONE_RELATIVE_CARRIES_EVERYTHING,
    TEXT,
    WARNING,
    WIDTH,
    Tie,
    find_gaps,
    gap_suggestion,
    haversine_km,
    render_network_svg,
    ties_from,
)

SVG = "{http://www.w3.org/2000/svg}"


def codes(ties):
    return [gap.code for gap in find_gaps(ties)]


# --- The interview cases ---------------------------------------------------------------------

ELI = [
    # Axel lives with her and "ordner det meste": gets her up, helps her to the toilet.
    Tie("Axel Haugen", "family", "Ektefelle/samboer", ("practical", "care"), "daily", 0.0, True),
    # Two grown children who do not live nearby: phone and the odd visit.
    Tie("Ingrid Haugen", "family", "Barn", ("social",), "rarely", 140.0, False),
    # Home nursing turns her at night and helps her shower.
    Tie("Trine Nordby", "services", "Ansatt som følger opp", ("care",), "daily", 2.8, False),
]

TORLEIF = [
    # Three children and grandchildren who help with the flower beds and the lawn.
    Tie("Kari Bakken Lund", "family", "Barn", ("practical", "social"), "monthly", 38.0, False),
    Tie("Per Bakken", "family", "Barn", ("practical",), "monthly", 25.0, False),
    Tie("Emma Lund", "family", "Annen familie", ("practical",), "monthly", 38.0, False),
    # Home help every 14 days with his medicines; a safety alarm.
    Tie("Hjemmehjelpen", "services", "Kommunal tjeneste", ("practical", "care"), "weekly"),
    Tie("Trygghetsalarm", "services", "Kommunal tjeneste", ("care",), ""),
]

LARS = [
    # He eats every meal with the other residents at the senior centre: "koselig".
    Tie("Kåre Nyløkken", "friends", "Venn", ("social",), "daily", 0.0, True),
    Tie("Tretten eldresenter", "organisations", "Lag eller forening", ("social",), "daily"),
    # Several evenings a week with a friend who lives some distance away.
    Tie("Geir Storhaug", "friends", "Venn", ("social", "transport"), "weekly", 14.0, False),
    Tie("Mona Moen", "family", "Barn", ("social",), "monthly", 30.0, False),
    # Medicines from the night staff every morning, talks with the psychiatric nurse.
    Tie("Nattvakta", "services", "Kommunal tjeneste", ("care",), "daily"),
    Tie("Psykiatrisk sykepleier", "services", "Kommunal tjeneste", ("advice",), "weekly"),
]


def test_eli_has_all_three_gaps():
    assert codes(ELI) == [NO_SOCIAL_OUTSIDE_FAMILY, NOBODY_NEARBY, ONE_RELATIVE_CARRIES_EVERYTHING]


def test_torleif_has_nobody_nearby_and_nobody_outside_the_family():
    assert codes(TORLEIF) == [NO_SOCIAL_OUTSIDE_FAMILY, NOBODY_NEARBY]


def test_lars_has_no_gaps():
    assert codes(LARS) == []


def test_no_ties_means_nobody_to_be_with_and_nobody_nearby():
    assert codes([]) == [NO_SOCIAL_OUTSIDE_FAMILY, NOBODY_NEARBY]


# --- Rule: no_social_outside_family ---------------------------------------------------------


def tie(name="Ola", group="friends", support=("social",), frequency="weekly", km=1.0, home=False):
    relation = {"family": "Barn", "friends": "Venn"}.get(group, group)
    return Tie(name, group, relation, tuple(support), frequency, km, home)


@pytest.mark.parametrize("group", ["friends", "neighbours", "volunteers", "organisations"])
def test_social_support_outside_the_family_closes_the_gap(group):
    assert NO_SOCIAL_OUTSIDE_FAMILY not in codes([tie(group=group)])


@pytest.mark.parametrize("group", ["family", "services"])
def test_social_support_from_family_or_services_does_not_count(group):
    assert NO_SOCIAL_OUTSIDE_FAMILY in codes([tie(group=group)])


def test_an_organisation_counts_only_if_they_meet_people_there():
    small_jobs = tie("Småjobbsentralen", "organisations", support=("practical",), km=None)
    senior_centre = tie("Eldresenteret", "organisations", support=("social",), km=None)
    assert NO_SOCIAL_OUTSIDE_FAMILY in codes([small_jobs])
    assert NO_SOCIAL_OUTSIDE_FAMILY not in codes([small_jobs, senior_centre])


def test_a_friend_who_only_helps_in_practice_is_not_company():
    assert NO_SOCIAL_OUTSIDE_FAMILY in codes([tie(support=("practical", "transport"))])


# --- Rule: nobody_nearby --------------------------------------------------------------------


def test_someone_exactly_at_the_threshold_is_nearby():
    assert NOBODY_NEARBY not in codes([tie(km=NEARBY_KM)])
    assert NOBODY_NEARBY in codes([tie(km=NEARBY_KM + 0.1)])


def test_the_household_does_not_count_as_someone_who_drops_in():
    assert NOBODY_NEARBY in codes([tie("Axel", "family", km=0.0, home=True)])


def test_friends_at_the_same_address_live_in_the_same_building_and_count():
    # Sheltered housing and blocks of flats share a street address.
    assert NOBODY_NEARBY not in codes([tie("Kåre", "friends", km=0.0, home=True)])


def test_services_nearby_do_not_count():
    assert NOBODY_NEARBY in codes([tie("Trine", "services", km=0.5)])


def test_unknown_distance_counts_only_for_neighbours():
    assert NOBODY_NEARBY in codes([tie("Venn", "friends", km=None)])
    assert NOBODY_NEARBY not in codes([tie("Nabo", "neighbours", km=None)])


# --- Rule: one_relative_carries_everything --------------------------------------------------


def test_one_family_member_giving_all_hands_on_help_is_a_gap():
    axel = tie("Axel", "family", ("transport",), home=True)
    assert ONE_RELATIVE_CARRIES_EVERYTHING in codes([axel, tie("Venn", support=("social",))])


def test_two_helpers_share_the_load():
    axel = tie("Axel", "family", ("practical", "care"))
    neighbour = tie("Nabo", "neighbours", ("practical",))
    assert ONE_RELATIVE_CARRIES_EVERYTHING not in codes([axel, neighbour])


def test_a_single_helper_who_is_not_family_is_not_this_gap():
    assert ONE_RELATIVE_CARRIES_EVERYTHING not in codes(
        [tie("Julie", "volunteers", ("practical",))]
    )


def test_services_do_not_relieve_the_relative():
    axel = tie("Axel", "family", ("practical", "care"))
    home_nursing = tie("Hjemmesykepleien", "services", ("practical", "care"))
    assert ONE_RELATIVE_CARRIES_EVERYTHING in codes([axel, home_nursing])


def test_family_member_doing_three_kinds_while_nobody_else_helps_in_practice():
    kari = tie("Kari", "family", ("care", "social", "advice", "transport"))
    grandson = tie("Jonas", "family", ("transport",))  # a second helper, but only driving
    assert ONE_RELATIVE_CARRIES_EVERYTHING in codes([kari, grandson])
    neighbour = tie("Nabo", "neighbours", ("practical",))
    assert ONE_RELATIVE_CARRIES_EVERYTHING not in codes([kari, grandson, neighbour])


def test_nobody_giving_hands_on_help_is_not_this_gap():
    assert ONE_RELATIVE_CARRIES_EVERYTHING not in codes([tie("Kari", "family", ("social",))])


# --- Messages and suggestions ---------------------------------------------------------------


def test_messages_are_bokmal_and_every_gap_has_a_suggestion():
    with translation.override("nb"):
        messages = {gap.code: str(gap.message) for gap in find_gaps(ELI)}
        assert messages == {
            NO_SOCIAL_OUTSIDE_FAMILY: "Ingen å være sammen med utenom familien",
            NOBODY_NEARBY: "Ingen i nærheten som kan stikke innom",
            ONE_RELATIVE_CARRIES_EVERYTHING: "Én pårørende bærer alt",
        }
        assert "besøksvenn" in str(gap_suggestion(NO_SOCIAL_OUTSIDE_FAMILY))
        assert "avlastning" in str(gap_suggestion(ONE_RELATIVE_CARRIES_EVERYTHING))
    for code in GAP_MESSAGES:
        assert str(gap_suggestion(code))
    assert gap_suggestion("unknown") == ""


# --- Distances and ties from models (unsaved instances: no database) -----------------------


def test_haversine_known_distances():
    lillehammer, ringebu = (61.1153, 10.4662), (61.5294, 10.1389)
    assert haversine_km(*lillehammer, *ringebu) == pytest.approx(48.9, abs=0.5)
    assert haversine_km(*lillehammer, *lillehammer) == 0


def person(given, family, address="", postal="", lat=None, lon=None):
    return Person(
        given_name=given,
        family_name=family,
        street_address=address,
        postal_code=postal,
        latitude=lat,
        longitude=lon,
    )


def test_ties_from_maps_kinds_to_groups_and_measures_distance():
    eli = person("Eli", "Haugen", "Vestringsvegen 12", "2651", 61.2402, 10.3221)
    axel = person("Axel", "Haugen", "Vestringsvegen  12", "2651")  # no coordinates
    trine = person("Trine", "Nordby", "Bjørnstjerne Bjørnsons veg 9", "2656", 61.2290, 10.2750)
    nabo = person("Gunnar", "Skar", "Vestringsvegen 14", "2651", 61.2405, 10.3230)
    old_friend = person("Bjørg", "Lie")
    relations = [
        Relation(person=eli, other=axel, kind=RelationKind.SPOUSE, support=["practical", "care"]),
        Relation(person=eli, other=trine, kind=RelationKind.STAFF, frequency="daily"),
        Relation(person=eli, other=nabo, kind=RelationKind.NEIGHBOUR, support=["social"]),
        Relation(
            person=eli, other=old_friend, kind=RelationKind.FRIEND, end_date=dt.date(2020, 1, 1)
        ),
    ]
    orgs = [
        OrganisationTie(name="Gausdal frivilligsentral", is_service=False, support=["social"]),
        OrganisationTie(name="Hjemmetjenesten", is_service=True, frequency="weekly"),
    ]
    with translation.override("nb"):
        ties = ties_from(eli, relations, orgs, today=dt.date(2026, 2, 1))
    by_name = {t.name: t for t in ties}
    assert set(by_name) == {
        "Axel Haugen",
        "Trine Nordby",
        "Gunnar Skar",
        "Gausdal frivilligsentral",
        "Hjemmetjenesten",
    }, "the ended friendship is left out"
    assert by_name["Axel Haugen"].group == "family"
    assert by_name["Axel Haugen"].same_household, "same address, spacing ignored"
    assert by_name["Axel Haugen"].distance_km is None
    assert by_name["Axel Haugen"].support == ("practical", "care")
    assert by_name["Axel Haugen"].relation_label == "Ektefelle/samboer"
    assert by_name["Trine Nordby"].group == "services"
    assert by_name["Trine Nordby"].distance_km == pytest.approx(2.81, abs=0.02)
    assert by_name["Trine Nordby"].frequency == "daily"
    assert by_name["Gunnar Skar"].group == "neighbours"
    assert by_name["Gunnar Skar"].distance_km < 0.1
    assert not by_name["Gunnar Skar"].same_household
    assert by_name["Gausdal frivilligsentral"].group == "organisations"
    assert by_name["Hjemmetjenesten"].group == "services"
    assert by_name["Hjemmetjenesten"].frequency == "weekly"


def test_ties_from_same_household_by_coordinates():
    a = person("A", "A", lat=61.0, lon=10.0)
    b = person("B", "B", lat=61.0002, lon=10.0002)
    (t,) = ties_from(a, [Relation(person=a, other=b, kind="child")], [], today=dt.date(2026, 1, 1))
    assert t.same_household and t.distance_km < 0.05


# --- The SVG --------------------------------------------------------------------------------


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)  # noqa: S314 - our own output, not untrusted input
    assert root.tag == f"{SVG}svg"
    return root


def assert_accessible(root: ET.Element, svg: str) -> None:
    assert root.get("role") == "img"
    title = root.find(f"{SVG}title")
    desc = root.find(f"{SVG}desc")
    assert title is not None and title.text
    assert desc is not None and desc.text
    assert root.get("aria-labelledby") == title.get("id")
    assert root.get("aria-describedby") == desc.get("id")
    assert root.get("viewBox")
    assert root.get("width") is None, "no fixed size: the viewBox scales to the screen"
    assert "style=" not in svg, "the Content Security Policy forbids inline styles"
    assert root.find(f".//{SVG}style") is None


def font_sizes(root: ET.Element) -> list[float]:
    """The effective font size of every element that holds text."""
    parents = {child: parent for parent in root.iter() for child in parent}
    sizes = []
    for element in root.iter():
        if element.tag not in (f"{SVG}text", f"{SVG}tspan") or not (element.text or "").strip():
            continue
        node, size = element, None
        while node is not None and size is None:
            size = node.get("font-size")
            node = parents.get(node)
        assert size is not None, f"no font size for {element.text!r}"
        sizes.append(float(size))
    return sizes


def relative_luminance(colour: str) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


@pytest.mark.parametrize("colour", [*GROUP_COLOURS.values(), TEXT, MUTED, WARNING])
def test_colours_meet_wcag_aa_for_text_on_white(colour):
    assert 1.05 / (relative_luminance(colour) + 0.05) >= 4.5


def test_every_group_has_its_own_colour():
    assert set(GROUP_COLOURS) == set(GROUPS)
    assert len(set(GROUP_COLOURS.values())) == len(GROUPS)


def test_eli_map_is_accessible_and_shows_her_gaps():
    with translation.override("nb"):
        svg = render_network_svg("Eli Haugen", ELI, find_gaps(ELI))
    root = parse(svg)
    assert_accessible(root, svg)
    assert root.find(f"{SVG}title").text == "Nettverkskart for Eli Haugen"
    desc = root.find(f"{SVG}desc").text
    assert "Axel Haugen" in desc and "Én pårørende bærer alt" in desc
    texts = " ".join(t.strip() for t in root.itertext())
    for label in ("Familie", "Tjenester", "Venner", "ingen registrert", "Hull i nettverket"):
        assert label in texts
    assert "Ingen i nærheten som kan stikke innom" in texts
    assert min(font_sizes(root)) >= 14


def test_line_thickness_and_dashes_follow_frequency():
    ties = [
        tie("Daglig", frequency="daily"),
        tie("Ukentlig", frequency="weekly"),
        tie("Månedlig", frequency="monthly"),
        tie("Sjelden", frequency="rarely"),
    ]
    root = parse(render_network_svg("Eli Haugen", ties, []))
    lines = root.find(f".//{SVG}g[@class='network-map__lines']")
    widths = sorted(float(line.get("stroke-width")) for line in lines)
    assert widths[-1] >= 2 * widths[1] > widths[0]
    dashed = [line for line in lines if line.get("stroke-dasharray")]
    assert len(dashed) == 1


def test_names_are_escaped():
    ties = [tie('Ola "Nabo" <b>&</b>', "neighbours"), tie("Åse Ænes Øyen", "family")]
    svg = render_network_svg("Kari & <Co>", ties, find_gaps(ties))
    assert "<b>" not in svg and "<Co>" not in svg
    assert "Ola &quot;Nabo&quot; &lt;b&gt;&amp;&lt;/b&gt;" in svg
    root = parse(svg)
    assert 'Ola "Nabo" <b>&</b>' in root.find(f"{SVG}desc").text
    assert "Åse Ænes Øyen" in "".join(root.itertext())


def test_no_ties_shows_the_person_alone_with_a_message():
    with translation.override("nb"):
        svg = render_network_svg("Lars Moen", [], find_gaps([]))
    root = parse(svg)
    assert_accessible(root, svg)
    texts = "".join(root.itertext())
    assert "Lars Moen" in texts
    assert "Ingen er registrert i nettverket ennå." in texts
    assert root.find(f".//{SVG}line") is None


def many_ties(count: int) -> list[Tie]:
    frequencies = ["daily", "weekly", "monthly", "rarely", ""]
    supports = [("social",), ("practical", "care"), ("transport", "advice", "social"), ()]
    return [
        Tie(
            f"Fornavn{i} Etternavn-Dobbeltnavnsen{i}",
            GROUPS[i % len(GROUPS)] if i % 4 else "family",
            "Barn",
            supports[i % len(supports)],
            frequencies[i % len(frequencies)],
            float(i),
            False,
        )
        for i in range(count)
    ]


def label_rows(root: ET.Element) -> dict[str, list[tuple[float, float]]]:
    """(y, x) of every line of label text, by column (text-anchor start = right)."""
    labels = root.find(f".//{SVG}g[@class='network-map__labels']")
    columns: dict[str, list[tuple[float, float]]] = {"start": [], "end": []}
    for text in labels.iter(f"{SVG}text"):
        anchor = text.get("text-anchor")
        if text.get("y") is not None:
            columns[anchor].append((float(text.get("y")), float(text.get("x"))))
        for tspan in text.iter(f"{SVG}tspan"):
            if tspan.get("y") is not None:
                columns[anchor].append((float(tspan.get("y")), float(tspan.get("x"))))
    return columns


@pytest.mark.parametrize("count", [1, 2, 6, 15, 25])
def test_labels_never_share_a_line_and_stay_on_the_canvas(count):
    ties = many_ties(count)
    svg = render_network_svg("Torleif Bakken", ties, find_gaps(ties))
    root = parse(svg)
    assert_accessible(root, svg)
    assert min(font_sizes(root)) >= 14
    for anchor, rows in label_rows(root).items():
        ys = sorted(y for y, _x in rows)
        assert all(b - a >= 14 for a, b in zip(ys, ys[1:], strict=False)), anchor
        for _y, x in rows:
            assert 0 < x < WIDTH
            assert (x > WIDTH / 2) == (anchor == "start"), "each column on its own side"
    desc = root.find(f"{SVG}desc").text
    assert all(t.name in desc for t in ties)


@settings(max_examples=60, deadline=None)
@given(
    name=st.text(min_size=1, max_size=40),
    ties=st.lists(
        st.builds(
            Tie,
            name=st.text(max_size=60),
            group=st.sampled_from(GROUPS),
            relation_label=st.text(max_size=20),
            support=st.lists(
                st.sampled_from(["practical", "social", "care", "transport", "advice"]),
                unique=True,
            ).map(tuple),
            frequency=st.sampled_from(["daily", "weekly", "monthly", "rarely", ""]),
            distance_km=st.none() | st.floats(min_value=0, max_value=2000),
            same_household=st.booleans(),
        ),
        max_size=25,
    ),
)
def test_any_names_give_a_well_formed_svg(name, ties):
    svg = render_network_svg(name, ties, find_gaps(ties))
    root = parse(svg)
    assert root.get("role") == "img"
    assert "style=" not in svg
    geometry = {
        "x",
        "y",
        "x1",
        "y1",
        "x2",
        "y2",
        "cx",
        "cy",
        "r",
        "width",
        "height",
        "viewBox",
        "points",
        "d",
        "font-size",
        "stroke-width",
    }
    for element in root.iter():
        for attribute, value in element.attrib.items():
            if attribute in geometry:
                assert not re.search(r"nan|inf", value, re.IGNORECASE), (attribute, value)


# --- From the demo cast (database) ---------------------------------------------------------


@pytest.mark.django_db
def test_eli_map_from_the_demo_cast(demo, users, django_assert_num_queries):
    eli = users["eli"].person
    Relation.objects.filter(person=eli, other__given_name="Axel").update(
        support=["practical", "care", "transport"], frequency="daily"
    )
    Relation.objects.filter(person=eli, other__given_name="Trine").update(
        support=["care"], frequency="weekly"
    )
    relations = list(Relation.objects.filter(person=eli).select_related("other"))
    organisation_ties = list(OrganisationTie.objects.filter(person=eli))

    with django_assert_num_queries(0), translation.override("nb"):
        ties = ties_from(eli, relations, organisation_ties, today=dt.date(2026, 2, 1))
        gaps = find_gaps(ties)
        svg = render_network_svg(eli.full_name, ties, gaps)

    by_name = {t.name: t for t in ties}
    assert by_name["Axel Haugen"].group == "family"
    assert by_name["Axel Haugen"].same_household
    assert by_name["Trine Nordby"].group == "services"
    assert [g.code for g in gaps] == [
        NO_SOCIAL_OUTSIDE_FAMILY,
        NOBODY_NEARBY,
        ONE_RELATIVE_CARRIES_EVERYTHING,
    ]
    root = parse(svg)
    assert_accessible(root, svg)
    assert root.find(f"{SVG}title").text == "Nettverkskart for Eli Haugen"
    for t in ties:
        assert t.name in "".join(root.itertext())
    assert "bor sammen" in "".join(root.itertext())
