from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ConsentScope(models.TextChoices):
    """What part of a person's data a consent covers. Later features add scopes."""

    PROFILE = "profile", _("Personopplysninger og nettverk")
    PLAN = "plan", _("Planen min: det som er viktig for meg og målene mine")
    HEALTH = "health", _("Helseopplysninger")


class Consent(models.Model):
    """The person lets a named person, or a role in a kommune, see part of their data."""

    person = models.ForeignKey(
        "people.Person",
        on_delete=models.CASCADE,
        related_name="consents_given",
        verbose_name=_("person"),
    )
    scope = models.CharField(_("gjelder"), max_length=20, choices=ConsentScope.choices)
    grantee_person = models.ForeignKey(
        "people.Person",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="consents_received",
        verbose_name=_("til person"),
    )
    grantee_role = models.CharField(_("til rolle"), max_length=32, blank=True)
    grantee_kommune = models.ForeignKey(
        "municipalities.Kommune",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("i kommune"),
    )
    granted_at = models.DateTimeField(_("gitt"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("trukket tilbake"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registrert av"),
    )
    note = models.CharField(_("merknad"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("samtykke")
        verbose_name_plural = _("samtykker")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(grantee_person__isnull=False, grantee_role="")
                    | models.Q(grantee_person__isnull=True, grantee_kommune__isnull=False)
                    & ~models.Q(grantee_role="")
                ),
                name="consent_has_exactly_one_grantee",
            ),
        ]
        indexes = [
            models.Index(fields=["person", "scope", "revoked_at"]),
            models.Index(fields=["grantee_person", "revoked_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_scope_display()}"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    @property
    def grantee_role_label(self) -> str:
        from samskap.accounts.models import Role

        if not self.grantee_role:
            return ""
        label = str(Role(self.grantee_role).label) if self.grantee_role in Role.values else ""
        kommune = self.grantee_kommune.name if self.grantee_kommune_id else ""
        return f"{label} – {kommune}" if kommune else label


class AccessLogEntry(models.Model):
    """One read of a person's sensitive data by someone other than the person."""

    subject = models.ForeignKey(
        "people.Person",
        on_delete=models.CASCADE,
        related_name="access_log",
        verbose_name=_("hvem opplysningene gjelder"),
    )
    viewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("hvem så"),
    )
    viewer_name = models.CharField(_("navn"), max_length=200)
    viewer_role = models.CharField(_("rolle"), max_length=200, blank=True)
    what = models.CharField(_("hva"), max_length=200)
    reason = models.CharField(_("grunnlag for tilgang"), max_length=200, blank=True)
    at = models.DateTimeField(_("tidspunkt"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("innsynslogg")
        verbose_name_plural = _("innsynslogg")
        ordering = ["-at"]
        indexes = [models.Index(fields=["subject", "-at"])]

    def __str__(self) -> str:
        return f"{self.viewer_name} → {self.subject} ({self.at:%Y-%m-%d %H:%M})"


class AuditEvent(models.Model):
    """A change to data about a person: who, when, what, before and after."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("utført av"),
    )
    actor_name = models.CharField(_("navn"), max_length=200, blank=True)
    subject = models.ForeignKey(
        "people.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="audit_events",
        verbose_name=_("gjelder"),
    )
    action = models.CharField(_("handling"), max_length=64)
    object_type = models.CharField(_("type"), max_length=64)
    object_id = models.CharField(_("id"), max_length=64)
    before = models.JSONField(_("før"), null=True, blank=True)
    after = models.JSONField(_("etter"), null=True, blank=True)
    at = models.DateTimeField(_("tidspunkt"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("endringslogg")
        verbose_name_plural = _("endringslogg")
        ordering = ["-at"]
        indexes = [models.Index(fields=["subject", "-at"])]

    def __str__(self) -> str:
        return f"{self.action} {self.object_type}#{self.object_id}"

    @property
    def action_label(self) -> str:
        return str(AUDIT_ACTION_LABELS.get(self.action, self.action))


AUDIT_ACTION_LABELS = {
    "person_created": _("Personen ble registrert"),
    "person_updated": _("Personopplysninger ble endret"),
    "relation_added": _("En person ble lagt til i nettverket"),
    "representation_added": _("En representant ble registrert"),
    "representation_ended": _("En representasjon ble avsluttet"),
    "consent_granted": _("Samtykke ble gitt"),
    "consent_revoked": _("Samtykke ble trukket tilbake"),
    "role_granted": _("En rolle ble gitt"),
    "role_revoked": _("En rolle ble fjernet"),
    "conversation_recorded": _("En samtale ble skrevet ned"),
    "plan_entry_added": _("Noe ble skrevet i planen"),
    "plan_entry_archived": _("Noe i planen ble arkivert"),
    "goal_created": _("Et mål ble lagt til"),
    "goal_status_changed": _("Status på et mål ble endret"),
    "goal_scored": _("Et mål ble skåret"),
    "contribution_added": _("Et bidrag ble lagt til"),
    "contribution_offer_changed": _("Det ble endret om et bidrag kan tilbys andre"),
    "action_created": _("Et tiltak ble lagt til"),
    "action_status_changed": _("Status på et tiltak ble endret"),
    "plan_imported_fhir": _("Planen ble importert fra et annet system"),
    "need_created": _("Et behov for hjelp ble registrert"),
    "need_updated": _("Et behov for hjelp ble endret"),
    "need_cancelled": _("Et behov for hjelp ble avlyst"),
    "helper_profile_saved": _("En hjelperprofil ble lagret"),
    "verification_recorded": _("En kontroll av hjelper ble registrert"),
    "verification_revoked": _("En kontroll av hjelper ble trukket tilbake"),
    "help_requirement_set": _("Krav til hjelpere ble endret"),
    "help_settings_updated": _("Innstillinger for hjelp ble endret"),
    "assignment_asked": _("En hjelper ble spurt"),
    "assignment_accepted": _("En hjelper takket ja"),
    "assignment_declined": _("En hjelper takket nei"),
    "assignment_withdrawn": _("Et oppdrag ble avsluttet"),
    "assignment_completed": _("Et oppdrag ble fullført"),
    "help_session_logged": _("Utført hjelp ble registrert"),
    "feedback_given": _("Det ble gitt tilbakemelding"),
    "matching_run_created": _("Oppdrag ble fordelt (forslag)"),
    "matching_run_discarded": _("Et forslag til fordeling ble forkastet"),
    "concern_reported": _("En bekymring ble meldt"),
    "concern_updated": _("En bekymringsmelding ble behandlet"),
    "activity_leader_added": _("En leder ble lagt til en aktivitet"),
    "activity_signed_up": _("Påmelding til en aktivitet"),
    "activity_signed_off": _("Avmelding fra en aktivitet"),
    "activity_waitlist_promoted": _("Fikk plass fra ventelisten"),
    "activity_attendance_recorded": _("Oppmøte ble registrert"),
    "functional_test_recorded": _("Et testresultat ble registrert"),
    "letter_choice_changed": _("Valget om ukebrevet ble endret"),
    "letter_news_created": _("En nyhet til ukebrevet ble skrevet"),
    "letter_settings_updated": _("Innstillinger for ukebrevet ble endret"),
    "ride_requested": _("Skyss ble bestilt"),
    "ride_accepted": _("Skyssen ble godkjent for planlegging"),
    "ride_cancelled": _("Skyssen ble avbestilt"),
    "ride_locked": _("Skyssen ble låst til en sjåfør"),
    "ride_unlocked": _("Skyssen ble låst opp"),
    "driver_registered": _("Registrert som frivillig sjåfør"),
    "initiative_created": _("Et initiativ ble lagt i innovasjonsporteføljen"),
    "initiative_adopted": _("En kommune meldte at den tar et initiativ i bruk"),
    "initiative_adoption_removed": _("En melding om å ta et initiativ i bruk ble fjernet"),
    "budget_pool_created": _("Et innbyggerbudsjett ble opprettet"),
    "budget_pool_status_changed": _("Innbyggerbudsjettet gikk videre til neste fase"),
    "budget_proposal_marked_ineligible": _("Et forslag ble holdt utenfor avstemningen"),
    "budget_ballot_registered_on_paper": _("En papirstemme ble registrert for personen"),
    "budget_follow_up_updated": _("Oppfølgingen av et finansiert forslag ble oppdatert"),
    "cocreation_process_created": _("En samskapingsprosess ble startet"),
    "cocreation_phase_changed": _("Samskapingen gikk videre til neste fase"),
    "cocreation_content_hidden": _("Noe du skrev i en samskaping ble skjult"),
    "cocreation_content_restored": _("Skjult innhold i en samskaping ble vist igjen"),
    "cocreation_report_dismissed": _("En melding om innhold i en samskaping ble behandlet"),
}
