from django.urls import path

from . import views

app_name = "enrolment"

urlpatterns = [
    path("<int:run_id>/", views.enrol, name="enrol"),
    path("<int:run_id>/op-de-hoogte/", views.notify_me, name="notify_me"),
    path("uitnodiging/<str:code>/", views.enrol_by_invite, name="invite"),
    path("annuleren/<int:enrolment_id>/", views.cancel, name="cancel"),
    path("aanbod/<str:token>/", views.offer, name="offer"),
    path("plaats/<str:token>/", views.claim, name="claim"),
    path("evaluatie/<int:enrolment_id>/", views.evaluation, name="evaluation"),
    path("agenda/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
    path("agenda/vernieuwen/", views.renew_calendar_feed, name="renew_calendar_feed"),
]
