from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BookingsConfig(AppConfig):
    name = "lms.bookings"
    label = "bookings"
    verbose_name = _("Bookings")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        """Tell billing (below bookings) whether a seller's quote prefix numbered a quote."""
        from lms.billing.prefixes import register_usage_check

        register_usage_check("quote_prefix", quote_prefix_used)


def quote_prefix_used(profile, year: int) -> bool:
    """True when a quote of ``profile``'s (a SellerProfile) institution was numbered in
    ``year``; then its quote prefix may not change until the next year."""
    from .models import QuoteNumberSeries

    return QuoteNumberSeries.objects.filter(
        institution_id=profile.institution_id, year=year, last_number__gt=0
    ).exists()
