"""`samskap import_initiatives FILE [--source TEXT]`: load another instance's portfolio export.

All or nothing: a wrong entry is reported and nothing is saved. Use `/innovasjon/eksport.json`
on the other instance (or `samskap export_initiatives`) to make the file.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from samskap.innovation.services import initiatives_import


class Command(BaseCommand):
    help = "Import initiatives (and adoptions by kommuner on this instance) from a JSON export."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--source", default="", help="Where the file came from.")

    def handle(self, *args, **options) -> None:
        path: Path = options["file"]
        try:
            data = json.loads(path.read_text("utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise CommandError(f"Cannot read {path}: {exc}") from exc
        try:
            counts = initiatives_import(data=data, source=options["source"] or path.name)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(
            f"{counts['created']} created, {counts['updated']} updated, "
            f"{counts['adoptions']} adoptions."
        )
