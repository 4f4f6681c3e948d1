"""`samskap send_activity_reminders [--date YYYY-MM-DD]`: day-before reminders, run daily.

Wraps `samskap.activities.reminders.send_reminders`; safe to run more than once a day
(each sign-up is reminded once per date). `--date` runs as if today were that date.
"""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError, CommandParser

from samskap.activities.reminders import send_reminders


class Command(BaseCommand):
    help = "Send day-before reminders to everyone confirmed for an activity held tomorrow."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--date",
            help="Run as if today were this date (YYYY-MM-DD); reminds about the day after.",
        )

    def handle(self, *args, **options) -> None:
        today = None
        if options["date"]:
            try:
                today = dt.date.fromisoformat(options["date"])
            except ValueError as exc:
                raise CommandError("--date must be YYYY-MM-DD.") from exc
        sent = send_reminders(today=today)
        self.stdout.write(f"{sent} reminder(s) sent.")
