from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from samskap.demo.cast import seed_region_and_cast


class Command(BaseCommand):
    help = "Seed the demo region (--region demo) or a large synthetic data set (--residents N)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--region", choices=["demo"], default=None)
        parser.add_argument("--residents", type=int, default=None)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, **options) -> None:
        if options["region"] is None and options["residents"] is None:
            options["region"] = "demo"
        if options["residents"] is not None and options["residents"] < 0:
            raise CommandError("--residents must be 0 or more")
        result = seed_region_and_cast()
        self.stdout.write(
            self.style.SUCCESS(
                f"Seeded {result['region']}: {len(result['kommuner'])} kommuner, "
                f"{len(result['people'])} named people."
            )
        )
