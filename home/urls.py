from django.urls import path

from . import seo, views

app_name = "home"

urlpatterns = [
    path("nieuwsbrief/", views.newsletter_signup, name="newsletter_signup"),
    path("zoeken/", views.search, name="search"),
    path("robots.txt", seo.robots_txt, name="robots_txt"),
]
