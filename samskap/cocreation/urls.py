from django.urls import path

from samskap.cocreation import views

app_name = "cocreation"
urlpatterns = [
    path("", views.process_list, name="list"),
    path("ny/", views.process_create, name="create"),
    path("<int:process_id>/", views.process_detail, name="detail"),
    path("<int:process_id>/bli-med/", views.join, name="join"),
    path("<int:process_id>/ide/", views.idea_add, name="idea_add"),
    path("ide/<int:idea_id>/prikk/", views.vote, name="vote"),
    path("ide/<int:idea_id>/kommentar/", views.comment_add, name="comment_add"),
    path("ide/<int:idea_id>/meld-fra/", views.report_idea, name="report_idea"),
    path("kommentar/<int:comment_id>/meld-fra/", views.report_comment, name="report_comment"),
    path("bilde/<int:photo_id>/", views.photo, name="photo"),
    path("<int:process_id>/fasilitering/", views.facilitate, name="facilitate"),
    path("<int:process_id>/fasilitering/verksted/", views.workshop_ideas, name="workshop"),
    path("<int:process_id>/fasilitering/bilde/", views.photo_add, name="photo_add"),
    path("<int:process_id>/fasilitering/gruppe/", views.cluster_add, name="cluster_add"),
    path("<int:process_id>/fasilitering/fase/", views.advance, name="advance"),
    path("<int:process_id>/fasilitering/mote/", views.meeting_add, name="meeting_add"),
    path("ide/<int:idea_id>/flytt/", views.idea_move, name="idea_move"),
    path("moderering/skjul/", views.hide, name="hide"),
    path("moderering/vis/", views.restore, name="restore"),
    path("moderering/melding/<int:report_id>/", views.report_dismiss, name="report_dismiss"),
    path("mote/<int:meeting_id>/", views.meeting_detail, name="meeting"),
    path("mote/<int:meeting_id>/pamelding/", views.meeting_signup, name="meeting_signup"),
    path("mote/<int:meeting_id>/referat/", views.meeting_minutes, name="meeting_minutes"),
    path("mote/<int:meeting_id>/vedlegg/", views.meeting_file, name="meeting_file"),
    path("vedlegg/<int:file_id>/", views.attachment, name="attachment"),
]
