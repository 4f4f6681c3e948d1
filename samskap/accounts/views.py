from __future__ import annotations

from io import BytesIO

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp.oath import totp

from samskap.accounts.forms import LoginForm, TokenForm
from samskap.accounts.selectors import user_is_staff_role
from samskap.accounts.services import (
    totp_device_for,
    totp_device_start_setup,
    totp_is_throttled,
    totp_verify,
    user_is_second_factor_verified,
)


class SamskapLoginView(LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["oidc_enabled"] = bool(settings.OIDC_ISSUER)
        return context


def _safe_next(request: HttpRequest, default: str = "web:home") -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    from django.urls import reverse

    return reverse(default)


@login_required
def two_factor(request: HttpRequest) -> HttpResponse:
    user = request.user
    if user_is_second_factor_verified(request):
        return redirect(_safe_next(request))
    device = totp_device_for(user)
    if device is None:
        return redirect(f"{_url('accounts:two_factor_setup')}?next={_safe_next(request)}")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if totp_is_throttled(device):
            form.add_error(
                "token", _("Du har skrevet feil kode. Vent noen sekunder og prøv igjen.")
            )
        elif totp_verify(request=request, device=device, token=form.cleaned_data["token"]):
            return redirect(_safe_next(request))
        else:
            form.add_error(
                "token", _("Koden stemmer ikke. Sjekk appen og skriv inn den nyeste koden.")
            )
    context = {
        "form": form,
        "next": _safe_next(request),
        "demo_code": _demo_code(device) if settings.SAMSKAP_DEMO_MODE else None,
        "required": user_is_staff_role(user),
    }
    return render(request, "accounts/two_factor.html", context)


@login_required
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    user = request.user
    if totp_device_for(user) is not None and not user_is_second_factor_verified(request):
        return redirect("accounts:two_factor")
    device = totp_device_for(user, confirmed=False)
    if device is None or request.method == "GET":
        device = totp_device_start_setup(user=user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if totp_verify(request=request, device=device, token=form.cleaned_data["token"]):
            messages.success(request, _("Tofaktorinnlogging er slått på."))
            return redirect(_safe_next(request))
        form.add_error("token", _("Koden stemmer ikke. Sjekk appen og skriv inn den nyeste koden."))
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
    buffer = BytesIO()
    image.save(buffer)
    context = {
        "form": form,
        "next": _safe_next(request),
        "qr_svg": buffer.getvalue().decode(),
        "secret": _base32_key(device.bin_key),
        "demo_code": _demo_code(device) if settings.SAMSKAP_DEMO_MODE else None,
    }
    return render(request, "accounts/two_factor_setup.html", context)


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    messages.info(request, _("Du er logget ut."))
    return redirect("web:start")


def _url(name: str) -> str:
    from django.urls import reverse

    return reverse(name)


def _base32_key(key: bytes) -> str:
    import base64

    encoded = base64.b32encode(key).decode().rstrip("=")
    return " ".join(encoded[i : i + 4] for i in range(0, len(encoded), 4))


def _demo_code(device) -> str:
    """Demo mode only: the current code, so testers without an authenticator app can log in."""
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
