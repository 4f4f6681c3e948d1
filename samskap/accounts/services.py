from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.http import HttpRequest
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from samskap.accounts.models import RoleAssignment, User
from samskap.municipalities.models import Kommune
from samskap.organisations.models import Organisation
from samskap.people.models import Person

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
