from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from samskap.accounts.models import Role, RoleAssignment, User
from samskap.municipalities.models import Kommune
from samskap.organisations.models import Organisation
from samskap.people.models import Person
from samskap.privacy.services import audit_record, snapshot

SESSION_MFA_BY_IDP = "samskap_mfa_by_idp"


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str | None,
    person: Person | None = None,
    email: str = "",
    validate: bool = True,
) -> User:
    user = User(username=username, email=email, person=person)
    if person is not None:
        user.first_name = person.given_name
        user.last_name = person.family_name
    if password:
        if validate:
            validate_password(password, user)
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    return user


@transaction.atomic
def role_assign(
    *,
    user: User,
    kommune: Kommune,
    role: str,
    granted_by: User | None = None,
    organisation: Organisation | None = None,
) -> RoleAssignment:
    assignment = RoleAssignment.objects.filter(
        user=user, kommune=kommune, role=role, organisation=organisation
    ).first()
    if assignment is None:
        assignment = RoleAssignment(
            user=user, kommune=kommune, role=role, organisation=organisation, granted_by=granted_by
        )
        assignment.full_clean()
        assignment.save()
    if hasattr(user, "_samskap_role_grants"):
        del user._samskap_role_grants
    return assignment


@transaction.atomic
def role_grant_by_admin(
    *,
    admin: User,
    username: str,
    kommune: Kommune,
    role: str,
    organisation: Organisation | None = None,
) -> RoleAssignment:
    """An administrator gives an existing login a role in a kommune they administer."""
    if not admin.has_perm("accounts.manage_roles", kommune.pk):
        raise PermissionDenied(_("Du administrerer ikke denne kommunen."))
    user = User.objects.filter(username=username.strip()).select_related("person").first()
    if user is None:
        raise ValidationError({"username": _("Fant ingen bruker med dette brukernavnet.")})
    if role == Role.ORGANISATION_REP and organisation is None:
        raise ValidationError(
            {"organisation": _("Velg hvilken organisasjon brukeren representerer.")}
        )
    if organisation is not None and organisation.kommune_id != kommune.pk:
        raise ValidationError({"organisation": _("Organisasjonen hører til en annen kommune.")})
    assignment = role_assign(
        user=user,
        kommune=kommune,
        role=role,
        granted_by=admin,
        organisation=organisation if role == Role.ORGANISATION_REP else None,
    )
    audit_record(
        actor=admin,
        subject=user.person,
        action="role_granted",
        instance=assignment,
        before=None,
        after=snapshot(assignment),
    )
    return assignment


@transaction.atomic
def role_revoke_by_admin(*, admin: User, assignment: RoleAssignment) -> None:
    if not admin.has_perm("accounts.manage_roles", assignment.kommune_id):
        raise PermissionDenied(_("Du administrerer ikke denne kommunen."))
    if assignment.user_id == admin.pk and assignment.role == Role.ADMINISTRATOR:
        raise ValidationError(_("Du kan ikke fjerne din egen administratorrolle."))
    before = snapshot(assignment)
    person = assignment.user.person
    audit_record(
        actor=admin,
        subject=person,
        action="role_revoked",
        instance=assignment,
        before=before,
        after=None,
    )
    assignment.delete()


def totp_device_for(user: User, *, confirmed: bool | None = True) -> TOTPDevice | None:
    qs = TOTPDevice.objects.filter(user=user)
    if confirmed is not None:
        qs = qs.filter(confirmed=confirmed)
    return qs.order_by("id").first()


@transaction.atomic
def totp_device_start_setup(*, user: User) -> TOTPDevice:
    """An unconfirmed device with a fresh key; confirmed once the user enters a valid code."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name="Samskap", confirmed=False)


def totp_is_throttled(device: TOTPDevice) -> bool:
    """After wrong codes, django-otp makes the user wait (1 s, 2 s, 4 s …) before the next try."""
    allowed, _info = device.verify_is_allowed()
    return not allowed


def totp_verify(*, request: HttpRequest, device: TOTPDevice, token: str) -> bool:
    token = "".join(token.split())
    if not token.isdigit() or not device.verify_token(token):
        return False
    if not device.confirmed:
        device.confirmed = True
        device.save(update_fields=["confirmed"])
    otp_login(request, device)
    return True


def user_is_second_factor_verified(request: HttpRequest) -> bool:
    user = request.user
    if getattr(user, "is_verified", None) and user.is_verified():
        return True
    return bool(request.session.get(SESSION_MFA_BY_IDP))
