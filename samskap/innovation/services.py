"""Writes for the innovation portfolio: initiatives, adoptions, and import between instances.

Every write is validated and runs in one transaction; a bad import file saves nothing and
says which entry and field is wrong.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from samskap.accounts.models import Role, User
from samskap.accounts.selectors import user_has_role
from samskap.innovation.models import KEY_MAX, Adoption, AdoptionStatus, Initiative, Phase, Status
from samskap.municipalities.models import Kommune
from samskap.privacy.services import audit_record, snapshot

EXPORT_FORMAT = "samskap-innovation/1"
KEY_FIELDS = {
    "purpose": "key_purpose",
    "resources": "key_resources",
    "power": "key_power",
    "relations": "key_relations",
}


def can_manage(user: User, kommune_id: int) -> bool:
    """Coordinators and leaders speak for their kommune's portfolio."""
    return user.is_authenticated and (
        user_has_role(user, Role.COORDINATOR, kommune_id)
        or user_has_role(user, Role.LEADER, kommune_id)
    )


def require_manager(user: User, kommune_id: int) -> None:
    if not can_manage(user, kommune_id):
        raise PermissionDenied(
            _("Bare koordinatorer og ledere i kommunen kan endre kommunens initiativer.")
        )


def _unique_slug(title: str) -> str:
    base = slugify(title.replace("ø", "o").replace("æ", "ae").replace("å", "a"))[:70] or "init"
    slug, n = base, 2
    while Initiative.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def initiative_create(*, kommune: Kommune, by: User, **fields: Any) -> Initiative:
    """A kommune's own initiative, placed on the four keys."""
    require_manager(by, kommune.pk)
    keys = fields.pop("keys", {})
    initiative = Initiative(
        kommune=kommune,
        municipality=kommune.name,
        slug=_unique_slug(fields.get("title", "")),
        created_by=by,
        **fields,
        **{KEY_FIELDS[k]: int(v) for k, v in keys.items()},
    )
    initiative.full_clean()
    initiative.save()
    audit_record(
        actor=by, subject=None, action="initiative_created", instance=initiative, before=None,
        after=snapshot(initiative),
    )  # fmt: skip
    return initiative


@transaction.atomic
def adoption_set(
    *, initiative: Initiative, kommune: Kommune, by: User, status: str, note: str = ""
) -> Adoption:
    """Kommune says it is considering, taking into use or has taken the initiative into use."""
    require_manager(by, kommune.pk)
    if initiative.kommune_id == kommune.pk:
        raise ValidationError(_("Dette er kommunens eget initiativ."))
    if status not in AdoptionStatus.values:
        raise ValidationError({"status": _("Velg en av mulighetene.")})
    adoption = Adoption.objects.filter(initiative=initiative, kommune=kommune).first()
    before = snapshot(adoption) if adoption else None
    if adoption is None:
        adoption = Adoption(initiative=initiative, kommune=kommune, created_by=by)
    adoption.status = status
    adoption.note = note.strip()
    adoption.full_clean()
    adoption.save()
    audit_record(
        actor=by, subject=None, action="initiative_adopted", instance=adoption, before=before,
        after=snapshot(adoption),
    )  # fmt: skip
    return adoption


@transaction.atomic
def adoption_remove(*, adoption: Adoption, by: User) -> None:
    require_manager(by, adoption.kommune_id)
    audit_record(
        actor=by, subject=None, action="initiative_adoption_removed", instance=adoption,
        before=snapshot(adoption), after=None,
    )  # fmt: skip
    adoption.delete()


# --- Import -------------------------------------------------------------------------------

REQUIRED = ("slug", "title", "kommune", "theme", "phase", "status", "summary")


def _entry_errors(index: int, entry: Any) -> list[str]:
    where = _("Oppføring %(n)s") % {"n": index + 1}
    if not isinstance(entry, dict):
        return [_("%(where)s er ikke et objekt.") % {"where": where}]
    errors = []
    for name in REQUIRED:
        if not isinstance(entry.get(name), str) or not entry[name].strip():
            errors.append(_("%(where)s mangler «%(field)s».") % {"where": where, "field": name})
    if entry.get("phase") not in Phase.values:
        errors.append(_("%(where)s har ukjent fase.") % {"where": where})
    if entry.get("status") not in Status.values:
        errors.append(_("%(where)s har ukjent status.") % {"where": where})
    keys = entry.get("keys", {})
    if not isinstance(keys, dict) or any(
        k not in KEY_FIELDS or not isinstance(v, int) or not 0 <= v <= KEY_MAX
        for k, v in keys.items()
    ):
        errors.append(
            _("%(where)s: nøklene må være formål, ressurser, makt og relasjoner med 0–3.")
            % {"where": where}
        )
    for name in ("partners", "target_groups"):
        value = entry.get(name, [])
        if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
            errors.append(
                _("%(where)s: «%(field)s» må være en liste med tekst.")
                % {"where": where, "field": name}
            )
    return errors


@transaction.atomic
def initiatives_import(*, data: Any, source: str, by: User | None = None) -> dict[str, int]:
    """Load initiatives (and adoptions by kommuner on this instance) from an export.

    Accepts a list of initiatives or an export object `{"format", "initiatives"}`. Matched
    by slug: existing ones are updated, new ones created; an initiative of a kommune on
    this instance is linked to it by name. All or nothing: any error saves nothing.
    """
    entries = data.get("initiatives") if isinstance(data, dict) else data
    if isinstance(data, dict) and data.get("format") not in (None, EXPORT_FORMAT):
        raise ValidationError(_("Ukjent filformat: %(f)s.") % {"f": data.get("format")})
    if not isinstance(entries, list):
        raise ValidationError(_("Fila må inneholde en liste med initiativer."))
    errors = [e for i, entry in enumerate(entries) for e in _entry_errors(i, entry)]
    slugs = [e.get("slug") for e in entries if isinstance(e, dict)]
    if len(set(slugs)) != len(slugs):
        errors.append(_("Samme kortnavn (slug) står flere ganger."))
    if errors:
        raise ValidationError(errors)
    kommuner = {k.name: k for k in Kommune.objects.all()}
    created = updated = adoptions = 0
    for entry in entries:
        owner = kommuner.get(entry["kommune"])
        values = {
            "title": entry["title"].strip()[:200],
            "kommune": owner,
            "municipality": entry["kommune"].strip()[:200],
            "country": (entry.get("country") or "NO")[:2],
            "contact": (entry.get("contact") or "")[:300],
            "theme": entry["theme"].strip()[:300],
            "phase": entry["phase"],
            "status": entry["status"],
            "summary": entry["summary"].strip()[:500],
            "description": (entry.get("description") or "")[:2000],
            "partners": entry.get("partners", []),
            "target_groups": entry.get("target_groups", []),
            "effects": (entry.get("effects") or "")[:1000],
            "source": source[:300],
            **{KEY_FIELDS[k]: v for k, v in entry.get("keys", {}).items()},
        }
        initiative, was_created = Initiative.objects.update_or_create(
            slug=entry["slug"], defaults=values
        )
        created += was_created
        updated += not was_created
        for item in entry.get("adopted_by", []):
            adopter = kommuner.get(item.get("kommune", "")) if isinstance(item, dict) else None
            status = item.get("status") if isinstance(item, dict) else None
            if adopter is None or status not in AdoptionStatus.values or adopter == owner:
                continue  # adopters that are not on this instance stay with their own instance
            Adoption.objects.update_or_create(
                initiative=initiative, kommune=adopter,
                defaults={"status": status, "note": (item.get("note") or "")[:500]},
            )  # fmt: skip
            adoptions += 1
    return {"created": created, "updated": updated, "adoptions": adoptions}
