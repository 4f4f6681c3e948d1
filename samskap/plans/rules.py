"""Who may see and write a person's plan. Builds on the predicates in people/rules.py."""

from __future__ import annotations

import rules

from samskap.people.rules import (
    has_consent_for,
    is_care_staff_following,
    is_representative,
    is_self,
)
from samskap.privacy.models import ConsentScope

has_plan_consent = has_consent_for(ConsentScope.PLAN)

can_view_plan = is_self | is_representative | has_plan_consent | is_care_staff_following
# A relative or volunteer the person has shared the plan with may add what the person says
# while the person is present; goals and scores are kept by the person, a representative
# or the care staff who follow the person.
can_add_entry = is_self | is_representative | is_care_staff_following | has_plan_consent
can_change_plan = is_self | is_representative | is_care_staff_following

rules.add_perm("plans.view_plan", can_view_plan)
rules.add_perm("plans.add_entry", can_add_entry)
rules.add_perm("plans.change_plan", can_change_plan)


def plan_access_reason(user, person) -> str:
    from django.utils.translation import gettext as _

    if is_self(user, person):
        return _("Personen selv")
    if is_representative(user, person):
        return _("Representant for personen")
    if has_plan_consent(user, person):
        return _("Samtykke fra personen")
    if is_care_staff_following(user, person):
        return _("Følger opp personen i tjenesten")
    return ""
