"""`samskap export_initiatives [--out FILE]`: the whole portfolio as JSON for another instance."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandParser

from samskap.innovation.selectors import export_data


class Command(BaseCommand):
    help = "Write the innovation portfolio (format samskap-innovation/1) to a file or stdout."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", type=Path)

    def handle(self, *args, **options) -> None:
        text = json.dumps(export_data(), ensure_ascii=False, indent=2)
        if options["out"]:
            options["out"].write_text(text + "\n", "utf-8")
            self.stdout.write(f"Wrote {options['out']}.")
        else:
            self.stdout.write(text)
