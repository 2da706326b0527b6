from django.urls import path

from . import views

app_name = "certificates"

urlpatterns = [
    path("<int:pk>/pdf/", views.download, name="download"),
    path("<str:code>/", views.verify, name="verify"),
]
