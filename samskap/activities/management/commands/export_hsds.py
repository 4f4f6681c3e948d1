"""`manage.py export_hsds [--kommune 3441] [--out FILE] [--base-url URL]`: the HSDS export.

Writes the public activity directory as Open Referral HSDS 3 JSON (a list of organizations
with nested services) to FILE or standard output. See docs/hsds.md.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import Http404

from samskap.activities.hsds import directory_package, kommune_id_for_number


class Command(BaseCommand):
    help = "Export current, published activities as Open Referral HSDS 3 JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--kommune", help="Only this kommune (four-digit number).")
        parser.add_argument("--out", help="Write to this file instead of standard output.")
        parser.add_argument(
            "--base-url", default="", help="Site address for service links, e.g. https://…"
        )

    def handle(self, *args, **options) -> None:
        kommune_ids = None
        if options["kommune"]:
            try:
                kommune_ids = [kommune_id_for_number(options["kommune"])]
            except Http404 as exc:
                raise CommandError(str(exc)) from exc
        package = directory_package(kommune_ids, base_url=options["base_url"])
        text = json.dumps(package, ensure_ascii=False, indent=2) + "\n"
        if options["out"]:
            Path(options["out"]).write_text(text, encoding="utf-8")
            services = sum(len(org["services"]) for org in package)
            self.stdout.write(
                f"{len(package)} organization(s), {services} service(s) → {options['out']}"
            )
        else:
            self.stdout.write(text, ending="")
