from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "lms.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from .spreadsheet import install_in_wagtail

        install_in_wagtail()  # Wagtail's CSV exports use our one writer (docs/security.md)

        from django.utils.module_loading import autodiscover_modules

        # Every app's personal_data.py registers its part of "download my data".
        autodiscover_modules("personal_data")
