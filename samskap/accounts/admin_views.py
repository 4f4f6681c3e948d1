"""Role administration for administrators: who has which role in which kommune."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from samskap.accounts.models import Role, RoleAssignment
from samskap.accounts.selectors import user_kommune_ids_with_role
from samskap.accounts.services import role_grant_by_admin, role_revoke_by_admin
from samskap.municipalities.models import Kommune
from samskap.organisations.models import Organisation
from samskap.web.forms import DesignsystemetFormMixin


class RoleGrantForm(DesignsystemetFormMixin, forms.Form):
    username = forms.CharField(label=gettext_lazy("Brukernavn"), max_length=150)
    role = forms.ChoiceField(label=gettext_lazy("Rolle"), choices=Role.choices)
    kommune = forms.ModelChoiceField(
        label=gettext_lazy("Kommune"),
        queryset=Kommune.objects.none(),
        empty_label=gettext_lazy("Velg …"),
    )
    organisation = forms.ModelChoiceField(
        label=gettext_lazy("Organisasjon"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=gettext_lazy("Ingen"),
        help_text=gettext_lazy("Bare for representanter for en organisasjon."),
    )

    def __init__(self, *args, kommune_ids: set[int], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kommune"].queryset = Kommune.objects.filter(pk__in=kommune_ids)
        self.fields["organisation"].queryset = Organisation.objects.filter(
            kommune_id__in=kommune_ids
        ).order_by("name")


@login_required
@require_http_methods(["GET", "POST"])
def role_admin(request: HttpRequest) -> HttpResponse:
    kommune_ids = user_kommune_ids_with_role(request.user, Role.ADMINISTRATOR)
    if not kommune_ids:
        raise PermissionDenied(_("Bare administratorer kan endre roller."))
    form = RoleGrantForm(request.POST or None, kommune_ids=kommune_ids)
    if request.method == "POST" and "revoke" in request.POST:
        assignment = get_object_or_404(
            RoleAssignment, pk=request.POST.get("revoke"), kommune_id__in=kommune_ids
        )
        try:
            role_revoke_by_admin(admin=request.user, assignment=assignment)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Rollen er fjernet."))
        return redirect("accounts:role_admin")
    if request.method == "POST" and form.is_valid():
        try:
            role_grant_by_admin(
                admin=request.user,
                username=form.cleaned_data["username"],
                kommune=form.cleaned_data["kommune"],
                role=form.cleaned_data["role"],
                organisation=form.cleaned_data["organisation"],
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("Rollen er gitt."))
            return redirect("accounts:role_admin")
    assignments = (
        RoleAssignment.objects.filter(kommune_id__in=kommune_ids)
        .select_related("user", "user__person", "kommune", "organisation")
        .order_by("kommune__name", "role", "user__username")
    )
    return render(
        request, "accounts/role_admin.html", {"form": form, "assignments": list(assignments)}
    )
