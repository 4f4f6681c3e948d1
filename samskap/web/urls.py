from django.urls import path

from samskap.web import views

app_name = "web"
urlpatterns = [
    path("", views.start, name="start"),
    path("min-side/", views.home, name="home"),
    path("personvern/", views.privacy, name="privacy"),
    path("tilgjengelighet/", views.accessibility, name="accessibility"),
    path("helse/", views.health, name="health"),
]
