from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("i18n/js/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("", include("samskap.web.urls")),
    path("", include("samskap.accounts.urls")),
    path("personer/", include("samskap.people.urls")),
    path("organisasjoner/", include("samskap.organisations.urls")),
    path("planer/", include("samskap.plans.urls")),
    path("hjelp/", include("samskap.help.urls")),
    path("meldinger/", include("samskap.notifications.urls")),
    path("aktiviteter/", include("samskap.activities.urls")),
    path("ukebrev/", include("samskap.letters.urls")),
    path("skyss/", include("samskap.transport.urls")),
    path("samskaping/", include("samskap.cocreation.urls")),
    path("budsjett/", include("samskap.budgets.urls")),
    path("innovasjon/", include("samskap.innovation.urls")),
]

handler403 = "samskap.web.views.permission_denied"
handler404 = "samskap.web.views.page_not_found"
