from django.urls import path

from . import organisation, views

app_name = "portal"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("organisatie/<int:organisation_id>/", organisation.organisation, name="organisation"),
    path("plaats/<int:enrolment_id>/overdragen/", organisation.substitute, name="substitute"),
]
