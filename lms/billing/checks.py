"""System checks of billing.

``billing.E001``–``E003``: a production deployment never runs on the fake payment provider
(unless allowed for a demo) and never on Mollie without a key. ``billing.E004``: settings that
refuse example sellers (production) while an example seller profile exists. Tagged
``database``, so ``migrate`` and ``check --database default`` run it (a deployment migrates,
so it cannot start unnoticed with demo sellers).
"""

from django.conf import settings
from django.core import checks
from django.core.checks import Error, Tags, register


@checks.register(checks.Tags.security)
def payment_provider_check(app_configs=None, **kwargs):
    """Errors under settings with ``BILLING_REFUSE_FAKE_PROVIDER`` (production): the fake
    provider without ``BILLING_ALLOW_FAKE_PROVIDER`` (a demo), or Mollie without an API key."""
    if not getattr(settings, "BILLING_REFUSE_FAKE_PROVIDER", False):
        return []
    provider = settings.BILLING_PAYMENT_PROVIDER
    if provider == "fake" and not getattr(settings, "BILLING_ALLOW_FAKE_PROVIDER", False):
        return [
            checks.Error(
                "The fake payment provider is configured in production.",
                hint="Set BILLING_PAYMENT_PROVIDER=mollie and MOLLIE_API_KEY, or "
                "BILLING_ALLOW_FAKE_PROVIDER=1 for a demo that takes no real money.",
                id="billing.E001",
            )
        ]
    if provider == "mollie" and not settings.MOLLIE_API_KEY:
        return [checks.Error("MOLLIE_API_KEY is empty.", id="billing.E002")]
    if provider not in ("fake", "mollie"):
        return [checks.Error(f"Unknown BILLING_PAYMENT_PROVIDER {provider!r}.", id="billing.E003")]
    return []


@register(Tags.database)
def example_sellers_in_production(app_configs=None, databases=None, **kwargs):
    """An error per database that holds an example seller while
    ``BILLING_REFUSE_EXAMPLE_SELLERS`` is on (production settings)."""
    if not databases or not getattr(settings, "BILLING_REFUSE_EXAMPLE_SELLERS", False):
        return []
    from django.db.utils import DatabaseError

    from .models import SellerProfile

    errors = []
    for alias in databases:
        try:
            names = list(
                SellerProfile.objects.using(alias)
                .filter(is_example=True)
                .values_list("legal_name", flat=True)
            )
        except DatabaseError:  # not migrated yet: nothing to check
            continue
        if names:
            errors.append(
                Error(
                    f"Example seller profiles exist: {', '.join(names)}.",
                    hint="Enter the institutions' real legal and bank data (Finance → Sellers) "
                    "and remove the example profiles; their invoices are not valid.",
                    id="billing.E004",
                )
            )
    return errors
