from django.urls import path

from samskap.transport import views

app_name = "transport"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("bestill/<int:person_id>/", views.request_new, name="request_new"),
    path("tur/<int:ride_id>/", views.ride_detail, name="ride"),
    path("tur/<int:ride_id>/avbestill/", views.ride_cancel, name="cancel"),
    path("tur/<int:ride_id>/godkjenn/", views.accept, name="accept"),
    path("tur/<int:ride_id>/las/", views.lock, name="lock"),
    path("koordinator/<int:kommune_id>/", views.coordinator, name="coordinator"),
    path("koordinator/<int:kommune_id>/fra-pameldinger/", views.from_signups, name="from_signups"),
    path("koordinator/<int:kommune_id>/planlegg/", views.plan, name="plan"),
    path("plan/<int:plan_id>/send/", views.publish, name="publish"),
    path("koordinator/<int:kommune_id>/sjaforer/", views.drivers, name="drivers"),
    path("koordinator/<int:kommune_id>/sjaforer/ny/", views.driver_new, name="driver_new"),
    path("koordinator/<int:kommune_id>/biler/ny/", views.vehicle_new, name="vehicle_new"),
    path("koordinator/<int:kommune_id>/vakt/ny/", views.shift_new, name="shift_new"),
    path("vakt/ny/", views.own_shift_new, name="own_shift_new"),
    path("vakt/<int:shift_id>/fjern/", views.shift_delete, name="shift_delete"),
    path("kjoreliste/<int:shift_id>/", views.run_sheet, name="run_sheet"),
    path("kjoreliste/<int:shift_id>/kjoreliste.pdf", views.run_sheet_print, name="run_sheet_pdf"),
]
