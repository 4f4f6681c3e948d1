from django.urls import path

from samskap.letters import views

app_name = "letters"
urlpatterns = [
    path("<int:kommune_id>/", views.editor, name="editor"),
    path("<int:kommune_id>/nyhet/", views.news_create, name="news_create"),
    path("<int:kommune_id>/innstillinger/", views.settings_update, name="settings"),
    path("<int:kommune_id>/utskrift.pdf", views.print_pdf, name="print_pdf"),
    path("<int:kommune_id>/send-epost/", views.send_emails, name="send_emails"),
    path("<int:kommune_id>/brev/<int:person_id>/", views.preview, name="preview"),
    path("<int:kommune_id>/brev/<int:person_id>/brev.pdf", views.preview_pdf, name="preview_pdf"),
    path("valg/<int:person_id>/", views.choice, name="choice"),
]
