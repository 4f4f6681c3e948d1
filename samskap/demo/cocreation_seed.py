"""Demo co-creation processes. Idempotent; needs the region and cast (`seed_region_and_cast`).

- Hanne's process in Gausdal, «Hvordan kan flere eldre delta på aktiviteter?»: residents,
  a relative, a volunteer, the volunteer centre and a nurse take part; some ideas in round 1,
  a few of them typed in from a workshop, and some dots.
- The five working groups of Omsorg 3.0 in Sør-Gudbrandsdal (leadership for innovation,
  welfare technology, volunteering and social entrepreneurs, everyday rehabilitation,
  prevention) as example processes, spread over the four kommuner of the report.
"""

from __future__ import annotations

from django.db import transaction

from samskap.accounts.models import User
from samskap.cocreation import services
from samskap.cocreation.models import Idea, Level, Participant, Process, Sector

CHALLENGE = "Hvordan kan flere eldre delta på aktiviteter?"

PARTICIPANTS = [
    ("eli", Sector.RESIDENT),
    ("axel", Sector.RELATIVE),
    ("randi", Sector.VOLUNTEER),
    ("marius", Sector.ASSOCIATION),
    ("trine", Sector.STAFF),
]

IDEAS = [
    ("eli", "Fast skyss til aktivitetene, også for oss i rullestol"),
    ("axel", "En kaffeprat etter trimmen, så folk blir kjent"),
    ("randi", "Besøksvenner som blir med første gang"),
    ("trine", "Hjemmesykepleien forteller om aktivitetene ved besøk"),
]
WORKSHOP_IDEAS = "Aktiviteter på dagtid i grendehusene\nUkebrev på papir om hva som skjer"

# Omsorg 3.0 (Østlandsforskning 2017): five cross-municipal working groups.
# (kommune number, owner, challenge, level, background)
EXAMPLES = [
    (
        "3405",
        "anders",
        "Hvordan kan ledere legge til rette for innovasjon i helse og omsorg?",
        Level.INVOLVE,
        "Arbeidsgruppe for lederutvikling (innovasjonsledelse) i Omsorg 3.0.",
    ),
    (
        "3440",
        "solveig",
        "Hvilke velferdsteknologiske løsninger dekker behov folk faktisk har?",
        Level.INVOLVE,
        "Arbeidsgruppe for velferdsteknologi i Omsorg 3.0: teknologi skal bare tas i bruk "
        "ut fra definerte behov.",
    ),
    (
        "3441",
        "hanne",
        "Hvordan kan kommunen samarbeide med frivillige og sosiale entreprenører?",
        Level.COLLABORATE,
        "Arbeidsgruppe for frivillighet og sosiale entreprenører i Omsorg 3.0.",
    ),
    (
        "3439",
        "berit",
        "Hvordan kan hverdagsrehabilitering hjelpe flere å mestre hverdagen hjemme?",
        Level.COLLABORATE,
        "Arbeidsgruppe for hverdagsrehabilitering i Omsorg 3.0. Spørsmålet er: "
        "«Hva er viktig for deg?»",
    ),
    (
        "3441",
        "lilly",
        "Hva kan vi gjøre tidlig, så færre trenger hjelp senere?",
        Level.CONSULT,
        "Arbeidsgruppe for forebygging i Omsorg 3.0.",
    ),
]


@transaction.atomic
def seed_cocreation_demo() -> dict:
    """Create the demo processes once; running again changes nothing."""
    from samskap.municipalities.models import Kommune

    users = {u.username: u for u in User.objects.select_related("person")}
    kommuner = {k.number: k for k in Kommune.objects.all()}
    gausdal = kommuner["3441"]
    main = Process.objects.filter(kommune=gausdal, challenge=CHALLENGE, is_example=False).first()
    if main is None:
        main = services.process_create(
            kommune=gausdal,
            owner=users["hanne"],
            challenge=CHALLENGE,
            level=Level.COLLABORATE,
            description=(
                "Mange eldre i Gausdal sier at de savner å komme seg ut og treffe folk. "
                "Aktivitetene finnes, men mange kommer ikke. Hva skal til?"
            ),
        )
        for username, sector in PARTICIPANTS:
            services.participant_join(process=main, user=users[username], sector=sector)
        ideas = [
            services.idea_add(process=main, author=users[username], text=text)
            for username, text in IDEAS
        ]
        services.workshop_ideas_add(process=main, entered_by=users["hanne"], text=WORKSHOP_IDEAS)
        services.vote_add(idea=ideas[0], voter=users["axel"])
        services.vote_add(idea=ideas[0], voter=users["randi"])
        services.vote_add(idea=ideas[1], voter=users["marius"])
    examples = []
    for number, owner, challenge, level, description in EXAMPLES:
        kommune = kommuner.get(number) or gausdal
        found = Process.objects.filter(kommune=kommune, challenge=challenge).first()
        examples.append(
            found
            or services.process_create(
                kommune=kommune,
                owner=users[owner],
                challenge=challenge,
                level=level,
                description=description,
                is_example=True,
            )
        )
    return {
        "process": main,
        "examples": examples,
        "participants": Participant.objects.filter(process=main).count(),
        "ideas": Idea.objects.filter(process=main).count(),
    }
