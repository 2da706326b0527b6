"""The billing app's part of "download my data" (see lms.accounts.personal_data). Invoices are
listed with the buyer data copied into them; they are kept seven years (art. 52 AWR)."""

from django.utils.translation import gettext_lazy as _

from lms.accounts.personal_data import personal_data_section, rows

from .models import Invoice


@personal_data_section("invoices", _("Invoices"))
def _invoices(user) -> list[dict]:
    return rows(
        Invoice.objects.filter(payer_user=user).order_by("issued_at"),
        "number",
        "issue_date",
        "buyer_data",
        "net_total",
        "vat_total",
        "total",
        "payment_reference",
    )
