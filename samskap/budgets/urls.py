from django.urls import path

from samskap.budgets import views

app_name = "budgets"
urlpatterns = [
    path("", views.pool_list, name="list"),
    path("ny/<int:kommune_id>/", views.pool_create, name="create"),
    path("<int:pool_id>/", views.pool_detail, name="pool"),
    path("<int:pool_id>/stem/", views.vote, name="vote"),
    path("<int:pool_id>/forslag/nytt/", views.proposal_create, name="proposal_create"),
    path("<int:pool_id>/styr/", views.manage, name="manage"),
    path("<int:pool_id>/neste-fase/", views.advance, name="advance"),
    path("<int:pool_id>/papir/<int:person_id>/", views.paper_ballot, name="paper_ballot"),
    path("<int:pool_id>/resultat/", views.result, name="result"),
    path("<int:pool_id>/hva-skjedde/", views.accountability, name="accountability"),
    path("forslag/<int:proposal_id>/", views.proposal_detail, name="proposal"),
    path("forslag/<int:proposal_id>/endre/", views.proposal_edit, name="proposal_edit"),
    path("forslag/<int:proposal_id>/send-inn/", views.proposal_submit, name="proposal_submit"),
    path(
        "forslag/<int:proposal_id>/ikke-med/", views.proposal_ineligible, name="proposal_ineligible"
    ),
    path("forslag/<int:proposal_id>/oppfolging/", views.follow_up, name="follow_up"),
]
