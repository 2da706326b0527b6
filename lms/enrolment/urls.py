from django.urls import path

from . import views

app_name = "enrolment"

urlpatterns = [
    path("<int:run_id>/", views.enrol, name="enrol"),
    path("annuleren/<int:enrolment_id>/", views.cancel, name="cancel"),
]
