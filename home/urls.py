from django.urls import path

from . import views

app_name = "home"

urlpatterns = [
    path("nieuwsbrief/", views.newsletter_signup, name="newsletter_signup"),
    path("zoeken/", views.search, name="search"),
]
