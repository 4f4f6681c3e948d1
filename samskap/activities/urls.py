from django.urls import path

from samskap.activities import feeds, views

app_name = "activities"
urlpatterns = [
    path("", views.activity_list, name="list"),
    path("<int:activity_id>/", views.activity_detail, name="detail"),
    path("<int:activity_id>/meld-pa-selv/", views.signup, name="signup"),
    path("<int:activity_id>/avmeld/<int:signup_id>/", views.cancel, name="cancel"),
    path("<int:activity_id>/meld-pa/", views.signup_for, name="signup_for"),
    path("<int:activity_id>/oppmote/", views.register, name="register"),
    path("<int:activity_id>/tester/", views.tests, name="tests"),
    path("<int:activity_id>/min-fremgang/", views.my_progress, name="my_progress"),
    path(
        "<int:activity_id>/min-fremgang/<int:person_id>/",
        views.my_progress,
        name="person_progress",
    ),
    path("<int:activity_id>/kalender.ics", feeds.activity_feed, name="ical_activity"),
    path(
        "organisasjon/<int:organisation_id>/kalender.ics",
        feeds.organisation_feed,
        name="ical_organisation",
    ),
    path("kalender/<str:token>.ics", feeds.person_feed, name="ical_person"),
    path("kalender/ny-lenke/", feeds.person_feed_reset, name="ical_person_reset"),
    path("koordinator/<int:kommune_id>/", views.coordinator, name="coordinator"),
    path("hsds.json", views.hsds, name="hsds"),
]
