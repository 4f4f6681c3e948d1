"""Synthetic, deterministic people for the demo region and for load tests.

Everyone generated here is invented. Names are common Norwegian (and Sami and immigrant
community) names combined at random; addresses are plausible street names for the villages
of Sør-Gudbrandsdal with made-up house numbers; phone numbers are random.

The module has two halves:

* **Pure generation** (no ORM, no global state): dataclasses out, one ``random.Random``
  per stream, seeded from a string so the result is the same on every machine and Python
  run. People come in *clusters* - a few households on one street plus their grown-up
  children - so relations (spouse, child, neighbour, friend) stay inside a cluster.
* **Loaders** that turn clusters into rows with ``bulk_create`` in batches, holding one
  batch in memory at a time. Generated people are marked by ``national_id_hash`` - the
  keyed hash of ``synthetic:<namespace>:<seed>:<index>``, never a real identity number -
  so loading again skips people already present (idempotent) and ``--residents N`` can be
  grown later.

Geography is approximate: each kommune is a rough hand-drawn polygon around its villages
along the valley (not the legal border), and people are placed in a small disc around a
village centre, redrawn until the point falls inside their kommune's polygon.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import random
import time
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

REFERENCE_YEAR = 2026
DEFAULT_BATCH_SIZE = 5000
DEMO_RESIDENTS = 300
DEMO_STAFF_PER_KOMMUNE = 3

LatLon = tuple[float, float]

# Relation kinds and membership roles as plain strings, so this module's pure half needs no
# Django app registry. Tests check they are valid RelationKind / MembershipRole values.
SPOUSE, CHILD, NEIGHBOUR, FRIEND, STAFF = "spouse", "child", "neighbour", "friend", "staff"
MEMBER, VOLUNTEER, LEADER, CONTACT = "member", "volunteer", "leader", "contact"
EMPLOYEE = "employee"


def _names(text: str) -> tuple[str, ...]:
    """A tuple from a comma-separated list, to keep long name pools readable."""
    return tuple(name.strip() for name in text.split(","))


# --------------------------------------------------------------------------------------------
# Geography
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Settlement:
    """A village or neighbourhood: one postal code, a centre, and some street names."""

    name: str
    postal_code: str
    postal_place: str
    latitude: float
    longitude: float
    radius_km: float
    weight: float
    streets: tuple[str, ...]


@dataclass(frozen=True)
class KommuneArea:
    number: str
    name: str
    weight: float  # share of generated people
    nynorsk_share: float  # share of Norwegian-speaking residents who write nynorsk
    polygon: tuple[LatLon, ...]  # (latitude, longitude), approximate
    settlements: tuple[Settlement, ...]

    def contains(self, latitude: float, longitude: float) -> bool:
        return point_in_polygon(latitude, longitude, self.polygon)

    @property
    def postal_places(self) -> dict[str, str]:
        return {s.postal_code: s.postal_place for s in self.settlements}


def point_in_polygon(latitude: float, longitude: float, polygon: Sequence[LatLon]) -> bool:
    """Even-odd ray casting; fine for the small, simple polygons used here."""
    inside = False
    j = len(polygon) - 1
    for i in range(len(polygon)):
        lat_i, lon_i = polygon[i]
        lat_j, lon_j = polygon[j]
        if (lat_i > latitude) != (lat_j > latitude):
            crossing = lon_i + (latitude - lat_i) * (lon_j - lon_i) / (lat_j - lat_i)
            if longitude < crossing:
                inside = not inside
        j = i
    return inside


# Borders shared by neighbouring polygons use the same vertices, so the areas do not overlap.
# Lillehammer–Gausdal: (61.04, 10.33) (61.14, 10.34) (61.20, 10.36);
# Lillehammer–Øyer: (61.20, 10.36) (61.222, 10.42) (61.215, 10.56);
# Gausdal–Øyer: (61.20, 10.36) (61.26, 10.37) (61.34, 10.22);
# Ringebu lies north of Gausdal (61.345) and Øyer (61.38).
AREAS: tuple[KommuneArea, ...] = (
    KommuneArea(
        number="3405",
        name="Lillehammer",
        weight=0.55,
        nynorsk_share=0.04,
        polygon=(
            (61.040, 10.330),
            (61.140, 10.340),
            (61.200, 10.360),
            (61.222, 10.420),
            (61.215, 10.560),
            (61.150, 10.650),
            (61.060, 10.600),
            (61.020, 10.450),
        ),
        settlements=(
            Settlement(
                "Sentrum",
                "2609",
                "Lillehammer",
                61.1150,
                10.4660,
                0.5,
                3.0,
                _names(
                    "Storgata, Kirkegata, Jernbanegata, Elvegata, Bankgata, Løkkegata, "
                    "Fåberggata, Skolegata, Tomtegata"
                ),
            ),
            Settlement(
                "Nybu",
                "2611",
                "Lillehammer",
                61.1240,
                10.4850,
                0.5,
                1.5,
                _names("Nybuvegen, Kringsjåvegen, Lysgårdsvegen, Bjørkelia, Granlia, Furulia"),
            ),
            Settlement(
                "Søre Ål",
                "2613",
                "Lillehammer",
                61.1020,
                10.4520,
                0.6,
                1.5,
                _names("Søre Ål, Mjøsvegen, Strandvegen, Ålslia, Gamlevegen, Bryggevegen"),
            ),
            Settlement(
                "Nordre Ål",
                "2614",
                "Lillehammer",
                61.1300,
                10.4480,
                0.5,
                1.2,
                _names("Nordre Ålsveg, Lågvegen, Tingvegen, Hagevegen, Elvelia"),
            ),
            Settlement(
                "Smestad",
                "2615",
                "Lillehammer",
                61.1180,
                10.4980,
                0.5,
                1.0,
                _names("Smestadvegen, Bakkevegen, Solvegen, Kvernbakken, Sagvegen"),
            ),
            Settlement(
                "Jørstad",
                "2617",
                "Lillehammer",
                61.1380,
                10.4200,
                0.7,
                1.0,
                _names("Jørstadvegen, Moavegen, Furuvegen, Skogvegen, Jørstadlia"),
            ),
            Settlement(
                "Vingnes",
                "2618",
                "Lillehammer",
                61.1050,
                10.4250,
                0.6,
                1.0,
                _names("Vingnesvegen, Brulia, Lågåsvegen, Bruvegen, Fjellvegen"),
            ),
            Settlement(
                "Røyslimoen",
                "2619",
                "Lillehammer",
                61.0950,
                10.4950,
                0.6,
                0.8,
                _names("Røyslivegen, Vårsetervegen, Skolelia, Heivegen, Grendevegen"),
            ),
            Settlement(
                "Fåberg",
                "2625",
                "Fåberg",
                61.1700,
                10.4000,
                1.5,
                1.0,
                _names(
                    "Fåbergvegen, Kirkelia, Hunderfossvegen, Bakkelia, Prestegardsvegen, "
                    "Brekkevegen"
                ),
            ),
        ),
    ),
    KommuneArea(
        number="3439",
        name="Ringebu",
        weight=0.14,
        nynorsk_share=0.15,
        polygon=(
            (61.345, 9.850),
            (61.340, 10.220),
            (61.380, 10.220),
            (61.385, 10.550),
            (61.550, 10.450),
            (61.720, 10.300),
            (61.720, 9.800),
        ),
        settlements=(
            Settlement(
                "Vålebru",
                "2630",
                "Ringebu",
                61.5294,
                10.1389,
                1.0,
                2.0,
                _names(
                    "Vålebruvegen, Jønnbuvegen, Stasjonsvegen, Kirkevegen, Elstadvegen, "
                    "Kongsvegen, Tromsvegen"
                ),
            ),
            Settlement(
                "Fåvang",
                "2634",
                "Fåvang",
                61.4580,
                10.1880,
                1.2,
                1.5,
                _names(
                    "Fåvangvegen, Fåvang kirkeveg, Tromsnesvegen, Kvitfjellvegen, Brekkelia, "
                    "Nordre Fåvangsvegen"
                ),
            ),
            Settlement(
                "Venabygd",
                "2632",
                "Venabygd",
                61.6300,
                10.0100,
                1.5,
                0.6,
                _names("Venabygdsvegen, Fjellvegen, Tjønnlia, Myrvegen, Setervegen"),
            ),
        ),
    ),
    KommuneArea(
        number="3440",
        name="Øyer",
        weight=0.14,
        nynorsk_share=0.12,
        polygon=(
            (61.200, 10.360),
            (61.260, 10.370),
            (61.340, 10.220),
            (61.380, 10.220),
            (61.385, 10.550),
            (61.300, 10.620),
            (61.215, 10.560),
            (61.222, 10.420),
        ),
        settlements=(
            Settlement(
                "Øyer sentrum",
                "2636",
                "Øyer",
                61.2650,
                10.4130,
                1.0,
                2.0,
                _names(
                    "Øyervegen, Granrudmoen, Kirkevegen, Tingbergvegen, Solvangvegen, Skarvegen, "
                    "Musdalsvegen"
                ),
            ),
            Settlement(
                "Hafjell",
                "2636",
                "Øyer",
                61.2400,
                10.4400,
                0.9,
                0.8,
                _names("Hafjellvegen, Hundervegen, Løypevegen, Gaupevegen, Reinslia"),
            ),
            Settlement(
                "Tretten",
                "2635",
                "Tretten",
                61.3150,
                10.3000,
                1.0,
                1.5,
                _names(
                    "Trettenvegen, Gudbrandsdalsvegen, Losnavegen, Stavsvegen, Kirkebakken, "
                    "Sagbakken"
                ),
            ),
        ),
    ),
    KommuneArea(
        number="3441",
        name="Gausdal",
        weight=0.17,
        nynorsk_share=0.20,
        polygon=(
            (61.120, 9.850),
            (61.140, 10.340),
            (61.200, 10.360),
            (61.260, 10.370),
            (61.340, 10.220),
            (61.345, 9.850),
        ),
        settlements=(
            Settlement(
                "Segalstad bru",
                "2651",
                "Østre Gausdal",
                61.2250,
                10.2620,
                0.8,
                2.0,
                _names(
                    "Segalstadvegen, Forsetvegen, Gausdalsvegen, Meierivegen, Skolebakken, "
                    "Kirkevegen"
                ),
            ),
            Settlement(
                "Østre Gausdal",
                "2651",
                "Østre Gausdal",
                61.2400,
                10.3150,
                1.2,
                1.2,
                _names("Vestringsvegen, Liavegen, Solbergslia, Kvernbakken, Heggelia"),
            ),
            Settlement(
                "Follebu",
                "2656",
                "Follebu",
                61.2300,
                10.2800,
                0.9,
                1.2,
                _names("Follebuvegen, Aulestadvegen, Kirkelia, Prestgardsvegen, Moavegen"),
            ),
            Settlement(
                "Svingvoll",
                "2652",
                "Svingvoll",
                61.2950,
                10.1700,
                1.5,
                0.6,
                _names("Svingvollvegen, Skeivegen, Fjellvegen, Holsvegen, Nordbygdsvegen"),
            ),
            Settlement(
                "Vestre Gausdal",
                "2653",
                "Vestre Gausdal",
                61.2150,
                10.0900,
                1.5,
                0.8,
                _names("Lundevegen, Aulstadvegen, Breisjøvegen, Dalsvegen, Kirkebygdvegen"),
            ),
        ),
    ),
)
AREAS_BY_NUMBER: dict[str, KommuneArea] = {a.number: a for a in AREAS}

_KM_PER_DEGREE_LAT = 111.2


def random_point_near(settlement: Settlement, area: KommuneArea, rng: random.Random) -> LatLon:
    """A point in a disc around the village centre, inside the kommune polygon."""
    km_per_degree_lon = _KM_PER_DEGREE_LAT * math.cos(math.radians(settlement.latitude))
    for _attempt in range(25):
        distance = settlement.radius_km * math.sqrt(rng.random())
        angle = rng.random() * 2 * math.pi
        lat = settlement.latitude + distance * math.sin(angle) / _KM_PER_DEGREE_LAT
        lon = settlement.longitude + distance * math.cos(angle) / km_per_degree_lon
        lat, lon = round(lat, 5), round(lon, 5)
        if area.contains(lat, lon):
            return lat, lon
    return settlement.latitude, settlement.longitude


def _jitter(point: LatLon, area: KommuneArea, rng: random.Random, metres: float = 120) -> LatLon:
    lat = round(point[0] + rng.uniform(-metres, metres) / 111_200, 5)
    lon = round(point[1] + rng.uniform(-metres, metres) / 53_600, 5)
    return (lat, lon) if area.contains(lat, lon) else point


# --------------------------------------------------------------------------------------------
# Names
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NamePool:
    female: tuple[str, ...]
    male: tuple[str, ...]

    def pick(self, gender: str, rng: random.Random) -> str:
        return rng.choice(self.female if gender == "f" else self.male)


# Common Norwegian given names by birth cohort: (born up to and including, pool).
NORWEGIAN_GIVEN_NAMES: tuple[tuple[int, NamePool], ...] = (
    (
        1955,
        NamePool(
            female=_names(
                "Olga, Ingrid, Magnhild, Kari, Randi, Bjørg, Solveig, Astrid, Gunvor, "
                "Marit, Liv, Ragnhild, Signe, Berit, Anne, Inger, Aslaug, Borghild, "
                "Jorunn, Gudrun, Margit, Sigrid, Torbjørg, Turid, Else, Kirsten, Åse, "
                "Oddny, Marie, Reidun"
            ),
            male=_names(
                "Kåre, Odd, Torbjørn, Arne, Olav, Per, Kjell, Ole, Hans, Knut, Nils, Bjørn, "
                "Egil, Sverre, Magne, Halvor, Gunnar, Jon, Einar, Johannes, Ivar, Reidar, "
                "Asbjørn, Trygve, Leif, Helge, Sigmund, Oddvar, Paul, Torleiv"
            ),
        ),
    ),
    (
        1979,
        NamePool(
            female=_names(
                "Kari, Anne, Hilde, Tone, Heidi, Randi, Wenche, Gro, Elin, Mona, Merete, "
                "Ingunn, Bente, Siri, Grete, Hege, Ellen, Marianne, Lene, Nina, Unni, "
                "Torill, Guri, Line"
            ),
            male=_names(
                "Lars, Jan, Geir, Terje, Tor, Rune, Morten, Trond, Stein, Svein, Frode, "
                "Espen, Arild, Roar, Øyvind, Kjetil, Vidar, Bjørn, Håkon, Jostein, Tore, "
                "Ola, Pål, Dag"
            ),
        ),
    ),
    (
        1999,
        NamePool(
            female=_names(
                "Ingrid, Ida, Silje, Marte, Kristine, Camilla, Guro, Mari, Kristin, Ane, "
                "Ingvild, Tonje, Stine, Maria, Sara, Julie, Ragnhild, Marthe, Eli, Hanna"
            ),
            male=_names(
                "Jonas, Martin, Kristian, Anders, Thomas, Eirik, Sindre, Even, Håvard, "
                "Magnus, Andreas, Stian, Fredrik, Henrik, Ole, Kristoffer, Vegard, Jørgen, "
                "Audun, Simen"
            ),
        ),
    ),
    (
        9999,
        NamePool(
            female=_names(
                "Emma, Nora, Sofie, Ingrid, Sara, Thea, Maja, Ella, Hedda, Frida, Tiril, "
                "Emilie, Amalie, Olivia, Vilde, Aurora, Ida"
            ),
            male=_names(
                "Jonas, Emil, Lucas, William, Oskar, Filip, Mathias, Sander, Jakob, Noah, "
                "Elias, Magnus, Aksel, Johannes, Tobias, Isak, Ludvig, Henrik"
            ),
        ),
    ),
)

NORWEGIAN_FAMILY_NAMES: tuple[str, ...] = _names(
    "Bakken, Haugen, Hagen, Lien, Moen, Kleiven, Rustad, Lunde, Brenden, Bjørge, Myhre, "
    "Solberg, Dahl, Sveen, Holm, Nordby, Aasen, Kvam, Lie, Bakke, Sylte, Kvarberg, Skaug, "
    "Bratlien, Ødegård, Steien, Tofte, Kolstad, Sæter, Bjørnstad, Rudi, Furuseth, Lillehaug, "
    "Stensrud, Midtskogen, Nyhus, Nordrum, Hoel, Brekke, Holen, Sletten, Ringstad, Bråten, "
    "Mæhlum, Kvisberg, Svarstad, Tande, Hov, Grimsrud, Fossum, Løkken, Flaten, Nygård, "
    "Vollen, Strand, Berg, Johansen, Olsen, Hansen, Larsen"
)

SAMI_GIVEN_NAMES = NamePool(
    female=_names("Máret, Biret, Sunná, Ánne, Risten, Elle, Inga, Ingá, Kristiinná"),
    male=_names("Ánde, Niillas, Áslat, Mihkkal, Isak, Jovnna, Ovllá, Piera"),
)
SAMI_FAMILY_NAMES: tuple[str, ...] = _names(
    "Sara, Eira, Gaup, Balto, Somby, Hætta, Turi, Buljo, Oskal, Utsi, Jåma, Kappfjell, Sparrok"
)


@dataclass(frozen=True)
class Community:
    """An immigrant community present in Norwegian municipalities."""

    language: str
    weight: float  # relative share among immigrant households
    given: NamePool
    family: tuple[str, ...]
    english_share: float  # share who prefer letters in English


COMMUNITIES: tuple[Community, ...] = (
    Community(
        "pl",
        3.5,
        NamePool(
            female=_names("Agnieszka, Katarzyna, Magdalena, Anna, Joanna, Ewa, Małgorzata"),
            male=_names("Piotr, Tomasz, Krzysztof, Marek, Paweł, Łukasz, Michał, Wojciech"),
        ),
        _names(
            "Nowak, Kowalski, Wiśniewski, Wójcik, Kamiński, Lewandowski, Zieliński, Mazur, "
            "Krawczyk, Dąbrowski"
        ),
        0.3,
    ),
    Community(
        "uk",
        2.5,
        NamePool(
            female=_names("Olena, Oksana, Tetiana, Iryna, Nataliia, Yuliia, Kateryna"),
            male=_names("Andrii, Oleksandr, Serhii, Dmytro, Mykola, Yurii, Vasyl, Bohdan"),
        ),
        _names(
            "Kovalenko, Bondarenko, Tkachenko, Kravchenko, Melnyk, Boiko, Moroz, Savchenko, "
            "Lysenko, Koval"
        ),
        0.3,
    ),
    Community(
        "so",
        1.5,
        NamePool(
            female=_names("Hodan, Fadumo, Amina, Sahra, Ayaan, Hawa, Ifrah, Khadra"),
            male=_names("Ahmed, Abdirahman, Mohamed, Hassan, Abdi, Farah, Abdullahi"),
        ),
        _names("Ali, Farah, Hassan, Warsame, Jama, Abdi, Osman, Yusuf, Mohamud, Nur"),
        0.1,
    ),
    Community(
        "ti",
        1.5,
        NamePool(
            female=_names("Semhar, Helen, Selam, Luwam, Senait, Freweyni, Saba"),
            male=_names("Yonas, Yohannes, Tesfay, Daniel, Robel, Filmon, Mehari, Kidane"),
        ),
        _names(
            "Tesfamariam, Gebremedhin, Habte, Berhane, Tekle, Kidane, Haile, Woldu, Asmerom, "
            "Mebrahtu"
        ),
        0.15,
    ),
    Community(
        "ar",
        1.5,
        NamePool(
            female=_names("Fatima, Rania, Huda, Noor, Layla, Rasha, Amal, Samira, Hiba"),
            male=_names("Ahmad, Mohammad, Omar, Khaled, Yousef, Rami, Mahmoud, Hasan"),
        ),
        _names(
            "Al-Hassan, Haddad, Khalil, Darwish, Mansour, Al-Khatib, Hamdan, Najjar, Sabbagh, "
            "Kassab"
        ),
        0.15,
    ),
)

COMMUNITIES_BY_LANGUAGE: dict[str, Community] = {c.language: c for c in COMMUNITIES}

# Full names that belong to real people - the named cast keeps its own names, and people named
# in the source interviews must never be reproduced. Generated names are redrawn if they match.
AVOID_FULL_NAMES: frozenset[str] = frozenset(
    # The named demo cast (samskap/demo/cast.py).
    set(
        _names(
            "Eli Haugen, Axel Haugen, Torleif Bakken, Kari Bakken Lund, Lars Moen, Julie Sveen, "
            "Viggo Lien, Ulla Kvam, Marius Dahl, Hanne Lie, Trine Nordby, Solveig Brenden, "
            "Berit Sletten, Lilly Aasen, Anders Holm, Randi Holm, Sigrid Bjørke"
        )
    )
    # Real people named in the Omsorg 3.0 report whose names the pools could produce.
    | set(
        _names(
            "Kåre Hagen, Marita Hagen, Ole Sveen, Marit Listad, Ingrid Rugsveen, Harald Sveum, "
            "Unni Viken, Tone Karlsen, Heidi Kaspersen, Berit Aarnes, Per Regstad, Solveig Fossum"
        )
    )
)


def norwegian_given_name(gender: str, birth_year: int, rng: random.Random) -> str:
    for until, pool in NORWEGIAN_GIVEN_NAMES:
        if birth_year <= until:
            return pool.pick(gender, rng)
    return NORWEGIAN_GIVEN_NAMES[-1][1].pick(gender, rng)  # pragma: no cover


def gendered_family_name(name: str, gender: str, language: str) -> str:
    """Polish -ski/-cki surnames take -ska/-cka for women."""
    if language == "pl" and gender == "f" and name.endswith(("ski", "cki")):
        return name[:-1] + "a"
    return name


def regender_family_name(name: str, gender: str, language: str) -> str:
    """The same family name for a relative of `gender` (Kowalska -> Kowalski and back)."""
    if language == "pl" and name.endswith(("ska", "cka")):
        name = name[:-1] + "i"
    return gendered_family_name(name, gender, language)


_ASCII = str.maketrans({"æ": "ae", "ø": "o", "å": "aa", "ł": "l", "ŋ": "n", "đ": "d", "ŧ": "t"})


def ascii_slug(text: str) -> str:
    text = text.lower().translate(_ASCII)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(c for c in text if c.isalnum() or c == "-")


# --------------------------------------------------------------------------------------------
# People
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PersonSpec:
    key: str
    kommune_number: str
    given_name: str
    family_name: str
    gender: str  # "f" / "m"; used to pick names, not stored
    birth_year: int
    phone: str
    email: str
    street_address: str
    postal_code: str
    postal_place: str
    latitude: float
    longitude: float
    languages: tuple[str, ...]
    contact_channels: tuple[str, ...]
    written_language: str
    about: str

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"

    def age_in(self, year: int = REFERENCE_YEAR) -> int:
        return year - self.birth_year


@dataclass(frozen=True)
class RelationSpec:
    """`other` is <kind> to `person` (as in people.models.Relation)."""

    person_key: str
    other_key: str
    kind: str
    description: str = ""
    start_date: dt.date | None = None


@dataclass(frozen=True)
class Cluster:
    """A few households on one street plus their grown-up children elsewhere.

    Invariant the loader relies on: every relation refers to people in this cluster or in an
    earlier one.
    """

    people: tuple[PersonSpec, ...]
    relations: tuple[RelationSpec, ...]


# Preferred contact channels by age: (minimum age, [(channels in priority order, weight)]).
CHANNELS_BY_AGE: tuple[tuple[int, tuple[tuple[tuple[str, ...], int], ...]], ...] = (
    (
        85,
        (
            (("via_staff", "letter"), 5),
            (("letter",), 3),
            (("sms", "letter"), 2),
            (("via_staff",), 2),
            (("letter", "via_staff"), 2),
            (("app", "sms"), 1),
        ),
    ),
    (
        75,
        (
            (("sms", "letter"), 4),
            (("letter", "sms"), 2),
            (("via_staff", "letter"), 2),
            (("letter",), 2),
            (("app", "sms"), 2),
            (("email", "letter"), 1),
        ),
    ),
    (
        65,
        (
            (("sms", "app"), 3),
            (("app", "email"), 3),
            (("letter", "sms"), 2),
            (("email", "sms"), 2),
            (("sms",), 1),
        ),
    ),
    (
        0,
        (
            (("app", "sms"), 5),
            (("app", "email"), 3),
            (("sms", "app"), 2),
            (("email",), 1),
        ),
    ),
)

NOTES_OLD: tuple[str, ...] = (
    "Går med rullator.",
    "Bruker høreapparat – snakk tydelig.",
    "Liker å få besøk på formiddagen.",
    "Savner å komme seg ut på tur.",
    "Har katt som må ha mat om jeg blir borte.",
    "Synger i kirkekoret.",
    "Hører dårlig i telefonen, send heller brev.",
    "Har trygghetsalarm.",
    "Løser gjerne kryssord og prater om gamle dager.",
    "Kjører ikke bil lenger, trenger skyss til butikken.",
    "Vil gjerne klare meg selv så lenge som mulig.",
    "Strikker og går på strikkekafé når jeg kommer meg dit.",
)
NOTE_NO_INTERNET = "Har ikke internett."
NOTES_OTHER: tuple[str, ...] = (
    "Har bil og kan kjøre andre.",
    "Jobber turnus.",
    "Går mye på ski om vinteren.",
    "Har hund.",
    "Er mye på setra om sommeren.",
)
NOTE_INTERPRETER = "Snakker litt norsk. Bruk gjerne tolk ved viktige samtaler."


def contact_channels_for(age: int, rng: random.Random) -> tuple[str, ...]:
    for minimum, options in CHANNELS_BY_AGE:
        if age >= minimum:
            channels, weights = zip(*options, strict=True)
            return rng.choices(channels, weights=weights)[0]
    raise AssertionError("unreachable")  # pragma: no cover


def phone_number(rng: random.Random) -> str:
    """A fictional Norwegian mobile number, formatted "+47 9xx xx xxx"."""
    return f"+47 9{rng.randrange(100):02d} {rng.randrange(100):02d} {rng.randrange(1000):03d}"


@dataclass(frozen=True)
class _Background:
    kind: str  # "no", "se" or a community language code
    community: Community | None = None


_HOUSEHOLD_TYPES: tuple[tuple[str, int], ...] = (
    ("old_couple", 22),
    ("old_single", 27),
    ("senior_couple", 12),
    ("senior_single", 5),
    ("mid_couple", 11),
    ("mid_single", 8),
    ("young", 15),
)
_AGES = {"old": (72, 96), "senior": (60, 74), "mid": (35, 59), "young": (20, 34)}


class _ClusterGenerator:
    """Stateful helper behind :func:`iter_clusters`; one RNG, one running index."""

    def __init__(self, *, seed: int | str, namespace: str) -> None:
        self.rng = random.Random(f"samskap-population:{namespace}:{seed}")
        self.namespace = namespace
        self.seed = seed
        self.index = 0
        self.area_weights = [a.weight for a in AREAS]

    # -- small helpers ------------------------------------------------------------------------

    def _key(self) -> str:
        key = f"{self.namespace}:{self.seed}:{self.index:07d}"
        self.index += 1
        return key

    def _area(self) -> KommuneArea:
        return self.rng.choices(AREAS, weights=self.area_weights)[0]

    def _settlement(self, area: KommuneArea) -> Settlement:
        return self.rng.choices(area.settlements, weights=[s.weight for s in area.settlements])[0]

    def _background(self, age: int) -> _Background:
        rng = self.rng
        roll = rng.random()
        immigrant_share = 0.02 if age >= 70 else 0.14
        if roll < 0.02:
            return _Background("se")
        if roll < 0.02 + immigrant_share:
            community = rng.choices(COMMUNITIES, weights=[c.weight for c in COMMUNITIES])[0]
            return _Background(community.language, community)
        return _Background("no")

    def _family_name(self, background: _Background, gender: str) -> str:
        rng = self.rng
        if background.community is not None:
            name = rng.choice(background.community.family)
            return gendered_family_name(name, gender, background.kind)
        if background.kind == "se" and rng.random() < 0.8:
            return rng.choice(SAMI_FAMILY_NAMES)
        if rng.random() < 0.06:  # double family name, e.g. "Bakken Lunde"
            first, second = rng.sample(NORWEGIAN_FAMILY_NAMES, 2)
            return f"{first} {second}"
        return rng.choice(NORWEGIAN_FAMILY_NAMES)

    def _given_name(self, background: _Background, gender: str, birth_year: int) -> str:
        rng = self.rng
        if background.community is not None:
            return background.community.given.pick(gender, rng)
        if background.kind == "se" and rng.random() < 0.5:
            return SAMI_GIVEN_NAMES.pick(gender, rng)
        return norwegian_given_name(gender, birth_year, rng)

    def _languages(self, background: _Background, age: int) -> tuple[tuple[str, ...], str]:
        """(spoken languages, written language for letters)."""
        rng = self.rng
        if background.community is not None:
            roll = rng.random()
            if roll < 0.6:
                spoken: tuple[str, ...] = (background.kind, "nb")
            elif roll < 0.8:
                spoken = (background.kind, "en")
            else:
                spoken = (background.kind,)
            written = "en" if rng.random() < background.community.english_share else "nb"
            return spoken, written
        spoken = ("se", "nb") if background.kind == "se" and rng.random() < 0.7 else ("nb",)
        if age < 60 and rng.random() < 0.2:
            spoken = (*spoken, "en")
        return spoken, "nb"

    def _person(
        self,
        *,
        area: KommuneArea,
        settlement: Settlement,
        address: str,
        point: LatLon,
        background: _Background,
        gender: str,
        age: int,
        family_name: str | None = None,
    ) -> PersonSpec:
        rng = self.rng
        birth_year = REFERENCE_YEAR - age
        for _attempt in range(20):
            given = self._given_name(background, gender, birth_year)
            family = family_name or self._family_name(background, gender)
            if f"{given} {family}" not in AVOID_FULL_NAMES:
                break
            family_name = None
        spoken, written = self._languages(background, age)
        if written == "nb" and background.community is None and rng.random() < area.nynorsk_share:
            written = "nn"
        channels = contact_channels_for(age, rng)
        online = "app" in channels or "email" in channels
        phone = phone_number(rng)
        if age >= 88 and not online and rng.random() < 0.2:  # no mobile phone at all
            phone = ""
            channels = tuple(c for c in channels if c != "sms") or ("letter",)
        email = ""
        if "email" in channels or (online and rng.random() < 0.5):
            email = f"{ascii_slug(given)}.{ascii_slug(family)}{rng.randrange(1, 100)}@example.org"
        about = ""
        if background.community is not None and rng.random() < 0.25:
            about = NOTE_INTERPRETER
        elif age >= 75 and not online and rng.random() < 0.35:
            about = NOTE_NO_INTERNET
        elif age >= 72 and rng.random() < 0.4:
            about = rng.choice(NOTES_OLD)
        elif age < 72 and rng.random() < 0.08:
            about = rng.choice(NOTES_OTHER)
        return PersonSpec(
            key=self._key(),
            kommune_number=area.number,
            given_name=given,
            family_name=family,
            gender=gender,
            birth_year=birth_year,
            phone=phone,
            email=email,
            street_address=address,
            postal_code=settlement.postal_code,
            postal_place=settlement.postal_place,
            latitude=point[0],
            longitude=point[1],
            languages=spoken,
            contact_channels=channels,
            written_language=written,
            about=about,
        )

    def _age(self, band: str) -> int:
        low, high = _AGES[band]
        if band == "old":
            return int(self.rng.triangular(low, high + 4, 84))
        return self.rng.randint(low, high)

    def _address(self, street: str, number: int) -> str:
        suffix = f" {self.rng.choice('ABC')}" if self.rng.random() < 0.07 else ""
        return f"{street} {number}{suffix}"

    # -- households -----------------------------------------------------------------------------

    def _household(
        self,
        *,
        kind: str,
        area: KommuneArea,
        settlement: Settlement,
        address: str,
        point: LatLon,
        age: int,
        background: _Background,
        family_name: str | None = None,
        first_gender: str | None = None,
    ) -> tuple[list[PersonSpec], list[RelationSpec]]:
        rng = self.rng
        band, _sep, shape = kind.partition("_")
        if kind == "young":
            shape = "couple" if rng.random() < 0.45 else "single"
        if first_gender is None:
            female_share = 0.68 if shape == "single" and band == "old" else 0.5
            first_gender = "f" if rng.random() < female_share else "m"
        first = self._person(
            area=area,
            settlement=settlement,
            address=address,
            point=point,
            background=background,
            gender=first_gender,
            age=age,
            family_name=family_name,
        )
        people, relations = [first], []
        if shape == "couple":
            partner_gender = (
                first_gender if rng.random() < 0.04 else {"f": "m", "m": "f"}[first_gender]
            )
            partner_age = max(20, min(100, age + rng.randint(-5, 5)))
            partner_family = (
                regender_family_name(first.family_name, partner_gender, background.kind)
                if rng.random() < 0.7
                else None
            )
            partner = self._person(
                area=area,
                settlement=settlement,
                address=address,
                point=point,
                background=background,
                gender=partner_gender,
                age=partner_age,
                family_name=partner_family,
            )
            people.append(partner)
            relations += [
                RelationSpec(first.key, partner.key, SPOUSE),
                RelationSpec(partner.key, first.key, SPOUSE),
            ]
        return people, relations

    def care_worker(self, area: KommuneArea) -> PersonSpec:
        """A working-age home care employee who lives in `area`."""
        rng = self.rng
        settlement = self._settlement(area)
        background = _Background("no")
        if rng.random() < 0.2:
            background = _Background("pl", COMMUNITIES_BY_LANGUAGE["pl"])
        return self._person(
            area=area,
            settlement=settlement,
            address=self._address(rng.choice(settlement.streets), rng.randint(1, 50)),
            point=random_point_near(settlement, area, rng),
            background=background,
            gender="f" if rng.random() < 0.85 else "m",
            age=rng.randint(24, 62),
        )

    def cluster(self) -> Cluster:
        rng = self.rng
        area = self._area()
        settlement = self._settlement(area)
        street = rng.choice(settlement.streets)
        street_point = random_point_near(settlement, area, rng)
        number = rng.randint(1, 40)
        people: list[PersonSpec] = []
        relations: list[RelationSpec] = []
        households: list[list[PersonSpec]] = []
        for _h in range(rng.choice((1, 2, 2, 3, 3, 4))):
            kind = rng.choices(*zip(*_HOUSEHOLD_TYPES, strict=True))[0]
            age = self._age(kind.partition("_")[0])
            background = self._background(age)
            members, rels = self._household(
                kind=kind,
                area=area,
                settlement=settlement,
                address=self._address(street, number),
                point=_jitter(street_point, area, rng),
                age=age,
                background=background,
            )
            number += rng.randint(1, 6)
            households.append(members)
            people += members
            relations += rels
            parents = [p for p in members if p.age_in() >= 62]
            if parents and rng.random() < 0.55:
                children, child_relations = self._adult_child(area, parents, background)
                people += children
                relations += child_relations
        relations += self._neighbours_and_friends(households, people)
        return Cluster(people=tuple(people), relations=tuple(relations))

    def _adult_child(
        self, area: KommuneArea, parents: list[PersonSpec], background: _Background
    ) -> tuple[list[PersonSpec], list[RelationSpec]]:
        rng = self.rng
        youngest_parent = min(p.age_in() for p in parents)
        age = max(20, youngest_parent - rng.randint(24, 38))
        gender = "f" if rng.random() < 0.5 else "m"
        # Most grown-up children stay in the same kommune; some live in Lillehammer.
        child_area = area if rng.random() < 0.65 else AREAS_BY_NUMBER["3405"]
        settlement = self._settlement(child_area)
        point = random_point_near(settlement, child_area, rng)
        address = self._address(rng.choice(settlement.streets), rng.randint(1, 60))
        family = None
        if gender == "m" or rng.random() < 0.5:
            family = regender_family_name(parents[0].family_name, gender, background.kind)
        kind = "mid_couple" if rng.random() < 0.6 else "mid_single"
        members, relations = self._household(
            kind=kind,
            area=child_area,
            settlement=settlement,
            address=address,
            point=point,
            age=age,
            background=background,
            family_name=family,
            first_gender=gender,
        )
        child = members[0]
        label = "Datter" if gender == "f" else "Sønn"
        helps = rng.choice(
            ("", "", ", ringer hver dag", ", hjelper med handling", ", bor langt unna")
        )
        for parent in parents:
            relations.append(RelationSpec(parent.key, child.key, CHILD, f"{label}{helps}"))
        return members, relations

    def _neighbours_and_friends(
        self, households: list[list[PersonSpec]], people: list[PersonSpec]
    ) -> list[RelationSpec]:
        rng = self.rng
        relations: list[RelationSpec] = []
        for before, after in itertools.pairwise(households):
            if rng.random() < 0.6:
                older = max(before + after, key=lambda p: p.age_in())
                others = after if older in before else before
                description = rng.choice(
                    ("Nabo", "Nabo, måker snø", "Bor vegg i vegg", "Nabo, tar inn posten")
                )
                relations.append(
                    RelationSpec(older.key, rng.choice(others).key, NEIGHBOUR, description)
                )
        if len(people) >= 2 and rng.random() < 0.35:
            person = rng.choice(people)
            candidates = [
                p
                for p in people
                if p.key != person.key
                and abs(p.age_in() - person.age_in()) <= 12
                and p.street_address != person.street_address
            ]
            if candidates:
                friend = rng.choice(candidates)
                description = rng.choice(
                    ("Venn", "Går tur sammen", "Kjenner fra koret", "Gammel skolekamerat")
                )
                relations.append(RelationSpec(person.key, friend.key, FRIEND, description))
        return relations


def iter_clusters(*, seed: int | str, namespace: str) -> Iterator[Cluster]:
    """An endless, deterministic stream of clusters: same seed and namespace, same people."""
    generator = _ClusterGenerator(seed=seed, namespace=namespace)
    while True:
        yield generator.cluster()


def generate_population(
    *, seed: int | str, count: int, namespace: str = "load"
) -> Iterator[Cluster]:
    """Exactly `count` people as clusters, lazily. The last cluster may be cut short."""
    if count < 0:
        raise ValueError("count must be 0 or more")
    remaining = count
    for cluster in iter_clusters(seed=seed, namespace=namespace):
        if remaining <= 0:
            return
        if len(cluster.people) > remaining:
            people = cluster.people[:remaining]
            kept = {p.key for p in people}
            relations = tuple(
                r for r in cluster.relations if r.person_key in kept and r.other_key in kept
            )
            cluster = Cluster(people=people, relations=relations)
        remaining -= len(cluster.people)
        yield cluster


# --------------------------------------------------------------------------------------------
# The demo population: residents, care staff, organisations, volunteers
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OrganisationSpec:
    key: str
    kommune_number: str
    name: str
    kind: str
    description: str = ""
    phone: str = ""
    street_address: str = ""
    latitude: float | None = None
    longitude: float | None = None
    add_leader: bool = True  # False for the cast's organisations, which keep their own


@dataclass(frozen=True)
class MembershipSpec:
    person_key: str
    organisation_key: str
    role: str
    since: dt.date | None = None


@dataclass(frozen=True)
class DemoPlan:
    clusters: tuple[Cluster, ...]  # residents first, then one cluster with the care staff
    memberships: tuple[MembershipSpec, ...]

    @property
    def people(self) -> list[PersonSpec]:
        return [p for c in self.clusters for p in c.people]

    @property
    def relations(self) -> list[RelationSpec]:
        return [r for c in self.clusters for r in c.relations]


# Organisations added by the demo population, on top of the seven in cast.py. Names are
# generic; descriptions and phone numbers are invented.
DEMO_ORGANISATIONS: tuple[OrganisationSpec, ...] = (
    OrganisationSpec(
        "lillehammer-frivilligsentral",
        "3405",
        "Lillehammer frivilligsentral",
        "volunteer_centre",
        "Besøksvenner, følge til lege og tannlege, turgrupper og språkkafé.",
        "61 05 40 10",
        "Kirkegata 45",
        61.1148,
        10.4652,
    ),
    OrganisationSpec(
        "lillehammer-sanitet",
        "3405",
        "Lillehammer sanitetsforening",
        "sanitet",
        "Trimgrupper for seniorer, besøkstjeneste og minnesamvær.",
        "61 05 40 22",
        "Storgata 80",
        61.1162,
        10.4668,
    ),
    OrganisationSpec(
        "lillehammer-smajobb",
        "3405",
        "Småjobbsentralen i Lillehammer",
        "small_jobs_centre",
        "Snømåking, plenklipping og småreparasjoner for eldre og uføre.",
        "61 05 40 30",
        "Jernbanegata 6",
        61.1140,
        10.4630,
    ),
    OrganisationSpec(
        "lillehammer-eldresenter",
        "3405",
        "Lillehammer eldresenter",
        "senior_centre",
        "Kafé, middag, trim og datakurs for seniorer.",
        "61 05 40 40",
        "Bankgata 12",
        61.1155,
        10.4680,
    ),
    OrganisationSpec(
        "nordre-al-il",
        "3405",
        "Nordre Ål idrettslag",
        "sports_club",
        "Ski, fotball og seniortrim.",
        "61 05 40 50",
        "Lågvegen 2",
        61.1300,
        10.4470,
    ),
    OrganisationSpec(
        "lillehammer-hjemmetjeneste",
        "3405",
        "Hjemmetjenesten i Lillehammer",
        "municipal_unit",
        "Hjemmesykepleie, praktisk bistand og trygghetsalarm.",
        "61 05 41 00",
        "Kirkegata 70",
        61.1160,
        10.4640,
    ),
    OrganisationSpec(
        "solbakken-skole",
        "3405",
        "Solbakken skole",
        "school",
        "Barneskole. Elevene besøker eldresenteret før jul.",
        "61 05 42 00",
        "Nybuvegen 30",
        61.1245,
        10.4860,
    ),
    OrganisationSpec(
        "mjosbakeriet",
        "3405",
        "Mjøsbakeriet AS",
        "business",
        "Bakeri som gir bort brød og kaker til eldresenteret.",
        "61 05 42 50",
        "Storgata 51",
        61.1151,
        10.4662,
    ),
    OrganisationSpec(
        "ringebu-frivilligsentral",
        "3439",
        "Ringebu frivilligsentral",
        "volunteer_centre",
        "Handlehjelp, skyss og besøksvenner i hele Ringebu.",
        "61 28 31 10",
        "Vålebruvegen 10",
        61.5290,
        10.1395,
    ),
    OrganisationSpec(
        "ringebu-rode-kors",
        "3439",
        "Ringebu Røde Kors",
        "red_cross",
        "Besøkstjeneste og hjelpekorps.",
        "61 28 31 20",
        "Stasjonsvegen 4",
        61.5300,
        10.1370,
    ),
    OrganisationSpec(
        "favang-il",
        "3439",
        "Fåvang idrettslag",
        "sports_club",
        "Skiløyper, fotball og trim for alle aldre.",
        "61 28 31 30",
        "Fåvangvegen 40",
        61.4585,
        10.1890,
    ),
    OrganisationSpec(
        "ringebu-hjemmetjeneste",
        "3439",
        "Hjemmetjenesten i Ringebu",
        "municipal_unit",
        "Hjemmesykepleie og praktisk bistand.",
        "61 28 30 80",
        "Kirkevegen 2",
        61.5295,
        10.1385,
    ),
    OrganisationSpec(
        "oyer-frivilligsentral",
        "3440",
        "Øyer frivilligsentral",
        "volunteer_centre",
        "Turvenner, hjelp med data og mobil, og kafé hver torsdag.",
        "61 26 81 10",
        "Tingbergvegen 3",
        61.2655,
        10.4140,
    ),
    OrganisationSpec(
        "tretten-il",
        "3440",
        "Tretten idrettslag",
        "sports_club",
        "Ski, sykkel og Sterk og stødig-grupper.",
        "61 26 81 20",
        "Trettenvegen 12",
        61.3155,
        10.3010,
    ),
    OrganisationSpec(
        "oyer-hjemmetjeneste",
        "3440",
        "Hjemmetjenesten i Øyer og Tretten",
        "municipal_unit",
        "Hjemmesykepleie, hjemmehjelp og trygghetsalarm.",
        "61 26 80 80",
        "Øyervegen 15",
        61.2648,
        10.4128,
    ),
    OrganisationSpec(
        "gausdal-rode-kors",
        "3441",
        "Gausdal Røde Kors",
        "red_cross",
        "Besøksvenner og hjelpekorps i Gausdal.",
        "61 22 41 10",
        "Segalstadvegen 8",
        61.2255,
        10.2610,
    ),
    OrganisationSpec(
        "vestre-gausdal-sanitet",
        "3441",
        "Vestre Gausdal sanitetslag",
        "sanitet",
        "Trim, kaffe og omsorg i Vestre Gausdal.",
        "61 22 41 20",
        "Lundevegen 1",
        61.2150,
        10.0920,
    ),
    OrganisationSpec(
        "follebu-skole",
        "3441",
        "Follebu skole",
        "school",
        "Barneskole med besøksvenn-ordning på sykehjemmet.",
        "61 22 41 30",
        "Follebuvegen 20",
        61.2305,
        10.2790,
    ),
)

# Where each kommune's care staff are employed.
HOME_CARE_BY_KOMMUNE: dict[str, str] = {
    "3405": "lillehammer-hjemmetjeneste",
    "3439": "ringebu-hjemmetjeneste",
    "3440": "oyer-hjemmetjeneste",
    "3441": "gausdal-hjemmetjeneste",  # from cast.py
}
_VOLUNTEERING_KINDS = frozenset(
    {
        "association",
        "red_cross",
        "sanitet",
        "sports_club",
        "volunteer_centre",
        "small_jobs_centre",
        "senior_centre",
    }
)
_MEMBER_KINDS = frozenset({"senior_centre", "sanitet", "red_cross", "sports_club"})
_CARE_DESCRIPTIONS = ("Hjemmesykepleien", "Praktisk bistand", "Hjemmehjelp", "Trygghetsalarm")


def _random_date(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randrange((end - start).days + 1))


def plan_demo_population(
    *,
    seed: int | str,
    organisations: Sequence[OrganisationSpec],
    residents: int = DEMO_RESIDENTS,
    staff_per_kommune: int = DEMO_STAFF_PER_KOMMUNE,
) -> DemoPlan:
    """Residents with family, care staff who follow the oldest, and club memberships."""
    clusters = list(generate_population(seed=seed, count=residents, namespace="demo"))
    people = [p for c in clusters for p in c.people]
    rng = random.Random(f"samskap-demo-plan:{seed}")
    orgs_by_kommune: dict[str, list[OrganisationSpec]] = {}
    for org in organisations:
        orgs_by_kommune.setdefault(org.kommune_number, []).append(org)

    # Care staff: working-age people employed by the kommune's home care, each following
    # some of the oldest residents (but never the named cast, who are not in `people`).
    staff_generator = _ClusterGenerator(seed=seed, namespace="demo-staff")
    staff_people: list[PersonSpec] = []
    staff_relations: list[RelationSpec] = []
    memberships: list[MembershipSpec] = []
    for area in AREAS:
        staff = [staff_generator.care_worker(area) for _n in range(staff_per_kommune)]
        staff_people += staff
        employer = HOME_CARE_BY_KOMMUNE[area.number]
        for member in staff:
            memberships.append(
                MembershipSpec(
                    member.key,
                    employer,
                    EMPLOYEE,
                    _random_date(rng, dt.date(2012, 1, 1), dt.date(2025, 6, 1)),
                )
            )
        oldest = sorted(
            (p for p in people if p.kommune_number == area.number and p.age_in() >= 78),
            key=lambda p: p.key,
        )
        rng.shuffle(oldest)
        followed = oldest[: max(staff_per_kommune, int(len(oldest) * 0.6))]
        for i, resident in enumerate(followed):
            staff_relations.append(
                RelationSpec(
                    resident.key,
                    staff[i % len(staff)].key,
                    STAFF,
                    rng.choice(_CARE_DESCRIPTIONS),
                    _random_date(rng, dt.date(2023, 1, 1), dt.date(2025, 12, 1)),
                )
            )
    clusters.append(Cluster(people=tuple(staff_people), relations=tuple(staff_relations)))

    # Volunteers, members and a leader or contact for each organisation.
    for person in people:
        age = person.age_in()
        local = orgs_by_kommune.get(person.kommune_number, [])
        volunteering = [o for o in local if o.kind in _VOLUNTEERING_KINDS]
        if 18 <= age <= 82 and volunteering and rng.random() < 0.16:
            for org in rng.sample(volunteering, k=min(len(volunteering), rng.choice((1, 1, 2)))):
                since = _random_date(rng, dt.date(2005, 1, 1), dt.date(2025, 10, 1))
                memberships.append(MembershipSpec(person.key, org.key, VOLUNTEER, since))
        clubs = [o for o in local if o.kind in _MEMBER_KINDS]
        if age >= 68 and clubs and rng.random() < 0.22:
            org = rng.choice(clubs)
            since = _random_date(rng, dt.date(1990, 1, 1), dt.date(2025, 10, 1))
            memberships.append(MembershipSpec(person.key, org.key, MEMBER, since))
    taken: set[str] = set()
    for org in organisations:
        if org.kind == "municipal_unit" or not org.add_leader:
            continue
        role = CONTACT if org.kind in {"school", "business"} else LEADER
        candidates = sorted(
            (
                p
                for p in people
                if p.kommune_number == org.kommune_number
                and 35 <= p.age_in() <= 75
                and p.key not in taken
            ),
            key=lambda p: p.key,
        )
        if candidates:
            chosen = rng.choice(candidates)
            taken.add(chosen.key)
            memberships.append(MembershipSpec(chosen.key, org.key, role, None))
    return DemoPlan(clusters=tuple(clusters), memberships=tuple(memberships))


# --------------------------------------------------------------------------------------------
# Loading
# --------------------------------------------------------------------------------------------


def synthetic_national_id(key: str) -> str:
    """The marker hashed into national_id_hash. Not a fødselsnummer and cannot look like one."""
    return f"synthetic:{key}"


@dataclass(frozen=True)
class LoadProgress:
    people_seen: int
    people_created: int
    relations_created: int
    batches: int
    seconds: float


@dataclass(frozen=True)
class LoadResult:
    people_created: int
    people_existing: int
    relations_created: int
    batches: int
    seconds: float


def _batched_clusters(clusters: Iterable[Cluster], batch_size: int) -> Iterator[list[Cluster]]:
    batch: list[Cluster] = []
    size = 0
    for cluster in clusters:
        batch.append(cluster)
        size += len(cluster.people)
        if size >= batch_size:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def _person_hashes(keys: Iterable[str]) -> dict[str, str]:
    from samskap.people.services import national_id_hash

    return {key: national_id_hash(synthetic_national_id(key)) for key in keys}


def load_clusters(
    *,
    clusters: Iterable[Cluster],
    kommune_ids: Mapping[str, int],
    batch_size: int = DEFAULT_BATCH_SIZE,
    on_batch: Callable[[LoadProgress], None] | None = None,
) -> LoadResult:
    """Insert people and relations with bulk_create, one batch (of whole clusters) at a time.

    People already present (same key) are skipped; a relation is inserted only when at least
    one of its two people is new, so loading the same clusters twice adds nothing. Each batch
    costs a fixed handful of queries and is its own transaction.
    """
    from django.db import transaction

    from samskap.people.models import Person, Relation

    if batch_size < 1:
        raise ValueError("batch_size must be 1 or more")
    started = time.monotonic()
    seen = created = existing_total = relations_created = batches = 0
    for batch in _batched_clusters(clusters, batch_size):
        people = [p for c in batch for p in c.people]
        relations = [r for c in batch for r in c.relations]
        hashes = _person_hashes(p.key for p in people)
        with transaction.atomic():
            existing = {
                h: (pk, kommune_id)
                for h, pk, kommune_id in Person.objects.filter(
                    national_id_hash__in=list(hashes.values())
                ).values_list("national_id_hash", "id", "kommune_id")
            }
            new_people: list[Person] = []
            new_keys: list[str] = []
            for spec in people:
                if hashes[spec.key] in existing:
                    continue
                new_keys.append(spec.key)
                new_people.append(
                    Person(
                        kommune_id=kommune_ids[spec.kommune_number],
                        given_name=spec.given_name,
                        family_name=spec.family_name,
                        birth_year=spec.birth_year,
                        phone=spec.phone,
                        email=spec.email,
                        street_address=spec.street_address,
                        postal_code=spec.postal_code,
                        postal_place=spec.postal_place,
                        latitude=spec.latitude,
                        longitude=spec.longitude,
                        languages=list(spec.languages),
                        contact_channels=list(spec.contact_channels),
                        written_language=spec.written_language,
                        about=spec.about,
                        national_id_hash=hashes[spec.key],
                    )
                )
            if new_people:
                # created_at/updated_at are filled by the fields' pre_save in bulk_create.
                Person.objects.bulk_create(new_people)
            ids: dict[str, tuple[int, int]] = {
                spec.key: existing[hashes[spec.key]]
                for spec in people
                if hashes[spec.key] in existing
            }
            ids.update(
                {
                    key: (obj.pk, obj.kommune_id)
                    for key, obj in zip(new_keys, new_people, strict=True)
                }
            )
            outside = {
                key for r in relations for key in (r.person_key, r.other_key) if key not in ids
            }
            if outside:
                outside_hashes = _person_hashes(outside)
                by_hash = {h: key for key, h in outside_hashes.items()}
                for h, pk, kommune_id in Person.objects.filter(
                    national_id_hash__in=list(outside_hashes.values())
                ).values_list("national_id_hash", "id", "kommune_id"):
                    ids[by_hash[h]] = (pk, kommune_id)
            fresh = set(new_keys)
            new_relations = [
                Relation(
                    kommune_id=ids[r.person_key][1],
                    person_id=ids[r.person_key][0],
                    other_id=ids[r.other_key][0],
                    kind=r.kind,
                    description=r.description,
                    start_date=r.start_date,
                )
                for r in relations
                if r.person_key in ids
                and r.other_key in ids
                and (r.person_key in fresh or r.other_key in fresh)
            ]
            if new_relations:
                Relation.objects.bulk_create(new_relations)
        batches += 1
        seen += len(people)
        created += len(new_people)
        existing_total += len(people) - len(new_people)
        relations_created += len(new_relations)
        if on_batch is not None:
            on_batch(
                LoadProgress(seen, created, relations_created, batches, time.monotonic() - started)
            )
    return LoadResult(
        people_created=created,
        people_existing=existing_total,
        relations_created=relations_created,
        batches=batches,
        seconds=time.monotonic() - started,
    )


def _kommune_ids() -> dict[str, int]:
    from samskap.municipalities.models import Kommune

    ids = dict(Kommune.objects.filter(number__in=list(AREAS_BY_NUMBER)).values_list("number", "id"))
    missing = sorted(set(AREAS_BY_NUMBER) - set(ids))
    if missing:
        raise ValueError(f"Seed the demo region first; missing kommuner {missing}")
    return ids


def synthetic_residents_load(
    *,
    count: int,
    seed: int,
    batch_size: int = DEFAULT_BATCH_SIZE,
    on_batch: Callable[[LoadProgress], None] | None = None,
) -> LoadResult:
    """`count` load-test residents (namespace "load") spread over the demo kommuner."""
    return load_clusters(
        clusters=generate_population(seed=seed, count=count, namespace="load"),
        kommune_ids=_kommune_ids(),
        batch_size=batch_size,
        on_batch=on_batch,
    )


@dataclass(frozen=True)
class DemoSeedResult:
    people_created: int
    relations_created: int
    organisations_created: int
    memberships_created: int
    people_total: int
    organisations_total: int


def demo_population_seed(
    *, seed: int = 1, cast: Mapping[str, Any] | None = None, residents: int = DEMO_RESIDENTS
) -> DemoSeedResult:
    """Add the synthetic part of the demo region on top of the named cast. Idempotent."""
    from django.db import transaction

    from samskap.demo.cast import seed_region_and_cast
    from samskap.organisations.models import Membership, Organisation
    from samskap.people.models import Person

    with transaction.atomic():
        cast = cast if cast is not None else seed_region_and_cast()
        kommuner = cast["kommuner"]
        numbers = {kommune.pk: number for number, kommune in kommuner.items()}
        organisations: dict[str, Organisation] = dict(cast["organisations"])
        # The cast's organisations get volunteers and members, but keep their own leaders.
        specs = [
            OrganisationSpec(key, numbers[org.kommune_id], org.name, org.kind, add_leader=False)
            for key, org in organisations.items()
        ]
        organisations_created = 0
        for spec in DEMO_ORGANISATIONS:
            organisation, was_created = Organisation.objects.get_or_create(
                kommune=kommuner[spec.kommune_number],
                name=spec.name,
                defaults={
                    "kind": spec.kind,
                    "description": spec.description,
                    "phone": spec.phone,
                    "street_address": spec.street_address,
                    "latitude": spec.latitude,
                    "longitude": spec.longitude,
                },
            )
            organisations[spec.key] = organisation
            organisations_created += was_created
            specs.append(spec)

        plan = plan_demo_population(seed=seed, organisations=specs, residents=residents)
        loaded = load_clusters(
            clusters=plan.clusters, kommune_ids={n: k.pk for n, k in kommuner.items()}
        )
        person_ids = _resolve_keys({m.person_key for m in plan.memberships})
        memberships_before = Membership.objects.count()
        Membership.objects.bulk_create(
            [
                Membership(
                    organisation=organisations[m.organisation_key],
                    person_id=person_ids[m.person_key],
                    role=m.role,
                    since=m.since,
                )
                for m in plan.memberships
                if m.person_key in person_ids
            ],
            ignore_conflicts=True,
        )
        memberships_created = Membership.objects.count() - memberships_before
    return DemoSeedResult(
        people_created=loaded.people_created,
        relations_created=loaded.relations_created,
        organisations_created=organisations_created,
        memberships_created=memberships_created,
        people_total=Person.objects.count(),
        organisations_total=Organisation.objects.count(),
    )


def _resolve_keys(keys: Iterable[str]) -> dict[str, int]:
    """Person ids for generated people's keys (one query)."""
    from samskap.people.models import Person

    hashes = _person_hashes(keys)
    by_hash = {h: key for key, h in hashes.items()}
    rows = Person.objects.filter(national_id_hash__in=list(hashes.values())).values_list(
        "national_id_hash", "id"
    )
    return {by_hash[h]: pk for h, pk in rows}
