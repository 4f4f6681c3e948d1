"""Make the week's letters for a kommune: the print file, and the e-mails.

    python manage.py weekly_letters --kommune 3441 --out /srv/print/uke49.pdf [--duplex]
    python manage.py weekly_letters --kommune 3441 --email

Run it on a schedule (e.g. Thursdays for the coming week: the print shop needs a day or two).
The week is next week unless `--week YYYY-MM-DD` names a day in it. E-mails go once per person
and week, so running it twice is harmless.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from samskap.letters.pdf import print_file
from samskap.letters.selectors import iter_kommune_letters, monday_of, next_week_start
from samskap.letters.services import send_letter_emails
from samskap.municipalities.models import Kommune


class Command(BaseCommand):
    help = "Lag ukebrevet «På dørterskelen» for en kommune: utskriftsfil og/eller e-post."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--kommune", required=True, help="kommunenummer, f.eks. 3441")
        parser.add_argument("--week", type=dt.date.fromisoformat, default=None)
        parser.add_argument("--out", type=Path, default=None, help="utskriftsfil (PDF)")
        parser.add_argument("--duplex", action="store_true", help="for tosidig utskrift")
        parser.add_argument("--email", action="store_true", help="send e-postbrevene")

    def handle(self, *args, **options) -> None:
        kommune = Kommune.objects.filter(number=options["kommune"]).first()
        if kommune is None:
            raise CommandError(f"Fant ingen kommune med nummer {options['kommune']}.")
        if not options["out"] and not options["email"]:
            raise CommandError("Oppgi --out FIL.pdf, --email eller begge.")
        week = (
            monday_of(options["week"]) if options["week"] else next_week_start(timezone.localdate())
        )
        if options["out"]:
            result = print_file(
                iter_kommune_letters(kommune.pk, week),
                options["out"],
                kommune_name=kommune.name,
                duplex=options["duplex"],
            )
            self.stdout.write(
                f"{result.letters} brev, {result.pages} sider (med forsiden) → {result.path}"
            )
        if options["email"]:
            sent = send_letter_emails(kommune=kommune, week_start=week)
            self.stdout.write(f"{sent} e-postbrev sendt.")
