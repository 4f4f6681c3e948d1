from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from samskap.web.forms import DesignsystemetFormMixin


class LoginForm(DesignsystemetFormMixin, AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "Feil brukernavn eller passord. Sjekk at du har skrevet riktig, og prøv igjen."
        ),
        "inactive": _("Denne brukeren er deaktivert."),
    }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Brukernavn")
        self.fields["password"].label = _("Passord")
        self.fields["username"].widget.attrs["autocomplete"] = "username"
        self.fields["password"].widget.attrs["autocomplete"] = "current-password"
        # No autofocus: keyboard and screen reader users start at the skip link and the
        # heading (and see the ID-porten option) instead of landing in the username field.
        self.fields["username"].widget.attrs.pop("autofocus", None)


class TokenForm(DesignsystemetFormMixin, forms.Form):
    token = forms.CharField(
        label=_("Engangskode"),
        max_length=12,
        help_text=_("Sekssifret kode fra autentiseringsappen din."),
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "pattern": "[0-9 ]*"}
        ),
    )
