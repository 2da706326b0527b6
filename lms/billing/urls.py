from django.urls import path

from . import views, withdrawal_views

app_name = "billing"

urlpatterns = [
    path("afrekenen/<int:run_id>/", views.checkout_view, name="checkout"),
    path("<str:kind>/<int:pk>/pdf/", views.document_pdf, name="pdf"),
    path("<str:kind>/<int:pk>/ubl/", views.document_ubl, name="ubl"),
    path("factuur/<int:pk>/betalen/", views.pay_online, name="pay"),
    path("factuur/<int:pk>/betaald/", views.returned, name="paid"),
    path("webhook/", views.webhook, name="webhook"),
    path("herroepen/<int:enrolment_id>/", withdrawal_views.withdraw, name="withdraw"),
]
