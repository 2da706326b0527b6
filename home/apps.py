from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = pgettext_lazy("app name", "Site")
