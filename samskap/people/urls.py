from django.urls import path

from samskap.people import views

app_name = "people"
urlpatterns = [
    path("ny/", views.person_create_view, name="create"),
    path("<int:person_id>/", views.person_detail, name="detail"),
    path("<int:person_id>/endre/", views.person_edit, name="edit"),
    path("<int:person_id>/samtykke/", views.person_consents, name="consents"),
    path("<int:person_id>/innsyn/", views.person_access_log, name="access_log"),
    path("<int:person_id>/nettverk/ny/", views.network_member_add_view, name="network_add"),
    path(
        "<int:person_id>/representant/ny/",
        views.representation_add_view,
        name="representation_add",
    ),
]
