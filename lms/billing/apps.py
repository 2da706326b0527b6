from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BillingConfig(AppConfig):
    """Prices, VAT, invoices, credit notes, payments and e-invoices."""

    name = "lms.billing"
    label = "billing"
    verbose_name = _("Billing")

    def ready(self):
        from lms.enrolment.eligibility import register_sale_check

        from . import checks, receivers  # noqa: F401  (registers the checks, receivers)
        from .pricing import public_sale_problem

        register_sale_check(public_sale_problem)
