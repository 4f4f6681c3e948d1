"""`samskap bench letters`: the weekly print file for a synthetic kommune, timed.

    samskap bench letters --residents 2000 --seed 1 [--out /tmp/uke.pdf] [--json]

Seeds (or reuses, when the residents and seed match) a synthetic kommune "Benchvik" in the
configured database: residents aged 70–95 who want letters on paper, a fifth writing nynorsk,
a tenth using a wheelchair, and a dozen weekly activities. Then builds every letter for next
week (a fixed number of queries) and renders the print file in chunks on two processes.
Reports letters, pages, seconds and peak memory (this process, and the largest worker);
seeding runs in a child process so it does not count.
Unlike `bench matching` this one needs the database.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, TextIO

from django.db import transaction
from django.utils import timezone

SUMMARY = "Weekly paper letters («På dørterskelen») for a synthetic kommune: print file, timed."

KOMMUNE_NUMBER = "9990"
KOMMUNE_NAME = "Benchvik"
CENTRE = (61.2230, 10.2590)
STREETS = [
    "Storgata", "Kirkevegen", "Skolevegen", "Ålgårdsvegen", "Øvre Bakken", "Fjellvegen",
    "Bjørkelia", "Elvegata", "Solbakken", "Stasjonsvegen", "Gamle Kongeveg", "Tunvegen",
]  # fmt: skip
POSTAL = [("2651", "Østre Gausdal"), ("2652", "Svingvoll"), ("2653", "Vestre Gausdal"),
          ("2656", "Follebu"), ("2658", "Espedalen")]  # fmt: skip
GIVEN = ["Eli", "Kari", "Ingrid", "Astrid", "Olav", "Per", "Knut", "Sigrid", "Ragnhild", "Åse"]
ACTIVITY_TITLES = ["Sterk og stødig", "Seniortreff", "Bridge", "Strikkekafé"]
FAMILY = ["Haugen", "Bakken", "Lien", "Hansen", "Moen", "Kristiansen", "Øien", "Sæther"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--residents", type=int, default=2_000, help="letters (default 2000)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--out", type=Path, default=None, help="keep the print file here")
    parser.add_argument("--workers", type=int, default=2, help="render processes (default 2)")
    parser.add_argument("--chunk", type=int, default=250, help="letters per worker task")
    parser.add_argument("--duplex", action="store_true", help="each letter starts on a front")
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def _peak_memory_mb(who: int) -> float:
    peak = resource.getrusage(who).ru_maxrss  # KiB on Linux, bytes on macOS
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def seed_kommune(residents: int, seed: int):
    """The synthetic kommune with exactly these residents; reused when already seeded."""
    from samskap.activities.models import Activity, ActivityCategory, Frequency
    from samskap.letters.models import LetterSettings
    from samskap.municipalities.models import Kommune
    from samskap.people.models import Person

    marker = f"{KOMMUNE_NAME} (seed {seed}, {residents})"
    kommune, _created = Kommune.objects.get_or_create(
        number=KOMMUNE_NUMBER,
        defaults={"name": KOMMUNE_NAME, "phone": "61 00 00 00", "latitude": CENTRE[0],
                  "longitude": CENTRE[1]},
    )  # fmt: skip
    LetterSettings.objects.update_or_create(
        kommune=kommune, defaults={"signature": f"{KOMMUNE_NAME} kommune"}
    )
    if kommune.name == marker and Person.objects.filter(kommune=kommune).count() == residents:
        return kommune
    rng = random.Random(seed)
    today = timezone.localdate()
    with transaction.atomic():
        Activity.objects.filter(kommune=kommune).delete()
        Person.objects.filter(kommune=kommune).delete()
        Activity.objects.bulk_create(
            Activity(
                kommune=kommune,
                title=f"{title} {i + 1}",
                category=rng.choice(ActivityCategory.values),
                place_name=f"{rng.choice(['Grendehuset', 'Samfunnshuset', 'Kafeen'])} {i + 1}",
                latitude=CENTRE[0] + rng.uniform(-0.08, 0.08),
                longitude=CENTRE[1] + rng.uniform(-0.15, 0.15),
                frequency=Frequency.WEEKLY,
                weekdays=[rng.randrange(5)],
                start_date=today - dt.timedelta(weeks=4),
                start_time=dt.time(rng.choice([10, 11, 12, 18])),
                duration_minutes=90,
                wheelchair_access=rng.random() < 0.5,
                hearing_loop=rng.random() < 0.3,
                ride_offered=rng.random() < 0.4,
                price_nok=rng.choice([0, 0, 50, 100]),
            )
            for i, title in enumerate(
                ["Sterk og stødig", "Seniortreff", "Bridge", "Strikkekafé"] * 3
            )
        )
        people = []
        for i in range(residents):
            code, place = rng.choice(POSTAL)
            letter = rng.choice(["", "", "", "A", "B"])
            people.append(
                Person(
                    kommune=kommune,
                    given_name=rng.choice(GIVEN),
                    family_name=f"{rng.choice(FAMILY)} {i}",
                    birth_year=today.year - rng.randint(70, 95),
                    street_address=f"{rng.choice(STREETS)} {rng.randint(1, 120)}{letter}",
                    postal_code=code,
                    postal_place=place,
                    latitude=CENTRE[0] + rng.uniform(-0.1, 0.1),
                    longitude=CENTRE[1] + rng.uniform(-0.2, 0.2),
                    contact_channels=rng.choice([["letter"], ["app", "letter"]]),
                    written_language="nn" if rng.random() < 0.2 else "nb",
                    about="Bruker rullestol." if rng.random() < 0.1 else "",
                )
            )
        Person.objects.bulk_create(people, batch_size=1000)
        kommune.name = marker
        kommune.save(update_fields=["name"])
    return kommune


def _seed_in_child(residents: int, seed: int):
    """Seed in a forked process, so the peak memory reported is that of the letters alone."""
    import multiprocessing

    from django.db import connections

    from samskap.municipalities.models import Kommune

    connections.close_all()
    child = multiprocessing.get_context("fork").Process(
        target=_seed_and_close, args=(residents, seed)
    )
    child.start()
    child.join()
    if child.exitcode != 0:
        raise RuntimeError("seeding the synthetic kommune failed")
    return Kommune.objects.get(number=KOMMUNE_NUMBER)


def _seed_and_close(residents: int, seed: int) -> None:
    from django.db import connections

    seed_kommune(residents, seed)
    connections.close_all()


def benchmark(
    residents: int,
    seed: int,
    *,
    out: Path | None = None,
    workers: int = 2,
    chunk: int = 250,
    duplex: bool = False,
) -> dict[str, Any]:
    from samskap.letters.pdf import print_file
    from samskap.letters.selectors import iter_kommune_letters, next_week_start

    if residents < 1:
        raise ValueError("--residents must be ≥ 1")
    t0 = time.perf_counter()
    kommune = _seed_in_child(residents, seed)
    t1 = time.perf_counter()
    week = next_week_start(timezone.localdate())
    letters = iter_kommune_letters(kommune.pk, week)  # read in batches while printing
    with tempfile.TemporaryDirectory() as directory:
        target = out or Path(directory) / "letters.pdf"
        result = print_file(
            letters,
            target,
            kommune_name=KOMMUNE_NAME,
            chunk_size=chunk,
            workers=workers,
            duplex=duplex,
        )
        size_mb = target.stat().st_size / (1024 * 1024)
    t3 = time.perf_counter()
    return {
        "seed": seed,
        "residents": residents,
        "letters": result.letters,
        "pages": result.pages,
        "max_pages_per_letter": max(result.letter_pages, default=0),
        "file_mb": round(size_mb, 1),
        "out": str(out) if out else None,
        "workers": workers,
        "chunk": chunk,
        "duplex": duplex,
        "seconds": {
            "seed": round(t1 - t0, 2),
            "letters": round(t3 - t1, 2),
        },
        "peak_memory_mb": {
            "self": round(_peak_memory_mb(resource.RUSAGE_SELF), 1),
            "workers": round(result.worker_peak_mb, 1),
        },
    }


def format_report(r: dict[str, Any]) -> str:
    s, m = r["seconds"], r["peak_memory_mb"]
    return "\n".join(
        [
            f"Letters benchmark, seed {r['seed']}, {r['workers']} workers, chunks of {r['chunk']}",
            f"  letters               {r['letters']:>10,}",
            f"  pages (with cover)    {r['pages']:>10,}   (at most {r['max_pages_per_letter']} "
            "per letter)",
            f"  print file            {r['file_mb']:>10,.1f} MB",
            f"  time seed             {s['seed']:>10.2f} s",
            f"  time letters          {s['letters']:>10.2f} s   (read, set and written, streamed)",
            f"  peak memory           {m['self']:>10,.0f} MB   "
            f"(each worker {m['workers']:,.0f} MB)",
        ]
        + ([f"  out                   {r['out']}"] if r["out"] else [])
    )


def run(options: dict[str, Any], stdout: TextIO) -> None:
    figures = benchmark(
        options["residents"],
        options["seed"],
        out=options.get("out"),
        workers=options.get("workers", 2),
        chunk=options.get("chunk", 250),
        duplex=options.get("duplex", False),
    )
    stdout.write((json.dumps(figures) if options.get("json") else format_report(figures)) + "\n")
