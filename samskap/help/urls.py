from django.urls import path

from samskap.help import views

app_name = "help"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("ny/<int:person_id>/", views.need_new, name="need_new"),
    path("behov/<int:need_id>/", views.need_detail, name="need"),
    path("behov/<int:need_id>/endre/", views.need_edit, name="need_edit"),
    path("behov/<int:need_id>/avlys/", views.need_cancel_view, name="need_cancel"),
    path("behov/<int:need_id>/spor/", views.need_ask, name="need_ask"),
    path("oppdrag/<int:assignment_id>/", views.assignment_detail, name="assignment"),
    path("oppdrag/<int:assignment_id>/ja/", views.assignment_accept_view, name="accept"),
    path("oppdrag/<int:assignment_id>/nei/", views.assignment_decline_view, name="decline"),
    path("oppdrag/<int:assignment_id>/utfort/", views.session_new, name="session_new"),
    path("oppdrag/<int:assignment_id>/tilbakemelding/", views.feedback_new, name="feedback_new"),
    path("bekymring/ny/", views.concern_new, name="concern_new"),
    path("bekymring/<int:report_id>/", views.concern_detail, name="concern"),
    path("hjelper/", views.helper_home, name="helper"),
    path("hjelper/profil/", views.helper_profile, name="helper_profile"),
    path("hjelper/<int:helper_id>/", views.helper_detail, name="helper_detail"),
    path("hjelper/<int:helper_id>/profil/", views.helper_profile_edit, name="helper_profile_edit"),
    path("hjelper/<int:helper_id>/ta/<int:need_id>/", views.helper_take, name="helper_take"),
    path("hjelper/<int:helper_id>/kontroll/", views.helper_admin, name="helper_admin"),
    path(
        "hjelper/<int:helper_id>/kontroll/<int:verification_id>/trekk-tilbake/",
        views.verification_revoke_view,
        name="verification_revoke",
    ),
    path("koordinator/<int:kommune_id>/", views.coordinator, name="coordinator"),
    path("koordinator/<int:kommune_id>/fordel/", views.run_create, name="run_create"),
    path("koordinator/<int:kommune_id>/hjelpere/", views.helpers_list, name="helpers"),
    path("koordinator/<int:kommune_id>/innstillinger/", views.settings_view, name="settings"),
    path("fordeling/<int:run_id>/", views.run_detail, name="run"),
    path("statistikk/<int:kommune_id>/", views.statistics, name="statistics"),
]
