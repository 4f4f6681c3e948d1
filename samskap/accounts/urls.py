from django.urls import path

from samskap.accounts import admin_views, oidc_views, views

app_name = "accounts"
urlpatterns = [
    path("logg-inn/", views.SamskapLoginView.as_view(), name="login"),
    path("logg-inn/totp/", views.two_factor, name="two_factor"),
    path("logg-inn/totp/oppsett/", views.two_factor_setup, name="two_factor_setup"),
    path("logg-ut/", views.logout_view, name="logout"),
    path("administrasjon/roller/", admin_views.role_admin, name="role_admin"),
    path("oidc/logg-inn/", oidc_views.oidc_login, name="oidc_login"),
    path("oidc/callback/", oidc_views.oidc_callback, name="oidc_callback"),
]
