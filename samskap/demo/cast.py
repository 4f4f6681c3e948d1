"""The named demo cast: fictional people modelled on the interview cases in the seeds.

Everyone here is invented. Each role has one login; all share the password
DEMO_PASSWORD. Staff have a TOTP device whose key is derived from the username, so
tests (and the demo page) can compute the current code.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from samskap.accounts.models import Role

DEMO_PASSWORD = "samskap-demo"  # noqa: S105 - public demo password, demo mode only

REGION = {"name": "Helseregion Sør-Gudbrandsdal", "slug": "sor-gudbrandsdal"}
KOMMUNER = [
    # number, name, phone, centre latitude, longitude
    ("3405", "Lillehammer", "61 05 00 00", 61.1153, 10.4662),
    ("3439", "Ringebu", "61 28 30 00", 61.5294, 10.1389),
    ("3440", "Øyer", "61 26 80 00", 61.2650, 10.4130),
    ("3441", "Gausdal", "61 22 40 00", 61.2230, 10.2590),
]


@dataclass(frozen=True)
class CastMember:
    key: str
    given_name: str
    family_name: str
    birth_year: int
    kommune: str
    street_address: str
    postal_code: str
    postal_place: str
    latitude: float
    longitude: float
    phone: str
    about: str = ""
    contact_channels: tuple[str, ...] = ("app",)
    username: str = ""
    role: str = ""
    role_description: str = ""
    written_language: str = "nb"
    extra_roles: tuple[str, ...] = field(default_factory=tuple)


CAST: list[CastMember] = [
    CastMember(
        "eli",
        "Eli",
        "Haugen",
        1952,
        "3441",
        "Vestringsvegen 12",
        "2651",
        "Østre Gausdal",
        61.2402,
        10.3221,
        "+47 913 45 120",
        about="Har sittet i rullestol i over ti år. Savner å komme seg ut og treffe folk.",
        contact_channels=("app", "letter"),
        username="eli",
        role=Role.RESIDENT,
        role_description=_("Eli (74), Gausdal. Sitter i rullestol og bor med Axel."),
    ),
    CastMember(
        "axel",
        "Axel",
        "Haugen",
        1949,
        "3441",
        "Vestringsvegen 12",
        "2651",
        "Østre Gausdal",
        61.2402,
        10.3221,
        "+47 913 45 121",
        username="axel",
        role=Role.RELATIVE,
        role_description=_("Axel (77), Elis mann. Har fullmakt fra Eli."),
    ),
    CastMember(
        "torleif",
        "Torleif",
        "Bakken",
        1945,
        "3439",
        "Fåvangvegen 88",
        "2634",
        "Fåvang",
        61.4580,
        10.1880,
        "+47 918 22 301",
        about="Kjører bil selv og vil klare seg selv så lenge som mulig.",
        contact_channels=("sms", "letter"),
        username="torleif",
        role=Role.RESIDENT,
        role_description=_("Torleif (81), Ringebu. Enkemann som kjører bil selv."),
    ),
    CastMember(
        "kari",
        "Kari",
        "Bakken Lund",
        1972,
        "3405",
        "Storgata 40",
        "2609",
        "Lillehammer",
        61.1150,
        10.4650,
        "+47 922 10 450",
        contact_channels=("app", "email"),
        username="kari",
        role=Role.RELATIVE,
        role_description=_(
            "Kari (54), Torleifs datter i Lillehammer. Torleif deler planen med henne."
        ),
    ),
    CastMember(
        "lars",
        "Lars",
        "Moen",
        1971,
        "3440",
        "Tretten sentrum 5",
        "2635",
        "Tretten",
        61.3150,
        10.3000,
        "+47 934 55 012",
        about="Hjelper gjerne til med frokosten på eldresenteret i helgene. Har bil.",
        username="lars",
        role=Role.VOLUNTEER,
        role_description=_("Lars (55), Øyer. Bor i omsorgsbolig og hjelper andre."),
    ),
    CastMember(
        "julie",
        "Julie",
        "Sveen",
        1959,
        "3441",
        "Follebuvegen 3",
        "2656",
        "Follebu",
        61.2270,
        10.2780,
        "+47 941 20 330",
        about="Spinninginstruktør i Aktiv fritid.",
        extra_roles=(Role.VOLUNTEER,),
    ),
    CastMember(
        "viggo",
        "Viggo",
        "Lien",
        1951,
        "3405",
        "Søre Ål 14",
        "2613",
        "Lillehammer",
        61.1050,
        10.4500,
        "+47 948 11 204",
        about="Organiserer bridge for beboerne på sykehjemmet der kona bor.",
        extra_roles=(Role.VOLUNTEER,),
    ),
    CastMember(
        "ulla",
        "Ulla",
        "Kvam",
        1972,
        "3440",
        "Øyervegen 21",
        "2636",
        "Øyer",
        61.2640,
        10.4120,
        "+47 952 33 876",
        about="Har KOLS og underviser andre i å leve med sykdommen.",
        extra_roles=(Role.VOLUNTEER,),
    ),
    CastMember(
        "randi",
        "Randi",
        "Holm",
        1958,
        "3441",
        "Skeivegen 4",
        "2651",
        "Østre Gausdal",
        61.2600,
        10.2500,
        "+47 957 14 220",
        about="Pensjonert lærer. Besøksvenn gjennom frivilligsentralen, liker turer og kaffeprat.",
        contact_channels=("sms", "app"),
        username="randi",
        role=Role.VOLUNTEER,
        role_description=_("Randi (68), Gausdal. Frivillig besøksvenn, kontrollert og med kurs."),
    ),
    CastMember(
        "marius",
        "Marius",
        "Dahl",
        1984,
        "3441",
        "Segalstad bru 2",
        "2651",
        "Østre Gausdal",
        61.2250,
        10.2600,
        "+47 961 40 222",
        username="marius",
        role=Role.ORGANISATION_REP,
        role_description=_("Marius (42), leder av Gausdal frivilligsentral."),
    ),
    CastMember(
        "hanne",
        "Hanne",
        "Lie",
        1980,
        "3441",
        "Forsetvegen 7",
        "2651",
        "Østre Gausdal",
        61.2260,
        10.2620,
        "+47 971 22 010",
        username="hanne",
        role=Role.COORDINATOR,
        role_description=_("Hanne, koordinator i Gausdal kommune. Må bruke engangskode."),
    ),
    CastMember(
        "trine",
        "Trine",
        "Nordby",
        1996,
        "3441",
        "Bjørnstjerne Bjørnsons veg 9",
        "2656",
        "Follebu",
        61.2290,
        10.2750,
        "+47 981 00 430",
        username="trine",
        role=Role.CARE_STAFF,
        role_description=_("Trine (30), sykepleier i hjemmesykepleien i Gausdal. Følger opp Eli."),
    ),
    CastMember(
        "solveig",
        "Solveig",
        "Brenden",
        1968,
        "3440",
        "Granrudmoen 4",
        "2636",
        "Øyer",
        61.2700,
        10.4200,
        "+47 917 66 201",
        username="solveig",
        role=Role.CARE_STAFF,
        role_description=_("Solveig, hjemmehjelp i Øyer."),
    ),
    CastMember(
        "berit",
        "Berit",
        "Sletten",
        1985,
        "3439",
        "Ringebuvegen 30",
        "2630",
        "Ringebu",
        61.5290,
        10.1400,
        "+47 936 71 502",
        username="berit",
        role=Role.CARE_STAFF,
        role_description=_("Berit, ergoterapeut i Ringebu. Følger opp Torleif."),
    ),
    CastMember(
        "lilly",
        "Lilly",
        "Aasen",
        1962,
        "3441",
        "Kirkevegen 1",
        "2651",
        "Østre Gausdal",
        61.2240,
        10.2580,
        "+47 920 44 118",
        username="lilly",
        role=Role.LEADER,
        role_description=_("Lilly (64), kommunalsjef for helse og omsorg i Gausdal."),
    ),
    CastMember(
        "anders",
        "Anders",
        "Holm",
        1978,
        "3405",
        "Kirkegata 70",
        "2609",
        "Lillehammer",
        61.1160,
        10.4640,
        "+47 930 12 900",
        username="anders",
        role=Role.ADMINISTRATOR,
        role_description=_("Anders, systemadministrator for regionen."),
    ),
    CastMember(
        "sigrid",
        "Sigrid",
        "Bjørke",
        1970,
        "3439",
        "Ringebuvegen 12",
        "2630",
        "Ringebu",
        61.5300,
        10.1390,
        "+47 917 30 440",
        username="sigrid",
        role=Role.LEADER,
        role_description=_("Sigrid (56), kommunalsjef for helse og omsorg i Ringebu."),
    ),
]


def totp_key_for(username: str) -> str:
    """Deterministic 20-byte TOTP key (hex) for demo staff."""
    return hashlib.sha1(f"samskap-demo-totp:{username}".encode()).hexdigest()  # noqa: S324


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    role_label: str
    description: str
    needs_two_factor: bool


def demo_logins() -> list[DemoLogin]:
    from samskap.accounts.models import STAFF_ROLES

    return [
        DemoLogin(
            username=m.username,
            role=m.role,
            role_label=str(Role(m.role).label),
            description=str(m.role_description),
            needs_two_factor=m.role in STAFF_ROLES,
        )
        for m in CAST
        if m.username
    ]


@transaction.atomic
def seed_region_and_cast(*, today: dt.date | None = None) -> dict[str, object]:
    """Create the demo region, its four kommuner and the named cast. Idempotent."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from samskap.accounts.models import STAFF_ROLES, User
    from samskap.accounts.services import role_assign, user_create
    from samskap.municipalities.models import Kommune, Region
    from samskap.organisations.models import Membership, MembershipRole, Organisation
    from samskap.people.models import Person, RelationKind, RepresentationBasis
    from samskap.people.services import person_create, relation_add, representation_add

    today = today or dt.date(2026, 1, 5)
    region, _created = Region.objects.get_or_create(
        slug=REGION["slug"], defaults={"name": REGION["name"]}
    )
    kommuner: dict[str, Kommune] = {}
    for number, name, phone, lat, lon in KOMMUNER:
        kommune, _created = Kommune.objects.update_or_create(
            number=number,
            defaults={
                "name": name,
                "region": region,
                "phone": phone,
                "latitude": lat,
                "longitude": lon,
            },
        )
        kommuner[number] = kommune

    people: dict[str, Person] = {}
    for m in CAST:
        existing = Person.objects.filter(
            kommune=kommuner[m.kommune],
            given_name=m.given_name,
            family_name=m.family_name,
            birth_year=m.birth_year,
        ).first()
        people[m.key] = existing or person_create(
            kommune=kommuner[m.kommune],
            created_by=None,
            given_name=m.given_name,
            family_name=m.family_name,
            birth_year=m.birth_year,
            phone=m.phone,
            street_address=m.street_address,
            postal_code=m.postal_code,
            postal_place=m.postal_place,
            latitude=m.latitude,
            longitude=m.longitude,
            about=m.about,
            contact_channels=list(m.contact_channels),
            languages=["nb"],
            written_language=m.written_language,
            national_id=f"demo-{m.key}",
        )

    for m in CAST:
        if not m.username:
            continue
        user = User.objects.filter(username=m.username).first() or user_create(
            username=m.username,
            password=DEMO_PASSWORD,
            person=people[m.key],
            validate=False,
        )
        if m.role != Role.ORGANISATION_REP:
            role_assign(user=user, kommune=kommuner[m.kommune], role=m.role)
        if m.role in STAFF_ROLES:
            TOTPDevice.objects.update_or_create(
                user=user,
                name="Demo",
                defaults={"key": totp_key_for(m.username), "confirmed": True},
            )
    anders = User.objects.get(username="anders")
    for kommune in kommuner.values():
        role_assign(user=anders, kommune=kommune, role=Role.ADMINISTRATOR)

    organisations = {}
    org_specs = [
        (
            "gausdal-frivilligsentral",
            "3441",
            "Gausdal frivilligsentral",
            "volunteer_centre",
            "Møteplass for frivillige i Gausdal. Besøksvenner, handlehjelp og turgrupper.",
            "61 22 41 50",
        ),
        (
            "aktiv-fritid",
            "3441",
            "Aktiv fritid Gausdal",
            "sports_club",
            "Trening for alle aldre, blant annet spinning og Sterk og stødig.",
            "61 22 49 00",
        ),
        (
            "lillehammer-rode-kors",
            "3405",
            "Lillehammer Røde Kors",
            "red_cross",
            "Besøkstjeneste, leksehjelp og beredskap.",
            "61 25 11 00",
        ),
        (
            "oyer-sanitet",
            "3440",
            "Øyer sanitetsforening",
            "sanitet",
            "Trimgrupper, kaffe og kaker, og hjelp til de som trenger det.",
            "61 27 10 20",
        ),
        (
            "ringebu-eldresenter",
            "3439",
            "Ringebu eldresenter",
            "senior_centre",
            "Middag, kafé og aktiviteter for eldre i Ringebu.",
            "61 28 45 00",
        ),
        (
            "oyer-smajobb",
            "3440",
            "Småjobbsentralen Øyer og Tretten",
            "small_jobs_centre",
            "Hjelp til hage, snømåking og småreparasjoner mot en liten betaling.",
            "61 27 30 30",
        ),
        (
            "gausdal-hjemmetjeneste",
            "3441",
            "Hjemmetjenesten i Gausdal",
            "municipal_unit",
            "Hjemmesykepleie og praktisk bistand.",
            "61 22 40 80",
        ),
    ]
    for key, number, name, kind, description, phone in org_specs:
        organisations[key], _created = Organisation.objects.get_or_create(
            kommune=kommuner[number],
            name=name,
            defaults={"kind": kind, "description": description, "phone": phone},
        )
    marius = User.objects.get(username="marius")
    role_assign(
        user=marius,
        kommune=kommuner["3441"],
        role=Role.ORGANISATION_REP,
        organisation=organisations["gausdal-frivilligsentral"],
    )
    memberships = [
        ("gausdal-frivilligsentral", "marius", MembershipRole.LEADER),
        ("gausdal-frivilligsentral", "julie", MembershipRole.VOLUNTEER),
        ("gausdal-frivilligsentral", "randi", MembershipRole.VOLUNTEER),
        ("aktiv-fritid", "julie", MembershipRole.VOLUNTEER),
        ("lillehammer-rode-kors", "viggo", MembershipRole.VOLUNTEER),
        ("oyer-sanitet", "ulla", MembershipRole.VOLUNTEER),
        ("ringebu-eldresenter", "torleif", MembershipRole.MEMBER),
        ("gausdal-hjemmetjeneste", "trine", MembershipRole.EMPLOYEE),
    ]
    for org_key, person_key, role in memberships:
        Membership.objects.get_or_create(
            organisation=organisations[org_key], person=people[person_key], role=role
        )

    if not people["eli"].relations.exists():
        hanne = User.objects.get(username="hanne")
        relation_add(
            person=people["eli"],
            other=people["axel"],
            kind=RelationKind.SPOUSE,
            recorded_by=hanne,
            description="Ordner det meste i hverdagen",
            support=["practical", "care", "social", "transport"],
            frequency="daily",
        )
        relation_add(
            person=people["axel"], other=people["eli"], kind=RelationKind.SPOUSE, recorded_by=hanne
        )
        relation_add(
            person=people["eli"],
            other=people["trine"],
            kind=RelationKind.STAFF,
            recorded_by=hanne,
            description="Hjemmesykepleien",
            start_date=today,
            support=["care"],
            frequency="daily",
        )
        relation_add(
            person=people["torleif"],
            other=people["kari"],
            kind=RelationKind.CHILD,
            recorded_by=None,
            description="Datter, hjelper med hagen",
            support=["practical", "social"],
            frequency="monthly",
        )
        representation_add(
            person=people["eli"],
            representative=people["axel"],
            basis=RepresentationBasis.CONSENT,
            start_date=today,
            recorded_by=hanne,
            basis_reference="Skriftlig fullmakt, journalnotat 2026-01-05",
        )
    if not people["torleif"].relations.filter(kind=RelationKind.STAFF).exists():
        from samskap.privacy.models import ConsentScope
        from samskap.privacy.services import consent_grant

        torleif_user = User.objects.get(username="torleif")
        relation_add(
            person=people["torleif"],
            other=people["berit"],
            kind=RelationKind.STAFF,
            recorded_by=None,
            description="Ergoterapeut, hverdagsrehabilitering",
            start_date=today,
            support=["care", "advice"],
            frequency="weekly",
        )
        for scope in (ConsentScope.PROFILE, ConsentScope.PLAN):
            consent_grant(
                person=people["torleif"],
                scope=scope,
                grantee_person=people["kari"],
                recorded_by=torleif_user,
            )
    from samskap.demo.help_seed import seed_help_for_cast

    seed_help_for_cast(kommuner=kommuner, people=people, organisations=organisations)
    from samskap.demo.activities_seed import seed_activities_for_cast

    seed_activities_for_cast(kommuner=kommuner, people=people, organisations=organisations)
    return {
        "region": region,
        "kommuner": kommuner,
        "people": people,
        "organisations": organisations,
    }
