from django.urls import path

from samskap.innovation import views

app_name = "innovation"
urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("ny/", views.initiative_new, name="new"),
    path("fire-nokler/", views.keys_diagram, name="keys"),
    path("barometer/", views.barometer, name="barometer"),
    path("eksport.json", views.export, name="export"),
    path("import/", views.import_file, name="import"),
    path("spredning/<int:adoption_id>/fjern/", views.adoption_remove, name="adoption_remove"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/ta-i-bruk/", views.adopt, name="adopt"),
]
