from django.urls import path

from samskap.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<int:notification_id>/ringt/", views.handled, name="handled"),
]
