"""Demo portfolio: the KS catalogue *Velferd på nye måter* and Gausdal's own. Idempotent.

All 25 examples of KS Partnerskap for radikal innovasjon's *Velferd på nye måter. Spor av
ny praksis* (2024), condensed in samskap/innovation/data/velferd_pa_nye_mater.json (the
four keys placed by us from the descriptions; the report's figure is not in the text).
Gausdal runs *Sterk og stødig* (from Lyngdal) and the weekly letter *På dørterskelen* (from
Tinn), and has its own pilot with volunteer drivers.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.db import transaction

from samskap.innovation.models import Adoption, AdoptionStatus, Initiative, Phase, Status
from samskap.innovation.services import initiatives_import
from samskap.municipalities.models import Kommune

DATA = Path(__file__).resolve().parent.parent / "innovation" / "data" / "velferd_pa_nye_mater.json"
SOURCE = "KS PRI: Velferd på nye måter. Spor av ny praksis (2024)"


def seed_innovation_demo() -> dict[str, int]:
    if Initiative.objects.filter(slug="hverdagshjelpen").exists():
        return {"initiatives": 0}
    with transaction.atomic():
        counts = initiatives_import(data=json.loads(DATA.read_text("utf-8")), source=SOURCE)
        gausdal = Kommune.objects.get(number="3441")
        Initiative.objects.create(
            slug="frivillig-skyss-gausdal",
            title="Frivillig skyss til møteplassene",
            kommune=gausdal,
            municipality=gausdal.name,
            theme="Transport og deltakelse",
            phase=Phase.DEVELOPMENT,
            status=Status.PILOT,
            summary=(
                "Frivillige sjåfører og frivilligsentralens minibuss henter eldre hjemme til "
                "Sterk og stødig og andre møteplasser. Turene planlegges samlet, så flere får "
                "plass med færre kilometer."
            ),
            partners=["Gausdal frivilligsentral", "Aktiv fritid Gausdal", "Hjemmetjenesten"],
            target_groups=["eldre", "frivillige"],
            effects="Flere eldre deltar på aktiviteter som forebygger fall og ensomhet.",
            contact="Gausdal frivilligsentral",
            key_purpose=1,
            key_resources=2,
            key_power=1,
            key_relations=3,
            source="Gausdal kommune",
        )
        for slug, note in [
            ("sterk-og-stodig", "Ledes av frivillige instruktører på Follebu samfunnshus."),
            ("pa-dorterskelen", "Ukebrev på papir til eldre uten smarttelefon."),
        ]:
            Adoption.objects.create(
                initiative=Initiative.objects.get(slug=slug), kommune=gausdal,
                status=AdoptionStatus.ADOPTED, note=note,
            )  # fmt: skip
    return {"initiatives": counts["created"] + 1}
