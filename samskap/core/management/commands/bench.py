"""`samskap bench <subcommand>`: benchmarks that print figures (never pass/fail on time).

    samskap bench matching --needs 20000 --helpers 5000 --seed 1 [--json] [--dump FILE]
    samskap bench letters --residents 2000 --seed 1 [--out FILE.pdf] [--json]

`matching` needs no database; `letters` seeds (or reuses) a synthetic kommune in the
configured database.

Each subcommand is a module with `SUMMARY`, `add_arguments(parser)` and
`run(options, stdout)`; add a line to SUBCOMMANDS to add one (e.g. "letters" or "darp").
"""

from __future__ import annotations

from importlib import import_module

from django.core.management.base import BaseCommand, CommandError, CommandParser

SUBCOMMANDS = {
    "matching": "samskap.matching.bench",
    "letters": "samskap.letters.bench",
    "darp": "samskap.darp.bench",
}


class Command(BaseCommand):
    help = "Benchmark an algorithm on synthetic data: " + ", ".join(SUBCOMMANDS) + "."
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        subparsers = parser.add_subparsers(
            dest="subcommand", metavar="SUBCOMMAND", required=True, parser_class=CommandParser
        )
        for name, path in SUBCOMMANDS.items():
            module = import_module(path)
            summary = getattr(module, "SUMMARY", name)
            module.add_arguments(subparsers.add_parser(name, help=summary, description=summary))

    def handle(self, *args, **options) -> None:
        module = import_module(SUBCOMMANDS[options["subcommand"]])
        try:
            module.run(options, self.stdout)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
