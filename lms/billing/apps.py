from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BillingConfig(AppConfig):
    """Prices, VAT, invoices, credit notes, payments and e-invoices."""

    name = "lms.billing"
    label = "billing"
    verbose_name = _("Billing")

    def ready(self):
        from . import checks, receivers  # noqa: F401  (system checks; signal receivers)
