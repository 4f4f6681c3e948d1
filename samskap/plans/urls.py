from django.urls import path

from samskap.plans import fhir_views, pdf_views, views

app_name = "plans"
urlpatterns = [
    path("<int:person_id>/", views.plan_detail, name="detail"),
    path("<int:person_id>/samtale/", views.conversation_new, name="conversation_new"),
    path("<int:person_id>/mal/nytt/", views.goal_new, name="goal_new"),
    path("<int:person_id>/bidrag/", views.contribution_new, name="contribution_new"),
    path("<int:person_id>/nettverk/", views.network_map, name="network"),
    path("<int:person_id>/plan.pdf", pdf_views.plan_pdf, name="plan_pdf"),
    path("<int:person_id>/fhir.json", fhir_views.plan_fhir_export, name="fhir_export"),
    path("fhir/import/", fhir_views.plan_fhir_import, name="fhir_import"),
    path("samtaleguide.pdf", pdf_views.guide_pdf, name="guide_pdf"),
    path("mal/<int:goal_id>/", views.goal_detail, name="goal_detail"),
    path("mal/<int:goal_id>/skar/", views.goal_score_new, name="goal_score"),
    path("mal/<int:goal_id>/tiltak/", views.action_new, name="action_new"),
    path("tiltak/<int:action_id>/status/", views.action_status, name="action_status"),
    path("arbeidsliste/", views.work_list, name="work_list"),
]
