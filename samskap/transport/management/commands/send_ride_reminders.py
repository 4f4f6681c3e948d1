"""`samskap send_ride_reminders [--date YYYY-MM-DD]`: day-before ride reminders, run daily.

Wraps `samskap.transport.services.send_ride_reminders` for tomorrow's sent plans; safe to
run more than once a day (each ride is reminded once). `--date` runs as if today were that
date.
"""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from samskap.transport.services import send_ride_reminders


class Command(BaseCommand):
    help = "Remind every passenger with a planned and sent ride tomorrow of the pick-up time."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--date",
            help="Run as if today were this date (YYYY-MM-DD); reminds about the day after.",
        )

    def handle(self, *args, **options) -> None:
        today = timezone.localdate()
        if options["date"]:
            try:
                today = dt.date.fromisoformat(options["date"])
            except ValueError as exc:
                raise CommandError("--date must be YYYY-MM-DD.") from exc
        sent = send_ride_reminders(day=today + dt.timedelta(days=1))
        self.stdout.write(f"{sent} ride reminder(s) sent.")
