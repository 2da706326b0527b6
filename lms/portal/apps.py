from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "lms.portal"
    label = "portal"
    verbose_name = _("Portal")

    def ready(self):
        from . import receivers

        receivers.connect()  # new panel versions when a panel's rows change
