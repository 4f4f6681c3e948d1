"""`samskap seed`: the demo region, and optionally a large synthetic data set for load tests.

    samskap seed                         # same as --region demo
    samskap seed --region demo           # region, named cast, ~300 synthetic residents
    samskap seed --residents 200000 --seed 1   # region, named cast and 200,000 residents

Both parts are deterministic (same --seed, same people) and idempotent (running again adds
nothing; a larger --residents adds only the missing people). See docs/demo-data.md.
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import reset_queries

from samskap.demo.cast import seed_region_and_cast
from samskap.demo.population import (
    DEFAULT_BATCH_SIZE,
    LoadProgress,
    demo_population_seed,
    synthetic_residents_load,
)

PROGRESS_EVERY = 20_000


class Command(BaseCommand):
    help = "Seed the demo region (--region demo) or a large synthetic data set (--residents N)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--region",
            choices=["demo"],
            default=None,
            help="Seed the demo region with its named cast and synthetic residents (default "
            "when --residents is not given).",
        )
        parser.add_argument(
            "--residents",
            type=int,
            default=None,
            metavar="N",
            help="Also create N synthetic load-test residents with relations.",
        )
        parser.add_argument(
            "--seed", type=int, default=1, help="Random seed for the synthetic people."
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=DEFAULT_BATCH_SIZE,
            help=f"People per INSERT batch for --residents (default {DEFAULT_BATCH_SIZE}).",
        )

    def handle(self, *args, **options) -> None:
        residents: int | None = options["residents"]
        region: str | None = options["region"]
        seed: int = options["seed"]
        batch_size: int = options["batch_size"]
        if residents is not None and residents < 0:
            raise CommandError(f"--residents must be 0 or more, not {residents}.")
        if batch_size < 1:
            raise CommandError(f"--batch-size must be 1 or more, not {batch_size}.")
        if region is None and residents is None:
            region = "demo"

        started = time.monotonic()
        cast = seed_region_and_cast()
        self.stdout.write(
            f"Region {cast['region']}: {len(cast['kommuner'])} kommuner, "
            f"{len(cast['people'])} named people."
        )
        if region == "demo":
            demo_started = time.monotonic()
            demo = demo_population_seed(seed=seed, cast=cast)
            self.stdout.write(
                f"Demo population (seed {seed}): {demo.people_created} people, "
                f"{demo.relations_created} relations, {demo.organisations_created} "
                f"organisations and {demo.memberships_created} memberships created; "
                f"{demo.people_total} people and {demo.organisations_total} organisations "
                f"in total ({time.monotonic() - demo_started:.1f} s)."
            )
            from samskap.demo.help_seed import seed_help_population

            helped = seed_help_population(seed=seed)
            self.stdout.write(
                f"Help and contribution: {helped['helpers']} helpers, {helped['needs']} open "
                f"needs and {helped['sessions']} finished tasks created."
            )
            from samskap.demo.transport_seed import seed_transport_demo

            rides = seed_transport_demo()
            self.stdout.write(
                f"Rides: {rides['shifts']} driver shifts and {rides['signups']} sign-ups "
                "needing a ride for Thursday's Sterk og stødig."
            )
            from samskap.demo.innovation_seed import seed_innovation_demo

            portfolio = seed_innovation_demo()
            self.stdout.write(
                f"Innovation portfolio: {portfolio['initiatives']} initiatives "
                "(KS' Velferd på nye måter and Gausdal's own)."
            )
            from samskap.demo.cocreation_seed import seed_cocreation_demo

            cocreation = seed_cocreation_demo()
            self.stdout.write(
                f"Co-creation: «{cocreation['process']}» with {cocreation['participants']} "
                f"participants and {cocreation['ideas']} ideas, and "
                f"{len(cocreation['examples'])} Omsorg 3.0 example processes."
            )
            from samskap.demo.budgets_seed import seed_budgets_demo

            seed_budgets_demo()
            self.stdout.write(
                "Participatory budget: «Innbyggernes modell for eldre 2027» in Gausdal."
            )
        if residents is not None:
            self._milestone = 0
            loaded = synthetic_residents_load(
                count=residents, seed=seed, batch_size=batch_size, on_batch=self._progress
            )
            self.stdout.write(
                f"Synthetic residents (seed {seed}): {loaded.people_created} people and "
                f"{loaded.relations_created} relations created, {loaded.people_existing} "
                f"already present, in {loaded.batches} batches and {loaded.seconds:.1f} s."
            )
        self.stdout.write(
            self.style.SUCCESS(f"Seeding done in {time.monotonic() - started:.1f} s.")
        )

    def _progress(self, progress: LoadProgress) -> None:
        # With DEBUG on, Django keeps every query in memory; drop them so memory stays flat.
        reset_queries()
        milestone = progress.people_seen // PROGRESS_EVERY
        if milestone > self._milestone:
            self._milestone = milestone
            self.stdout.write(
                f"  {progress.people_seen} people, {progress.relations_created} relations "
                f"({progress.seconds:.1f} s)"
            )
            self.stdout.flush()
