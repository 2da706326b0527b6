from django.urls import path

from . import bookings_views, cancel, organisation, views

app_name = "portal"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("organisatie/<int:organisation_id>/", organisation.organisation, name="organisation"),
    path("plaats/<int:enrolment_id>/overdragen/", organisation.substitute, name="substitute"),
    path("plaats/<int:enrolment_id>/annuleren/", cancel.cancel, name="cancel"),
    path("boekingen/", bookings_views.bookings_overview, name="bookings"),
    path("boekingen/<int:pk>/", bookings_views.booking_detail, name="booking"),
    path("boekingen/<int:pk>/intrekken/", bookings_views.booking_withdraw, name="booking_withdraw"),
    path("offertes/<int:pk>/pdf/", bookings_views.quote_pdf, name="quote_pdf"),
    path("offerte/<str:token>/", bookings_views.quote_decide, name="quote_decide"),
    path("trajecten/", bookings_views.engagements, name="engagements"),
    path("trajecten/<int:pk>/", bookings_views.engagement_detail, name="engagement"),
]
