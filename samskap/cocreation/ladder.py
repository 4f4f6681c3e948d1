"""The participation ladder: how much participants actually decide, one table for code and docs.

The legal notes are short pointers, not legal advice. Informing and consulting are legal duties
in many cases; the higher steps are recommended practice. docs/cocreation.md has the same table.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from samskap.cocreation.models import Level


@dataclass(frozen=True)
class LadderStep:
    level: str
    label: Promise
    explanation: Promise
    required_by_law: bool
    legal_note: Promise


LADDER: tuple[LadderStep, ...] = (
    LadderStep(
        Level.INFORM,
        Level.INFORM.label,
        _("Du får vite hva kommunen planlegger og har bestemt, men du bestemmer ikke selv."),
        True,
        _(
            "Ofte lovpålagt: kommunen skal informere aktivt om egen virksomhet "
            "(kommuneloven kapittel 4)."
        ),
    ),
    LadderStep(
        Level.CONSULT,
        Level.CONSULT.label,
        _("Du blir spurt om meningen din før kommunen bestemmer, og kommunen må vurdere svaret."),
        True,
        _(
            "Ofte lovpålagt: høring etter forvaltningsloven § 37, medvirkning i planarbeid "
            "(plan- og bygningsloven § 5-1), og eldrerådet, rådet for personer med "
            "funksjonsnedsettelse og ungdomsrådet skal få uttale seg (kommuneloven § 5-12)."
        ),
    ),
    LadderStep(
        Level.INVOLVE,
        Level.INVOLVE.label,
        _("Du er med underveis, og innspillene dine former forslagene kommunen beslutter."),
        False,
        _("Anbefalt praksis, ikke lovkrav."),
    ),
    LadderStep(
        Level.COLLABORATE,
        Level.COLLABORATE.label,
        _("Du og kommunen finner problemet og lager løsningene sammen, som likeverdige parter."),
        False,
        _("Anbefalt praksis (samskaping), ikke lovkrav."),
    ),
    LadderStep(
        Level.EMPOWER,
        Level.EMPOWER.label,
        _("Dere som deltar, bestemmer selv, innenfor rammer kommunen har satt på forhånd."),
        False,
        _("Anbefalt praksis, ikke lovkrav. Rammen (for eksempel et budsjett) avtales først."),
    ),
)

BY_LEVEL: dict[str, LadderStep] = {step.level: step for step in LADDER}


def step_for(level: str) -> LadderStep:
    return BY_LEVEL[level]
